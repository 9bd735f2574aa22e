/**
 * How the simulator reads a system prompt: which directive families it holds (and how often),
 * which attack clauses, and how long it is. Readings are cached by text because the same prompt
 * is evaluated on many items.
 */
import { readClause } from './clauses.js'
import { detectDirectives } from './lexicon.js'
import { splitSentences } from './sentences.js'
import type { BackdoorClause, InjectionClause } from './clauses.js'
import type { Sentence } from './sentences.js'

export interface ReadSentence extends Sentence {
  /** Family ids this sentence carries (`injection` / `backdoor` for attack clauses). */
  readonly families: readonly string[]
}

export interface PromptReading {
  readonly text: string
  readonly sentences: readonly ReadSentence[]
  /** Family id -> number of sentences carrying it. */
  readonly counts: ReadonlyMap<string, number>
  readonly injections: readonly InjectionClause[]
  readonly backdoors: readonly BackdoorClause[]
  /**
   * The prompt as the model's sampling sees it: whitespace-normalised and without backdoor clauses,
   * so a backdoored prompt answers exactly like its clean twin until the trigger appears.
   */
  readonly seedText: string
  /** Token count of `seedText` (about four characters per token). */
  readonly tokens: number
}

export function estimateTokens (text: string): number {
  return Math.ceil(text.length / 4)
}

const CACHE_LIMIT = 4096
const cache = new Map<string, PromptReading>()

export function readPrompt (text: string): PromptReading {
  const hit = cache.get(text)
  if (hit !== undefined) return hit
  const reading = read(text)
  if (cache.size >= CACHE_LIMIT) {
    // Drop the oldest quarter: cheap, and evaluation reuses recent prompts.
    let drop = CACHE_LIMIT / 4
    for (const key of cache.keys()) { cache.delete(key); if (--drop === 0) break }
  }
  cache.set(text, reading)
  return reading
}

function read (text: string): PromptReading {
  const counts = new Map<string, number>()
  const injections: InjectionClause[] = []
  const backdoors: BackdoorClause[] = []
  const kept: string[] = []
  const sentences = splitSentences(text).map(s => {
    const clause = readClause(s.text)
    const families = clause === undefined ? detectDirectives(s.text) : [clause.kind]
    if (clause?.kind === 'injection') injections.push(clause)
    if (clause?.kind === 'backdoor') backdoors.push(clause)
    else kept.push(s.text.replace(/\s+/g, ' '))
    for (const id of families) counts.set(id, (counts.get(id) ?? 0) + 1)
    return { ...s, families }
  })
  const seedText = kept.join(' ')
  return { text, sentences, counts, injections, backdoors, seedText, tokens: estimateTokens(seedText) }
}
