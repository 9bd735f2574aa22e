import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { scenarioHtml } from './html-report.js'
import { formatScenarioReport } from './scenario-report.js'
import type { ScenarioReport } from './scenario-runner.js'
import type { SweepReport } from './sweep.js'
import { sweepHtml } from './sweep-html.js'
import { formatSweepReport } from './sweep-report.js'

/** The three files of one report, as paths relative to the output directory. */
export interface ReportFiles {
  readonly json: string
  readonly markdown: string
  readonly html: string
}

/** A report name made safe as a file name: anything but letters, digits, `.`, `_` and `-` becomes `-`. */
export function reportBaseName (name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '')
  return safe === '' ? 'report' : safe
}

export function reportFiles (name: string, subdir = ''): ReportFiles {
  const base = join(subdir, reportBaseName(name))
  return { json: `${base}.json`, markdown: `${base}.md`, html: `${base}.html` }
}

/** Writes a scenario report as JSON (every number), Markdown and a self-contained HTML page. */
export async function writeScenarioReport (out: string, report: ScenarioReport, subdir = ''): Promise<ReportFiles> {
  const files = reportFiles(report.scenario, subdir)
  await writeAll(out, files, `${JSON.stringify(report, null, 2)}\n`, `${formatScenarioReport(report)}\n`, scenarioHtml(report))
  return files
}

export async function writeSweepReport (out: string, report: SweepReport, subdir = ''): Promise<ReportFiles> {
  const files = reportFiles(report.sweep, subdir)
  await writeAll(out, files, `${JSON.stringify(report, null, 2)}\n`, `${formatSweepReport(report)}\n`, sweepHtml(report))
  return files
}

async function writeAll (out: string, files: ReportFiles, json: string, markdown: string, html: string): Promise<void> {
  await mkdir(dirname(join(out, files.json)), { recursive: true })
  await writeFile(join(out, files.json), json)
  await writeFile(join(out, files.markdown), markdown)
  await writeFile(join(out, files.html), html)
}
