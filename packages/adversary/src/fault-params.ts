import { AttackParamError } from '@promptswarm/node'

/**
 * Parameter readers for the fault, data, model and protocol attacks (rounds, peer indices,
 * choices). Like `params.ts`, each throws `AttackParamError` naming the parameter.
 */

/** A whole number in [min, max]; `fallback` when absent. */
export function integerParam (params: Readonly<Record<string, unknown>>, name: string, range: { min: number, max: number, fallback: number }): number {
  const v = params[name]
  if (v === undefined) return range.fallback
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new AttackParamError(name, `must be a whole number, got ${JSON.stringify(v)}`)
  if (v < range.min || v > range.max) throw new AttackParamError(name, `must be between ${range.min} and ${range.max}, got ${v}`)
  return v
}

/** A round number (0 is the first round of the run). */
export function roundParam (params: Readonly<Record<string, unknown>>, name: string, fallback: number): number {
  return integerParam(params, name, { min: 0, max: 1_000_000, fallback })
}

/** One of `choices`; `fallback` when absent. */
export function choiceParam<T extends string> (params: Readonly<Record<string, unknown>>, name: string, choices: readonly T[], fallback: T): T {
  const v = params[name]
  if (v === undefined) return fallback
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new AttackParamError(name, `must be one of ${choices.join(', ')}, got ${JSON.stringify(v)}`)
  }
  return v as T
}

/** A non-empty list of distinct entries of `choices`; `fallback` when absent. */
export function choicesParam<T extends string> (params: Readonly<Record<string, unknown>>, name: string, choices: readonly T[], fallback: readonly T[]): T[] {
  const v = params[name]
  if (v === undefined) return [...fallback]
  if (!Array.isArray(v) || v.length === 0) throw new AttackParamError(name, `must be a non-empty list of ${choices.join(', ')}, got ${JSON.stringify(v)}`)
  const out: T[] = []
  v.forEach((entry: unknown, i) => {
    if (typeof entry !== 'string' || !(choices as readonly string[]).includes(entry)) {
      throw new AttackParamError(name, `entry ${i} must be one of ${choices.join(', ')}, got ${JSON.stringify(entry)}`)
    }
    if (out.includes(entry as T)) throw new AttackParamError(name, `entry ${i} repeats ${JSON.stringify(entry)}`)
    out.push(entry as T)
  })
  return out
}

/** A list of distinct peer indices (checked against the swarm's size when the run starts); `undefined` when absent. */
export function peerListParam (params: Readonly<Record<string, unknown>>, name: string): number[] | undefined {
  const v = params[name]
  if (v === undefined) return undefined
  if (!Array.isArray(v) || v.length === 0) throw new AttackParamError(name, `must be a non-empty list of peer indices, got ${JSON.stringify(v)}`)
  const out: number[] = []
  v.forEach((entry: unknown, i) => {
    if (typeof entry !== 'number' || !Number.isSafeInteger(entry) || entry < 0) throw new AttackParamError(name, `entry ${i} must be a peer index (0 or more), got ${JSON.stringify(entry)}`)
    if (out.includes(entry)) throw new AttackParamError(name, `entry ${i} repeats peer ${entry}`)
    out.push(entry)
  })
  return out.sort((a, b) => a - b)
}

/** Thrown by a hook when a parameter does not fit the run it is used in (a peer index beyond the swarm). */
export class AttackSetupError extends Error {
  override readonly name = 'AttackSetupError'
  readonly code = 'ATTACK_SETUP'
  constructor (readonly attack: string, readonly param: string, message: string) {
    super(`${attack}: ${param}: ${message}`)
  }
}
