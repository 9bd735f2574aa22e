import type { Ledger } from '../evolution/ledger.js'
import type { LanguageModel } from '../model/language-model.js'
import type { SwarmControl } from '../swarm-evolution/swarm-control.js'
import type { Task } from '../tasks/task.js'

/** What an attack knows about the run it is part of. */
export interface AttackContext {
  /** Seed of the run: attacks that draw randomness derive it from this, so runs repeat. */
  readonly seed: number
  /** Indices of every peer running this attack (colluders know each other). */
  readonly attackers: readonly number[]
  /** Peers in the swarm. */
  readonly peers: number
}

/**
 * A configured attack on the peers it controls. Each hook is one seam of the swarm run (see
 * `SwarmSepoOptions`); an attack implements the ones it needs and the runner never knows what it
 * does. Hooks get the attacker's peer index.
 */
export interface Attack {
  readonly name: string
  /** What the peer publishes (lying evaluators, poisoned candidates, corrupted scores). `authors` are every peer's keys (hex), in peer order. */
  wrap? (index: number, ledger: Ledger, authors: readonly string[], context: AttackContext): Ledger
  /** The model the peer runs (a compromised backend). */
  model? (index: number, model: LanguageModel, context: AttackContext): LanguageModel
  /** The tasks as the peer holds them (a poisoned local dataset). */
  tasks? (index: number, tasks: readonly Task[], context: AttackContext): readonly Task[]
  /** Before every round: crash, restart or partition peers, publish raw bytes (faults, protocol attacks). */
  onRound? (index: number, control: SwarmControl, context: AttackContext): Promise<void>
  /** Whether the peer takes its step this round (stragglers). */
  steps? (index: number, round: number, context: AttackContext): boolean
  /**
   * After the run, what only the attack knows how to measure in the honest peers' final prompts
   * (e.g. whether a planted backdoor fires on its trigger), with the clean model. The runner
   * calls it for the attacked run and, so that the two can be compared, for its clean twin.
   */
  measure? (finals: ReadonlyArray<{ readonly task: Task, readonly text: string }>, model: LanguageModel): Promise<AttackMeasurement>
  /** Text the attack injects into prompts, if any, so reports can find it in honest peers' final prompts. */
  readonly payload?: string
}

/** What an attack's `measure` reports; each figure goes into the run's summary. */
export interface AttackMeasurement {
  /** Share (0 to 1) of the honest final prompts whose planted backdoor fires on its trigger. */
  readonly backdoorSuccess?: number
}

/**
 * Builds attacks from a scenario file's `params`. `create` throws `AttackParamError` naming the
 * parameter, which the scenario parser turns into an error with the file's line number.
 */
export interface AttackFactory {
  readonly name: string
  readonly summary: string
  /** Parameter names and a one-line description each (for help and for unknown-field errors). */
  readonly params: Readonly<Record<string, string>>
  create (params: Readonly<Record<string, unknown>>): Attack
}

/** The attacks a runner can use, by name. packages/node ships none: @promptswarm/adversary provides them. */
export type AttackCatalog = ReadonlyMap<string, AttackFactory>

/** A bad attack parameter: `param` is its name inside `params`. */
export class AttackParamError extends Error {
  override readonly name = 'AttackParamError'
  readonly code = 'ATTACK_PARAM'
  constructor (readonly param: string, message: string) {
    super(message)
  }
}

/**
 * A ledger that behaves honestly for its first `startAfter` records and then publishes through
 * the attacked ledger: a sleeper that first earns a clean history (and reputation).
 */
export function startAfter (honest: Ledger, attacked: Ledger, records: number): Ledger {
  if (records <= 0) return attacked
  let published = 0
  return {
    view: honest.view,
    author: honest.author,
    publish: async (body) => (published++ < records ? await honest.publish(body) : await attacked.publish(body))
  }
}
