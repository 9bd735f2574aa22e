import { estimate, type DetailedRunSummary, type DetailedSeedOutcome, type ScenarioReport, type SweepPoint, type SweepReport } from '@promptswarm/node'

/** A run summary with plausible figures; `over` replaces any of them. */
export function runSummary (over: Partial<DetailedRunSummary> = {}): DetailedRunSummary {
  return {
    honestAccuracy: 0.6,
    taskAccuracy: { math: 0.6 },
    bannedAttackers: 0,
    bannedHonest: 0,
    accusations: 0,
    modelCalls: 1000,
    candidates: 30,
    attackerCandidates: 0,
    attackerCandidatesAdmitted: 0,
    poisonedFinalPrompts: 0,
    agreement: true,
    ...over
  }
}

export function seedOutcome (seed: number, attacked: Partial<DetailedRunSummary>, clean: Partial<DetailedRunSummary> = {}): DetailedSeedOutcome {
  const a = runSummary(attacked)
  const c = runSummary(clean)
  return { seed, attacked: a, clean: c, robustnessGap: c.honestAccuracy - a.honestAccuracy }
}

/** A scenario report over the given seed outcomes, with its summary computed as the runner does. */
export function scenarioReport (seeds: DetailedSeedOutcome[], over: Partial<ScenarioReport> = {}): ScenarioReport {
  const over_ = (f: (o: DetailedSeedOutcome) => number): ReturnType<typeof estimate> => estimate(seeds.map(f))
  return {
    scenario: 'fixture',
    file: 'scenarios/fixture.yaml',
    description: '',
    model: 'synthetic:small',
    simulated: true,
    peers: 8,
    attackers: [{ attack: 'inflate-deflate', peers: [6, 7], startAfter: 0, params: { intensity: 1 } }],
    seeds,
    summary: {
      attackedAccuracy: over_(o => o.attacked.honestAccuracy),
      cleanAccuracy: over_(o => o.clean.honestAccuracy),
      robustnessGap: over_(o => o.robustnessGap),
      bannedAttackers: over_(o => o.attacked.bannedAttackers),
      bannedHonest: over_(o => o.attacked.bannedHonest),
      accusations: over_(o => o.attacked.accusations),
      attackedModelCalls: over_(o => o.attacked.modelCalls),
      cleanModelCalls: over_(o => o.clean.modelCalls),
      poisonedFinalPrompts: over_(o => o.attacked.poisonedFinalPrompts)
    },
    ...over
  }
}

/** A sweep report: `gaps[defence][i]` is the gap at `shares[i]`, from one seed each. */
export function sweepReport (shares: number[], gaps: Record<string, number[]>, name = 'fixture-sweep'): SweepReport {
  const points: SweepPoint[] = Object.entries(gaps).flatMap(([defence, values]) => shares.map((share, i) => {
    const gap = values[i] ?? 0
    const report = scenarioReport([seedOutcome(1, { honestAccuracy: 0.6 - gap }, { honestAccuracy: 0.6 })])
    return { share, attackers: Math.round(share * 8), defence, robustnessGap: report.summary.robustnessGap, attackedAccuracy: report.summary.attackedAccuracy, cleanAccuracy: report.summary.cleanAccuracy, report }
  }))
  return {
    sweep: name,
    file: 'scenarios/sweeps/fixture.yaml',
    description: '',
    baseScenario: 'fixture',
    baseFile: 'scenarios/fixture.yaml',
    model: 'synthetic:small',
    simulated: true,
    peers: 8,
    attack: 'inflate-deflate',
    seeds: [1],
    shares,
    defences: Object.keys(gaps),
    threshold: 0.01,
    points,
    breakdown: []
  }
}
