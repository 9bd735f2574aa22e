import { join } from 'node:path'
import { createModel } from '../model/registry.js'
import { BREAKDOWN_THRESHOLD, breakdownPoint, formatShare } from './breakdown.js'
import { runScenario, type ScenarioRunOptions } from './scenario-runner.js'
import type { Sweep, SweepPoint, SweepReport } from './sweep.js'

/**
 * Runs every cell of a sweep (each a whole scenario: attacked and clean run per seed), defence
 * by defence, share by share, and finds each defence's breakdown point.
 */
export async function runSweep (sweep: Sweep, options: ScenarioRunOptions = {}): Promise<SweepReport> {
  const first = sweep.cells[0]
  if (first === undefined) throw new Error(`sweep ${sweep.name} has no cells`)
  // One model for every cell, so a response cache is shared and built once.
  const model = options.model ?? createModel(first.scenario.model, options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir })
  // The cells of one defence differ only by their attackers, so they share one clean run per seed.
  const cleanRuns = options.cleanRuns ?? new Map()
  const points: SweepPoint[] = []
  for (const [i, cell] of sweep.cells.entries()) {
    options.signal?.throwIfAborted()
    const label = `[${i + 1}/${sweep.cells.length}] ${cell.defence}, share ${formatShare(cell.share)} (${cell.attackers} of ${cell.scenario.peers} peers attack)`
    options.onProgress?.(label)
    const report = await runScenario(cell.scenario, {
      ...options,
      model,
      cleanRuns,
      // Each cell resumes from its own state (a cell is a whole scenario).
      ...(options.stateDir === undefined ? {} : { stateDir: join(options.stateDir, `cell-${i}`) }),
      onProgress: message => options.onProgress?.(`${label}: ${message}`)
    })
    points.push({
      share: cell.share,
      attackers: cell.attackers,
      defence: cell.defence,
      robustnessGap: report.summary.robustnessGap,
      attackedAccuracy: report.summary.attackedAccuracy,
      cleanAccuracy: report.summary.cleanAccuracy,
      report
    })
  }
  const attack = sweep.base.attackers[sweep.group]?.attack.name ?? ''
  return {
    sweep: sweep.name,
    file: sweep.file,
    description: sweep.description,
    baseScenario: sweep.base.name,
    baseFile: sweep.base.file,
    model: model.id,
    simulated: model.simulated,
    peers: first.scenario.peers,
    attack,
    seeds: [...first.scenario.seeds],
    shares: [...sweep.shares],
    defences: [...sweep.defences],
    threshold: BREAKDOWN_THRESHOLD,
    points,
    breakdown: sweep.defences.map(defence => ({
      defence,
      share: breakdownPoint(points.filter(p => p.defence === defence).map(p => ({ share: p.share, gap: p.robustnessGap.mean })))
    }))
  }
}
