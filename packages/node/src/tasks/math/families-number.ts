/** Math families about numbers and sequences: series, powers, divisors, residues, digits, bases. */
import { mod1000, type MathFamily } from './family.js'
import { gcd, isPrime, lcm, modInverse, powMod } from './number-theory.js'

export const arithmeticSeries: MathFamily = {
  name: 'arithmetic-series',
  make (rng) {
    const a = rng.int(1, 60)
    const d = rng.int(1, 25)
    if (rng.chance(0.5)) {
      const n = rng.int(8, 80)
      const sum = n * (2 * a + (n - 1) * d) / 2
      let brute = 0
      for (let k = 0; k < n; k++) brute += a + k * d
      const big = sum >= 1000
      const setup = `The first term of an arithmetic sequence is $${a}$ and its common difference is $${d}$.`
      return {
        family: this.name,
        question: big ? mod1000(setup, `the sum of the first $${n}$ terms of the sequence`) : `${setup} Find the sum of the first $${n}$ terms of the sequence.`,
        answer: sum % 1000,
        check: brute % 1000,
        difficulty: 0.08 + (big ? 0.08 : 0) + 0.1 * n / 80
      }
    }
    const p = rng.int(2, 9)
    const q = p + rng.int(2, 12)
    const r = q + rng.int(5, 40)
    const term = (k: number): number => a + (k - 1) * d
    if (term(r) > 999) return undefined
    // Check: recover the sequence from the two given terms alone.
    const d2 = (term(q) - term(p)) / (q - p)
    const a2 = term(p) - (p - 1) * d2
    return {
      family: this.name,
      question: `In an arithmetic sequence, the $${p}$th term is $${term(p)}$ and the $${q}$th term is $${term(q)}$. What is the $${r}$th term?`,
      answer: term(r),
      check: a2 + (r - 1) * d2,
      difficulty: 0.2 + 0.1 * (r - q) / 40
    }
  }
}

export const modularPower: MathFamily = {
  name: 'modular-power',
  make (rng) {
    const b = rng.int(2, 99)
    const e = rng.int(20, 3000)
    const m = rng.chance(0.4) ? rng.pick([7, 9, 11, 13, 17, 19, 23, 100, 125, 1000]) : rng.int(7, 999)
    if (gcd(b, m) === m) return undefined
    let brute = 1
    for (let i = 0; i < e; i++) brute = (brute * b) % m
    return {
      family: this.name,
      question: `Find the remainder when $${b}^{${e}}$ is divided by $${m}$.`,
      answer: powMod(b, e, m),
      check: brute,
      difficulty: 0.25 + 0.2 * Math.log10(e) / 3.5 + (isPrime(m) ? 0 : 0.12) + (m > 100 ? 0.05 : 0)
    }
  }
}

export const digitSums: MathFamily = {
  name: 'digit-sums',
  make (rng) {
    if (rng.chance(0.5)) {
      const n = rng.int(200, 9999)
      const s = rng.int(3, 25)
      const answer = countDigitSum(n, s)
      let brute = 0
      for (let k = 1; k <= n; k++) if (digitSum(k) === s) brute++
      if (answer === 0 || answer > 999) return undefined
      return {
        family: this.name,
        question: `How many integers between $1$ and $${n}$, inclusive, have digits that sum to $${s}$?`,
        answer,
        check: brute,
        difficulty: 0.35 + 0.12 * (Math.log10(n) - 2) / 2
      }
    }
    const base = rng.pick([2, 3, 7])
    const e = rng.int(25, 200)
    const power = BigInt(base) ** BigInt(e)
    const answer = [...power.toString()].reduce((acc, ch) => acc + Number(ch), 0)
    // Check: grow the decimal digits by repeated multiplication, without BigInt.
    let digits = [1]
    for (let i = 0; i < e; i++) {
      let carry = 0
      digits = digits.map(dg => { const v = dg * base + carry; carry = Math.floor(v / 10); return v % 10 })
      while (carry > 0) { digits.push(carry % 10); carry = Math.floor(carry / 10) }
    }
    return {
      family: this.name,
      question: `What is the sum of the digits of $${base}^{${e}}$ when it is written in base ten?`,
      answer,
      check: digits.reduce((a, b) => a + b, 0),
      difficulty: 0.45 + 0.25 * e / 200
    }
  }
}

