/**
 * Numbers as a science question prints them: three significant figures, scientific notation for
 * very large or small magnitudes, then the unit.
 */
export function formatNumber (x: number, digits = 3): string {
  if (x === 0) return '0'
  const magnitude = Math.floor(Math.log10(Math.abs(x)))
  if (magnitude >= 5 || magnitude <= -4) {
    const [mantissa, exponent] = x.toExponential(digits - 1).split('e') as [string, string]
    return `${mantissa} × 10^${Number(exponent)}`
  }
  const fixed = Number(x.toPrecision(digits))
  // Keep trailing zeros that carry significance (2.50), but no needless decimals on integers.
  const decimals = Math.max(0, digits - 1 - magnitude)
  return fixed.toFixed(decimals)
}

export function formatQuantity (x: number, unit: string): string {
  return unit === '' ? formatNumber(x) : `${formatNumber(x)} ${unit}`
}
