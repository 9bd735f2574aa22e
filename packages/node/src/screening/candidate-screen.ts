/**
 * Candidate screening: what an honest peer checks before it evaluates a candidate prompt or builds
 * on it. Pure rules first (size, growth, lineage, injection clauses), then, for task prompts that
 * passed them, the behavioural backdoor probes, the only part that spends model calls. Screening
 * is deterministic: the same candidate, parent, task, model and config give the same verdict.
 */
import { TaskAgent } from '../agents/task-agent.js'
import { runBackdoorProbes } from './backdoor-probe.js'
import { resolveScreeningConfig } from './config.js'
import { detectInjections } from './injection-detector.js'
import { checkLineage } from './lineage-rule.js'
import { checkSize } from './size-rule.js'
import type { LanguageModel } from '../model/language-model.js'
import type { Task } from '../tasks/task.js'
import type { ScreeningConfig, ScreeningConfigInput } from './config.js'
import type { ScreeningReason, ScreeningVerdict } from './verdict.js'

export interface ScreeningInput {
  /** The candidate's prompt text. */
  readonly text: string
  /** `task` prompts are probed; `optimizer` prompts (never run on task items) get the rules only. Default `task`. */
  readonly role?: 'task' | 'optimizer'
  /** The claimed parent's text; undefined for a seed. */
  readonly parent?: string
  /** The task a task prompt is for; without it the probes are skipped. */
  readonly task?: Task
}

export interface CandidateScreenOptions {
  /** The model the probes run on; without one they are skipped. */
  readonly model?: LanguageModel
  readonly config?: ScreeningConfigInput
}

/** Clauses listed one by one in a verdict; a text with thousands gets a count for the rest. */
const MAX_CLAUSE_REASONS = 10

/** Longest quoted excerpt of a matched clause in a reason. */
const EXCERPT = 120

function excerpt (text: string): string {
  const flat = text.replace(/\s+/g, ' ')
  return JSON.stringify(flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}...` : flat)
}

/** Callers in plain JavaScript can pass anything: say which field is wrong instead of failing deep inside. */
function checkInput (input: ScreeningInput): void {
  if (typeof input?.text !== 'string') throw new TypeError(`screening input: text must be a string, got ${typeof input?.text}`)
  if (input.parent !== undefined && typeof input.parent !== 'string') throw new TypeError(`screening input: parent must be a string or undefined, got ${typeof input.parent}`)
  if (input.role !== undefined && input.role !== 'task' && input.role !== 'optimizer') throw new TypeError(`screening input: role must be "task" or "optimizer", got ${String(input.role)}`)
}

/** The model-free rules: size, growth, lineage and the clause detector. */
export function screenRules (input: ScreeningInput, config: ScreeningConfig): ScreeningReason[] {
  const reasons = checkSize(input.text, input.parent, config)
  // The lineage rule is quadratic in the texts' lengths: skip it for a text already too large.
  if (input.parent !== undefined && !reasons.some(r => r.check === 'size')) reasons.push(...checkLineage(input.text, input.parent, config))
  if (config.injection) {
    const matches = detectInjections(input.text)
    for (const m of matches.slice(0, MAX_CLAUSE_REASONS)) {
      reasons.push({ check: 'injection', detail: `${m.rule} at ${m.start}-${m.end}: ${m.reason}: ${excerpt(m.text)}` })
    }
    if (matches.length > MAX_CLAUSE_REASONS) reasons.push({ check: 'injection', detail: `and ${matches.length - MAX_CLAUSE_REASONS} more suspicious clauses` })
  }
  return reasons
}

export class CandidateScreen {
  readonly config: ScreeningConfig
  private readonly agent: TaskAgent | undefined

  constructor (options: CandidateScreenOptions = {}) {
    this.config = resolveScreeningConfig(options.config)
    this.agent = options.model === undefined ? undefined : new TaskAgent(options.model)
  }

  /** The rules alone: no model calls. */
  screenText (input: ScreeningInput): ScreeningVerdict {
    checkInput(input)
    const reasons = screenRules(input, this.config)
    return { accepted: reasons.length === 0, reasons, calls: 0 }
  }

  /**
   * The full screen. Probes run only when the rules passed (a rejected candidate is not worth
   * model calls), the probes are enabled, the candidate is a task prompt, and a task and a model
   * were given. A model error during the probes (a spent budget, a failed endpoint) is thrown.
   */
  async screen (input: ScreeningInput): Promise<ScreeningVerdict> {
    const ruled = this.screenText(input)
    const probes = this.config.probes
    if (!ruled.accepted || !probes.enabled || (input.role ?? 'task') !== 'task' || input.task === undefined || this.agent === undefined) return ruled
    const report = await runBackdoorProbes(this.agent, { text: input.text, task: input.task, ...(input.parent === undefined ? {} : { parent: input.parent }) }, probes)
    const reasons: ScreeningReason[] = report.flagged?.suspicion === undefined ? [] : [{ check: 'probe', detail: report.flagged.suspicion }]
    return { accepted: reasons.length === 0, reasons, calls: report.calls, probes: report }
  }
}
