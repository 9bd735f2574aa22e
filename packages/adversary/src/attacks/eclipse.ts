import { AttackParamError, type AttackFactory } from '@promptswarm/node'
import { AttackSetupError, integerParam, roundParam } from '../fault-params.js'

/**
 * An eclipse: from round `at` to `until` the victim can reach only the attackers, who cut it off
 * from every honest peer and do no work meanwhile (no evaluations of its candidates, no records
 * to pass on): the victim is alone with peers that are there to isolate it. In this in-process model the cut is the swarm's partition switch (the
 * victim and the attackers form one group): it shows the end state of an eclipse (the victim's
 * lag, and its catch-up by sync once it reaches an honest peer again), not how an attacker gets
 * there (filling the victim's connection slots, poisoning its address book).
 */
export const eclipse: AttackFactory = {
  name: 'eclipse',
  summary: 'the attackers isolate one honest victim from every other honest peer for some rounds',
  params: {
    victim: 'index of the honest peer to isolate; default 0',
    at: 'round at which the victim is cut off; default 3',
    until: 'round at which it reaches honest peers again (after at); default 40'
  },
  create (params) {
    const victim = integerParam(params, 'victim', { min: 0, max: 100_000, fallback: 0 })
    const at = roundParam(params, 'at', 3)
    const until = roundParam(params, 'until', 40)
    if (until <= at) throw new AttackParamError('until', `must come after at (${at}), got ${until}`)
    return {
      name: 'eclipse',
      steps: (_index, round) => round < at || round >= until,
      async onRound (index, control, context) {
        if (index !== context.attackers[0]) return
        if (control.round === at) {
          if (victim >= control.size) throw new AttackSetupError('eclipse', 'victim', `no peer ${victim} in a swarm of ${control.size}`)
          if (context.attackers.includes(victim)) throw new AttackSetupError('eclipse', 'victim', `peer ${victim} is one of the attackers`)
          await control.partition([[victim, ...context.attackers]])
        } else if (control.round === until) {
          await control.heal()
        }
      }
    }
  }
}
