import type { Ledger } from '../evolution/ledger.js'
import type { SwarmSepoOptions } from '../swarm-evolution/swarm-sepo.js'
import { startAfter, type Attack, type AttackContext } from './attack.js'

/** An attack and the peers that run it. */
export interface AttackAssignment {
  readonly attack: Attack
  /** Peer indices, disjoint from every other assignment's. */
  readonly peers: readonly number[]
  /** Records each attacker publishes honestly before its `wrap` starts lying. Default 0. */
  readonly startAfter?: number
}

export type AttackHooks = Required<Pick<SwarmSepoOptions, 'ledgerFor' | 'modelFor' | 'tasksFor' | 'steps'>> & Pick<SwarmSepoOptions, 'onRound'>

/**
 * Plugs attacks into a swarm run's seams: each hook asks the attack of the peer's assignment, and
 * leaves an honest peer (or a seam the attack does not use) alone.
 */
export function attackHooks (assignments: readonly AttackAssignment[], seed: number, peers: number): AttackHooks {
  const of = (index: number): { assignment: AttackAssignment, context: AttackContext } | undefined => {
    const assignment = assignments.find(a => a.peers.includes(index))
    return assignment === undefined ? undefined : { assignment, context: { seed, attackers: assignment.peers, peers } }
  }
  const withRounds = assignments.filter(a => a.attack.onRound !== undefined)
  return {
    ledgerFor: (index: number, ledger: Ledger, authors: readonly string[]) => {
      const found = of(index)
      const wrap = found?.assignment.attack.wrap
      if (found === undefined || wrap === undefined) return ledger
      return startAfter(ledger, wrap.call(found.assignment.attack, index, ledger, authors, found.context), found.assignment.startAfter ?? 0)
    },
    modelFor: (index, model) => {
      const found = of(index)
      return found?.assignment.attack.model?.(index, model, found.context) ?? model
    },
    tasksFor: (index, tasks) => {
      const found = of(index)
      return found?.assignment.attack.tasks?.(index, tasks, found.context) ?? tasks
    },
    steps: (index, round) => {
      const found = of(index)
      return found?.assignment.attack.steps?.(index, round, found.context) ?? true
    },
    ...(withRounds.length === 0
      ? {}
      : {
          onRound: async control => {
            for (const a of withRounds) {
              for (const index of a.peers) await a.attack.onRound?.(index, control, { seed, attackers: a.peers, peers })
            }
          }
        })
  }
}
