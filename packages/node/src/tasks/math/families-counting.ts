/** Math families about counting, probability and geometry. */
import { mod1000, type MathFamily } from './family.js'
import { binomial, gcd, isqrt, lcm, pascalRow } from './number-theory.js'

export const inclusionExclusion: MathFamily = {
  name: 'inclusion-exclusion',
  make (rng) {
    const [p, q, r] = rng.shuffle([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]).slice(0, 3) as [number, number, number]
    const n = rng.int(100, 3000)
    const f = (x: number): number => Math.floor(n / x)
    const union = f(p) + f(q) - f(lcm(p, q))
    const unionAndR = f(lcm(p, r)) + f(lcm(q, r)) - f(lcm(lcm(p, q), r))
    const answer = union - unionAndR
    let brute = 0
    for (let k = 1; k <= n; k++) if ((k % p === 0 || k % q === 0) && k % r !== 0) brute++
    if (answer <= 0 || answer > 999) return undefined
    const shared = (gcd(p, q) > 1 ? 1 : 0) + (gcd(p, r) > 1 ? 1 : 0) + (gcd(q, r) > 1 ? 1 : 0)
    return {
      family: this.name,
      question: `How many positive integers less than or equal to $${n}$ are divisible by $${p}$ or $${q}$ but not by $${r}$?`,
      answer,
      check: brute,
      difficulty: 0.35 + 0.07 * shared + 0.05 * Math.log10(n) / 3.5
    }
  }
}

export const committees: MathFamily = {
  name: 'committees',
  make (rng) {
    if (rng.chance(0.5)) {
      const n = rng.int(6, 30)
      const k = rng.int(2, Math.min(n - 2, 12))
      const c = binomial(n, k)
      const check = pascalRow(n)[k] as bigint
      const big = c >= 1000n
      const setup = `A club has $${n}$ members.`
      return {
        family: this.name,
        question: big
          ? mod1000(`${setup} Let $N$ be the number of ways to choose a committee of $${k}$ of its members.`, '$N$')
          : `${setup} In how many ways can a committee of $${k}$ of its members be chosen?`,
        answer: Number(c % 1000n),
        check: Number(check % 1000n),
        difficulty: 0.18 + (big ? 0.12 : 0)
      }
    }
    const women = rng.int(3, 12)
    const men = rng.int(3, 12)
    const k = rng.int(3, Math.min(8, women + men - 2))
    const total = binomial(women + men, k) - binomial(women, k) - binomial(men, k)
    // Check: sum over the number of women, each term from Pascal's triangle.
    const w = pascalRow(women)
    const m = pascalRow(men)
    let check = 0n
    for (let j = 1; j < k; j++) check += (w[j] ?? 0n) * (m[k - j] ?? 0n)
    const big = total >= 1000n
    const setup = `A committee of $${k}$ people is to be chosen from $${women}$ women and $${men}$ men, and it must include at least one woman and at least one man.`
    return {
      family: this.name,
      question: big ? mod1000(`${setup} Let $N$ be the number of possible committees.`, '$N$') : `${setup} How many different committees are possible?`,
      answer: Number(total % 1000n),
      check: Number(check % 1000n),
      difficulty: 0.35 + (big ? 0.12 : 0)
    }
  }
}

export const rightTriangles: MathFamily = {
  name: 'right-triangles',
  make (rng) {
    const m = rng.int(2, 9)
    const n = rng.int(1, m - 1)
    if (gcd(m, n) !== 1 || (m - n) % 2 === 0) return undefined
    const k = rng.int(1, 8)
    const a = k * (m * m - n * n)
    const b = k * 2 * m * n
    const c = k * (m * m + n * n)
    const variant = rng.int(0, 2)
    if (variant === 0) {
      if (a + b + c > 999) return undefined
      return {
        family: this.name,
        question: `A right triangle has legs of lengths $${a}$ and $${b}$. What is the perimeter of the triangle?`,
        answer: a + b + c,
        check: a + b + isqrt(a * a + b * b),
        difficulty: 0.15
      }
    }
    if (variant === 1) {
      const area = a * b / 2
      if (area > 999) return undefined
      const other = isqrt(c * c - a * a)
      return {
        family: this.name,
        question: `A right triangle has a hypotenuse of length $${c}$ and one leg of length $${a}$. What is the area of the triangle?`,
        answer: area,
        check: other * other === c * c - a * a ? a * other / 2 : -1,
        difficulty: 0.3
      }
    }
    // The inradius of a right triangle is (a + b - c) / 2; check it as area / semiperimeter.
    const r = (a + b - c) / 2
    return {
      family: this.name,
      question: `A right triangle has side lengths $${a}$, $${b}$, and $${c}$. What is the radius of the circle inscribed in the triangle?`,
      answer: r,
      check: (a * b / 2) / ((a + b + c) / 2),
      difficulty: 0.42
    }
  }
}

