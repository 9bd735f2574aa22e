/** The gap, as a fraction of accuracy, above which a defence counts as broken: 1 point. */
export const BREAKDOWN_THRESHOLD = 0.01

/**
 * The breakdown point of one defence: the smallest attacker share at which the robustness gap
 * exceeds `threshold`, or null when no share does. Shares need not be given in order.
 */
export function breakdownPoint (points: ReadonlyArray<{ readonly share: number, readonly gap: number }>, threshold = BREAKDOWN_THRESHOLD): number | null {
  const broken = points.filter(p => Number.isFinite(p.gap) && p.gap > threshold).map(p => p.share)
  return broken.length === 0 ? null : Math.min(...broken)
}

/** "0.25", or "none up to 0.5" when the defence held at every share swept. */
export function describeBreakdown (share: number | null, shares: readonly number[]): string {
  if (share !== null) return formatShare(share)
  return `none up to ${formatShare(Math.max(0, ...shares))}`
}

/** A share as a short decimal: 0.125, 0.25, 0.5. */
export function formatShare (share: number): string {
  return String(Number(share.toFixed(4)))
}
