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

/**
 * What a table measures: the auditor's sampled test accuracy (through the tasks' real scorers), or
 * the exact expected test accuracy where the model knows its odds (the simulator's ground truth:
 * the same quantity without sampling noise).
 */
export type Measure = 'test' | 'expected'

export interface MethodSummary {
  readonly method: MethodId
  /** Test accuracy per task, over seeds. */
  readonly tasks: Record<string, Estimate>
  /** Mean over tasks of each seed's accuracy, over seeds. */
  readonly average: Estimate
  /** The same two in expected test accuracy, when every run has it (the simulator). */
  readonly expected?: { readonly tasks: Record<string, Estimate>, readonly average: Estimate }
  readonly calls: Estimate
  readonly tokens: Estimate
}

/** A paired comparison over seeds: mean difference in test accuracy and whether its 95% CI excludes 0. */
export interface Comparison {
  readonly method: MethodId
  readonly against: MethodId
  readonly task: string
  readonly measure: Measure
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
  const value = (r: MethodRun, task: string, measure: Measure): number => (measure === 'test' ? r.tasks[task]?.test : r.tasks[task]?.expectedTest) ?? 0
  const average = (r: MethodRun, measure: Measure): number => tasks.reduce((a, t) => a + value(r, t, measure), 0) / tasks.length
  const measures: Measure[] = runs.length > 0 && runs.every(r => tasks.every(t => r.tasks[t]?.expectedTest !== undefined)) ? ['test', 'expected'] : ['test']
  const over = (rs: MethodRun[], measure: Measure): { tasks: Record<string, Estimate>, average: Estimate } => ({
    tasks: Object.fromEntries(tasks.map(t => [t, estimate(rs.map(r => value(r, t, measure)))])),
    average: estimate(rs.map(r => average(r, measure)))
  })
  const summaries: MethodSummary[] = methods.map(m => {
    const rs = runsOf(m)
    return {
      method: m,
      ...over(rs, 'test'),
      ...(measures.includes('expected') ? { expected: over(rs, 'expected') } : {}),
      calls: estimate(rs.map(r => r.usage.calls)),
      tokens: estimate(rs.map(r => r.usage.promptTokens + r.usage.completionTokens))
    }
  })
  const comparisons: Comparison[] = []
  if (methods.includes('sepo')) {
    const sepo = runsOf('sepo')
    for (const measure of measures) {
      for (const other of methods.filter(m => m !== 'sepo')) {
        const theirs = runsOf(other)
        for (const task of [...tasks, 'average']) {
          const diffs = sepo.flatMap(r => {
            const o = theirs.find(x => x.seed === r.seed)
            if (o === undefined) return []
            return [task === 'average' ? average(r, measure) - average(o, measure) : value(r, task, measure) - value(o, task, measure)]
          })
          const difference = estimate(diffs)
          comparisons.push({ method: 'sepo', against: other, task, measure, difference, better: difference.n > 1 ? difference.mean - difference.ci95 > 0 : difference.mean > 0 })
        }
      }
    }
  }
  return { model: model.id, simulated: model.simulated, tasks, seeds, runs, summaries, comparisons }
}

/** The results in the shape of the SePO paper's table: methods x tasks, test accuracy (%) mean ± 95% CI. */
export function formatResultTable (result: ExperimentResult): string {
  const header = ['Method', ...result.tasks, 'Avg', 'Calls', 'Tokens']
  const table = (pick: (s: MethodSummary) => { tasks: Record<string, Estimate>, average: Estimate }): string[] => {
    const rows = result.summaries.map(s => [
      METHOD_LABELS[s.method],
      ...result.tasks.map(t => formatEstimate(pick(s).tasks[t] as Estimate)),
      formatEstimate(pick(s).average),
      Math.round(s.calls.mean).toLocaleString('en-US'),
      Math.round(s.tokens.mean).toLocaleString('en-US')
    ])
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] as string).length)))
    const line = (cells: string[]): string => `| ${cells.map((c, i) => i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)).join(' | ')} |`
    return [line(header), `|${widths.map((w, i) => i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`).join('|')}|`, ...rows.map(line)]
  }
  const verdicts = (measure: Measure): string[] => result.comparisons
    .filter(c => c.measure === measure && (c.task === 'average' || c.against === 'manual-cot'))
    .map(c => `- vs ${METHOD_LABELS[c.against]} on ${c.task}: ${c.difference.mean >= 0 ? '+' : ''}${formatEstimate(c.difference)} → ${c.better ? 'SePO better' : 'not significantly better'}`)
  const paired = (what: string, measure: Measure): string[] => {
    const lines = verdicts(measure)
    return lines.length === 0 ? [] : ['', `SePO against each method (paired over seeds, ${what} points, 95% CI):`, ...lines]
  }
  const out = [
    result.simulated
      ? `Model: ${result.model} — SIMULATOR: these figures come from promptswarm's embedded synthetic model, not a real LLM.`
      : `Model: ${result.model}`,
    `Test accuracy (%), sampled through the tasks' scorers, mean ± 95% CI over ${result.seeds.length} seed(s): ${result.seeds.join(', ')}. Calls and tokens: mean per run (all tasks).`,
    ...(result.simulated ? ['The simulator seeds every draw by prompt and item, so one prompt audits identically on every seed: the intervals measure the optimisation\'s randomness (Manual-CoT has none).'] : []),
    '',
    ...table(s => s),
    ...paired('test accuracy', 'test')
  ]
  if (result.summaries.every(s => s.expected !== undefined)) {
    out.push(
      '',
      'Expected test accuracy (%): the simulator\'s ground truth for the same final prompts, the exact mean over the test split of each',
      'prompt\'s probability of a correct answer (what the sampled figure estimates, without its sampling noise).',
      '',
      ...table(s => s.expected as NonNullable<MethodSummary['expected']>),
      ...paired('expected test accuracy', 'expected')
    )
  }
  return out.join('\n')
}
