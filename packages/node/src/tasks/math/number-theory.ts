/**
 * Exact integer helpers for the math generator. BigInt where intermediate values can exceed 2^53.
 */
export function gcd (a: number, b: number): number {
  a = Math.abs(a)
  b = Math.abs(b)
  while (b !== 0) [a, b] = [b, a % b]
  return a
}

export function lcm (a: number, b: number): number {
  return a / gcd(a, b) * b
}

export function powMod (base: number, exponent: number, modulus: number): number {
  let result = 1n
  let b = BigInt(base) % BigInt(modulus)
  let e = BigInt(exponent)
  const m = BigInt(modulus)
  while (e > 0n) {
    if ((e & 1n) === 1n) result = result * b % m
    b = b * b % m
    e >>= 1n
  }
  return Number(result % m)
}

/** C(n, k) exactly, by the multiplicative formula. */
export function binomial (n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n
  let r = 1n
  for (let i = 1; i <= k; i++) r = r * BigInt(n - k + i) / BigInt(i)
  return r
}

/** Rows 0..n of Pascal's triangle: an independent way to get C(n, k) for checking. */
export function pascalRow (n: number): bigint[] {
  let row = [1n]
  for (let i = 1; i <= n; i++) {
    const next = [1n]
    for (let k = 1; k < i; k++) next.push((row[k - 1] as bigint) + (row[k] as bigint))
    next.push(1n)
    row = next
  }
  return row
}

export function isqrt (n: number): number {
  let r = Math.floor(Math.sqrt(n))
  while (r * r > n) r--
  while ((r + 1) * (r + 1) <= n) r++
  return r
}

export function isPrime (n: number): boolean {
  if (n < 2) return false
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false
  return true
}

/** Modular inverse of a modulo m (gcd must be 1). */
export function modInverse (a: number, m: number): number {
  let [oldR, r] = [((a % m) + m) % m, m]
  let [oldS, s] = [1, 0]
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s]
  }
  if (oldR !== 1) throw new RangeError(`${a} has no inverse modulo ${m}`)
  return ((oldS % m) + m) % m
}
