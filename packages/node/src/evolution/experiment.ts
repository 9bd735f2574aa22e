import type { LanguageModel } from '../model/language-model.js'
import type { Task } from '../tasks/task.js'
import { METHOD_LABELS, runMethod, type MethodBudget, type MethodId, type MethodRun } from './methods.js'
import { estimate, formatEstimate, type Estimate } from './stats.js'

export interface ExperimentOptions {
  readonly tasks: readonly Task[]
  readonly methods: readonly MethodId[]
  readonly seeds: readonly number[]
  readonly model: LanguageModel
  readonly budget: MethodBudget
  readonly tolerance?: number
  /** Directory for per-run checkpoints; a re-run resumes interrupted runs from it. */
  readonly checkpointDir?: string
  readonly onProgress?: (message: string) => void
}

export interface MethodSummary {
  readonly method: MethodId
  /** Test accuracy per task, over seeds. */
  readonly tasks: Record<string, Estimate>
  /** Mean over tasks of each seed's accuracy, over seeds. */
  readonly average: Estimate
  readonly calls: Estimate
  readonly tokens: Estimate
}

/** A paired comparison over seeds: mean difference in test accuracy and whether its 95% CI excludes 0. */
export interface Comparison {
  readonly method: MethodId
  readonly against: MethodId
  readonly task: string
  readonly difference: Estimate
  readonly better: boolean
}

export interface ExperimentResult {
  readonly model: string
  readonly simulated: boolean
  readonly tasks: string[]
  readonly seeds: number[]
  readonly runs: MethodRun[]
  readonly summaries: MethodSummary[]
  readonly comparisons: Comparison[]
}

export async function runExperiment (options: ExperimentOptions): Promise<ExperimentResult> {
  const runs: MethodRun[] = []
  for (const seed of options.seeds) {
    for (const method of options.methods) {
      options.onProgress?.(`${method} seed ${seed}: starting`)
      runs.push(await runMethod({
        method,
        seed,
        tasks: options.tasks,
        model: options.model,
        budget: options.budget,
        ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
        ...(options.checkpointDir === undefined ? {} : { checkpoint: `${options.checkpointDir}/${method}-${seed}.json` }),
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress })
      }))
    }
  }
  return summarise(options.model, options.tasks.map(t => t.id), [...options.seeds], runs)
}

export function summarise (model: LanguageModel, tasks: string[], seeds: number[], runs: MethodRun[]): ExperimentResult {
  const methods = [...new Set(runs.map(r => r.method))]
  const runsOf = (m: MethodId): MethodRun[] => seeds.map(s => runs.find(r => r.method === m && r.seed === s)).filter((r): r is MethodRun => r !== undefined)
  const average = (r: MethodRun): number => tasks.reduce((a, t) => a + (r.tasks[t]?.test ?? 0), 0) / tasks.length
  const summaries: MethodSummary[] = methods.map(m => {
    const rs = runsOf(m)
    return {
      method: m,
      tasks: Object.fromEntries(tasks.map(t => [t, estimate(rs.map(r => r.tasks[t]?.test ?? 0))])),
      average: estimate(rs.map(average)),
      calls: estimate(rs.map(r => r.usage.calls)),
      tokens: estimate(rs.map(r => r.usage.promptTokens + r.usage.completionTokens))
    }
  })
  const comparisons: Comparison[] = []
  if (methods.includes('sepo')) {
    const sepo = runsOf('sepo')
    for (const other of methods.filter(m => m !== 'sepo')) {
      const theirs = runsOf(other)
      for (const task of [...tasks, 'average']) {
        const diffs = sepo.flatMap(r => {
          const o = theirs.find(x => x.seed === r.seed)
          if (o === undefined) return []
          return [task === 'average' ? average(r) - average(o) : (r.tasks[task]?.test ?? 0) - (o.tasks[task]?.test ?? 0)]
        })
        const difference = estimate(diffs)
        comparisons.push({ method: 'sepo', against: other, task, difference, better: difference.n > 1 ? difference.mean - difference.ci95 > 0 : difference.mean > 0 })
      }
    }
  }
  return { model: model.id, simulated: model.simulated, tasks, seeds, runs, summaries, comparisons }
}

/** The results in the shape of the SePO paper's table: methods x tasks, test accuracy (%) mean ± 95% CI. */
export function formatResultTable (result: ExperimentResult): string {
  const header = ['Method', ...result.tasks, 'Avg', 'Calls', 'Tokens']
  const rows = result.summaries.map(s => [
    METHOD_LABELS[s.method],
    ...result.tasks.map(t => formatEstimate(s.tasks[t] as Estimate)),
    formatEstimate(s.average),
    Math.round(s.calls.mean).toLocaleString('en-US'),
    Math.round(s.tokens.mean).toLocaleString('en-US')
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] as string).length)))
  const line = (cells: string[]): string => `| ${cells.map((c, i) => i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)).join(' | ')} |`
  const out = [
    result.simulated
      ? `Model: ${result.model} — SIMULATOR: these figures come from promptswarm's embedded synthetic model, not a real LLM.`
      : `Model: ${result.model}`,
    `Test accuracy (%), mean ± 95% CI over ${result.seeds.length} seed(s): ${result.seeds.join(', ')}. Calls and tokens: mean per run (all tasks).`,
    ...(result.simulated ? ['The simulator seeds every draw by prompt and item, so one prompt audits identically on every seed: the intervals measure the optimisation\'s randomness (Manual-CoT has none).'] : []),
    '',
    line(header),
    `|${widths.map((w, i) => i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`).join('|')}|`,
    ...rows.map(line)
  ]
  const verdicts = result.comparisons.filter(c => c.task === 'average' || c.against === 'manual-cot')
  if (verdicts.length > 0) {
    out.push('', 'SePO against each method (paired over seeds, test accuracy points, 95% CI):')
    for (const c of verdicts) {
      out.push(`- vs ${METHOD_LABELS[c.against]} on ${c.task}: ${c.difference.mean >= 0 ? '+' : ''}${formatEstimate(c.difference)} → ${c.better ? 'SePO better' : 'not significantly better'}`)
    }
  }
  return out.join('\n')
}
