import { sha256, type AggregatorSpec, type CandidateView, type CommitteeConfig, type ViewConfig } from '@promptswarm/protocol'
import { BASE_OPTIMIZER_PROMPT } from '../agents/optimizer-prompts.js'
import { TaskAgent } from '../agents/task-agent.js'
import { Evolution } from '../evolution/evolution.js'
import type { MinibatchPolicy } from '../evolution/minibatch.js'
import { selectFinalPrompt, type MethodBudget, type TaskOutcome } from '../evolution/methods.js'
import type { LanguageModel } from '../model/language-model.js'
import { MeteredModel, type ModelUsage } from '../model/metered-model.js'
import type { PeerOptions } from '../peer/options.js'
import type { Peer } from '../peer/peer.js'
import { InProcessMember } from '../swarm/in-process-member.js'
import { Swarm } from '../swarm/launcher.js'
import { waitUntil } from '../swarm/wait.js'
import type { Task } from '../tasks/task.js'
import { AuditSecret } from '../audit/audit-secret.js'
import { Auditor } from '../audit/auditor.js'
import { ReExecutionJudge } from '../audit/judge.js'
import { ReExecutor } from '../audit/re-executor.js'
import type { Ledger } from '../evolution/ledger.js'
import { PeerLedger } from './peer-ledger.js'
import { prescribedMinibatchRule } from './prescribed-minibatch.js'
import { CandidateScreen } from '../screening/candidate-screen.js'
import type { ScreeningConfigInput } from '../screening/config.js'
import { EvolutionWorker, type WorkItem } from './evolution-worker.js'
import { Lockstep, type LockstepOptions } from './lockstep.js'
import { PartitionGaters, SwarmController, type SwarmControl } from './swarm-control.js'

export interface SwarmDefences {
  readonly aggregator: AggregatorSpec
  /** Counted evaluations a candidate needs for a score. */
  readonly quorum: number
  readonly committee: CommitteeConfig
  readonly tolerance: number
  /** One minibatch per candidate for its committee (default) or one per member; see `MinibatchPolicy`. */
  readonly minibatches?: MinibatchPolicy
  /** Who counts as a member: every hello author (default), or keys whose hello carries `bits` of identity work. */
  readonly membership?: { readonly kind: 'open' } | { readonly kind: 'proof-of-work', readonly bits: number }
}

export interface SwarmSepoOptions {
  readonly peers: number
  readonly tasks: readonly Task[]
  /** The model every peer evaluates and proposes with (each peer meters its own use). */
  readonly model: LanguageModel
  readonly seed: number
  /** The same budget a single-peer SePO run gets; the swarm shares it out. */
  readonly budget: MethodBudget
  readonly defences: SwarmDefences
  readonly swarm?: string
  /**
   * Where the peers keep their stores (peer-0, peer-1, ...). Default: a temporary directory,
   * removed at the end. A directory holding an interrupted run's stores resumes it: every peer
   * reopens its archive and key, and every worker takes up its share where its store shows it
   * stopped, so nothing is lost or published twice.
   */
  readonly dataDir?: string
  /** Wall-clock limit for the evolution phase. Default 10 minutes. */
  readonly timeoutMs?: number
  readonly onProgress?: (message: string) => void
  readonly signal?: AbortSignal
  /** Honest peers re-execute this share of others' evaluations (0 or absent: no audits). */
  readonly auditRate?: number
  /**
   * Honest peers compare fellow committee members' evaluations with their own and accuse on a
   * mismatch (free under shared minibatches; see `Auditor.crossCheck`). Default: on when audits are.
   */
  readonly crossChecks?: boolean
  /**
   * Where peer `index` publishes (the attack seam): return the ledger unchanged for an honest
   * peer, or a wrapper that lies. `authors` are every peer's keys, in peer order.
   */
  readonly ledgerFor?: (index: number, ledger: Ledger, authors: readonly string[]) => Ledger
  /** Peers that behave honestly (audit, screen, and count in results). Default: all. */
  readonly honest?: (index: number) => boolean
  /**
   * Run in lockstep (default): one peer acts at a time on a settled swarm and timers count logical
   * time, so the same seed gives the same run (see `Lockstep`). `false`: peers act as gossip
   * arrives, as a deployment does.
   */
  readonly lockstep?: boolean | LockstepOptions
  /** The model peer `index` runs (the seam for compromised backends). Default `model`. */
  readonly modelFor?: (index: number, model: LanguageModel) => LanguageModel
  /** The tasks as peer `index` holds them locally (the seam for poisoned datasets). Default `tasks`. */
  readonly tasksFor?: (index: number, tasks: readonly Task[]) => readonly Task[]
  /** Called before every round, with the power to crash, restart and partition peers (faults, attacks). */
  readonly onRound?: (control: SwarmControl) => Promise<void>
  /** Whether peer `index` takes its step in `round` (stragglers). Default: always. */
  readonly steps?: (index: number, round: number) => boolean
  /** Honest peers screen candidates (text rules) before evaluating or building on them; `probes` adds behavioural probes. Default off. */
  readonly screening?: { readonly probes?: boolean, readonly config?: ScreeningConfigInput }
}

