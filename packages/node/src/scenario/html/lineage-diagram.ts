import type { LineageStep } from '../run-details.js'
import { escapeHtml, Raw } from './escape.js'

const WIDTH = 680
const BOX_H = 44
const GAP = 18

/**
 * The ancestry of a winning prompt as a chain of boxes, seed at the top, winner at the bottom.
 * Candidates by attackers are drawn red; each box's tooltip holds the full prompt text.
 */
export function lineageDiagram (id: string, title: string, steps: readonly LineageStep[]): Raw {
  const height = 30 + steps.length * (BOX_H + GAP)
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="plot lineage" data-plot="${escapeHtml(id)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text x="10" y="20" class="plot-title">${escapeHtml(title)}</text>`
  ]
  steps.forEach((step, i) => {
    const top = 30 + i * (BOX_H + GAP)
    const who = step.peer === undefined ? (step.byAttacker ? 'attacker' : 'honest') : `peer ${step.peer}${step.byAttacker ? ' (attacker)' : ''}`
    const score = step.score === undefined ? '' : ` · score ${(step.score * 100).toFixed(1)}%`
    const role = i === 0 ? 'seed' : i === steps.length - 1 ? 'winner' : `generation ${i}`
    const text = (step.text ?? '').replace(/\s+/g, ' ').trim()
    parts.push(
      `<g class="lineage-step${step.byAttacker ? ' attacker' : ''}" data-candidate="${escapeHtml(step.id)}">`,
      `<title>${escapeHtml(`${step.id}\n${step.text ?? ''}`)}</title>`,
      `<rect x="10" y="${top}" width="${WIDTH - 20}" height="${BOX_H}" rx="6" class="lineage-box"/>`,
      `<text x="20" y="${top + 17}" class="lineage-head">${escapeHtml(`${role} · ${step.id.slice(0, 12)} · ${who}${score}`)}</text>`,
      `<text x="20" y="${top + 34}" class="lineage-text">${escapeHtml(text.length > 96 ? `${text.slice(0, 95)}…` : text)}</text>`,
      '</g>'
    )
    if (i < steps.length - 1) parts.push(`<path d="M${WIDTH / 2} ${top + BOX_H}v${GAP - 4}l-4 -5h8l-4 5" class="lineage-arrow"/>`)
  })
  parts.push('</svg>')
  return new Raw(parts.join('\n'))
}
