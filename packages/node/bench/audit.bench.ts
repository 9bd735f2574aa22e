/**
 * Audit benchmark (issue 5): how likely a lying evaluator is caught within one round, how many
 * rounds it takes, and what auditing costs in model calls, for audit rates 0.05 to 1.
 *
 * A simulated swarm on the synthetic model: 8 evaluators with their own keys; each round an author
 * publishes 8 children (4 math, 4 gpqa) of two seeds, each evaluated by a committee of 3 through
 * the real `Evolution.evaluate` (minibatch 16, with the parent's baseline). Two evaluators lie on
 * half of their evaluations: the blatant liar reports every outcome as 1; the subtle liar lowers
 * two of the parent's baseline outcomes (a child then looks 1/8 better than it is). The six honest
 * peers each run an `Auditor` (own secret, sample 8 items) over every other peer's evaluations;
 * every accusation is then judged by a `ReExecutionJudge`.
 *
 * The rounds are generated once and audited at every rate, with the same secrets (common random
 * numbers). Run: `npx tsc -b && npx tsc -p packages/node/bench && node packages/node/bench/dist/audit.bench.js`
 * (BENCH_ROUNDS=n to change the 200 rounds; about a minute on one core).
 */
import '@promptswarm/node/polyfill'
import { availableParallelism, cpus, loadavg } from 'node:os'
import {
  ArchiveView, committeeOf, keyPairFromSeed, sha256, toHex,
  type AccusationRecord, type CandidateRecord, type EvaluationRecord, type ProtocolRecord, type VerifiedRecord, type ViewConfig
} from '@promptswarm/protocol'
import {
  Auditor, AuditSecret, Evolution, LocalLedger, MeteredModel, ReExecutionJudge, ReExecutor, Rng, SyntheticModel, allTasks,
  type Ledger, type RecordBody, type Task
} from '@promptswarm/node'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)
const RATES = [0.05, 0.1, 0.2, 0.5, 1]
const SWARM = 'bench-audit'
const PEERS = 8
const COMMITTEE = 3
const CHILDREN_PER_TASK = 4
const MINIBATCH = 16
const SAMPLE = 8
const LIE_FRACTION = 0.5
const BLATANT = 6
const SUBTLE = 7
const HONEST = [0, 1, 2, 3, 4, 5]
const VIEW: ViewConfig = { aggregator: { kind: 'median' }, quorum: 3, tolerance: 0.02 }

const model = new SyntheticModel({ profile: 'synthetic:small' })
const tasks = [allTasks().get('math'), allTasks().get('gpqa')] as Task[]

type Liar = 'blatant' | 'subtle'

interface Lie {
  readonly liar: Liar
  /** Values the lie changed (outcomes or baseline), out of the minibatch. */
  readonly changed: number
}

interface Round {
  readonly evaluations: Array<VerifiedRecord<EvaluationRecord>>
  /** Evaluation id -> the lie it carries, when it changed something. */
  readonly lies: Map<string, Lie>
}

const keyOf = (name: string): ReturnType<typeof keyPairFromSeed> => keyPairFromSeed(sha256(new TextEncoder().encode(`bench-audit/${name}`)))

/** Rewrites evaluations before signing: the liar's own randomness decides which ones. */
class LyingLedger implements Ledger {
  lastLie: Lie | undefined
  constructor (private readonly inner: LocalLedger, private readonly kind: Liar, private readonly rng: Rng) {}
  get view (): LocalLedger['view'] { return this.inner.view }
  get author (): Uint8Array { return this.inner.author }
  async publish<R extends ProtocolRecord> (body: RecordBody<R>): Promise<VerifiedRecord<R>> {
    this.lastLie = undefined
    if (body.kind !== 'evaluation' || this.rng.next() >= LIE_FRACTION) return await this.inner.publish(body)
    const e = body as RecordBody<EvaluationRecord>
    let outcomes = [...e.outcomes]
    const baseline = [...e.baseline]
    let changed = 0
    if (this.kind === 'blatant') {
      changed = outcomes.filter(x => x !== 1).length
      outcomes = outcomes.map(() => 1)
    } else {
      const ones = baseline.flatMap((x, i) => (x === 1 ? [i] : []))
      for (const i of this.rng.shuffle(ones).slice(0, 2)) { baseline[i] = 0; changed++ }
    }
    if (changed > 0) this.lastLie = { liar: this.kind, changed }
    const score = outcomes.reduce((a, b) => a + b, 0) / outcomes.length
    return await this.inner.publish({ ...e, outcomes, score, baseline } as unknown as RecordBody<R>)
  }
}