export interface PeerOutcome {
  readonly index: number
  readonly author: string
  readonly recordDigest: string
  readonly viewDigest: string
  readonly tasks: Record<string, TaskOutcome>
}

export interface SwarmSepoResult {
  /** The honest peers' outcomes. */
  readonly peers: PeerOutcome[]
  /** Keys banned in the honest peers' (agreed) view, with reasons. */
  readonly banned: Array<{ author: string, reasons: string[] }>
  /** Accusations published by honest peers' auditors. */
  readonly accusations: number
  /** Every key accused in the honest peers' view (by anyone), sorted. */
  readonly accused: string[]
  /** Every peer's key, in peer order (attackers included). */
  readonly authors: string[]
  /** The honest peers' (agreed) archive: every candidate with its score, status and lineage. */
  readonly archive: CandidateView[]
  /** All peers hold the same records and derive the same view. */
  readonly agreement: boolean
  /** Gossip the peers originated during the run: messages (batches) and bytes, forwarding not counted. */
  readonly traffic: { readonly messages: number, readonly bytes: number }
  /** Rounds the run took, and settles that timed out (a lockstep run with none repeats exactly). */
  readonly rounds: number
  readonly unsettled: number
  /** Model use of the whole swarm (evolution and validation), not of the test-split audit. */
  readonly usage: ModelUsage
  readonly candidates: number
  readonly evolutionMs: number
  /** Test accuracy of each task's seed prompt (Manual-CoT), by the same auditor, for comparison. */
  readonly seedAccuracy: Record<string, number>
}

export const DEFAULT_DEFENCES: SwarmDefences = {
  aggregator: { kind: 'median' },
  quorum: 2,
  committee: { size: 3, backups: 2 },
  tolerance: 0.02
}

/**
 * The work of one single-peer SePO run, in order, dealt round-robin to the peers so that the
 * swarm spends the same budget: stage-1 children (tasks in turn) with the optimizer children of
 * each generation after them, then every task's stage-2 children.
 */
export function shareWork (peers: number, tasks: readonly Task[], budget: MethodBudget): WorkItem[][] {
  const all: WorkItem[] = []
  for (let g = 0; g < budget.stage1Generations; g++) {
    for (let c = 0; c < budget.childrenPerGeneration; c++) {
      all.push({ kind: 'task-child', stage: 1, task: (tasks[(g * budget.childrenPerGeneration + c) % tasks.length] as Task).id })
    }
    for (let o = 0; o < (budget.optimizerChildren ?? 1); o++) all.push({ kind: 'optimizer-child' })
  }
  for (const task of tasks) {
    for (let i = 0; i < budget.stage2Generations * budget.childrenPerGeneration; i++) all.push({ kind: 'task-child', stage: 2, task: task.id })
  }
  const shares: WorkItem[][] = Array.from({ length: peers }, () => [])
  all.forEach((item, i) => (shares[i % peers] as WorkItem[]).push(item))
  return shares
}

/**
 * Decentralized SePO on a real in-process libp2p swarm: every peer runs the engine on its
 * replicated archive, each candidate is evaluated by its committee (drawn from the peers'
 * hellos), and the view's pure rules decide scores, admission and optimizer fitness, so all
 * honest peers agree on them. At the end each peer picks its final prompts from its own view, and
 * a trusted auditor (the clean model, unmetered) scores them on the test split.
 */
