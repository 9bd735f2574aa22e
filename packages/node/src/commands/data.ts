import { parseArgs } from 'node:util'
import { DatasetError } from '../tasks/dataset-error.js'
import { downloadDatasets, type DownloadableDataset } from '../tasks/download.js'
import { TASK_IDS, type TaskId } from '../tasks/index.js'
import { loadLocalTasks, LOCAL_DATASET_PATHS } from '../tasks/local-datasets.js'
import type { Command } from './command.js'
import { parseListOption, UsageError } from './usage-error.js'

const DOWNLOADABLE: readonly DownloadableDataset[] = ['arc', 'mbpp', 'aime2025']

const HELP = `promptswarm data — the public datasets: download them, check them

Usage: promptswarm data download [--dir DIR] [--only LIST]
       promptswarm data check [--dir DIR]

The tasks run on project-made sets by default (offline, in each benchmark's format; see
docs/tasks.md). With internet access, \`download\` fetches the public ARC-AGI-1, MBPP and AIME 2025
sets into DIR, validating each with its task's loader before it replaces anything. GPQA is not
downloaded (its authors ask that it not be posted online): place gpqa_diamond.csv at
DIR/${LOCAL_DATASET_PATHS.gpqa ?? 'gpqa/gpqa_diamond.csv'} yourself. \`check\` loads whatever DIR holds and
reports the items per task, or the first problem (file, place, field). Then pass \`--data DIR\`
to \`evolve\` or \`swarm\` to run on them.

Options:
  --dir DIR     the data directory (default: data)
  --only LIST   download only these: ${DOWNLOADABLE.join(', ')} (default: all)
  -h, --help    show this help
`

export const dataCommand: Command = {
  name: 'data',
  summary: 'download the public datasets (ARC-AGI-1, MBPP, AIME 2025) or check a data directory',
  help: HELP,
  async run (argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { dir: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true
    })
    if (values.help === true) {
      io.out(HELP)
      return 0
    }
    const [action, ...rest] = positionals
    if (action !== 'download' && action !== 'check') throw new UsageError(`expected download or check, got ${action === undefined ? 'nothing' : JSON.stringify(action)}`)
    if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`)
    const dir = values.dir ?? 'data'
    try {
      if (action === 'download') {
        const datasets = parseListOption<DownloadableDataset>('only', values.only, DOWNLOADABLE, DOWNLOADABLE)
        const done = await downloadDatasets(dir, { datasets, log: message => io.err(message) })
        for (const d of done) io.out(`${d.dataset}: ${d.count} items in ${d.path}`)
        return 0
      }
      if (values.only !== undefined) throw new UsageError('--only is for download')
      const local = await loadLocalTasks(dir, TASK_IDS as readonly TaskId[])
      for (const id of TASK_IDS) {
        const found = local.get(id)
        const rel = LOCAL_DATASET_PATHS[id]
        io.out(found !== undefined
          ? `${id}: ${found.dataset.items} items in ${found.dataset.path}`
          : `${id}: ${rel === undefined ? 'no public dataset is loaded from a data directory; the project-made set is used' : `none at ${dir}/${rel}; the project-made set is used`}`)
      }
      return 0
    } catch (err) {
      if (!(err instanceof DatasetError)) throw err
      io.err(`promptswarm data ${action}: ${err.message}`)
      return 1
    }
  }
}
