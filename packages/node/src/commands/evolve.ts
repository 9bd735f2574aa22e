import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { METHODS, type MethodBudget, type MethodId } from '../evolution/methods.js'
import { formatResultTable, runExperiment } from '../evolution/experiment.js'
import { createModel, DEFAULT_MODEL } from '../model/registry.js'
import { allTasks, TASK_IDS, type TaskId } from '../tasks/index.js'
import { loadLocalTasks } from '../tasks/local-datasets.js'
import type { Task } from '../tasks/task.js'
import type { Command } from './command.js'
import { parseIntegerOption, parseListOption, UsageError } from './usage-error.js'

const HELP = `promptswarm evolve — run SePO on one peer and compare it with the baselines

Usage: promptswarm evolve [options]

Runs every method on every task for each seed, then prints test accuracy in the shape
of the SePO paper's table (methods x tasks, mean ± 95% CI over seeds, calls, tokens).
Interrupted runs resume from their checkpoints when started again with the same --out.

Options:
  --tasks LIST          tasks, comma-separated (default: ${TASK_IDS.join(',')})
  --data DIR            run on the public datasets in DIR where present (see "promptswarm
                        data"); project-made sets for the other tasks
  --methods LIST        methods (default: ${METHODS.join(',')})
  --seeds N             number of seeds, 1..N (default: 5)
  --model NAME          synthetic:small | synthetic:large | openai:<model>@<base URL>
                        (default: ${DEFAULT_MODEL}, the embedded simulator)
  --stage1 N            stage-1 generations over the task pool (default: 10)
  --stage2 N            stage-2 generations per task (default: 3)
  --children N          task-prompt children per generation (default: 5)
  --optimizer-children N  optimizer-prompt children per stage-1 generation (default: 2)
  --minibatch N         training items per candidate evaluation (default: 24)
  --finalists N         top candidates re-scored on validation (default: 4)
  --test-repeats N      attempts per test item in the audit, averaged (default: 32;
                        the test splits hold 24-73 items per task, and with 8 attempts
                        one prompt's audit still wobbles by 2-3 points)
  --max-calls N         cap on evolution's model calls per run (default: none)
  --out DIR             write results.json, results.md and checkpoints here
                        (default: runs/evolve)
  --json                print the results as JSON instead of the table
  -h, --help            show this help
`

export const evolveCommand: Command = {
  name: 'evolve',
  summary: 'run SePO on one peer against its baselines and print the paper-style table',
  help: HELP,
  async run (argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        tasks: { type: 'string' },
        data: { type: 'string' },
        methods: { type: 'string' },
        seeds: { type: 'string' },
        model: { type: 'string' },
        stage1: { type: 'string' },
        stage2: { type: 'string' },
        children: { type: 'string' },
        'optimizer-children': { type: 'string' },
        'test-repeats': { type: 'string' },
        minibatch: { type: 'string' },
        finalists: { type: 'string' },
        'max-calls': { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      },
      strict: true
    })
    if (values.help === true) {
      io.out(HELP)
      return 0
    }
    const taskIds = parseListOption<TaskId>('tasks', values.tasks, TASK_IDS, TASK_IDS)
    const methods = parseListOption<MethodId>('methods', values.methods, METHODS, METHODS)
    const seedCount = parseIntegerOption('seeds', values.seeds, 5, 1)
    const maxCalls = values['max-calls'] === undefined ? undefined : parseIntegerOption('max-calls', values['max-calls'], 0, 1)
    const budget: MethodBudget = {
      stage1Generations: parseIntegerOption('stage1', values.stage1, 10),
      stage2Generations: parseIntegerOption('stage2', values.stage2, 3),
      childrenPerGeneration: parseIntegerOption('children', values.children, 5, 1),
      optimizerChildren: parseIntegerOption('optimizer-children', values['optimizer-children'], 2),
      testRepeats: parseIntegerOption('test-repeats', values['test-repeats'], 32, 1),
      minibatchSize: parseIntegerOption('minibatch', values.minibatch, 24, 1),
      finalists: parseIntegerOption('finalists', values.finalists, 4, 1),
      ...(maxCalls === undefined ? {} : { maxCalls })
    }
    const out = values.out ?? join('runs', 'evolve')
    const model = createModel(values.model ?? DEFAULT_MODEL, { cacheDir: join(out, 'cache') })
    const registry = allTasks()
    // --data: public datasets where the data directory has them, project-made sets elsewhere.
    const local = values.data === undefined ? new Map() : await loadLocalTasks(values.data, taskIds)
    for (const { dataset } of local.values()) io.err(`${dataset.task}: ${dataset.items} items from ${dataset.path}`)
    const tasks = taskIds.map(id => (local.get(id)?.task ?? registry.get(id)) as Task)
    if (model.simulated) io.err(`Model ${model.id}: the embedded SIMULATOR (no real LLM). Results describe the simulator.`)
    const started = Date.now()
    const result = await runExperiment({
      tasks,
      methods,
      seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
      model,
      budget,
      checkpointDir: join(out, 'checkpoints'),
      onProgress: message => {
        if (io.signal.aborted) throw new UsageError('interrupted')
        io.err(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`)
      }
    })
    await mkdir(out, { recursive: true })
    const table = formatResultTable(result)
    await writeFile(join(out, 'results.json'), JSON.stringify(result, null, 2))
    await writeFile(join(out, 'results.md'), `${table}\n`)
    io.out(values.json === true ? JSON.stringify(result, null, 2) : table)
    io.err(`Wrote ${join(out, 'results.json')} and ${join(out, 'results.md')}`)
    return 0
  }
}
