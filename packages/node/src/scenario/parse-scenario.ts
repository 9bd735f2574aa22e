import { readFile } from 'node:fs/promises'
import { AGGREGATOR_KINDS, MAX_IDENTITY_WORK_BITS, MIN_IDENTITY_WORK_BITS, type AggregatorSpec } from '@promptswarm/protocol'
import type { MethodBudget } from '../evolution/methods.js'
import { isMinibatchPolicy, MINIBATCH_POLICIES, type MinibatchPolicy } from '../evolution/minibatch.js'
import type { SwarmDefences } from '../swarm-evolution/swarm-sepo.js'
import { createModel } from '../model/registry.js'
import { isTaskId, TASK_IDS, type TaskId } from '../tasks/index.js'
import { AttackParamError, type AttackCatalog } from './attack.js'
import type { AttackerGroup, Scenario } from './scenario.js'
import { ScenarioError, type FieldPath } from './scenario-error.js'
import { readYamlSource } from './yaml-source.js'

/** Throws an error for the field at `path`; never returns. */
export type Fail = (path: FieldPath, reason: string) => never
type Fields = Record<string, unknown>

const TOP_FIELDS = ['name', 'description', 'model', 'tasks', 'seeds', 'budget', 'swarm', 'defences', 'timeoutSeconds']
const BUDGET_FIELDS = ['stage1', 'stage2', 'children', 'optimizerChildren', 'minibatch', 'finalists', 'validationRepeats', 'testRepeats']
const SWARM_FIELDS = ['peers', 'attackers']
const ATTACKER_FIELDS = ['attack', 'share', 'peers', 'startAfter', 'params']
const DEFENCE_FIELDS = ['aggregator', 'quorum', 'committee', 'backups', 'tolerance', 'minibatches', 'auditRate', 'crossChecks', 'membership', 'screening']

/** Reads and validates a scenario file; throws `ScenarioError` naming the file, line and field. */
export async function loadScenario (file: string, attacks: AttackCatalog): Promise<Scenario> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new ScenarioError(file, 0, '', `cannot read the file: ${(err as Error).message}`)
  }
  return parseScenario(text, file, attacks)
}

/** Validates a scenario's YAML text. `file` names it in errors. Pure apart from model-spec checks. */
export function parseScenario (text: string, file: string, attacks: AttackCatalog): Scenario {
  const { fields, fail } = readYamlSource(text, file)
  return scenarioFromFields(fields, file, attacks, fail)
}

/**
 * Validates a scenario given as plain fields (a parsed YAML document). `fail` places each error:
 * a sweep derives scenarios from a base file and its own overrides, and points every error at the
 * file and line that set the field.
 */
export function scenarioFromFields (fields: unknown, file: string, attacks: AttackCatalog, fail: Fail): Scenario {
  const root = record(fields, [], fail, TOP_FIELDS)

  const name = optionalString(root, 'name', [], fail) ?? file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '')
  const description = (optionalString(root, 'description', [], fail) ?? '').trim()
  const model = optionalString(root, 'model', [], fail) ?? 'synthetic:small'
  try {
    createModel(model)
  } catch (err) {
    fail(['model'], (err as Error).message)
  }
  const tasks = taskList(root.tasks, fail)
  const seeds = seedList(root.seeds, fail)
  const budget = parseBudget(root.budget, fail)

  const swarm = record(root.swarm ?? {}, ['swarm'], fail, SWARM_FIELDS)
  const peers = integer(swarm, 'peers', ['swarm'], fail, { min: 2, max: 64, fallback: 8 })
  const defencesIn = record(root.defences ?? {}, ['defences'], fail, DEFENCE_FIELDS)
  const committee = integer(defencesIn, 'committee', ['defences'], fail, { min: 1, max: peers - 1, fallback: Math.min(3, peers - 1) })
  const quorum = integer(defencesIn, 'quorum', ['defences'], fail, { min: 1, max: committee, fallback: Math.min(2, committee) })
  const defences = {
    aggregator: parseAggregator(defencesIn.aggregator, fail),
    quorum,
    committee: { size: committee, backups: integer(defencesIn, 'backups', ['defences'], fail, { min: 0, max: 16, fallback: 2 }) },
    tolerance: number(defencesIn, 'tolerance', ['defences'], fail, { min: 0, max: 1, fallback: 0.02 }),
    minibatches: parseMinibatches(defencesIn.minibatches, fail),
    ...parseMembership(defencesIn.membership, fail)
  }
  const auditRate = number(defencesIn, 'auditRate', ['defences'], fail, { min: 0, max: 1, fallback: 0 })
  const crossChecks = defencesIn.crossChecks ?? auditRate > 0
  if (typeof crossChecks !== 'boolean') fail(['defences', 'crossChecks'], `must be true or false, got ${JSON.stringify(crossChecks)}`)
  const screening = parseScreening(defencesIn.screening, fail)
  const attackers = parseAttackers(swarm.attackers, peers, attacks, fail)
  const timeoutMs = number(root, 'timeoutSeconds', [], fail, { min: 1, max: 86_400, fallback: 600 }) * 1000
  return { file, name, description, model, tasks, seeds, budget, peers, attackers, defences, auditRate, crossChecks, timeoutMs, ...(screening === undefined ? {} : { screening }) }
}

