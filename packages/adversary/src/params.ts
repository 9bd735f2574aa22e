import { AttackParamError } from '@promptswarm/node'

/** Reads a number parameter in [min, max]; `fallback` when absent. Throws `AttackParamError` naming it. */
export function numberParam (params: Readonly<Record<string, unknown>>, name: string, range: { min: number, max: number, fallback: number }): number {
  const v = params[name]
  if (v === undefined) return range.fallback
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new AttackParamError(name, `must be a number, got ${JSON.stringify(v)}`)
  if (v < range.min || v > range.max) throw new AttackParamError(name, `must be between ${range.min} and ${range.max}, got ${v}`)
  return v
}

export function stringParam (params: Readonly<Record<string, unknown>>, name: string, fallback: string): string {
  const v = params[name]
  if (v === undefined) return fallback
  if (typeof v !== 'string' || v.trim() === '') throw new AttackParamError(name, `must be a non-empty string, got ${JSON.stringify(v)}`)
  return v
}

/** Every attack's `intensity`: how hard it lies, from 0 (honest) to 1 (fully). */
export const INTENSITY = 'how hard to lie, 0 (honest) to 1 (fully); default 1'

export function intensityParam (params: Readonly<Record<string, unknown>>): number {
  return numberParam(params, 'intensity', { min: 0, max: 1, fallback: 1 })
}
