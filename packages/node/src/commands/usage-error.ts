/** A mistake in how a command was called: printed with the command's help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export function parseIntegerOption (name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`)
  return n
}

export function parseListOption<T extends string> (name: string, value: string | undefined, allowed: readonly T[], fallback: readonly T[]): T[] {
  if (value === undefined) return [...fallback]
  const items = value.split(',').map(s => s.trim()).filter(s => s.length > 0)
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new UsageError(`--${name}: unknown value ${JSON.stringify(item)}; expected one of ${allowed.join(', ')}`)
  }
  if (items.length === 0) throw new UsageError(`--${name} needs at least one value`)
  return items as T[]
}