export const latticeDisk: MathFamily = {
  name: 'lattice-disk',
  make (rng) {
    const r = rng.int(3, 17)
    const strict = rng.chance(0.5)
    const r2 = r * r
    let answer = 0
    for (let x = -r; x <= r; x++) {
      const rest = r2 - x * x
      let h = isqrt(rest)
      if (strict && h * h === rest) h--
      if (h >= 0) answer += 2 * h + 1
    }
    let brute = 0
    for (let x = -r; x <= r; x++) {
      for (let y = -r; y <= r; y++) {
        const v = x * x + y * y
        if (strict ? v < r2 : v <= r2) brute++
      }
    }
    if (answer > 999) return undefined
    return {
      family: this.name,
      question: `How many ordered pairs of integers $(x, y)$ satisfy $x^2 + y^2 ${strict ? '<' : '\\le'} ${r2}$?`,
      answer,
      check: brute,
      difficulty: 0.35 + 0.2 * r / 17 + (strict ? 0.05 : 0)
    }
  }
}

export const latticeTriangles: MathFamily = {
  name: 'lattice-triangles',
  make (rng) {
    const pts = [0, 1, 2].map(() => [rng.int(0, 40), rng.int(0, 40)] as const)
    const [p, q, s] = pts as [readonly [number, number], readonly [number, number], readonly [number, number]]
    const cross = (q[0] - p[0]) * (s[1] - p[1]) - (q[1] - p[1]) * (s[0] - p[0])
    const twice = Math.abs(cross)
    if (twice === 0 || twice % 2 !== 0 || twice / 2 > 999) return undefined
    const area = twice / 2
    const boundary = gcd(q[0] - p[0], q[1] - p[1]) + gcd(s[0] - q[0], s[1] - q[1]) + gcd(p[0] - s[0], p[1] - s[1])
    // Brute-force count of interior lattice points, by sign tests against the three edges.
    const side = (a: readonly [number, number], b: readonly [number, number], x: number, y: number): number =>
      (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])
    let interior = 0
    for (let x = 0; x <= 40; x++) {
      for (let y = 0; y <= 40; y++) {
        const d1 = side(p, q, x, y)
        const d2 = side(q, s, x, y)
        const d3 = side(s, p, x, y)
        if ((d1 > 0 && d2 > 0 && d3 > 0) || (d1 < 0 && d2 < 0 && d3 < 0)) interior++
      }
    }
    const vertices = `$(${p[0]}, ${p[1]})$, $(${q[0]}, ${q[1]})$, and $(${s[0]}, ${s[1]})$`
    if (rng.chance(0.5)) {
      return {
        family: this.name,
        question: `A triangle in the coordinate plane has vertices ${vertices}. What is the area of the triangle?`,
        answer: area,
        // Pick's theorem from the brute-force counts.
        check: interior + boundary / 2 - 1,
        difficulty: 0.25
      }
    }
    return {
      family: this.name,
      question: `A triangle in the coordinate plane has vertices ${vertices}. How many points with integer coordinates lie strictly inside the triangle?`,
      answer: area - boundary / 2 + 1,
      check: interior,
      difficulty: 0.55
    }
  }
}

export const linearDiophantine: MathFamily = {
  name: 'linear-diophantine',
  make (rng) {
    const a = rng.int(2, 15)
    const b = rng.int(2, 15)
    const n = rng.int(50, 700)
    if (a === b) return undefined
    let answer = 0
    for (let x = 0; a * x <= n; x++) if ((n - a * x) % b === 0) answer++
    let check = 0
    for (let y = 0; b * y <= n; y++) if ((n - b * y) % a === 0) check++
    if (answer === 0 && !rng.chance(0.2)) return undefined
    return {
      family: this.name,
      question: `How many ordered pairs $(x, y)$ of nonnegative integers satisfy $${a}x + ${b}y = ${n}$?`,
      answer,
      check,
      difficulty: 0.3 + (gcd(a, b) > 1 ? 0.08 : 0) + 0.07 * n / 700
    }
  }
}

export const marbles: MathFamily = {
  name: 'marbles',
  make (rng) {
    const red = rng.int(2, 20)
    const blue = rng.int(2, 20)
    const same = rng.chance(0.5)
    const total = red + blue
    const num = same ? red * (red - 1) + blue * (blue - 1) : 2 * red * blue
    const den = total * (total - 1)
    const g = gcd(num, den)
    const answer = num / g + den / g
    // Check: enumerate ordered draws of two distinct marbles.
    let hits = 0
    let draws = 0
    for (let i = 0; i < total; i++) {
      for (let j = 0; j < total; j++) {
        if (i === j) continue
        draws++
        const sameColor = (i < red) === (j < red)
        if (sameColor === same) hits++
      }
    }
    const g2 = gcd(hits, draws)
    if (answer > 999) return undefined
    return {
      family: this.name,
      question: `A bag contains $${red}$ red marbles and $${blue}$ blue marbles. Two marbles are drawn at random without replacement. ` +
        `The probability that ${same ? 'both marbles are the same color' : 'one marble is red and the other is blue'} is $\\tfrac{m}{n}$, ` +
        'where $m$ and $n$ are relatively prime positive integers. Find $m + n$.',
      answer,
      check: hits / g2 + draws / g2,
      difficulty: 0.4 + 0.1 * total / 40
    }
  }
}
