/**
 * The named model profiles. Each is generated from priors shared by all simulated models plus a
 * spec (deliberate differences) and a seed (per-family noise), so a prompt tuned on one profile
 * transfers imperfectly to another, as it does between real models.
 */
import { familiesOfKind, taskStrategies } from './lexicon.js'
import { KNOWN_TASKS, TASK_KEYS } from './profile.js'
import { Rng } from './random.js'
import type { Interaction, LengthPenalty, PerTask, Profile, TaskKey } from './profile.js'

type Row = readonly [math: number, arc: number, gpqa: number, mbpp: number, sudoku: number]

function perTask (row: readonly number[], generic?: number): PerTask<number> {
  const [math = 0, arc = 0, gpqa = 0, mbpp = 0, sudoku = 0] = row
  return { math, arc, gpqa, mbpp, sudoku, generic: generic ?? (math + arc + gpqa + mbpp + sudoku) / 5 }
}

const BASE_ABILITY: Row = [-0.5, -1.2, -0.7, -0.1, -1.5]
const DIFFICULTY_SCALE: Row = [0.75, 0.85, 0.75, 0.75, 0.9]

/** Prior logit effects of general families per task. */
const GENERAL_PRIORS: Readonly<Record<string, Row>> = {
  'step-by-step': [0.9, 0.45, 0.45, 0.3, 0.6],
  'self-verify': [0.45, 0.3, 0.25, 0.35, 0.5],
  'format-contract': [0.1, 0.1, 0.05, 0.1, 0.1],
  'careful-reading': [0.25, 0.2, 0.35, 0.25, 0.15],
  decomposition: [0.4, 0.3, 0.15, 0.35, 0.3],
  'edge-cases': [0.15, 0.05, 0.05, 0.55, 0.05],
  concision: [-0.15, 0, 0.05, 0.1, -0.15],
  'expert-persona': [0.12, 0.08, 0.25, 0.12, 0.05]
}

/** Prior effect of each task strategy on its own task; on other tasks it distracts a little. */
const STRATEGY_PRIORS: Readonly<Record<string, number>> = {
  'math-arithmetic': 0.7,
  'math-equations': 0.5,
  'math-small-cases': 0.35,
  'arc-describe-rule': 0.9,
  'arc-dimensions': 0.4,
  'arc-objects': 0.5,
  'gpqa-eliminate': 0.6,
  'gpqa-principles': 0.45,
  'gpqa-units': 0.25,
  'mbpp-empty-input': 0.45,
  'mbpp-examples': 0.6,
  'mbpp-signature': 0.5,
  'sudoku-propagation': 0.9,
  'sudoku-check-units': 0.6,
  'sudoku-givens': 0.35
}
const OFF_TASK_STRATEGY = -0.08

/** Harmful families hurt every task alike (padding per sentence, see accuracy.ts). */
const HARMFUL_PRIORS: Readonly<Record<string, number>> = {
  contradiction: -0.9,
  padding: -0.25,
  'excessive-length': -0.5,
  injection: -0.15,
  backdoor: 0
}

const INTERACTION_PRIORS: ReadonlyArray<{ families: readonly string[], row: Row }> = [
  { families: ['step-by-step', 'decomposition'], row: [0.3, 0.25, 0.1, 0.15, 0.3] },
  { families: ['step-by-step', 'self-verify'], row: [0.15, 0.1, 0.1, 0.1, 0.2] },
  { families: ['step-by-step', 'concision'], row: [-0.3, -0.1, -0.05, 0, -0.3] },
  { families: ['concision', 'excessive-length'], row: [-0.6, -0.6, -0.6, -0.6, -0.6] },
  { families: ['edge-cases', 'mbpp-empty-input'], row: [0, 0, 0, -0.2, 0] },
  { families: ['arc-describe-rule', 'arc-dimensions'], row: [0, 0.2, 0, 0, 0] },
  { families: ['sudoku-propagation', 'sudoku-check-units'], row: [0, 0, 0, 0, 0.25] }
]

export interface ProfileSpec {
  readonly name: string
  readonly seed: string
  /** Added to every task's base ability. */
  readonly abilityShift: number
  /** Standard deviation of per-task ability noise. */
  readonly abilityNoise: number
  /** Deliberate multipliers on a family's prior effect (negative flips it). */
  readonly familyScale: Readonly<Record<string, number>>
  /** Relative (log-normal) noise on every effect. */
  readonly effectNoise: number
  /** Absolute noise on helpful effects, so small ones can change sign between profiles. */
  readonly effectJitter: number
  readonly interactionScale: number
  readonly saturation: number
  readonly lengthPenalty: LengthPenalty
  readonly obedience: number
  readonly backdoorObedience: number
  readonly sloppiness: Row
  readonly residualParseFailure: number
  readonly contradictionParseFailure: number
}

