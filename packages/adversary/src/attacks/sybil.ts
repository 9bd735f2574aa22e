import { scoreOf, toHex, type ArchiveView, type EvaluationRecord, type HelloRecord, type VerifiedRecord } from '@promptswarm/protocol'
import { allTasks, isTaskId, minibatch, minibatchKey, peerIdOfAuthor, type Attack, type AttackContext, type AttackFactory, type Ledger, type MinibatchPolicy, type Peer, type SwarmControl } from '@promptswarm/node'
import { countParam } from '../attack-params.js'
import { colluderKeys, inLineage } from '../colluders.js'
import { INTENSITY, intensityParam } from '../params.js'
import { rewriteEvaluations, toward } from '../rewrite-evaluations.js'
import { forgeIdentities, payIdentityWork, relay, type ForgedIdentity } from '../sybil-identities.js'

export interface SybilStats {
  /** Identities made up, and how many of them carried identity work the swarm accepts. */
  identities: number
  paidFor: number
  /** Hashes spent on identity work. */
  hashes: number
  /** Evaluations published under made-up identities. */
  evaluations: number
}

export interface SybilAttack extends Attack {
  readonly stats: SybilStats
}

/** One attacker peer's made-up identities in one run. */
interface Host {
  readonly identities: readonly ForgedIdentity[]
  /** Set once the peer's attacked ledger is used (after `startAfter`): the Sybils join then. */
  active: boolean
  joined: boolean
  /** The relay failed (the peer is banned or cut off): the identities go quiet. */
  silent: boolean
  /** `candidate/identity` pairs already evaluated. */
  readonly evaluated: Set<string>
}

/**
 * One adversary behind many identities. Each attacker peer runs honestly underneath and makes up
 * `identities` more keys, announces them with hellos (paying for identity work out of
 * `workBudget` hashes when the swarm's membership costs work), and, wherever one of them or the
 * peer itself lands on a committee (any seat, backups included), evaluates without running the
 * model: candidates of the attackers' lineage (written by an attacker peer, or descending from
 * one) get high outcomes and a low parent baseline, all others the reverse.
 *
 * In an open swarm every hello is a member, so the adversary's share of committee seats grows
 * with the identities it announces. A proof of work per identity (`defences.membership`) makes
 * each one cost `2^bits` hashes: beyond its budget the adversary's extra keys are outsiders that
 * sit on no committee. A median needs a majority of a committee's counted evaluations to move.
 */
export const sybil = {
  name: 'sybil',
  summary: 'each attacker peer fronts made-up identities that take committee seats and inflate the attackers\' lineage',
  params: {
    identities: 'made-up identities per attacker peer, 0 to 64; default 4',
    workBudget: 'hashes each attacker peer spends on its identities\' proof of work when membership costs work; default 65536',
    intensity: INTENSITY
  },
  create (params): SybilAttack {
    const count = countParam(params, 'identities', { min: 0, max: 64, fallback: 4 })
    const workBudget = countParam(params, 'workBudget', { min: 0, max: 2 ** 40, fallback: 65_536 })
    const intensity = intensityParam(params)
    const stats: SybilStats = { identities: 0, paidFor: 0, hashes: 0, evaluations: 0 }
    // Per run: keyed by the attacker peer's view, which `wrap` and `onRound` both reach.
    const hosts = new WeakMap<ArchiveView, Host>()
    const lie = (view: ArchiveView, lineage: ReadonlySet<string>, candidate: string, n: number, withBaseline: boolean): Pick<EvaluationRecord, 'outcomes' | 'baseline'> => {
      const up = inLineage(view, candidate, lineage)
      return { outcomes: Array.from({ length: n }, () => (up ? 1 : 0)), baseline: withBaseline ? Array.from({ length: n }, () => (up ? 0 : 1)) : [] }
    }
    return {
      name: 'sybil',
      stats,
      wrap (index: number, ledger: Ledger, authors: readonly string[], context: AttackContext): Ledger {
        const host: Host = { identities: forgeIdentities(context.seed, index, count), active: false, joined: false, silent: false, evaluated: new Set() }
        hosts.set(ledger.view, host)
        const lineage = colluderKeys(authors, context.attackers)
        const lying = rewriteEvaluations(ledger, body => {
          const lied = lie(ledger.view, lineage, toHex(body.candidate), body.outcomes.length, body.baseline.length > 0)
          return {
            outcomes: body.outcomes.map((o, i) => toward(o, lied.outcomes[i] as number, intensity)),
            baseline: body.baseline.map((o, i) => toward(o, lied.baseline[i] as number, intensity))
          }
        })
        return {
          view: ledger.view,
          author: ledger.author,
          publish: async (body) => {
            host.active = true
            return await lying.publish(body)
          }
        }
      },
      async onRound (index: number, control: SwarmControl, context: AttackContext): Promise<void> {
        if (!control.isUp(index)) return
        const peer = control.peer(index)
        const host = hosts.get(peer.view)
        if (host === undefined || !host.active || host.silent || intensity === 0) return
        const swarm = peer.options.swarm
        const time = control.round * 100
        if (!host.joined) {
          host.joined = true
          stats.identities += host.identities.length
          stats.hashes += payIdentityWork(host.identities, peer.view.config.membership, workBudget)
          stats.paidFor += host.identities.filter(i => i.nonce !== undefined).length
          const own = peer.view.peers().find(h => toHex(h.author) === peer.author)
          const hellos = host.identities.map(identity => identity.sign<HelloRecord>({
            kind: 'hello', peerId: peerIdOfAuthor(identity.key), tasks: [...(own?.tasks ?? [])], model: own?.model ?? 'unspecified', addresses: [], time,
            ...(identity.nonce === undefined ? {} : { identityNonce: identity.nonce })
          }, swarm))
          if (!await relay(peer, control, hellos)) { host.silent = true; return }
        }
        const lineage = new Set(context.attackers.filter(i => i < control.size).map(i => control.peer(i).author))
        const evaluations = sybilEvaluations(peer, host, lineage, time, swarm, lie)
        stats.evaluations += evaluations.length
        if (!await relay(peer, control, evaluations)) host.silent = true
      }
    }
  }
} satisfies AttackFactory

