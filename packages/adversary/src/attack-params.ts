import { AttackParamError } from '@promptswarm/node'
import { numberParam } from './params.js'

/**
 * Parameter readers for the evaluator and candidate attacks beyond `params.ts`. Each throws
 * `AttackParamError` naming the parameter.
 */

/** One of `choices`; `fallback` when absent. */
export function oneOfParam<T extends string> (params: Readonly<Record<string, unknown>>, name: string, choices: readonly T[], fallback: T): T {
  const v = params[name]
  if (v === undefined) return fallback
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new AttackParamError(name, `must be one of ${choices.join(', ')}, got ${JSON.stringify(v)}`)
  }
  return v as T
}

/** A whole number in [min, max]; `fallback` when absent. */
export function countParam (params: Readonly<Record<string, unknown>>, name: string, range: { min: number, max: number, fallback: number }): number {
  const v = numberParam(params, name, range)
  if (!Number.isInteger(v)) throw new AttackParamError(name, `must be a whole number, got ${v}`)
  return v
}

/**
 * A phrase that goes inside a quoted clause of a prompt: non-empty, at most `max` characters, on
 * one line, without double quotes (they would end the quotation).
 */
export function phraseParam (params: Readonly<Record<string, unknown>>, name: string, fallback: string, max = 100): string {
  const v = params[name]
  if (v === undefined) return fallback
  if (typeof v !== 'string' && typeof v !== 'number') throw new AttackParamError(name, `must be a string, got ${JSON.stringify(v)}`)
  const s = String(v).trim()
  if (s === '') throw new AttackParamError(name, 'must not be empty')
  if (s.length > max) throw new AttackParamError(name, `must be at most ${max} characters, got ${s.length}`)
  if (/["\n\r]/.test(s)) throw new AttackParamError(name, 'must be one line without double quotes')
  return s
}
