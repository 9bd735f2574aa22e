import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { AttackCatalog } from './attack.js'
import { formatShare } from './breakdown.js'
import { scenarioFromFields, type Fail } from './parse-scenario.js'
import { ScenarioError, type FieldPath } from './scenario-error.js'
import type { Sweep, SweepCell } from './sweep.js'
import { readYamlSource, type YamlSource } from './yaml-source.js'

type Fields = Record<string, unknown>

const SWEEP_FIELDS = ['name', 'description', 'base', 'group', 'shares', 'defences', 'seeds', 'budget', 'peers', 'model', 'timeoutSeconds']
/** Scenario fields a sweep may set for all its runs, replacing the base's (`budget` field by field). */
const OVERRIDES = ['seeds', 'model', 'timeoutSeconds'] as const
const DEFAULT_SHARES = { from: 0, to: 0.5, step: 0.125 }
const MAX_SHARES = 101

interface Variant {
  readonly name: string
  /** Defence fields laid over the base's `defences`. */
  readonly fields: Fields
  /** Written as a bare aggregator name (`- median`): errors point at the item itself. */
  readonly short: boolean
}

/** Reads a sweep file and its base scenario file; throws `ScenarioError` naming the file, line and field. */
export async function loadSweep (file: string, attacks: AttackCatalog): Promise<Sweep> {
  const text = await readText(file, () => { throw new ScenarioError(file, 0, '', 'cannot read the file') })
  const src: YamlSource = readYamlSource(text, file)
  const root = sweepRoot(src)
  if (typeof root.base !== 'string') return sweepFrom(src, root, undefined, attacks)
  const path = join(dirname(file), root.base)
  const baseText = await readText(path, reason => src.fail(['base'], `cannot read ${path}: ${reason}`))
  return sweepFrom(src, root, readYamlSource(baseText, path), attacks)
}

/** Validates a sweep's YAML text. `baseText` is the base scenario file's text when `base` names a file. */
export function parseSweep (text: string, file: string, attacks: AttackCatalog, baseText?: string): Sweep {
  const src: YamlSource = readYamlSource(text, file)
  const root = sweepRoot(src)
  if (typeof root.base !== 'string') return sweepFrom(src, root, undefined, attacks)
  if (baseText === undefined) src.fail(['base'], 'names a file, but its text was not given')
  return sweepFrom(src, root, readYamlSource(baseText, join(dirname(file), root.base)), attacks)
}

async function readText (file: string, fail: (reason: string) => never): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    return fail((err as Error).message)
  }
}

function sweepRoot (src: YamlSource): Fields {
  const root = mapping(src.fields, [], src.fail, SWEEP_FIELDS)
  const base = root.base
  if (base === undefined) src.fail(['base'], 'is required: a scenario file (relative to this file) or an inline scenario')
  if (typeof base === 'string' ? base.trim() === '' : typeof base !== 'object' || base === null || Array.isArray(base)) {
    src.fail(['base'], 'must be a scenario file name or a mapping of scenario fields')
  }
  for (const key of ['name', 'description'] as const) {
    if (root[key] !== undefined && (typeof root[key] !== 'string' || root[key].trim() === '')) src.fail([key], `must be a non-empty string, got ${JSON.stringify(root[key])}`)
  }
  if (root.budget !== undefined) mapping(root.budget, ['budget'], src.fail)
  return root
}

