/**
 * SePO engine throughput on one core: task-item evaluations per second on the synthetic model
 * (the simulator answers and the task's real scorer parses and scores), and sandboxed Python
 * executions per second for the code task, without and with the result cache.
 *
 * Run: npm run bench -w packages/node (after `npx tsc -b`).
 */
import '@promptswarm/node/polyfill'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { TaskAgent } from '@promptswarm/node'
import { SyntheticModel } from '@promptswarm/node'
import { PythonSandbox } from '@promptswarm/node'
import { allTasks } from '@promptswarm/node'
import type { Task, TaskItem } from '@promptswarm/node'

const model = new SyntheticModel({ profile: 'synthetic:small' })
const agent = new TaskAgent(model)

async function timed (run: () => Promise<number>, minSeconds = 1): Promise<{ perSecond: number, count: number, seconds: number }> {
  await run() // warm-up: parsers, prompt readings, JIT
  let count = 0
  const start = process.hrtime.bigint()
  let seconds = 0
  while (seconds < minSeconds) {
    count += await run()
    seconds = Number(process.hrtime.bigint() - start) / 1e9
  }
  return { perSecond: count / seconds, count, seconds }
}

function row (cells: Array<string | number>): string {
  return `| ${cells.map(String).join(' | ')} |`
}

const lines: string[] = []
const print = (line: string): void => { lines.push(line); console.log(line) }

print(`Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x ${availableParallelism()}, load ${loadavg().map(l => l.toFixed(2)).join(' ')}`)
print('Model: synthetic:small (the embedded SIMULATOR, not a real LLM)')
print('')
print(row(['task', 'items', 'evaluations/s (one prompt)', 'evaluations/s (new prompt per batch)', 'µs per evaluation']))
print(row(['---', '---:', '---:', '---:', '---:']))
for (const [id, task] of allTasks()) {
  const items = task.splits.train.slice(0, 40) as TaskItem[]
  const same = await timed(async () => (await agent.evaluate(task as Task, task.seedPrompt, items, { concurrency: 4 })).results.length)
  let variant = 0
  const fresh = await timed(async () => {
    variant++
    return (await agent.evaluate(task as Task, `${task.seedPrompt} Variant ${variant}.`, items, { concurrency: 4 })).results.length
  })
  print(row([id, items.length, Math.round(same.perSecond).toLocaleString('en-US'), Math.round(fresh.perSecond).toLocaleString('en-US'), (1e6 / same.perSecond).toFixed(1)]))
}

print('')
const mbpp = allTasks().get('mbpp') as Task
const programs = mbpp.splits.train.map(item => ({ code: item.gold, tests: (item.data?.tests ?? []) as string[] }))
print(row(['sandbox', 'programs', 'executions/s', 'ms per execution']))
print(row(['---', '---:', '---:', '---:']))
{
  const label = 'python3 sandbox, every run executed (no result cache)'
  const sandbox = new PythonSandbox()
  const result = await timed(async () => {
    const outcomes = await Promise.all(programs.map(async p => await sandbox.run(p)))
    const failed = outcomes.filter(o => o.status !== 'passed').length
    if (failed > 0) throw new Error(`${failed} reference solutions failed in the sandbox`)
    return outcomes.length
  }, 3)
  print(row([label, programs.length, result.perSecond.toFixed(1), (1000 / result.perSecond).toFixed(1)]))
}
print('')
print('mbpp "one prompt": the simulator repeats the same programs, which the shared sandbox serves from its result cache;')
print('"new prompt per batch" changes the replies, so most programs run in the sandbox.')
print(`Concurrency: 4 items at once for evaluations; the sandbox runs ${Math.max(1, availableParallelism() - 1)} process(es) at once.`)