async function generate (): Promise<{ rounds: Round[], observer: ArchiveView, peers: LocalLedger[], evaluationCalls: number[] }> {
  const author = new LocalLedger({ swarm: SWARM, keys: keyOf('author'), view: VIEW })
  const peers = Array.from({ length: PEERS }, (_, p) => new LocalLedger({ swarm: SWARM, keys: keyOf(`peer-${p}`), view: VIEW }))
  const observer = new ArchiveView(VIEW)
  const share = (signed: VerifiedRecord): void => { observer.add(signed); for (const p of peers) p.view.add(signed) }
  const metered = peers.map(() => new MeteredModel(model))
  const liars = new Map<number, LyingLedger>([
    [BLATANT, new LyingLedger(peers[BLATANT] as LocalLedger, 'blatant', Rng.from('bench-audit', 'liar', BLATANT))],
    [SUBTLE, new LyingLedger(peers[SUBTLE] as LocalLedger, 'subtle', Rng.from('bench-audit', 'liar', SUBTLE))]
  ])
  const engines = peers.map((ledger, p) => new Evolution(liars.get(p) ?? ledger, metered[p] as MeteredModel, {
    tasks, seed: `peer-${p}`, minibatchSize: MINIBATCH, selfImprovement: false, useArchive: true, optimizerSeed: 'unused'
  }))
  const pool = peers.map(p => toHex(p.author))
  const seeds = new Map<string, VerifiedRecord<CandidateRecord>>()
  for (const task of tasks) {
    const seed = await author.publish<CandidateRecord>({ kind: 'candidate', role: 'task', task: task.id, text: task.seedPrompt, parent: null, optimizer: null })
    share(seed)
    seeds.set(task.id, seed)
  }
  const directives = [
    'Verify your answer before you commit to it.', 'Break the problem into smaller steps.', 'Read the question carefully.',
    'Consider edge cases first.', 'Be concise.', 'You are an expert in this field.', 'Eliminate clearly wrong options first.'
  ]
  const rounds: Round[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const round: Round = { evaluations: [], lies: new Map() }
    for (const task of tasks) {
      for (let c = 0; c < CHILDREN_PER_TASK; c++) {
        const seed = seeds.get(task.id) as VerifiedRecord<CandidateRecord>
        const text = `${task.seedPrompt}\n${directives[(r + c) % directives.length] as string} ${directives[(3 * r + 5 * c + 1) % directives.length] as string}\n(round ${r}, child ${c})`
        const child = await author.publish<CandidateRecord>({ kind: 'candidate', role: 'task', task: task.id, text, parent: seed.id, optimizer: null })
        share(child)
        for (const member of committeeOf(child.idHex, toHex(author.author), pool, { size: COMMITTEE })) {
          const p = pool.indexOf(member)
          const evaluation = await (engines[p] as Evolution).evaluate(child.idHex)
          round.evaluations.push(evaluation)
          const lie = liars.get(p)?.lastLie
          if (lie !== undefined) round.lies.set(evaluation.idHex, lie)
        }
      }
    }
    rounds.push(round)
  }
  return { rounds, observer, peers, evaluationCalls: metered.map(m => m.usage.calls) }
}

interface RateResult {
  readonly rate: number
  /** Per liar, per round: detected in that round. */
  readonly detected: Record<Liar, boolean[]>
  readonly auditCalls: number
  readonly accusations: Array<VerifiedRecord<AccusationRecord>>
  readonly falseAccusations: number
  readonly proven: number
  readonly judgeCalls: number
  readonly seconds: number
}

/**
 * Audits every round at `rate`. With `crossCheck`, an honest committee member first compares each
 * fellow member's evaluation with its own (shared minibatches: the same items), which costs no
 * model call; the secret draw then decides only about evaluations it could not compare.
 */
