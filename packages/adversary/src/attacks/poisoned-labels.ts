import { Rng, type AttackFactory } from '@promptswarm/node'
import { numberParam } from '../params.js'
import { mislabelledTask } from '../wrong-labels.js'

/**
 * A poisoned local dataset: the peer follows the protocol, but its copy of the training split has
 * wrong gold answers on a share `rate` of items (drawn per peer), so its evaluations score right
 * answers wrong and some wrong ones right. It is "honest" and still wrong: only other peers'
 * evaluations (a median) or re-execution on clean data (audits) can tell.
 */
export const poisonedLabels: AttackFactory = {
  name: 'poisoned-labels',
  summary: 'the peer\'s local training set has wrong gold answers on a share of items',
  params: { rate: 'share of training items whose label is wrong, 0 to 1; default 0.5' },
  create (params) {
    const rate = numberParam(params, 'rate', { min: 0, max: 1, fallback: 0.5 })
    return {
      name: 'poisoned-labels',
      tasks: (index, tasks, context) => tasks.map(task => mislabelledTask(task, rate, itemId => Rng.from('poisoned-labels', context.seed, index, task.id, itemId)))
    }
  }
}