/** Evaluations due from the host's identities: every seat one of them holds on a task candidate's committee, once. */
function sybilEvaluations (
  peer: Peer, host: Host, lineage: ReadonlySet<string>, time: number, swarm: string,
  lie: (view: ArchiveView, lineage: ReadonlySet<string>, candidate: string, n: number, withBaseline: boolean) => Pick<EvaluationRecord, 'outcomes' | 'baseline'>
): Array<VerifiedRecord<EvaluationRecord>> {
  const view = peer.view
  const own = view.peers().find(h => toHex(h.author) === peer.author)
  const byKey = new Map(host.identities.map(i => [i.key, i]))
  const rules = batchRules(view)
  const out: Array<VerifiedRecord<EvaluationRecord>> = []
  for (const id of [...view.ids()].sort()) {
    const signed = view.get(id)
    if (signed?.record.kind !== 'candidate' || signed.record.role !== 'task') continue
    const status = view.status(id)
    if (status === 'banned' || status === 'outsider') continue
    const task = isTaskId(signed.record.task) ? allTasks().get(signed.record.task) : undefined
    const rule = rules.get(signed.record.task)
    if (task === undefined || rule === undefined) continue
    for (const member of view.committee(id)) {
      const identity = byKey.get(member)
      if (identity === undefined || host.evaluated.has(`${id}/${member}`)) continue
      host.evaluated.add(`${id}/${member}`)
      // The items its seat prescribes, so the evaluation counts: anyone can compute them.
      const items = minibatch(task.splits.train, minibatchKey(id, member, rule.policy), rule.size).map(item => item.id)
      const { outcomes, baseline } = lie(view, lineage, id, items.length, signed.record.parent !== null)
      out.push(identity.sign<EvaluationRecord>({
        kind: 'evaluation', candidate: signed.id, items, outcomes, score: scoreOf(outcomes), baseline,
        model: own?.model ?? 'unspecified', usage: { promptTokens: 150 * items.length, completionTokens: 60 * items.length }, time
      }, swarm))
    }
  }
  return out
}

/**
 * The minibatch rule per task, read off evaluations already in the archive (the swarm's budget is
 * not announced): the size, and whether a committee shares one minibatch per candidate (an
 * evaluation's items are then exactly the candidate's own minibatch).
 */
function batchRules (view: ArchiveView): Map<string, { size: number, policy: MinibatchPolicy }> {
  const rules = new Map<string, { size: number, policy: MinibatchPolicy }>()
  for (const id of view.ids()) {
    const signed = view.get(id)
    if (signed?.record.kind !== 'evaluation') continue
    const candidateId = toHex(signed.record.candidate)
    const candidate = view.get(candidateId)
    if (candidate?.record.kind !== 'candidate' || rules.has(candidate.record.task)) continue
    const task = isTaskId(candidate.record.task) ? allTasks().get(candidate.record.task) : undefined
    if (task === undefined) continue
    const items = signed.record.items
    const shared = minibatch(task.splits.train, minibatchKey(candidateId, signed.authorHex, 'shared'), items.length)
    const policy = shared.every((item, i) => item.id === items[i]) ? 'shared' : 'per-evaluator'
    rules.set(candidate.record.task, { size: items.length, policy })
  }
  return rules
}
