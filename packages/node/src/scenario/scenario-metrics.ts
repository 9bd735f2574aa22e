import { estimate, type Estimate } from '../evolution/stats.js'
import type { DetailedRunSummary, DetailedScenarioReport } from './run-details.js'

/** How well bans separated attackers from honest peers in one run. */
export interface Detection {
  /** Banned attackers over all banned peers; undefined when nobody was banned. */
  readonly precision: number | undefined
  /** Banned attackers over all attackers; undefined when the run had no attackers. */
  readonly recall: number | undefined
}

export function detection (bannedAttackers: number, bannedHonest: number, attackers: number): Detection {
  const banned = bannedAttackers + bannedHonest
  return {
    precision: banned === 0 ? undefined : bannedAttackers / banned,
    recall: attackers === 0 ? undefined : bannedAttackers / attackers
  }
}

/** Every figure the reports show for one seed; optional ones come from `RunDetails` when present. */
export interface SeedMetrics {
  readonly seed: number
  readonly attackedAccuracy: number
  readonly cleanAccuracy: number
  readonly gap: number
  readonly attackerCandidates: number
  readonly admitted: number
  readonly top?: number
  readonly adopted?: number
  readonly backdoorSuccess?: number
  readonly poisonedFinals: number
  readonly bannedAttackers: number
  readonly bannedHonest: number
  readonly precision?: number
  readonly recall?: number
  readonly accusations: number
  readonly falseAccusations?: number
  readonly attackedCalls: number
  readonly cleanCalls: number
  readonly bytes?: number
  readonly messages?: number
  readonly agreementMs?: number
  readonly tokens?: number
}

export type MetricName = Exclude<keyof SeedMetrics, 'seed'>

/** Mean ± 95% CI of each figure over the seeds that have it; a figure no seed has is absent. */
export type MetricsSummary = Partial<Record<MetricName, Estimate>>

export interface ScenarioMetrics {
  /** Attacker peers in the attacked run. */
  readonly attackers: number
  readonly seeds: readonly SeedMetrics[]
  readonly summary: MetricsSummary
}

export function scenarioMetrics (report: DetailedScenarioReport): ScenarioMetrics {
  const attackers = report.attackers.reduce((n, g) => n + g.peers.length, 0)
  const seeds = report.seeds.map(o => seedMetrics(o.seed, o.attacked, o.clean, o.robustnessGap, attackers))
  const summary: Partial<Record<MetricName, Estimate>> = {}
  const names = new Set(seeds.flatMap(s => Object.keys(s))) as Set<keyof SeedMetrics>
  for (const name of names) {
    if (name === 'seed') continue
    const values = seeds.map(s => s[name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    if (values.length > 0) summary[name] = estimate(values)
  }
  return { attackers, seeds, summary }
}

function seedMetrics (seed: number, attacked: DetailedRunSummary, clean: DetailedRunSummary, gap: number, attackers: number): SeedMetrics {
  const { precision, recall } = detection(attacked.bannedAttackers, attacked.bannedHonest, attackers)
  return {
    seed,
    attackedAccuracy: attacked.honestAccuracy,
    cleanAccuracy: clean.honestAccuracy,
    gap,
    attackerCandidates: attacked.attackerCandidates,
    admitted: attacked.attackerCandidatesAdmitted,
    ...optional('top', attacked.attackerCandidatesTop),
    ...optional('adopted', attacked.attackerCandidatesAdopted),
    ...optional('backdoorSuccess', attacked.backdoorSuccess),
    poisonedFinals: attacked.poisonedFinalPrompts,
    bannedAttackers: attacked.bannedAttackers,
    bannedHonest: attacked.bannedHonest,
    ...optional('precision', precision),
    ...optional('recall', recall),
    accusations: attacked.accusations,
    ...optional('falseAccusations', attacked.falseAccusations),
    attackedCalls: attacked.modelCalls,
    cleanCalls: clean.modelCalls,
    ...optional('bytes', attacked.bytes),
    ...optional('messages', attacked.messages),
    ...optional('agreementMs', attacked.agreementMs),
    ...optional('tokens', attacked.tokens)
  }
}

// exactOptionalPropertyTypes-friendly: absent, not `undefined`.
function optional<K extends string> (key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : { [key]: value } as Record<K, number>
}
