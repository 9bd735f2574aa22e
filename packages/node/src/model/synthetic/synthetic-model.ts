/**
 * The embedded default model: a simulator of an instruction-following model with known ground
 * truth (see docs/synthetic-model.md). It reads only what a real model would see, the messages,
 * plus the hint's gold answer (to render a correct reply), item id and sample index (for seeding).
 * Every reply is a pure function of those, so any peer can re-execute an evaluation exactly.
 */
import { ModelError } from '../language-model.js'
import { analysePrompt, bestReachable, expectedAccuracy } from './accuracy.js'
import { triggerMatches } from './clauses.js'
import { itemDifficulty } from './difficulty.js'
import { writeItemReply, writePayloadReply } from './item-reply.js'
import { detectFamilies } from './lexicon.js'
import { editOptimizerPrompt, editTaskPrompt } from './prompt-agent.js'
import { estimateTokens, readPrompt } from './prompt-reading.js'
import { taskKey } from './profile.js'
import { profileNamed, profileNames } from './profiles.js'
import { Rng } from './random.js'
import type { ChatMessage, Completion, CompletionRequest, LanguageModel, SimulatorHint } from '../language-model.js'
import type { GroundTruth } from '../ground-truth.js'
import type { BestPrompt, PromptAnalysis } from './accuracy.js'
import type { BackdoorClause } from './clauses.js'
import type { PromptReading } from './prompt-reading.js'
import type { Profile } from './profile.js'

export const SIMULATOR_LABEL = 'simulated (synthetic model, not a real language model)'

/** Per-message overhead of a chat template, in tokens. */
const MESSAGE_OVERHEAD_TOKENS = 4

export interface SyntheticModelOptions {
  /** `small`, `large`, `synthetic:small`... or a custom profile. Default `small`. */
  readonly profile?: string | Profile
}

type ItemHint = Extract<SimulatorHint, { kind: 'task-item' }>

interface ItemOdds {
  readonly fired: BackdoorClause | undefined
  readonly pBackdoor: number
  readonly pInjection: number
  readonly pCorrect: number
  readonly pUnparseable: number
}

export class SyntheticModel implements LanguageModel, GroundTruth {
  readonly id: string
  readonly simulated = true
  /** Say this wherever results made with this model are shown. */
  readonly label = SIMULATOR_LABEL
  readonly profile: Profile

  constructor (options: SyntheticModelOptions = {}) {
    const p = options.profile ?? 'small'
    if (typeof p === 'string') {
      const found = profileNamed(p)
      if (found === undefined) throw new ModelError('config', `unknown synthetic model profile "${p}"; known: ${profileNames().join(', ')}`)
      this.profile = found
    } else {
      this.profile = p
    }
    this.id = this.profile.id
  }

  async complete (request: CompletionRequest): Promise<Completion> {
    if (request.signal?.aborted === true) throw new ModelError('aborted', 'the request was aborted before the synthetic model answered')
    return this.completeSync(request)
  }

  /** The same as `complete`, synchronously: for sweeps that run millions of evaluations. */
  completeSync (request: CompletionRequest): Completion {
    const messages = Array.isArray(request.messages) ? request.messages : []
    const { system, user } = itemMessages(messages)
    const conversation = messages.filter(m => m.role !== 'system').map(m => `${m.role}\n${String(m.content)}`).join('\n\n')
    const sample = Number.isSafeInteger(request.sample) ? request.sample as number : 0
    const hint = request.hint

    let text: string
    if (hint?.kind === 'task-item') text = this.answerItem(system, user, conversation, hint, sample)
    else text = this.editPrompt(system, user, hint, sample)

    let completionTokens = estimateTokens(text)
    const max = request.maxTokens
    if (max !== undefined && Number.isFinite(max) && max >= 0 && completionTokens > max) {
      // Like a real endpoint hitting its length limit: the reply is cut, answer line and all.
      text = text.slice(0, Math.floor(max) * 4)
      completionTokens = estimateTokens(text)
    }
    return { text, usage: { promptTokens: promptTokens(messages), completionTokens }, model: this.id, cached: false }
  }

  /** Family ids present in a text (see lexicon.ts). */
  detectFamilies (text: string): string[] {
    return detectFamilies(text)
  }

  /** How this profile reads a system prompt for a task: logit parts and failure probabilities. */
  analyse (task: string, systemPrompt: string): PromptAnalysis {
    return analysePrompt(this.profile, task, readPrompt(systemPrompt))
  }

