/** A report file that cannot be read or shown: `field` is the JSON path of the bad value ('' for the whole file). */
export class ReportFileError extends Error {
  override readonly name = 'ReportFileError'
  readonly code = 'ERR_REPORT_FILE'
  constructor (readonly file: string, readonly field: string, readonly reason: string) {
    super(`${file}${field === '' ? '' : `: ${field}`}: ${reason}`)
  }
}

export type Json = Record<string, unknown>

/**
 * Typed access to a report's untrusted JSON: every failure is a `ReportFileError` naming the file
 * and the JSON path of the bad value.
 */
export class Reader {
  constructor (readonly file: string) {}

  fail (field: string, reason: string): never {
    throw new ReportFileError(this.file, field, reason)
  }

  object (v: unknown, field: string): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(field, `expected an object, got ${describe(v)}`)
    return v as Json
  }

  array (v: unknown, field: string): unknown[] {
    if (!Array.isArray(v)) this.fail(field, `expected an array, got ${describe(v)}`)
    return v as unknown[]
  }

  string (v: unknown, field: string): string {
    if (typeof v !== 'string') this.fail(field, `expected a string, got ${describe(v)}`)
    return v as string
  }

  number (v: unknown, field: string): number {
    if (typeof v !== 'number') this.fail(field, `expected a number, got ${describe(v)}`)
    return v as number
  }

  /** A number, or undefined when absent or null (JSON has no NaN: n/a values are written as null). */
  optionalNumber (v: unknown, field: string): number | undefined {
    return v === undefined || v === null ? undefined : this.number(v, field)
  }
}

function describe (v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : typeof v
}

export const pct = (x: number | undefined): string => x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`
export const num = (x: number | undefined, digits = 1): string => x === undefined ? 'n/a' : x.toFixed(digits)

/** An `Estimate` (mean, ci95, n) of `summary[key]` as text, `n/a` when absent. */
export function estimateText (r: Reader, summary: Json, key: string, format: (x: number | undefined) => string): string {
  const e = summary[key]
  if (e === undefined) return 'n/a'
  const o = r.object(e, `summary.${key}`)
  const mean = r.optionalNumber(o.mean, `summary.${key}.mean`)
  const ci = r.optionalNumber(o.ci95, `summary.${key}.ci95`)
  const n = r.optionalNumber(o.n, `summary.${key}.n`) ?? 1
  if (mean === undefined) return 'n/a'
  return n > 1 && ci !== undefined ? `${format(mean)} ± ${format(ci)}` : format(mean)
}
