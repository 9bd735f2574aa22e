import type { MethodBudget } from '../evolution/methods.js'
import type { SwarmDefences } from '../swarm-evolution/swarm-sepo.js'
import type { TaskId } from '../tasks/index.js'
import type { Attack } from './attack.js'

/** Peers that run one attack, as a scenario file's `swarm.attackers` entry configures them. */
export interface AttackerGroup {
  readonly attack: Attack
  /** Peer indices, sorted; disjoint from every other group's. */
  readonly peers: readonly number[]
  /** Records each attacker publishes honestly before it starts lying. */
  readonly startAfter: number
  readonly params: Readonly<Record<string, unknown>>
}

/** A validated scenario: everything a run needs, checked before any peer starts. */
export interface Scenario {
  readonly file: string
  readonly name: string
  readonly description: string
  /** A model spec for `createModel` (`synthetic:small`, `openai:<model>@<url>`). */
  readonly model: string
  readonly tasks: readonly TaskId[]
  readonly seeds: readonly number[]
  readonly budget: MethodBudget
  readonly peers: number
  readonly attackers: readonly AttackerGroup[]
  readonly defences: SwarmDefences
  /** Share of others' evaluations each honest peer re-executes (0: no audits). */
  readonly auditRate: number
  /** Honest committee members compare each other's evaluations with their own (default: on when audits are). */
  readonly crossChecks: boolean
  /** Honest peers screen candidates: text rules, and with `probes` behavioural backdoor probes. Absent: no screening. */
  readonly screening?: { readonly probes: boolean }
  readonly timeoutMs: number
}

/** The peer indices of every attacker, sorted. */
export function attackerIndices (scenario: Pick<Scenario, 'attackers'>): number[] {
  return scenario.attackers.flatMap(g => g.peers).sort((a, b) => a - b)
}
