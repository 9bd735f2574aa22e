import type { ArchiveView } from '@promptswarm/protocol'
import {
  attackHooks, runSwarmSepo, type Attack, type GossipVerdictEvent, type LanguageModel, type Ledger, type MethodBudget,
  type Peer, type SwarmControl, type SwarmDefences, type SwarmSepoResult, type Task
} from '@promptswarm/node'
import { ATTACKERS, PEERS, budget as smallBudget, model as smallModel, tasks as smallTasks } from './small-swarm.js'

/**
 * The small undefended swarm of `small-swarm.ts` (6 peers, attackers 4 and 5, mean aggregator, no
 * audits), with what fault and protocol tests need on top: every peer's final view (a restart
 * gives a peer a new one), faulty-but-honest peers, other tasks and defences, and an observer that
 * sees the swarm before every round.
 */
export interface FaultRunOptions {
  readonly attack?: Attack
  readonly seed?: number
  readonly attackers?: readonly number[]
  /** The attack's peers are honest peers with a fault: the run waits for them and their outcomes count. */
  readonly faulty?: boolean
  readonly tasks?: readonly Task[]
  readonly model?: LanguageModel
  readonly budget?: MethodBudget
  readonly defences?: Partial<SwarmDefences>
  readonly auditRate?: number
  /** Runs before every round, before the attack's hook. */
  readonly observe?: (control: SwarmControl) => void | Promise<void>
}

export interface FaultRun {
  readonly result: SwarmSepoResult
  /** Each peer's final view. */
  readonly views: readonly ArchiveView[]
  readonly authors: readonly string[]
  readonly attackers: readonly number[]
  readonly attackerKeys: ReadonlySet<string>
  /** Peer 0's final view. */
  readonly view: ArchiveView
}

export async function runFaultSwarm (options: FaultRunOptions = {}): Promise<FaultRun> {
  const { attack, seed = 3, faulty = false } = options
  const attackers = options.attackers ?? ATTACKERS
  const views: ArchiveView[] = []
  let authors: readonly string[] = []
  const hooks = attackHooks(attack === undefined ? [] : [{ attack, peers: attackers }], seed, PEERS)
  const result = await runSwarmSepo({
    peers: PEERS,
    tasks: options.tasks ?? smallTasks,
    model: options.model ?? smallModel,
    seed,
    budget: options.budget ?? smallBudget,
    defences: { aggregator: { kind: 'mean' }, quorum: 2, committee: { size: 3, backups: 2 }, tolerance: 0.02, ...options.defences },
    ...(options.auditRate === undefined ? {} : { auditRate: options.auditRate }),
    // The same name with and without the attack: same keys, same committees (see Lockstep).
    swarm: `adversary-faults-${seed}`,
    honest: i => attack === undefined || faulty || !attackers.includes(i),
    ...hooks,
    ...(options.observe === undefined && hooks.onRound === undefined
      ? {}
      : {
          onRound: async (control: SwarmControl) => {
            await options.observe?.(control)
            await hooks.onRound?.(control)
          }
        }),
    ledgerFor: (index: number, ledger: Ledger, keys: readonly string[]) => {
      authors = keys
      views[index] = ledger.view
      return hooks.ledgerFor(index, ledger, keys)
    }
  })
  const view = views[0]
  if (view === undefined) throw new Error('the swarm never handed out peer 0\'s ledger')
  return { result, views, authors, attackers, attackerKeys: new Set(attackers.map(i => authors[i] as string)), view }
}

/** A gossip verdict an honest peer reached, with who reached it. */
export interface ObservedVerdict extends GossipVerdictEvent {
  readonly at: number
}

/**
 * Records every gossip verdict of the watched peers (a restarted peer is watched again) and the
 * lowest gossip score each gave each peer id, sampled before every round.
 */
export class VerdictWatch {
  readonly verdicts: ObservedVerdict[] = []
  /** Peer index -> peer id (libp2p), learned as peers are seen. */
  readonly peerIds = new Map<number, string>()
  /** `${watcher}>${peerId}` -> lowest gossip score seen. */
  readonly lowestScore = new Map<string, number>()
  private readonly watched = new WeakSet<Peer>()

  constructor (private readonly watch: (index: number) => boolean) {}

  readonly observe = (control: SwarmControl): void => {
    for (let i = 0; i < control.size; i++) {
      if (!control.isUp(i)) continue
      const peer = control.peer(i)
      this.peerIds.set(i, peer.peerId.toString())
      if (!this.watch(i)) continue
      if (!this.watched.has(peer)) {
        this.watched.add(peer)
        peer.on('verdict', event => this.verdicts.push({ ...event, at: i }))
      }
      for (const other of peer.connectedPeers()) {
        const key = `${i}>${other}`
        this.lowestScore.set(key, Math.min(this.lowestScore.get(key) ?? Infinity, peer.gossipScore(other)))
      }
    }
  }

  /** Verdicts about messages a peer at `index` sent. */
  from (index: number): ObservedVerdict[] {
    const id = this.peerIds.get(index)
    return this.verdicts.filter(v => v.from === id)
  }

  /** The lowest gossip score any watched peer gave the peer at `index`. */
  lowest (index: number): number {
    const id = this.peerIds.get(index)
    let low = Infinity
    for (const [key, score] of this.lowestScore) if (key.endsWith(`>${id ?? ''}`)) low = Math.min(low, score)
    return low
  }
}