export const PROFILE_SPECS: Readonly<Record<string, ProfileSpec>> = {
  small: {
    name: 'small',
    seed: 'promptswarm/synthetic/small/v1',
    abilityShift: 0,
    abilityNoise: 0.15,
    familyScale: {},
    effectNoise: 0.3,
    effectJitter: 0.05,
    interactionScale: 1,
    saturation: 2.2,
    lengthPenalty: { freeTokens: 100, perHundredTokens: 0.3, max: 2.5 },
    obedience: 0.65,
    backdoorObedience: 0.95,
    sloppiness: [0.3, 0.35, 0.25, 0.15, 0.35],
    residualParseFailure: 0.02,
    contradictionParseFailure: 0.15
  },
  large: {
    name: 'large',
    seed: 'promptswarm/synthetic/large/v1',
    abilityShift: 1.0,
    abilityNoise: 0.15,
    // Larger models need less hand-holding: reasoning prompts matter less, personas slightly hurt,
    // brevity helps, and noise bothers them less.
    familyScale: {
      'step-by-step': 0.55,
      'careful-reading': 0.6,
      decomposition: 0.8,
      'expert-persona': -0.6,
      concision: -1,
      contradiction: 0.6,
      padding: 0.5,
      'excessive-length': 0.6
    },
    effectNoise: 0.3,
    effectJitter: 0.05,
    interactionScale: 0.7,
    saturation: 1.6,
    lengthPenalty: { freeTokens: 150, perHundredTokens: 0.12, max: 1.5 },
    obedience: 0.4,
    backdoorObedience: 0.9,
    sloppiness: [0.15, 0.18, 0.12, 0.08, 0.18],
    residualParseFailure: 0.005,
    contradictionParseFailure: 0.1
  }
}

export function buildProfile (spec: ProfileSpec): Profile {
  const rng = Rng.fromParts('profile', spec.seed)
  const scale = (id: string): number => spec.familyScale[id] ?? 1
  const noisy = (value: number, helpful: boolean): number => {
    const v = value * Math.exp(spec.effectNoise * rng.normal() - spec.effectNoise * spec.effectNoise / 2)
    return helpful ? v + spec.effectJitter * rng.normal() : v
  }

  const ability = perTask(BASE_ABILITY.map(a => a + spec.abilityShift + spec.abilityNoise * rng.normal()),
    BASE_ABILITY.reduce((s, a) => s + a, 0) / 5 + spec.abilityShift)
  const effects = {} as Record<TaskKey, Record<string, number>>
  for (const t of TASK_KEYS) effects[t] = {}

  for (const f of familiesOfKind('general')) {
    const prior = GENERAL_PRIORS[f.id]
    if (prior === undefined) continue
    KNOWN_TASKS.forEach((t, i) => { effects[t][f.id] = noisy((prior[i] as number) * scale(f.id), true) })
    effects.generic[f.id] = KNOWN_TASKS.reduce((s, t) => s + (effects[t][f.id] as number), 0) / KNOWN_TASKS.length
  }
  for (const t of KNOWN_TASKS) {
    for (const f of taskStrategies(t)) {
      effects[t][f.id] = noisy((STRATEGY_PRIORS[f.id] ?? 0) * scale(f.id), true)
      for (const other of TASK_KEYS) if (other !== t) effects[other][f.id] = OFF_TASK_STRATEGY
    }
  }
  for (const [id, prior] of Object.entries(HARMFUL_PRIORS)) {
    const v = prior === 0 ? 0 : noisy(prior * scale(id), false)
    for (const t of TASK_KEYS) effects[t][id] = v
  }
  const interactions: Interaction[] = INTERACTION_PRIORS.map(({ families, row }) => {
    const jitter = Math.exp(0.25 * rng.normal())
    return { families, effect: perTask(row.map(x => x * spec.interactionScale * jitter), 0) }
  })

  return {
    id: `synthetic:${spec.name}`,
    name: spec.name,
    seed: spec.seed,
    ability,
    difficultyScale: perTask(DIFFICULTY_SCALE, 0.8),
    effects,
    interactions,
    saturation: spec.saturation,
    lengthPenalty: spec.lengthPenalty,
    obedience: spec.obedience,
    backdoorObedience: spec.backdoorObedience,
    sloppiness: perTask(spec.sloppiness),
    residualParseFailure: spec.residualParseFailure,
    contradictionParseFailure: spec.contradictionParseFailure
  }
}

const built = new Map<string, Profile>()

/** The profile named `small`, `large` or `synthetic:small`...; undefined for an unknown name. */
export function profileNamed (name: string): Profile | undefined {
  const key = name.startsWith('synthetic:') ? name.slice('synthetic:'.length) : name
  const spec = PROFILE_SPECS[key]
  if (spec === undefined) return undefined
  let p = built.get(key)
  if (p === undefined) { p = buildProfile(spec); built.set(key, p) }
  return p
}

export function profileNames (): string[] {
  return Object.keys(PROFILE_SPECS).map(n => `synthetic:${n}`)
}
