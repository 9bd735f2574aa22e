/** Mean and a 95% confidence interval (Student's t) over independent runs, e.g. seeds. */
export interface Estimate {
  readonly mean: number
  /** Half-width of the 95% interval; 0 for a single run. */
  readonly ci95: number
  readonly n: number
}

// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042]

export function estimate (values: readonly number[]): Estimate {
  const n = values.length
  if (n === 0) return { mean: Number.NaN, ci95: Number.NaN, n }
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (n === 1) return { mean, ci95: 0, n }
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)
  const t = T975[Math.min(n - 1, T975.length) - 1] ?? 1.96
  return { mean, ci95: t * Math.sqrt(variance / n), n }
}

export function formatEstimate (e: Estimate, scale = 100, digits = 1): string {
  if (Number.isNaN(e.mean)) return 'n/a'
  return e.n > 1 ? `${(e.mean * scale).toFixed(digits)} ± ${(e.ci95 * scale).toFixed(digits)}` : (e.mean * scale).toFixed(digits)
}
