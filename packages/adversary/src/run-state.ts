import type { SwarmControl } from '@promptswarm/node'

/**
 * State an `onRound` attack keeps for one run. A scenario's attack objects serve every seed's
 * run, so state is keyed by the run's control (one per run), never kept in the attack itself:
 * each run then starts afresh and repeats exactly.
 */
export function perRun<T> (make: (control: SwarmControl) => T): (control: SwarmControl) => T {
  const states = new WeakMap<SwarmControl, T>()
  return control => {
    let state = states.get(control)
    if (state === undefined) {
      state = make(control)
      states.set(control, state)
    }
    return state
  }
}