export async function runSwarmSepo (options: SwarmSepoOptions): Promise<SwarmSepoResult> {
  const { tasks, budget, defences } = options
  const minibatches = defences.minibatches ?? 'shared'
  const auditRate = options.auditRate ?? 0
  const crossChecks = options.crossChecks ?? auditRate > 0
  const usage: ModelUsage = { calls: 0, promptTokens: 0, completionTokens: 0, cachedCalls: 0 }
  const swarmName = options.swarm ?? `sepo-${options.seed}`
  const peerOptions: Partial<PeerOptions> = {
    view: {
      aggregator: defences.aggregator,
      quorum: defences.quorum,
      tolerance: defences.tolerance,
      committee: defences.committee,
      minFitnessSamples: 2,
      eligible: prescribedMinibatchRule(tasks, budget.minibatchSize, minibatches),
      ...(defences.membership?.kind === 'proof-of-work' ? { membership: { kind: 'proof-of-work', swarm: swarmName, bits: defences.membership.bits } } : {})
    },
    hello: { tasks: tasks.map(t => t.id), model: options.model.id }
  }
  const honest = options.honest ?? (() => true)
  // Each peer's judge re-executes contested evaluations against its own view, once it exists.
  const peerRefs: Array<Peer | undefined> = []
  const reExecutors = Array.from({ length: options.peers }, (_, i) => new ReExecutor({ records: { get: id => peerRefs[i]?.view.get(id) }, tasks, models: options.model }))
  const judges = reExecutors.map((reExecutor, i) => new ReExecutionJudge({ swarm: swarmName, reExecutor, onVerdict: () => peerRefs[i]?.view.rejudge() }))
  const lockstepOptions = options.lockstep === false ? undefined : options.lockstep === true || options.lockstep === undefined ? {} : options.lockstep
  const gaters = new PartitionGaters()
  const swarm = await Swarm.launch({
    size: options.peers,
    swarm: swarmName,
    seed: options.seed,
    // Committees are drawn from keys: a lockstep run needs the same keys every time.
    seededIdentities: lockstepOptions !== undefined,
    ...(options.dataDir === undefined ? {} : { baseDir: options.dataDir }),
    peer: peerOptions,
    perPeer: i => ({ view: { ...(peerOptions.view as ViewConfig), judge: judges[i] as ReExecutionJudge }, connectionGater: gaters.gater(i) })
  })
  try {
    const members = swarm.members as InProcessMember[]
    const peers = members.map(m => m.peer)
    peers.forEach((p, i) => { peerRefs[i] = p })
    const authors = peers.map(p => p.author)
    // Committees are drawn from the hello authors: start once every peer knows every member.
    if (!await waitUntil(() => peers.every(p => p.view.committeePool().length === options.peers), { timeoutMs: 30_000 })) {
      throw new Error('the peers did not all see each other\'s hello within 30 s')
    }
    const control = new SwarmController(members, gaters, (i, peer) => {
      peers[i] = peer
      peerRefs[i] = peer
      workers[i] = makeWorker(i, peer)
      workers[i]?.resume()
    })
    const lockstep = lockstepOptions === undefined
      ? undefined
      : new Lockstep(() => control.groups().map(g => g.map(i => peers[i] as Peer)), judges, lockstepOptions)
    const clock = lockstep === undefined ? undefined : () => lockstep.now()
    const ledgerOf = (peer: Peer): PeerLedger => new PeerLedger(peer, clock)
    const shares = shareWork(options.peers, tasks, budget)
    const makeWorker = (i: number, peer: Peer): EvolutionWorker => {
      const model = options.modelFor?.(i, options.model) ?? options.model
      const ownTasks = options.tasksFor?.(i, tasks) ?? tasks
      const own = ledgerOf(peer)
      return new EvolutionWorker(peer, new MeteredModel(model, undefined, usage), {
        tasks: ownTasks,
        ledger: options.ledgerFor?.(i, own, authors) ?? own,
        ...(options.screening !== undefined && honest(i)
          ? { screen: new CandidateScreen({ model: options.model, ...(options.screening.config === undefined ? {} : { config: options.screening.config }) }), probe: options.screening.probes === true }
          : {}),
        ...((auditRate > 0 || crossChecks) && honest(i)
          ? { auditor: new Auditor({ reExecutor: reExecutors[i] as ReExecutor, self: peer.author, auditRate, secret: new AuditSecret(sha256(Buffer.from(`promptswarm/audit-secret/${options.seed}/${i}`))) }), crossCheck: crossChecks }
          : {}),
        work: shares[i] as WorkItem[],
        seed: `${options.seed}/peer-${i}`,
        minibatchSize: budget.minibatchSize,
        minibatches,
        selfImprovement: true,
        useArchive: true,
        optimizerSeed: BASE_OPTIMIZER_PROMPT,
        committeeSize: defences.committee.size,
        backupAfterMs: 2_000,
        childTimeoutMs: 15_000
      })
    }
    const workers = peers.map((peer, i) => makeWorker(i, peer))
    // A resumed run: each worker skips what its store shows it did (a no-op on a fresh store).
    for (const w of workers) w.resume()
    // The first peer publishes the seeds; their committees evaluate them like any candidate.
    await new Evolution(ledgerOf(peers[0] as Peer), options.model, { tasks, seed: options.seed, minibatchSize: budget.minibatchSize, selfImprovement: true, useArchive: true, optimizerSeed: BASE_OPTIMIZER_PROMPT }).seed({ evaluate: false })
    await lockstep?.settle()

    const started = Date.now()
    const deadline = started + (options.timeoutMs ?? 600_000)
    let lastReport = 0
    let rounds = 0
    const failed = new Set<number>()
    for (let round = 0; ; round++) {
      rounds = round + 1
      if (options.signal?.aborted === true) throw new Error('interrupted')
      control.round = round
      await options.onRound?.(control)
      let progressed = false
      for (const [i, w] of workers.entries()) {
        if (!control.isUp(i) || failed.has(i) || options.steps?.(i, round) === false) continue
        const before = w.peer.view.size
        let stepped: boolean
        try {
          stepped = await w.step(lockstep?.now())
        } catch (err) {
          // An honest peer's error is a bug and ends the run; an attacker's (a record its own
          // corruption made unpublishable) only stops that attacker.
          if (honest(i)) throw err
          failed.add(i)
          options.onProgress?.(`peer ${i} (an attacker) stopped: ${(err as Error).message}`)
          continue
        }
        if (stepped) {
          progressed = true
          // One peer acts at a time on a settled swarm (see Lockstep); a step that published
          // nothing (a consistent audit) changed nobody's view.
          if (w.peer.view.size !== before || judges.some(j => j.busy)) await lockstep?.settle()
        }
      }
      lockstep?.tick()
      // The run ends when the honest peers are done: an attacker whose children nobody will
      // evaluate (e.g. screened out) must not hold the swarm hostage.
      const finished = workers.every((w, i) => !honest(i) || !control.isUp(i) || ((w.finishedOwnWork || w.budgetExhausted) && w.duties(lockstep?.now()).length === 0))
      const up = peers.filter((_, i) => control.isUp(i))
      if (finished && control.groups().length === 1) {
        if (new Set(up.map(p => p.view.recordDigest())).size === 1) break
        // Done, but some records missed gossip (a graylisted or banned sender): sync now.
        lockstep?.nudge()
      }
      if (Date.now() > deadline) throw new Error(`swarm evolution did not finish within ${options.timeoutMs ?? 600_000} ms`)
      if (Date.now() - lastReport > 2_000) {
        lastReport = Date.now()
        options.onProgress?.(`${peers[0]?.view.candidates().length ?? 0} candidates, ${usage.calls} model calls, ${workers.filter(w => w.finishedOwnWork).length}/${workers.length} peers done with their share`)
      }
      // Lockstep time is logical: an idle round only yields to the event loop (so gossip and
      // sync go on). Otherwise give gossip a moment.
      if (!progressed) await new Promise(resolve => (lockstep === undefined ? setTimeout(resolve, 5) : setImmediate(resolve)))
    }
    const evolutionMs = Date.now() - started

    // Each peer picks from its own view; peers with identical views pick identically, so the
    // selection runs once per distinct view.
    const selection = new MeteredModel(options.model, undefined, usage)
    const byDigest = new Map<string, Record<string, TaskOutcome>>()
    const outcomes: PeerOutcome[] = []
    for (const [index, peer] of peers.entries()) {
      if (!honest(index) || !control.isUp(index)) continue
      const digest = peer.view.digest()
      let chosen = byDigest.get(digest)
      if (chosen === undefined) {
        chosen = {}
        const worker = workers[index] as EvolutionWorker
        for (const task of tasks) chosen[task.id] = await selectFinalPrompt(peer.view, task, selection, options.model, budget.finalists, budget, c => worker.refuses(c))
        byDigest.set(digest, chosen)
      }
      outcomes.push({ index, author: peer.author, recordDigest: peer.view.recordDigest(), viewDigest: digest, tasks: chosen })
    }
    const seedAccuracy: Record<string, number> = {}
    for (const task of tasks) {
      seedAccuracy[task.id] = (await new TaskAgent(options.model).evaluate(task, task.seedPrompt, task.splits.test, { repeats: budget.testRepeats ?? 8 })).score
    }
    const reference = peers[outcomes[0]?.index ?? 0] as Peer
    return {
      peers: outcomes,
      banned: reference.view.banned(),
      accusations: workers.reduce((a, w) => a + w.accusations, 0),
      accused: [...new Set(reference.view.accusationViews().map(a => a.accused))].sort(),
      authors,
      archive: reference.view.candidates(),
      seedAccuracy,
      agreement: new Set(outcomes.map(o => o.viewDigest)).size === 1 && new Set(outcomes.map(o => o.recordDigest)).size === 1,
      usage: { ...usage },
      candidates: peers[0]?.view.candidates().length ?? 0,
      evolutionMs,
      traffic: peers.reduce((t, p) => ({ messages: t.messages + p.publishedTraffic.messages, bytes: t.bytes + p.publishedTraffic.bytes }), { messages: 0, bytes: 0 }),
      rounds,
      unsettled: lockstep?.unsettled ?? 0
    }
  } finally {
    await swarm.stop()
  }
}
