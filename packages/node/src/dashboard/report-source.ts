import { readFile } from 'node:fs/promises'
import { UnknownPeerError, type DashboardSource, type DashboardState } from './dashboard-state.js'
import { Reader, ReportFileError } from './report-reader.js'
import { scenarioState } from './scenario-report-state.js'
import { swarmResultState } from './swarm-result-state.js'

export { ReportFileError }

/**
 * A finished run's report as dashboard state. Two kinds of file are understood:
 * - a scenario report (`promptswarm run` / `promptswarm-lab run`: scenario, seeds, summary);
 * - a swarm result (`promptswarm swarm`'s swarm.json: peers, authors, archive, banned).
 * Each renders what it holds; `missing` says what it does not (connections, score history...).
 */
export async function loadReportFile (file: string, now: () => number = Date.now): Promise<DashboardState> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new ReportFileError(file, '', `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new ReportFileError(file, '', `not JSON (${(err as Error).message})`)
  }
  return reportState(json, file, now())
}

/** The dashboard state of a parsed report; throws `ReportFileError` naming the bad field. */
export function reportState (json: unknown, file: string, generatedAt: number): DashboardState {
  const r = new Reader(file)
  const root = r.object(json, '')
  if ('scenario' in root && 'seeds' in root) return scenarioState(root, r, generatedAt)
  if ('archive' in root && 'peers' in root) return swarmResultState(root, r, generatedAt)
  throw new ReportFileError(file, '', 'not a promptswarm report: expected a scenario report (scenario, seeds, summary) or a swarm result (peers, authors, archive)')
}

/** Serves one fixed state (a report). */
export class StaticSource implements DashboardSource {
  constructor (private readonly fixed: DashboardState) {}

  state (options: { readonly viewOf?: string } = {}): DashboardState {
    if (options.viewOf !== undefined && !this.fixed.peers.some(p => p.id === options.viewOf || p.label === options.viewOf)) throw new UnknownPeerError(options.viewOf)
    return this.fixed
  }

  subscribe (): () => void {
    return () => {}
  }
}