/** Builds and validates every cell's scenario; errors land in whichever file set the field. */
function sweepFrom (src: YamlSource, root: Fields, baseFile: YamlSource | undefined, attacks: AttackCatalog): Sweep {
  const inline: YamlSource = { file: src.file, fields: root.base, fail: (path, reason) => src.fail(['base', ...path], reason) }
  const baseSrc = baseFile ?? inline
  const base = scenarioFromFields(baseSrc.fields, baseSrc.file, attacks, baseSrc.fail)
  const baseFields = baseSrc.fields as Fields
  if (base.attackers.length === 0) src.fail(['base'], 'the base scenario has no attackers; a sweep varies the share of one of its attacker groups')
  const group = wholeNumber(root, 'group', 0, base.attackers.length - 1, 0, src.fail)
  const shares = parseShares(root.shares, src.fail)
  const variants = parseVariants(root.defences, src.fail)
  const name = (root.name as string | undefined) ?? src.file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '')

  const cells: SweepCell[] = []
  variants.forEach((variant, v) => {
    shares.forEach((share, s) => {
      // Every cell is named after the sweep; its report is found by share and defence.
      const fields = deriveFields(baseFields, root, variant, group, share, name)
      const fail = cellFail(src, baseSrc.fail, root, variant, v, group, share, s)
      const scenario = { ...scenarioFromFields(fields, src.file, attacks, fail), description: `${base.name} under defence ${variant.name} at attacker share ${formatShare(share)}` }
      const attackers = share === 0 ? 0 : (scenario.attackers[group]?.peers.length ?? 0)
      cells.push({ share, attackers, defence: variant.name, scenario })
    })
  })
  // Two shares that round to the same number of attackers would run the same experiment twice.
  const first = cells.slice(0, shares.length)
  first.forEach((cell, s) => {
    const twin = first.find((other, o) => o < s && other.attackers === cell.attackers)
    if (twin !== undefined) src.fail(['shares', s], `gives ${cell.attackers} attacker${cell.attackers === 1 ? '' : 's'} of ${cell.scenario.peers} peers, as share ${formatShare(twin.share)} does; shares must differ by at least 1/${cell.scenario.peers}`)
  })
  return {
    file: src.file,
    name,
    description: ((root.description as string | undefined) ?? '').trim(),
    base,
    group,
    shares,
    defences: variants.map(v => v.name),
    cells
  }
}

/** The base's fields with the sweep's overrides, one defence variant and one share of the swept group. */
function deriveFields (base: Fields, root: Fields, variant: Variant, group: number, share: number, name: string): Fields {
  const out: Fields = { ...structuredClone(base), name }
  for (const key of OVERRIDES) if (root[key] !== undefined) out[key] = root[key]
  if (root.budget !== undefined) out.budget = { ...asFields(base.budget), ...asFields(root.budget) }
  const swarm = { ...asFields(base.swarm) }
  if (root.peers !== undefined) swarm.peers = root.peers
  const attackers = [...(Array.isArray(swarm.attackers) ? swarm.attackers as unknown[] : [])]
  if (share === 0) {
    attackers.splice(group, 1)
  } else {
    const { peers: _peers, share: _share, ...rest } = asFields(attackers[group])
    attackers[group] = { ...rest, share }
  }
  swarm.attackers = attackers
  out.swarm = swarm
  out.defences = { ...asFields(base.defences), ...variant.fields }
  return out
}

/** Maps an error in a derived scenario back to the sweep file or the base file, whichever set the field. */
function cellFail (src: YamlSource, baseFail: Fail, root: Fields, variant: Variant, v: number, group: number, share: number, s: number): Fail {
  return (path: FieldPath, reason: string) => {
    const [head, ...rest] = path
    const key = rest[0]
    if (head === 'name') return src.fail(['name'], reason)
    if (head === 'defences' && typeof key === 'string' && key in variant.fields) {
      return src.fail(variant.short ? ['defences', v] : ['defences', v, ...rest], `${reason} (defence ${variant.name})`)
    }
    if (head === 'swarm' && key === 'attackers') {
      const index = rest[1]
      if (typeof index !== 'number' || (share > 0 && index === group)) return src.fail(['shares', s], `${reason} (share ${formatShare(share)})`)
      return baseFail(['swarm', 'attackers', share === 0 && index >= group ? index + 1 : index, ...rest.slice(2)], reason)
    }
    if (head === 'swarm' && key === 'peers' && root.peers !== undefined) return src.fail(['peers'], reason)
    if ((OVERRIDES as readonly unknown[]).includes(head) && root[head as string] !== undefined) return src.fail(path, reason)
    if (head === 'budget' && typeof key === 'string' && key in asFields(root.budget)) return src.fail(path, reason)
    return baseFail(path, reason)
  }
}

