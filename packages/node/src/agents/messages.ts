/**
 * The prompt agent's conversation format. The agent builds these messages; any model (a real
 * endpoint or the simulator) reads them as text. The simulator uses the parsers below, so both
 * sides agree on one format defined in one place.
 *
 * A prompt travels between `<<<` and `>>>` lines; the reply carries the new prompt the same way.
 */
export const OPEN = '<<<'
export const CLOSE = '>>>'

export interface FeedbackCase {
  readonly question: string
  readonly reply: string
  /** For failed cases: what went wrong (wrong answer, unparseable reply, failing test...). */
  readonly problem?: string
}

export interface TaskPromptEditRequest {
  readonly task: string
  readonly taskDescription: string
  readonly parent: string
  readonly failed: readonly FeedbackCase[]
  readonly passed: readonly FeedbackCase[]
}

export interface OptimizerPromptEditRequest {
  readonly parent: string
  /** Mean improvement its children achieved over their parents, if known. */
  readonly fitness?: number
  readonly samples: number
  /** Notes on what its children changed that helped or hurt. */
  readonly notes: readonly string[]
}

const MAX_CASE_CHARS = 1200

export function taskPromptEditMessage (req: TaskPromptEditRequest): string {
  const lines = [
    `You are improving the system prompt of an agent that solves the task "${req.task}": ${req.taskDescription}`,
    '',
    '## Current system prompt',
    OPEN, req.parent, CLOSE,
    ''
  ]
  const section = (title: string, cases: readonly FeedbackCase[]): void => {
    lines.push(`## ${title}`)
    if (cases.length === 0) lines.push('(none)')
    cases.forEach((c, i) => {
      lines.push(`### Case ${i + 1}`, `Question: ${clip(c.question)}`, `Agent reply: ${clip(c.reply)}`)
      if (c.problem !== undefined) lines.push(`Problem: ${c.problem}`)
    })
    lines.push('')
  }
  section('Failed cases', req.failed)
  section('Passed cases', req.passed)
  lines.push(`Write an improved system prompt for this agent. Return only the new prompt, between a line ${OPEN} and a line ${CLOSE}.`)
  return lines.join('\n')
}

export function optimizerPromptEditMessage (req: OptimizerPromptEditRequest): string {
  const lines = [
    'You are improving your own instructions: the system prompt you follow when you improve other agents\' prompts.',
    '',
    '## Current optimizer prompt',
    OPEN, req.parent, CLOSE,
    '',
    '## Evidence',
    req.fitness === undefined
      ? `Its children have not been scored yet (${req.samples} samples).`
      : `Prompts written under it changed their parents' scores by ${(req.fitness * 100).toFixed(1)} points on average over ${req.samples} children.`,
    ...req.notes.map(n => `- ${n}`),
    '',
    `Write an improved optimizer prompt. Return only the new prompt, between a line ${OPEN} and a line ${CLOSE}.`
  ]
  return lines.join('\n')
}

/** The prompt between the last `<<<` / `>>>` pair of a reply, or undefined if there is none. */
export function extractPrompt (reply: string): string | undefined {
  const close = reply.lastIndexOf(`\n${CLOSE}`)
  if (close < 0) return undefined
  const open = reply.lastIndexOf(`${OPEN}\n`, close)
  if (open < 0) return undefined
  const text = reply.slice(open + OPEN.length + 1, close).trim()
  return text.length === 0 ? undefined : text
}

/** Reads a task-prompt edit request back out of its user message (the simulator's view of it). */
export function parseTaskPromptEditMessage (message: string): TaskPromptEditRequest | undefined {
  const head = /^You are improving the system prompt of an agent that solves the task "([^"]*)": (.*)$/m.exec(message)
  const parent = between(message, '## Current system prompt\n')
  if (head === null || parent === undefined) return undefined
  return {
    task: head[1] as string,
    taskDescription: head[2] as string,
    parent,
    failed: parseCases(sectionOf(message, '## Failed cases', '## Passed cases')),
    passed: parseCases(sectionOf(message, '## Passed cases', 'Write an improved system prompt'))
  }
}

/** Reads an optimizer-prompt edit request back out of its user message. */
export function parseOptimizerPromptEditMessage (message: string): OptimizerPromptEditRequest | undefined {
  const parent = between(message, '## Current optimizer prompt\n')
  if (parent === undefined) return undefined
  const m = /changed their parents' scores by (-?[\d.]+) points on average over (\d+) children/.exec(message)
  const evidence = sectionOf(message, '## Evidence', 'Write an improved optimizer prompt')
  return {
    parent,
    fitness: m === null ? undefined : Number(m[1]) / 100,
    samples: m === null ? 0 : Number(m[2]),
    notes: evidence.split('\n').filter(l => l.startsWith('- ')).map(l => l.slice(2))
  }
}

function clip (s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim()
  return flat.length <= MAX_CASE_CHARS ? flat : `${flat.slice(0, MAX_CASE_CHARS)}...`
}

function between (message: string, heading: string): string | undefined {
  const start = message.indexOf(`${heading}${OPEN}\n`)
  if (start < 0) return undefined
  const from = start + heading.length + OPEN.length + 1
  const end = message.indexOf(`\n${CLOSE}`, from)
  return end < 0 ? undefined : message.slice(from, end)
}

function sectionOf (message: string, start: string, end: string): string {
  const a = message.indexOf(start)
  if (a < 0) return ''
  const b = message.indexOf(end, a + start.length)
  return message.slice(a + start.length, b < 0 ? undefined : b)
}

function parseCases (section: string): FeedbackCase[] {
  return section.split(/^### Case \d+$/m).slice(1).map(block => {
    const q = /^Question: (.*)$/m.exec(block)
    const r = /^Agent reply: (.*)$/m.exec(block)
    const p = /^Problem: (.*)$/m.exec(block)
    return { question: q?.[1] ?? '', reply: r?.[1] ?? '', ...(p === null ? {} : { problem: p[1] as string }) }
  })
}
