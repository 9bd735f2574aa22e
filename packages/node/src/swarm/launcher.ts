import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256 } from '@promptswarm/protocol'
import { Rng } from '../util/rng.js'
import type { PeerOptions } from '../peer/options.js'
import { waitForAgreement, type AgreementOptions, type AgreementReport } from './agreement.js'
import { InProcessMember } from './in-process-member.js'
import type { SwarmMember } from './member.js'
import { ProcessMember } from './process-member.js'

/**
 * Starts N peers on 127.0.0.1, each with its own data directory: in this process (default, cheap:
 * a few MB per peer) or one OS process per peer (real crashes, real isolation; about 85 MB each).
 * Peer i bootstraps to peer i-1 and `degree - 1` other earlier peers chosen by the seeded RNG,
 * so the graph is connected and the same for a given seed.
 */
export interface SwarmOptions {
  readonly size: number
  readonly mode?: 'in-process' | 'process'
  readonly swarm?: string
  /** Parent of the peers' data directories; default a fresh temporary directory (removed by `stop`). */
  readonly baseDir?: string
  readonly seed?: number
  /** Bootstrap links per joining peer. Default 3. */
  readonly degree?: number
  /** Extra peer options (in-process mode). */
  readonly peer?: Partial<PeerOptions>
  /** Extra options for peer `index` (in-process mode), e.g. a connection gater per peer. */
  readonly perPeer?: (index: number) => Partial<PeerOptions>
  /** Sync period (both modes). */
  readonly syncIntervalMs?: number
  /**
   * Derive each new peer's key from (swarm, seed, index) instead of drawing it at random, so a
   * lab run repeats exactly (committees are drawn from keys). In-process mode; never for a real
   * deployment: the seed gives the keys away.
   */
  readonly seededIdentities?: boolean
  /** Addresses every peer also bootstraps to (e.g. another group's peer). */
  readonly extraBootstrap?: readonly string[]
}

export class Swarm {
  private constructor (
    readonly members: SwarmMember[],
    readonly baseDir: string,
    private readonly ownsBaseDir: boolean,
    private readonly options: SwarmOptions,
    private readonly rng: Rng
  ) {}

  static async launch (options: SwarmOptions): Promise<Swarm> {
    if (!Number.isSafeInteger(options.size) || options.size < 1) throw new RangeError(`swarm size must be a positive integer, got ${options.size}`)
    const baseDir = options.baseDir ?? await mkdtemp(join(tmpdir(), 'promptswarm-swarm-'))
    const swarm = new Swarm([], baseDir, options.baseDir === undefined, options, Rng.from('swarm-topology', options.seed ?? 1))
    try {
      for (let i = 0; i < options.size; i++) await swarm.add()
    } catch (err) {
      await swarm.stop()
      throw err
    }
    return swarm
  }

  /** Starts one more peer bootstrapped into the swarm (by default as the topology says). */
  async add (bootstrapTo?: readonly number[]): Promise<SwarmMember> {
    const index = this.members.length
    const targets = bootstrapTo ?? this.pickBootstrap(index)
    const bootstrap = [...targets.flatMap(t => (this.members[t]?.multiaddrs ?? []).slice(0, 1)), ...(this.options.extraBootstrap ?? [])]
    const dataDir = join(this.baseDir, `peer-${index}`)
    const swarmName = this.options.swarm ?? 'test-swarm'
    const seed = (this.options.seed ?? 1) * 1000 + index
    let member: InProcessMember | ProcessMember
    if (this.options.mode === 'process') {
      member = new ProcessMember(index, {
        swarm: swarmName,
        dataDir,
        listen: ['/ip4/127.0.0.1/tcp/0'],
        bootstrap,
        seed,
        ...(this.options.syncIntervalMs !== undefined ? { syncIntervalMs: this.options.syncIntervalMs } : {})
      })
    } else {
      const rng = Rng.from('peer', seed)
      member = new InProcessMember(index, {
        ...this.options.peer,
        ...this.options.perPeer?.(index),
        swarm: swarmName,
        dataDir,
        bootstrap,
        random: () => rng.next(),
        ...(this.options.seededIdentities === true ? { identitySeed: sha256(Buffer.from(`promptswarm/lab-identity/${swarmName}/${seed}`)) } : {}),
        ...(this.options.syncIntervalMs !== undefined ? { sync: { ...this.options.peer?.sync, intervalMs: this.options.syncIntervalMs } } : {})
      })
    }
    this.members.push(member)
    await member.start()
    return member
  }

  async waitForAgreement (options: AgreementOptions): Promise<AgreementReport> {
    return await waitForAgreement(this.members.filter(m => m.running), options)
  }

  /** Stops every peer (in parallel) and removes the data directories this swarm created. */
  async stop (): Promise<void> {
    await Promise.all(this.members.map(async m => await m.stop().catch(() => {})))
    if (this.ownsBaseDir) await rm(this.baseDir, { recursive: true, force: true }).catch(() => {})
  }

  private pickBootstrap (index: number): number[] {
    if (index === 0) return []
    const degree = Math.min(this.options.degree ?? 3, index)
    const chosen = new Set<number>([index - 1])
    while (chosen.size < degree) chosen.add(this.rng.int(index))
    return [...chosen]
  }
}

/** Shorthand for `Swarm.launch`. */
export async function launchSwarm (options: SwarmOptions): Promise<Swarm> {
  return await Swarm.launch(options)
}