function digitSum (n: number): number {
  let s = 0
  while (n > 0) { s += n % 10; n = Math.floor(n / 10) }
  return s
}

/** Integers in [1, n] with digit sum s, by digit dynamic programming over the decimal digits. */
function countDigitSum (n: number, s: number): number {
  const digits = String(n).split('').map(Number)
  // free[t]: prefixes already below n's prefix, with digit sum t. The prefix equal to n's own is
  // tracked by its digit sum alone (tightSum).
  let free = new Array<number>(s + 1).fill(0)
  let tightSum = 0
  for (const dg of digits) {
    const next = new Array<number>(s + 1).fill(0)
    for (let t = 0; t <= s; t++) {
      const ways = free[t] as number
      if (ways === 0) continue
      for (let x = 0; x <= 9 && t + x <= s; x++) next[t + x] = (next[t + x] as number) + ways
    }
    for (let x = 0; x < dg; x++) if (tightSum + x <= s) next[tightSum + x] = (next[tightSum + x] as number) + 1
    tightSum += dg
    free = next
  }
  // Numbers below n (including 0, whose digit sum is 0 and so never counts for s >= 1), plus n itself.
  return (free[s] as number) + (tightSum === s ? 1 : 0)
}

export const divisors: MathFamily = {
  name: 'divisors',
  make (rng) {
    const variant = rng.int(0, 2)
    if (variant === 0) {
      const primes = rng.shuffle([2, 3, 5, 7, 11, 13, 17, 19]).slice(0, rng.int(2, 4))
      let n = 1
      let answer = 1
      for (const p of primes) {
        const e = rng.int(1, 5)
        n *= p ** e
        answer *= e + 1
      }
      if (n > 10_000_000) return undefined
      let brute = 0
      for (let d = 1; d * d <= n; d++) if (n % d === 0) brute += d * d === n ? 1 : 2
      return {
        family: this.name,
        question: `How many positive integer divisors does $${n}$ have?`,
        answer,
        check: brute,
        difficulty: 0.3 + 0.05 * primes.length + 0.05 * Math.log10(n) / 7
      }
    }
    if (variant === 1) {
      const g = rng.int(2, 999)
      const x = rng.int(2, 400)
      const y = rng.int(2, 400)
      if (gcd(x, y) !== 1) return undefined
      return {
        family: this.name,
        question: `What is the greatest common divisor of $${g * x}$ and $${g * y}$?`,
        answer: g,
        check: gcd(g * x, g * y),
        difficulty: 0.2 + 0.15 * Math.log10(g * Math.max(x, y)) / 5.6
      }
    }
    const a = rng.int(4, 60)
    const b = rng.int(4, 60)
    const l = lcm(a, b)
    if (a === b || l > 999) return undefined
    let brute = a
    while (brute % b !== 0) brute += a
    return {
      family: this.name,
      question: `What is the least common multiple of $${a}$ and $${b}$?`,
      answer: l,
      check: brute,
      difficulty: 0.12 + 0.08 * l / 999
    }
  }
}

export const chineseRemainder: MathFamily = {
  name: 'chinese-remainder',
  make (rng) {
    const moduli = rng.shuffle([3, 4, 5, 7, 8, 9, 11, 13]).slice(0, 3)
    const [m1, m2, m3] = moduli as [number, number, number]
    if (gcd(m1, m2) !== 1 || gcd(m1, m3) !== 1 || gcd(m2, m3) !== 1) return undefined
    const product = m1 * m2 * m3
    if (product > 999) return undefined
    const residues = moduli.map(m => rng.int(0, m - 1))
    let x = 0
    for (let i = 0; i < 3; i++) {
      const m = moduli[i] as number
      const rest = product / m
      x += (residues[i] as number) * rest * modInverse(rest % m, m)
    }
    x %= product
    if (x === 0) x = product
    let brute = 1
    while (!moduli.every((m, i) => brute % m === residues[i])) brute++
    const [r1, r2, r3] = residues as [number, number, number]
    return {
      family: this.name,
      question: `Find the least positive integer that leaves a remainder of $${r1}$ when divided by $${m1}$, a remainder of $${r2}$ when divided by $${m2}$, and a remainder of $${r3}$ when divided by $${m3}$.`,
      answer: x,
      check: brute,
      difficulty: 0.3 + 0.2 * product / 999
    }
  }
}

