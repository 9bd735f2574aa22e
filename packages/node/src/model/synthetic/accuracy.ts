/**
 * The response model: how a prompt's directives become a probability of a correct, parseable
 * answer, and the analytic ground truth derived from it.
 *
 *   logit  = ability[task] + S * (1 - exp(-H / S)) + N - lengthPenalty(tokens)
 *   P(correct | item) = sigmoid(logit - difficulty(item))
 *   E[accuracy] = (1 - P(obey injection)) * (1 - P(unparseable)) * E_d[sigmoid(logit - d)]
 *
 * H sums the helpful (positive) effects and synergies, N the harmful (negative) ones.
 */
import { FAMILIES, helpfulFamilies } from './lexicon.js'
import { readPrompt } from './prompt-reading.js'
import { taskKey } from './profile.js'
import type { PromptReading } from './prompt-reading.js'
import type { Profile, TaskKey } from './profile.js'

/** Padding hurts per sentence, up to this many. */
const MAX_PADDING_COUNT = 4

export interface PromptAnalysis {
  readonly task: TaskKey
  /** Families present that affect this task, in lexicon order. */
  readonly families: readonly string[]
  /** Sum of helpful effects before saturation. */
  readonly helpful: number
  /** Sum of harmful effects (negative or zero). */
  readonly harmful: number
  readonly lengthPenalty: number
  /** Logit of an item of difficulty 0. */
  readonly logit: number
  /** Probability that a reply cannot be parsed by the task. */
  readonly pUnparseable: number
  /** Probability of answering an injected payload instead of the question. */
  readonly pInjection: number
}

export function sigmoid (x: number): number {
  return 1 / (1 + Math.exp(-x))
}

/** Logistic quantiles at the midpoints of a fine grid: the difficulty distribution, discretised. */
const QUANTILES = ((n: number) => Array.from({ length: n }, (_, k) => {
  const u = (k + 0.5) / n
  return Math.log(u / (1 - u))
}))(400)

/** E_d[sigmoid(logit - d)] for d ~ Logistic(0, scale). */
export function meanOverDifficulty (logit: number, scale: number): number {
  let sum = 0
  for (const q of QUANTILES) sum += sigmoid(logit - scale * q)
  return sum / QUANTILES.length
}

/** The core rule, shared by evaluation and ground truth: family counts and length to a logit. */
function combine (profile: Profile, task: TaskKey, counts: ReadonlyMap<string, number>, tokens: number): Omit<PromptAnalysis, 'pInjection' | 'pUnparseable'> {
  const effects = profile.effects[task]
  let helpful = 0
  let harmful = 0
  const families: string[] = []
  for (const f of FAMILIES) {
    const count = counts.get(f.id) ?? 0
    const e = effects[f.id]
    if (count === 0 || e === undefined) continue
    families.push(f.id)
    const times = f.id === 'padding' ? Math.min(count, MAX_PADDING_COUNT) : 1
    if (e > 0) helpful += e * times
    else harmful += e * times
  }
  for (const inter of profile.interactions) {
    if (!inter.families.every(id => (counts.get(id) ?? 0) > 0)) continue
    const e = inter.effect[task]
    if (e > 0) helpful += e
    else harmful += e
  }
  const S = profile.saturation
  const { freeTokens, perHundredTokens, max } = profile.lengthPenalty
  const lengthPenalty = Math.min(max, perHundredTokens * Math.max(0, tokens - freeTokens) / 100)
  const logit = profile.ability[task] + S * (1 - Math.exp(-helpful / S)) + harmful - lengthPenalty
  return { task, families, helpful, harmful, lengthPenalty, logit }
}

function parseFailure (profile: Profile, task: TaskKey, counts: ReadonlyMap<string, number>): number {
  let p = (counts.get('format-contract') ?? 0) > 0 ? profile.residualParseFailure : profile.sloppiness[task]
  if ((counts.get('contradiction') ?? 0) > 0) p += profile.contradictionParseFailure
  if ((counts.get('excessive-length') ?? 0) > 0) p += 0.05
  return Math.min(0.95, p)
}