function parseShares (value: unknown, fail: Fail): number[] {
  let shares: number[]
  if (value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))) {
    const range = value === undefined ? DEFAULT_SHARES : mapping(value, ['shares'], fail, ['from', 'to', 'step'])
    const from = fraction(range, 'from', DEFAULT_SHARES.from, fail)
    const to = fraction(range, 'to', DEFAULT_SHARES.to, fail)
    const step = fraction(range, 'step', DEFAULT_SHARES.step, fail)
    if (step <= 0) fail(['shares', 'step'], `must be above 0, got ${step}`)
    if (to < from) fail(['shares', 'to'], `must be at least from (${from}), got ${to}`)
    if ((to - from) / step + 1 > MAX_SHARES) fail(['shares', 'step'], `gives more than ${MAX_SHARES} shares`)
    shares = []
    for (let i = 0; from + i * step <= to + 1e-9; i++) shares.push(Number((from + i * step).toFixed(9)))
  } else if (Array.isArray(value)) {
    if (value.length === 0 || value.length > MAX_SHARES) fail(['shares'], `must list 1 to ${MAX_SHARES} shares`)
    shares = value.map((v: unknown, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) fail(['shares', i], `a share is a number from 0 up to (not including) 1, got ${JSON.stringify(v)}`)
      if (value.indexOf(v) !== i) fail(['shares', i], `lists share ${v} twice`)
      return v
    })
  } else {
    return fail(['shares'], 'must be a list of shares ([0, 0.25, 0.5]) or a range ({ from: 0, to: 0.5, step: 0.125 })')
  }
  return shares.sort((a, b) => a - b)
}

function parseVariants (value: unknown, fail: Fail): Variant[] {
  if (value === undefined) return [{ name: 'base', fields: {}, short: false }]
  if (!Array.isArray(value) || value.length === 0) fail(['defences'], 'must be a non-empty list of defence variants (an aggregator name, or a mapping of defence fields with an optional name)')
  const variants = value.map((item: unknown, i): Variant => {
    if (typeof item === 'string') return { name: item, fields: { aggregator: item }, short: true }
    const { name, ...fields } = mapping(item, ['defences', i], fail)
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) fail(['defences', i, 'name'], `must be a non-empty string, got ${JSON.stringify(name)}`)
    if (Object.keys(fields).length === 0) fail(['defences', i], 'sets no defence field')
    const aggregator = fields.aggregator
    const kind = typeof aggregator === 'string' ? aggregator : (asFields(aggregator).kind as string | undefined)
    return { name: (name as string | undefined) ?? kind ?? `variant-${i + 1}`, fields, short: false }
  })
  variants.forEach((v, i) => {
    if (variants.findIndex(o => o.name === v.name) !== i) fail(typeof value[i] === 'string' ? ['defences', i] : ['defences', i, 'name'], `a second variant named ${JSON.stringify(v.name)}; give each a distinct name`)
  })
  return variants
}

function mapping (value: unknown, path: FieldPath, fail: Fail, allowed?: readonly string[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `must be a mapping${allowed === undefined ? '' : ` of fields (${allowed.join(', ')})`}`)
  for (const key of Object.keys(value)) {
    if (allowed !== undefined && !allowed.includes(key)) fail([...path, key], `unknown field; expected one of ${allowed.join(', ')}`)
  }
  return value as Fields
}

function asFields (value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Fields : {}
}

function fraction (o: Fields, key: string, fallback: number, fail: Fail): number {
  const v = o[key] ?? fallback
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) fail(['shares', key], `must be a number from 0 up to (not including) 1, got ${JSON.stringify(v)}`)
  return v
}

function wholeNumber (o: Fields, key: string, min: number, max: number, fallback: number, fail: Fail): number {
  const v = o[key] ?? fallback
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail([key], `must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`)
  return v
}
