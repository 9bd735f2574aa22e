import type { AttackFactory } from '@promptswarm/node'
import { integerParam, roundParam } from '../fault-params.js'

/**
 * A slow peer (an overloaded machine, a slow model endpoint): it takes its step only every
 * `slowdown`-th round. Its committee seats wait for it until the backups' timer runs out
 * (`backupAfterMs`, in logical time), and its own children come late.
 */
export const straggler: AttackFactory = {
  name: 'straggler',
  summary: 'the peer takes its step only every k-th round, so backups must cover its committee seats',
  params: {
    slowdown: 'the peer steps once every this many rounds; default 25 (backups step in after 20 rounds)',
    from: 'round from which the peer is slow; default 0'
  },
  create (params) {
    const slowdown = integerParam(params, 'slowdown', { min: 1, max: 100_000, fallback: 25 })
    const from = roundParam(params, 'from', 0)
    return {
      name: 'straggler',
      steps: (_index, round) => round < from || (round - from) % slowdown === slowdown - 1
    }
  }
}
