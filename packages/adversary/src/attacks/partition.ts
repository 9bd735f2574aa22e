import { AttackParamError, type AttackFactory } from '@promptswarm/node'
import { AttackSetupError, peerListParam, roundParam } from '../fault-params.js'

/**
 * A network partition: at round `at` the swarm is cut in two (`side` against everyone else) and
 * at `healAt` it heals. Both sides keep working on what they hold; committees that straddle the
 * cut wait for their backups. After healing, sync must bring every peer to one archive. The
 * attack's peers only pull the switch (the first of them does); otherwise they behave honestly.
 */
export const partition: AttackFactory = {
  name: 'partition',
  summary: 'the swarm is cut into two groups at a round and heals at a later one',
  params: {
    at: 'round at which the swarm is cut; default 3',
    healAt: 'round at which it heals (after at); default 15',
    side: 'peer indices on one side of the cut; default the first half of the swarm'
  },
  create (params) {
    const at = roundParam(params, 'at', 3)
    const healAt = roundParam(params, 'healAt', 15)
    if (healAt <= at) throw new AttackParamError('healAt', `must come after at (${at}), got ${healAt}`)
    const side = peerListParam(params, 'side')
    return {
      name: 'partition',
      async onRound (index, control, context) {
        if (index !== context.attackers[0]) return
        if (control.round === at) {
          const group = side ?? [...Array(Math.floor(control.size / 2)).keys()]
          const outside = group.find(i => i >= control.size)
          if (outside !== undefined) throw new AttackSetupError('partition', 'side', `no peer ${outside} in a swarm of ${control.size}`)
          if (group.length >= control.size) throw new AttackSetupError('partition', 'side', 'must leave at least one peer on the other side')
          await control.partition([group])
        } else if (control.round === healAt) {
          await control.heal()
        }
      }
    }
  }
}