/** `screening: off` (the default), `rules` (size, growth, edit distance, clause detector) or `probes` (rules plus behavioural backdoor probes). */
function parseScreening (value: unknown, fail: Fail): Scenario['screening'] {
  if (value === undefined || value === 'off') return undefined
  if (value === 'rules') return { probes: false }
  if (value === 'probes') return { probes: true }
  return fail(['defences', 'screening'], `unknown screening ${JSON.stringify(value)}; expected off, rules or probes`)
}

/** `minibatches: shared` (the default: one per candidate for its committee) or `per-evaluator`. */
function parseMinibatches (value: unknown, fail: Fail): MinibatchPolicy {
  if (value === undefined) return 'shared'
  if (isMinibatchPolicy(value)) return value
  return fail(['defences', 'minibatches'], `unknown minibatches ${JSON.stringify(value)}; expected ${MINIBATCH_POLICIES.join(' or ')}`)
}

function parseBudget (value: unknown, fail: Fail): MethodBudget {
  const at = ['budget']
  const b = record(value ?? {}, at, fail, BUDGET_FIELDS)
  return {
    stage1Generations: integer(b, 'stage1', at, fail, { min: 0, max: 1000, fallback: 4 }),
    stage2Generations: integer(b, 'stage2', at, fail, { min: 0, max: 1000, fallback: 1 }),
    childrenPerGeneration: integer(b, 'children', at, fail, { min: 1, max: 100, fallback: 5 }),
    optimizerChildren: integer(b, 'optimizerChildren', at, fail, { min: 0, max: 100, fallback: 1 }),
    minibatchSize: integer(b, 'minibatch', at, fail, { min: 1, max: 10_000, fallback: 16 }),
    finalists: integer(b, 'finalists', at, fail, { min: 1, max: 100, fallback: 2 }),
    validationRepeats: integer(b, 'validationRepeats', at, fail, { min: 1, max: 100, fallback: 1 }),
    testRepeats: integer(b, 'testRepeats', at, fail, { min: 1, max: 100, fallback: 2 })
  }
}

function parseAggregator (value: unknown, fail: Fail): AggregatorSpec {
  const at = ['defences', 'aggregator']
  if (value === undefined) return { kind: 'median' }
  const spec = typeof value === 'string' ? { kind: value } : record(value, at, fail, ['kind', 'trim', 'kappa'])
  const kind = spec.kind
  if (typeof kind !== 'string' || !(AGGREGATOR_KINDS as readonly string[]).includes(kind)) {
    fail(typeof value === 'string' ? at : [...at, 'kind'], `unknown aggregator ${JSON.stringify(kind)}; expected one of ${AGGREGATOR_KINDS.join(', ')}`)
  }
  switch (kind) {
    case 'trimmed-mean':
    case 'winsorized-mean':
      return { kind, trim: number(spec, 'trim', at, fail, { min: 0, max: 0.49, fallback: 0.2 }) }
    case 'consensus-clipping':
      return { kind, kappa: number(spec, 'kappa', at, fail, { min: 0, max: 10, fallback: 0.5 }) }
    default:
      if (spec.trim !== undefined) fail([...at, 'trim'], `only trimmed-mean and winsorized-mean take a trim, not ${kind}`)
      if (spec.kappa !== undefined) fail([...at, 'kappa'], `only consensus-clipping takes a kappa, not ${kind}`)
      return { kind: kind as 'mean' | 'median' | 'reputation-median' }
  }
}

/** `membership: open` (the default) or `membership: { workBits: N }`: a proof of N bits of work per identity. */
function parseMembership (value: unknown, fail: Fail): Pick<SwarmDefences, 'membership'> {
  const at = ['defences', 'membership']
  if (value === undefined || value === 'open') return {}
  if (typeof value === 'string') fail(at, `unknown membership ${JSON.stringify(value)}; expected open or { workBits: N }`)
  const spec = record(value, at, fail, ['workBits'])
  if (spec.workBits === undefined) fail(at, 'needs workBits: the leading zero bits of identity work each member must prove')
  const bits = integer(spec, 'workBits', at, fail, { min: MIN_IDENTITY_WORK_BITS, max: MAX_IDENTITY_WORK_BITS, fallback: 0 })
  return { membership: { kind: 'proof-of-work', bits } }
}

