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
import type { BestPrompt, PromptAnalysis } from './accuracy.js'
import type { Profile } from './profile.js'

export const SIMULATOR_LABEL = 'simulated (synthetic model, not a real language model)'

/** Per-message overhead of a chat template, in tokens. */
const MESSAGE_OVERHEAD_TOKENS = 4

export interface SyntheticModelOptions {
  /** `small`, `large`, `synthetic:small`... or a custom profile. Default `small`. */
  readonly profile?: string | Profile
}

type ItemHint = Extract<SimulatorHint, { kind: 'task-item' }>

export class SyntheticModel implements LanguageModel {
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
    const system = messages.filter(m => m.role === 'system').map(m => String(m.content)).join('\n\n')
    const user = [...messages].reverse().find(m => m.role === 'user')?.content ?? ''
    const conversation = messages.filter(m => m.role !== 'system').map(m => `${m.role}\n${String(m.content)}`).join('\n\n')
    const sample = Number.isSafeInteger(request.sample) ? request.sample as number : 0
    const hint = request.hint

    let text: string
    if (hint?.kind === 'task-item') text = this.answerItem(system, String(user), conversation, hint, sample)
    else text = this.editPrompt(system, String(user), hint, sample)

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

  private answerItem (system: string, user: string, conversation: string, hint: ItemHint, sample: number): string {
    const profile = this.profile
    const reading = readPrompt(system)
    const task = taskKey(String(hint.task))
    const gold = String(hint.gold ?? '')
    const rng = Rng.fromParts('answer', profile.id, reading.seedText, conversation, String(hint.itemId), sample)

    const fired = reading.backdoors.find(b => triggerMatches(b.trigger, user))
    if (fired !== undefined && rng.chance(profile.backdoorObedience)) return writePayloadReply(task, fired.payload, gold)
    if (reading.injections.length > 0 && rng.chance(profile.obedience)) return writePayloadReply(task, rng.pick(reading.injections).payload, gold)

    const analysis = analysePrompt(profile, hint.task, reading)
    const difficulty = itemDifficulty(profile, task, String(hint.itemId), user)
    const correct = rng.next() < 1 / (1 + Math.exp(-(analysis.logit - difficulty)))
    const parseable = rng.next() >= analysis.pUnparseable
    return writeItemReply(task, gold, { correct, parseable }, new Set(reading.counts.keys()), rng)
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

function promptTokens (messages: readonly ChatMessage[]): number {
  let n = 0
  for (const m of messages) n += estimateTokens(String(m.content)) + MESSAGE_OVERHEAD_TOKENS
  return n
}
