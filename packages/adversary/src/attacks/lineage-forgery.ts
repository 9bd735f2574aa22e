import { fromHex, toHex, type ArchiveView, type CandidateView } from '@promptswarm/protocol'
import { Rng, type Attack, type AttackFactory } from '@promptswarm/node'
import { oneOfParam } from '../attack-params.js'
import { colluderKeys } from '../colluders.js'
import { intensityParam } from '../params.js'
import { rewriteChildren } from '../rewrite-children.js'

export type LineageClaim = 'top' | 'weakest'
export interface LineageForgeryStats {
  /** Children published with a forged parent. */
  forged: number
  /** The parents they claimed (ids), in publication order. */
  readonly claimed: string[]
}

export interface LineageForgeryAttack extends Attack {
  readonly stats: LineageForgeryStats
}

/** What the forged child's text is: the proposer's honest child, or another task's best prompt. */
export type ForgedText = 'own' | 'foreign'

/**
 * A proposer that lies about where its children come from. The text is its honest child, an edit
 * of the parent its engine chose (`text: own`), or a prompt from another lineage altogether, the
 * best prompt of another task (`text: foreign`); the record names another parent:
 * - `top`: the best-scored admitted prompt of the task. The child claims the best lineage, and
 *   every forged child counts against that prompt's novelty in DGM-style parent selection, so
 *   honest peers build on the best prompt less often.
 * - `weakest`: the worst-scored admitted prompt (often the seed). Admission compares a child with
 *   its claimed parent on the same items, so the child looks like a large improvement; the record
 *   also names the attackers' own optimizer prompt, which collects that improvement as fitness
 *   (an optimizer prompt claiming credit) and gets picked by honest peers for stage 2.
 * Admission and ranking read the child's own scores, so a claimed parent buys little else; the
 * lineage rule of screening rejects a child whose text is too far from its claimed parent, which
 * catches foreign texts but not an honest edit of a sibling of the claimed parent.
 */
export const lineageForgery = {
  name: 'lineage-forgery',
  summary: 'proposers name another parent than the one their child descends from (the best, or the weakest for optimizer credit)',
  params: {
    claim: 'which prompt the forged child names as parent: top (the best-scored, default) or weakest (the worst-scored, crediting the attackers\' optimizer prompt)',
    text: 'the forged child\'s text: own (the proposer\'s honest child, default) or foreign (the best prompt of another task)',
    intensity: 'share of the proposer\'s task children whose lineage is forged, 0 to 1; default 1'
  },
  create (params): LineageForgeryAttack {
    const claim = oneOfParam<LineageClaim>(params, 'claim', ['top', 'weakest'], 'top')
    const text = oneOfParam<ForgedText>(params, 'text', ['own', 'foreign'], 'own')
    const intensity = intensityParam(params)
    const stats: LineageForgeryStats = { forged: 0, claimed: [] }
    return {
      name: 'lineage-forgery',
      stats,
      wrap (index, ledger, authors, context) {
        const rng = Rng.from('lineage-forgery', context.seed, index)
        const colluders = colluderKeys(authors, context.attackers)
        return rewriteChildren(ledger, body => {
          if (rng.next() >= intensity) return body
          const real = toHex(body.parent as Uint8Array)
          const claimed = claimedParent(ledger.view, body.task, real, claim)
          if (claimed === undefined) return body
          const optimizer = claim === 'weakest' ? ownOptimizer(ledger.view, colluders) : undefined
          const foreign = text === 'foreign' ? foreignPrompt(ledger.view, body.task) : undefined
          stats.forged++
          stats.claimed.push(claimed.id)
          return {
            ...body,
            parent: fromHex(claimed.id) as Uint8Array,
            ...(foreign === undefined ? {} : { text: foreign }),
            ...(optimizer === undefined ? {} : { optimizer: fromHex(optimizer) as Uint8Array })
          }
        })
      }
    }
  }
} satisfies AttackFactory

/** The admitted task prompt to claim: best or worst by pooled score (ties by id), never the real parent. */
function claimedParent (view: ArchiveView, task: string, real: string, claim: LineageClaim): CandidateView | undefined {
  const ranked = view.candidates({ role: 'task', task, status: 'admitted' })
    .filter(c => c.id !== real)
    .sort((a, b) => ((b.pooledScore ?? b.score ?? 0) - (a.pooledScore ?? a.score ?? 0)) || (a.id < b.id ? -1 : 1))
  return claim === 'top' ? ranked[0] : ranked[ranked.length - 1]
}

/** The newest optimizer prompt a colluder wrote, if any (highest id among the latest sequence number). */
function ownOptimizer (view: ArchiveView, colluders: ReadonlySet<string>): string | undefined {
  let best: { id: string, seq: number } | undefined
  for (const c of view.candidates({ role: 'optimizer' })) {
    if (!colluders.has(c.author) || c.status === 'banned' || c.status === 'rejected') continue
    const seq = view.get(c.id)?.record.seq ?? 0
    if (best === undefined || seq > best.seq) best = { id: c.id, seq }
  }
  return best?.id
}

/** The best-scored admitted prompt of another task than `task` (ties by id), if the swarm runs several. */
function foreignPrompt (view: ArchiveView, task: string): string | undefined {
  return view.candidates({ role: 'task', status: 'admitted' })
    .filter(c => c.task !== task)
    .sort((a, b) => ((b.pooledScore ?? b.score ?? 0) - (a.pooledScore ?? a.score ?? 0)) || (a.id < b.id ? -1 : 1))[0]?.text
}