const analyses = new WeakMap<Profile, Map<string, PromptAnalysis>>()

export function analysePrompt (profile: Profile, task: string, reading: PromptReading): PromptAnalysis {
  const key = taskKey(task)
  let byText = analyses.get(profile)
  if (byText === undefined) { byText = new Map(); analyses.set(profile, byText) }
  const cacheKey = `${key}\u0000${reading.text}`
  const hit = byText.get(cacheKey)
  if (hit !== undefined) return hit
  const core = combine(profile, key, reading.counts, reading.tokens)
  const analysis: PromptAnalysis = {
    ...core,
    pUnparseable: parseFailure(profile, key, reading.counts),
    pInjection: reading.injections.length > 0 ? profile.obedience : 0
  }
  if (byText.size > 4096) byText.clear()
  byText.set(cacheKey, analysis)
  return analysis
}

/**
 * Expected accuracy of a system prompt on a task's items (normal items: backdoor triggers absent),
 * averaged analytically over the difficulty distribution.
 */
export function expectedAccuracy (profile: Profile, task: string, systemPrompt: string): number {
  const a = analysePrompt(profile, task, readPrompt(systemPrompt))
  return (1 - a.pInjection) * (1 - a.pUnparseable) * meanOverDifficulty(a.logit, profile.difficultyScale[a.task])
}

export interface BestPrompt {
  readonly task: string
  /** The family set of the best reachable prompt, in lexicon order. */
  readonly families: readonly string[]
  /** A prompt realising it, written with each family's shortest paraphrase. */
  readonly prompt: string
  readonly accuracy: number
}

/** The prompt text for a family set: shortest wordings, persona first, answer format last. */
export function renderShortest (families: readonly string[]): string {
  const chosen = FAMILIES.filter(f => families.includes(f.id))
  const rank = (id: string): number => id === 'expert-persona' ? 0 : id === 'format-contract' ? 2 : 1
  return chosen
    .sort((a, b) => rank(a.id) - rank(b.id))
    .map(f => f.paraphrases.reduce((s, p) => p.length < s.length ? p : s))
    .join(' ')
}

const best = new WeakMap<Profile, Map<string, BestPrompt>>()

/**
 * Ground truth: the best prompt reachable with the lexicon's helpful families for a task (an
 * exhaustive search over subsets of the general families and the task's strategies).
 */
export function bestReachable (profile: Profile, task: string): BestPrompt {
  let byTask = best.get(profile)
  if (byTask === undefined) { byTask = new Map(); best.set(profile, byTask) }
  const hit = byTask.get(task)
  if (hit !== undefined) return hit

  const key = taskKey(task)
  const pool = helpfulFamilies(key)
  const shortest = pool.map(f => f.paraphrases.reduce((n, p) => Math.min(n, p.length), Infinity))
  let bestMask = 0
  let bestAccuracy = -1
  const counts = new Map<string, number>()
  for (let mask = 0; mask < 1 << pool.length; mask++) {
    counts.clear()
    let chars = 0
    let n = 0
    pool.forEach((f, i) => {
      if ((mask & (1 << i)) === 0) return
      counts.set(f.id, 1)
      chars += shortest[i] as number
      n++
    })
    const tokens = Math.ceil(Math.max(0, chars + n - 1) / 4)
    const core = combine(profile, key, counts, tokens)
    const accuracy = (1 - parseFailure(profile, key, counts)) * meanOverDifficulty(core.logit, profile.difficultyScale[key])
    if (accuracy > bestAccuracy + 1e-12) { bestAccuracy = accuracy; bestMask = mask }
  }
  const families = pool.filter((_, i) => (bestMask & (1 << i)) !== 0).map(f => f.id)
  const prompt = renderShortest(families)
  const result: BestPrompt = { task, families, prompt, accuracy: expectedAccuracy(profile, task, prompt) }
  byTask.set(task, result)
  return result
}