function parseAttackers (value: unknown, peers: number, attacks: AttackCatalog, fail: Fail): AttackerGroup[] {
  const at = ['swarm', 'attackers']
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) fail(at, 'must be a list of attacker groups')
  const taken = new Set<number>()
  const groups: AttackerGroup[] = []
  value.forEach((item, i) => {
    const path = [...at, i]
    const entry = record(item, path, fail, ATTACKER_FIELDS)
    const name = entry.attack
    if (typeof name !== 'string') fail([...path, 'attack'], 'is required: the name of an attack')
    const factory = attacks.get(name)
    if (factory === undefined) {
      const known = [...attacks.keys()]
      fail([...path, 'attack'], `unknown attack ${JSON.stringify(name)}; ${known.length === 0 ? 'this runner has no attacks (they live in @promptswarm/adversary: use promptswarm-lab)' : `expected one of ${known.join(', ')}`}`)
    }
    const params = record(entry.params ?? {}, [...path, 'params'], fail, Object.keys(factory.params))
    let attack
    try {
      attack = factory.create(params)
    } catch (err) {
      if (err instanceof AttackParamError) fail([...path, 'params', err.param], err.message)
      throw err
    }
    const indices = pickPeers(entry, path, peers, taken, fail)
    for (const p of indices) taken.add(p)
    groups.push({ attack, peers: indices, startAfter: integer(entry, 'startAfter', path, fail, { min: 0, max: 1_000_000, fallback: 0 }), params })
  })
  if (taken.size >= peers) fail(at, `every one of the ${peers} peers is an attacker; at least one must be honest`)
  return groups
}

/** Explicit `peers: [i, ...]`, or `share` of the swarm taken from the highest free indices down. */
function pickPeers (entry: Fields, path: FieldPath, peers: number, taken: ReadonlySet<number>, fail: Fail): number[] {
  if (entry.peers !== undefined && entry.share !== undefined) fail([...path, 'share'], 'give either share or peers, not both')
  if (entry.peers !== undefined) {
    if (!Array.isArray(entry.peers) || entry.peers.length === 0) fail([...path, 'peers'], 'must be a non-empty list of peer indices')
    return entry.peers.map((p: unknown, j) => {
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= peers) fail([...path, 'peers', j], `must be a peer index from 0 to ${peers - 1}, got ${JSON.stringify(p)}`)
      if (taken.has(p)) fail([...path, 'peers', j], `peer ${p} already belongs to another attacker group`)
      return p
    }).sort((a, b) => a - b)
  }
  const share = number(entry, 'share', path, fail, { min: 0, max: 1, fallback: Number.NaN })
  if (Number.isNaN(share)) fail(path, 'needs share (a fraction of the peers) or peers (a list of indices)')
  const count = Math.max(1, Math.round(share * peers))
  const free = Array.from({ length: peers }, (_, i) => peers - 1 - i).filter(i => !taken.has(i))
  if (count > free.length) fail([...path, 'share'], `asks for ${count} peers but only ${free.length} are not already attackers`)
  return free.slice(0, count).sort((a, b) => a - b)
}

function taskList (value: unknown, fail: Fail): TaskId[] {
  if (value === undefined) return ['math', 'gpqa']
  if (!Array.isArray(value) || value.length === 0) fail(['tasks'], `must be a non-empty list of task ids (${TASK_IDS.join(', ')})`)
  return value.map((t: unknown, i) => {
    if (typeof t !== 'string' || !isTaskId(t)) fail(['tasks', i], `unknown task ${JSON.stringify(t)}; expected one of ${TASK_IDS.join(', ')}`)
    return t
  })
}

function seedList (value: unknown, fail: Fail): number[] {
  if (value === undefined) return [1]
  const list = typeof value === 'number' ? [value] : value
  if (!Array.isArray(list) || list.length === 0) fail(['seeds'], 'must be a seed or a non-empty list of seeds')
  const seeds = list.map((s: unknown, i) => {
    if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) fail(Array.isArray(value) ? ['seeds', i] : ['seeds'], `a seed is an integer >= 0, got ${JSON.stringify(s)}`)
    return s
  })
  if (new Set(seeds).size !== seeds.length) fail(['seeds'], 'lists a seed twice')
  return seeds
}

function record (value: unknown, path: FieldPath, fail: Fail, allowed: readonly string[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `must be a mapping of fields (${allowed.join(', ')})`)
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail([...path, key], `unknown field; expected one of ${allowed.join(', ')}`)
  }
  return value as Fields
}

function optionalString (o: Fields, key: string, at: FieldPath, fail: Fail): string | undefined {
  const v = o[key]
  if (v === undefined) return undefined
  if (typeof v !== 'string' || v.trim() === '') fail([...at, key], `must be a non-empty string, got ${JSON.stringify(v)}`)
  return v
}

interface Range { readonly min: number, readonly max: number, readonly fallback: number }

function number (o: Fields, key: string, at: FieldPath, fail: Fail, range: Range): number {
  const v = o[key]
  if (v === undefined) return range.fallback
  if (typeof v !== 'number' || !Number.isFinite(v)) fail([...at, key], `must be a number, got ${JSON.stringify(v)}`)
  if (v < range.min || v > range.max) fail([...at, key], `must be between ${range.min} and ${range.max}, got ${v}`)
  return v
}

function integer (o: Fields, key: string, at: FieldPath, fail: Fail, range: Range): number {
  const v = number(o, key, at, fail, range)
  if (!Number.isInteger(v)) fail([...at, key], `must be a whole number, got ${v}`)
  return v
}