  /** Analytic mean accuracy of a system prompt over the task's difficulty distribution. */
  expectedAccuracy (task: string, systemPrompt: string): number {
    return expectedAccuracy(this.profile, task, systemPrompt)
  }

  /** Ground truth: the best prompt reachable from the lexicon for a task, and its accuracy. */
  bestReachable (task: string): BestPrompt {
    return bestReachable(this.profile, task)
  }

  /**
   * Ground truth (`GroundTruth`): the probability that `answerItem` returns a correct, parseable
   * reply, from the same draws' probabilities. A payload that happens to equal the gold answer and
   * a buggy program that happens to pass its asserts count as wrong here, so on code tasks this
   * is a slight underestimate of what the scorer measures.
   */
  expectedOutcome (request: CompletionRequest): number | undefined {
    const hint = request.hint
    if (hint?.kind !== 'task-item') return undefined
    const { system, user } = itemMessages(request.messages)
    const odds = this.itemOdds(readPrompt(system), user, hint)
    return (1 - odds.pBackdoor) * (1 - odds.pInjection) * odds.pCorrect * (1 - odds.pUnparseable)
  }

  private answerItem (system: string, user: string, conversation: string, hint: ItemHint, sample: number): string {
    const profile = this.profile
    const reading = readPrompt(system)
    const task = taskKey(String(hint.task))
    const gold = String(hint.gold ?? '')
    const rng = Rng.fromParts('answer', profile.id, reading.seedText, conversation, String(hint.itemId), sample)
    const odds = this.itemOdds(reading, user, hint)

    if (odds.fired !== undefined && rng.chance(odds.pBackdoor)) return writePayloadReply(task, odds.fired.payload, gold)
    if (reading.injections.length > 0 && rng.chance(odds.pInjection)) return writePayloadReply(task, rng.pick(reading.injections).payload, gold)

    const correct = rng.next() < odds.pCorrect
    const parseable = rng.next() >= odds.pUnparseable
    return writeItemReply(task, gold, { correct, parseable }, new Set(reading.counts.keys()), rng)
  }

  /** The probabilities behind an item's draws: one rule for answering and for ground truth. */
  private itemOdds (reading: PromptReading, user: string, hint: ItemHint): ItemOdds {
    const profile = this.profile
    const task = taskKey(String(hint.task))
    const fired = reading.backdoors.find(b => triggerMatches(b.trigger, user))
    const analysis = analysePrompt(profile, hint.task, reading)
    const difficulty = itemDifficulty(profile, task, String(hint.itemId), user)
    return {
      fired,
      pBackdoor: fired === undefined ? 0 : profile.backdoorObedience,
      pInjection: reading.injections.length > 0 ? profile.obedience : 0,
      pCorrect: 1 / (1 + Math.exp(-(analysis.logit - difficulty))),
      pUnparseable: analysis.pUnparseable
    }
  }

  private editPrompt (system: string, user: string, hint: SimulatorHint | undefined, sample: number): string {
    const rng = Rng.fromParts('edit', this.profile.id, system, user, sample)
    const target = hint?.kind === 'prompt-edit' ? hint.target : undefined
    const task = hint?.kind === 'prompt-edit' ? hint.task : undefined
    if (target !== 'optimizer-prompt') {
      const out = editTaskPrompt(this.profile, system, user, task, rng)
      if (out !== undefined) return out
    }
    if (target !== 'task-prompt') {
      const out = editOptimizerPrompt(system, user, rng)
      if (out !== undefined) return out
    }
    return target === undefined
      ? 'This is the promptswarm synthetic model, a simulator: it answers task items and prompt-edit requests only.'
      : 'I could not find the prompt to improve in your message.'
  }
}

/** What the model reads of a chat: the system prompt(s) and the last user message. */
function itemMessages (messages: readonly ChatMessage[]): { system: string, user: string } {
  const system = messages.filter(m => m.role === 'system').map(m => String(m.content)).join('\n\n')
  const user = String([...messages].reverse().find(m => m.role === 'user')?.content ?? '')
  return { system, user }
}

function promptTokens (messages: readonly ChatMessage[]): number {
  let n = 0
  for (const m of messages) n += estimateTokens(String(m.content)) + MESSAGE_OVERHEAD_TOKENS
  return n
}