async function auditAt (rate: number, rounds: Round[], observer: ArchiveView, peers: LocalLedger[], crossCheck = false): Promise<RateResult> {
  const started = process.hrtime.bigint()
  const liarKeys = new Map<string, Liar>([[toHex((peers[BLATANT] as LocalLedger).author), 'blatant'], [toHex((peers[SUBTLE] as LocalLedger).author), 'subtle']])
  const auditors = HONEST.map(p => new Auditor({
    reExecutor: new ReExecutor({ records: observer, tasks, models: model }),
    self: toHex((peers[p] as LocalLedger).author),
    auditRate: rate,
    sampleSize: SAMPLE,
    // The same secret at every rate: the rates then differ only by their threshold.
    secret: new AuditSecret(sha256(new TextEncoder().encode(`bench-audit/secret/${p}`)))
  }))
  const detected: Record<Liar, boolean[]> = { blatant: [], subtle: [] }
  const accusations: Array<VerifiedRecord<AccusationRecord>> = []
  // Accusations are signed by throwaway copies of the honest keys, so the generated ledgers stay as they were.
  const signers = HONEST.map(p => new LocalLedger({ swarm: SWARM, keys: keyOf(`peer-${p}`), view: VIEW, clock: seq => 1_000_000 + seq }))
  let falseAccusations = 0
  for (const round of rounds) {
    const caught = new Set<Liar>()
    const own = new Map(round.evaluations.map(e => [`${toHex(e.record.candidate)}/${e.authorHex}`, e.record]))
    for (const [a, auditor] of auditors.entries()) {
      const self = toHex((peers[HONEST[a] as number] as LocalLedger).author)
      for (const evaluation of round.evaluations) {
        const mine = crossCheck ? own.get(`${toHex(evaluation.record.candidate)}/${self}`) : undefined
        const checked = mine === undefined ? undefined : auditor.crossCheck(evaluation, mine)
        if (checked?.kind === 'consistent') continue
        const outcome = checked?.kind === 'mismatch' ? checked : await auditor.consider(evaluation)
        if (outcome.kind !== 'mismatch') continue
        const liar = liarKeys.get(outcome.accused)
        if (liar === undefined) falseAccusations++
        else caught.add(liar)
        accusations.push(await (signers[a] as LocalLedger).publish<AccusationRecord>(outcome.accusation))
      }
    }
    detected.blatant.push(caught.has('blatant'))
    detected.subtle.push(caught.has('subtle'))
  }
  const judge = new ReExecutionJudge({ swarm: SWARM, reExecutor: new ReExecutor({ records: observer, tasks, models: model }) })
  for (const a of accusations) judge.judge(a)
  await judge.settled()
  const proven = accusations.filter(a => judge.decision(a.idHex)?.verdict === 'proven').length
  return {
    rate,
    detected,
    auditCalls: auditors.reduce((sum, a) => sum + a.stats.modelCalls, 0),
    accusations,
    falseAccusations,
    proven,
    judgeCalls: judge.stats.modelCalls,
    seconds: Number(process.hrtime.bigint() - started) / 1e9
  }
}

/** Mean rounds until the first detection, starting at every round in turn (the rounds wrap around). */
function meanRoundsToDetection (hits: readonly boolean[]): number | undefined {
  if (!hits.includes(true)) return undefined
  let total = 0
  for (let start = 0; start < hits.length; start++) {
    let k = 0
    while (hits[(start + k) % hits.length] !== true) k++
    total += k + 1
  }
  return total / hits.length
}

/** A sample of `s` items out of `n` misses all `c` changed ones with probability C(n-c, s) / C(n, s). */
function catchProbability (n: number, s: number, c: number): number {
  let miss = 1
  for (let i = 0; i < s; i++) miss *= Math.max(0, n - c - i) / (n - i)
  return 1 - miss
}

/** Expected detection in one round: each lie escapes each honest auditor with probability 1 - rate * q. */
function analytic (rate: number, round: Round, liar: Liar): { full: number, simple: number, lies: number } {
  let escape = 1
  let lies = 0
  for (const lie of round.lies.values()) {
    if (lie.liar !== liar) continue
    lies++
    escape *= (1 - rate * catchProbability(MINIBATCH, SAMPLE, lie.changed)) ** HONEST.length
  }
  return { full: 1 - escape, simple: 1 - (1 - rate) ** (HONEST.length * lies), lies }
}