export const recurrences: MathFamily = {
  name: 'recurrences',
  make (rng) {
    const a1 = rng.int(1, 9)
    const a2 = rng.int(1, 9)
    const c = rng.int(1, 3)
    const n = rng.int(15, 120)
    let [x, y] = [BigInt(a1), BigInt(a2)]
    for (let k = 3; k <= n; k++) [x, y] = [y, BigInt(c) * y + x]
    let [u, v] = [a1, a2]
    for (let k = 3; k <= n; k++) [u, v] = [v, (c * v + u) % 1000]
    const rule = c === 1 ? 'a_{n-1} + a_{n-2}' : `${c}a_{n-1} + a_{n-2}`
    return {
      family: this.name,
      question: mod1000(`A sequence is defined by $a_1 = ${a1}$, $a_2 = ${a2}$, and $a_n = ${rule}$ for $n \\ge 3$.`, `$a_{${n}}$`),
      answer: Number(y % 1000n),
      check: v,
      difficulty: 0.35 + 0.2 * n / 120 + 0.05 * (c - 1)
    }
  }
}

export const bases: MathFamily = {
  name: 'bases',
  make (rng) {
    const b = rng.int(2, 9)
    if (rng.chance(0.5)) {
      const n = rng.int(100, 99_999)
      let answer = 0
      for (let t = n; t > 0; t = Math.floor(t / b)) answer += t % b
      const check = [...n.toString(b)].reduce((acc, ch) => acc + Number(ch), 0)
      return {
        family: this.name,
        question: `When $${n}$ is written in base $${b}$, what is the sum of its digits? Give the sum in base ten.`,
        answer,
        check,
        difficulty: 0.25 + 0.1 * Math.log10(n) / 5 + (b === 2 ? 0.05 : 0)
      }
    }
    const len = rng.int(3, 5)
    const digits = Array.from({ length: len }, (_, i) => rng.int(i === 0 ? 1 : 0, b - 1))
    const text = digits.join('')
    const answer = digits.reduce((acc, dg) => acc * b + dg, 0)
    if (answer > 999) return undefined
    return {
      family: this.name,
      question: `The number $${text}_{${b}}$ is written in base $${b}$. What is its value in base ten?`,
      answer,
      check: Number.parseInt(text, b),
      difficulty: 0.12 + 0.04 * len
    }
  }
}

export const floorSums: MathFamily = {
  name: 'floor-sums',
  make (rng) {
    const n = rng.int(10, 60)
    const m = rng.int(2, 30)
    let sum = 0
    for (let k = 1; k <= n; k++) sum += Math.floor(k * k / m)
    // Check: (sum of squares - sum of remainders) / m, with the closed form for the squares.
    let remainders = 0
    for (let k = 1; k <= n; k++) remainders += (k * k) % m
    const check = (n * (n + 1) * (2 * n + 1) / 6 - remainders) / m
    const big = sum >= 1000
    const expression = `\\left\\lfloor \\frac{1^2}{${m}} \\right\\rfloor + \\left\\lfloor \\frac{2^2}{${m}} \\right\\rfloor + \\cdots + \\left\\lfloor \\frac{${n}^2}{${m}} \\right\\rfloor`
    return {
      family: this.name,
      question: big
        ? mod1000(`Let $S = ${expression}$, where $\\lfloor x \\rfloor$ is the greatest integer less than or equal to $x$.`, '$S$')
        : `Compute $${expression}$, where $\\lfloor x \\rfloor$ is the greatest integer less than or equal to $x$.`,
      answer: sum % 1000,
      check: check % 1000,
      difficulty: 0.4 + 0.1 * n / 60 + (big ? 0.05 : 0)
    }
  }
}
