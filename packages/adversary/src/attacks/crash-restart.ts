import { AttackParamError, type AttackFactory } from '@promptswarm/node'
import { integerParam, roundParam } from '../fault-params.js'

/**
 * A hardware fault: the peer crashes (its process stops; what it had not stored is lost) and
 * restarts some rounds later from its level store, then resumes its share of the work. Every
 * peer of the group crashes at once (a power cut in one rack). `repeat` makes it a flapping peer.
 */
export const crashRestart: AttackFactory = {
  name: 'crash-restart',
  summary: 'the peer crashes at a round and restarts from its level store some rounds later',
  params: {
    at: 'round of the first crash; default 4',
    downRounds: 'rounds the peer stays down before it restarts; default 6',
    repeat: 'crash-restart cycles; default 1',
    upRounds: 'rounds the peer runs between two cycles; default downRounds'
  },
  create (params) {
    const at = roundParam(params, 'at', 4)
    const downRounds = integerParam(params, 'downRounds', { min: 1, max: 100_000, fallback: 6 })
    const repeat = integerParam(params, 'repeat', { min: 1, max: 1000, fallback: 1 })
    const upRounds = integerParam(params, 'upRounds', { min: 1, max: 100_000, fallback: downRounds })
    if (params.upRounds !== undefined && repeat === 1) throw new AttackParamError('upRounds', 'only means something with repeat of 2 or more')
    const period = downRounds + upRounds
    return {
      name: 'crash-restart',
      async onRound (index, control) {
        const since = control.round - at
        if (since < 0 || Math.floor(since / period) >= repeat) return
        const phase = since % period
        if (phase === 0) await control.crash(index)
        else if (phase === downRounds) await control.restart(index)
      }
    }
  }
}