/** A Markdown table; the first `left` columns are labels, the rest numbers (right-aligned). */
function table (header: readonly string[], rows: ReadonlyArray<readonly string[]>, left = 1): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map(r => (r[c] as string).length)))
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, c) => c < left ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)).join(' | ')} |`
  return [line(header), `|${widths.map((w, c) => c < left ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`).join('|')}|`, ...rows.map(line)].join('\n')
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`

async function main (): Promise<void> {
  console.log(`audit benchmark: ${ROUNDS} rounds; ${PEERS} evaluators (${HONEST.length} honest auditors, 1 blatant and 1 subtle liar lying on ${pct(LIE_FRACTION)} of their evaluations);`)
  console.log(`${CHILDREN_PER_TASK * tasks.length} children per round, committees of ${COMMITTEE}, minibatch ${MINIBATCH}, audit sample ${SAMPLE}; model ${model.id} (${model.label})`)
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores, load ${loadavg().map(l => l.toFixed(2)).join(' ')}, node ${process.version}`)
  const t0 = process.hrtime.bigint()
  const { rounds, observer, peers, evaluationCalls } = await generate()
  const honestEvaluationCalls = HONEST.reduce((sum, p) => sum + (evaluationCalls[p] as number), 0)
  const lies = { blatant: rounds.map(r => analytic(0, r, 'blatant').lies), subtle: rounds.map(r => analytic(0, r, 'subtle').lies) }
  console.log(`generated ${rounds.reduce((n, r) => n + r.evaluations.length, 0)} signed evaluations (${honestEvaluationCalls} model calls by honest peers) in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s;`)
  console.log(`lies that changed a value, per round: blatant ${mean(lies.blatant).toFixed(2)}, subtle ${mean(lies.subtle).toFixed(2)}\n`)

  const rows: string[][] = []
  const costRows: string[][] = []
  const configs = [...RATES.map(rate => ({ rate, crossCheck: false })), { rate: 0, crossCheck: true }, { rate: 0.1, crossCheck: true }]
  for (const { rate, crossCheck } of configs) {
    const result = await auditAt(rate, rounds, observer, peers, crossCheck)
    const label = crossCheck ? `${rate} + cross-checks` : String(rate)
    for (const liar of ['blatant', 'subtle'] as const) {
      const hits = result.detected[liar]
      const measured = mean(hits.map(h => (h ? 1 : 0)))
      const expected = rounds.map(r => analytic(rate, r, liar))
      const waiting = meanRoundsToDetection(hits)
      const liedRounds = expected.flatMap((e, i) => (e.lies > 0 ? [i] : []))
      // The analytic expectation describes the secret draw alone, not cross-checks.
      const formula = (x: string): string => (crossCheck ? '-' : x)
      rows.push([
        label, liar, pct(liedRounds.length / ROUNDS),
        pct(measured), formula(pct(mean(expected.map(e => e.full)))),
        pct(mean(liedRounds.map(i => (hits[i] === true ? 1 : 0)))), formula(pct(mean(liedRounds.map(i => (expected[i] as { full: number }).full)))),
        formula(pct(mean(expected.map(e => e.simple)))),
        waiting === undefined ? `> ${ROUNDS}` : waiting.toFixed(2)
      ])
    }
    const perPeer = honestEvaluationCalls / HONEST.length
    costRows.push([
      label,
      (perPeer / ROUNDS).toFixed(1),
      (result.auditCalls / HONEST.length / ROUNDS).toFixed(1),
      (result.auditCalls / honestEvaluationCalls).toFixed(3),
      (result.judgeCalls / ROUNDS).toFixed(1),
      ((result.auditCalls / HONEST.length + result.judgeCalls) / perPeer).toFixed(3),
      String(result.accusations.length),
      `${result.proven}/${result.accusations.length}`,
      String(result.falseAccusations),
      result.accusations.length === 0 ? '-' : (result.judgeCalls / result.accusations.length).toFixed(1),
      `${result.seconds.toFixed(1)} s`
    ])
  }
  console.log('Detection per liar, measured over the rounds. Expected: each lie escapes each of the 6 honest auditors with probability')
  console.log('1 - rate * q, q = the chance that the 8-item sample hits a value the lie changed; the last expectation takes q = 1.\n')
  console.log(table(['rate', 'liar', 'rounds it lied in', 'P(caught in a round)', 'expected', 'P(caught in a round it lied in)', 'expected', '1 - (1 - rate)^(6 lies)', 'mean rounds to detection'], rows, 2))
  console.log('\nCost in model calls per honest peer and round. Every peer judges every accusation (its view asks); the judge here has a')
  console.log('fresh cache, so this is the most it costs: a peer whose judge shares its auditor\'s re-executor pays less.\n')
  console.log(table(['rate', 'evaluation', 'audit', 'audit / evaluation', 'judge', '(audit + judge) / evaluation', 'accusations', 'proven', 'against honest', 'judge calls / accusation', 'audit + judge time'], costRows))
}

await main()
