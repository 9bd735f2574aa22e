/**
 * Finding the final answer in a model's reply. The contract shared by all tasks: the answer
 * follows the last line that starts with `Answer:` (case-insensitive). Leading whitespace and
 * Markdown decoration are tolerated (`**Answer:** 12`, `> Answer: 12`, `**Answer**: 12`), because
 * real models add it; any other phrasing ("The answer is 12") is not an answer line.
 */
const ANSWER_LINE = /^[ \t>*_#-]*answer[ \t]*[*_]*[ \t]*:[ \t]*[*_]*[ \t]*/gim

/** Everything after the last `Answer:` marker, or undefined when no line starts with one. */
export function afterLastAnswer (reply: string): string | undefined {
  let last: RegExpExecArray | undefined
  for (const m of reply.matchAll(ANSWER_LINE)) last = m as RegExpExecArray
  if (last === undefined) return undefined
  return reply.slice(last.index + last[0].length)
}

/**
 * The answer as a single line: the rest of the `Answer:` line, or the next non-empty line when
 * the marker stands alone on its line.
 */
export function answerLine (reply: string): string | undefined {
  const rest = afterLastAnswer(reply)
  if (rest === undefined) return undefined
  for (const line of rest.split('\n')) {
    const trimmed = line.trim()
    if (trimmed !== '') return trimmed
  }
  return ''
}

/** The content of the last `\boxed{...}`, with nested braces balanced. */
export function lastBoxed (text: string): string | undefined {
  const at = text.lastIndexOf('\\boxed{')
  if (at < 0) return undefined
  let depth = 0
  const start = at + '\\boxed{'.length
  for (let i = start; i < text.length; i++) {
    const ch = text[i]
    if (ch === '{') depth++
    else if (ch === '}') {
      if (depth === 0) return text.slice(start, i)
      depth--
    }
  }
  return undefined
}

/**
 * The last fenced code block in one of `languages` (```python ... ```); if there is none, the last
 * untagged fenced block. An unterminated final fence runs to the end of the reply (a reply cut at
 * the token limit).
 */
export function lastFencedBlock (reply: string, languages: readonly string[]): string | undefined {
  const blocks: Array<{ lang: string, body: string }> = []
  const lines = reply.split('\n')
  let open: { lang: string, body: string[] } | undefined
  for (const line of lines) {
    const fence = /^\s*(`{3,}|~{3,})\s*([\w+.-]*)\s*$/.exec(line)
    if (open === undefined) {
      if (fence !== null) open = { lang: (fence[2] ?? '').toLowerCase(), body: [] }
    } else if (fence !== null && (fence[2] ?? '') === '') {
      blocks.push({ lang: open.lang, body: open.body.join('\n') })
      open = undefined
    } else {
      open.body.push(line)
    }
  }
  if (open !== undefined) blocks.push({ lang: open.lang, body: open.body.join('\n') })
  const wanted = new Set(languages.map(l => l.toLowerCase()))
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i]
    if (block !== undefined && wanted.has(block.lang)) return block.body
  }
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i]
    if (block !== undefined && block.lang === '') return block.body
  }
  return undefined
}

/** Reasons used by several scorers, kept identical so reports can group them. */
export const NO_FINAL_ANSWER = 'no final answer found (expected a line starting with "Answer:")'
