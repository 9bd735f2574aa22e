import type { Rng } from '../rng.js'
import { formatQuantity } from './quantity.js'

/**
 * Project-made science question templates (not GPQA items, whose authors ask that they not be
 * posted online). Each template draws values, computes the answer, and derives distractors from
 * the mistakes students actually make: a dropped factor, a unit not converted, the wrong formula
 * variant, a sign error. These are unit calculations, easier than GPQA's expert questions; they
 * share its format (question, one correct and three incorrect options) so the same scorer and
 * loader serve both.
 */
export type Domain = 'Physics' | 'Chemistry' | 'Biology'

export interface ScienceDraft {
  readonly template: string
  readonly domain: Domain
  readonly question: string
  readonly correct: string
  /** Candidate distractors, most plausible first; the generator keeps the first three distinct ones. */
  readonly wrong: readonly string[]
  readonly difficulty: number
}

export interface ScienceTemplate {
  readonly name: string
  make (rng: Rng): ScienceDraft
}

/** Formats the answer and mistake values; adds scaled variants in case mistakes coincide. */
function numeric (correct: number, mistakes: readonly number[], unit: string): { correct: string, wrong: string[] } {
  const fallbacks = [2, 0.5, 10, 0.1, 1.5, 3].map(f => correct * f)
  const wrong = [...mistakes, ...fallbacks].filter(x => Number.isFinite(x) && x !== correct).map(x => formatQuantity(x, unit))
  return { correct: formatQuantity(correct, unit), wrong }
}

const G = 9.81
const deg = (d: number): number => d * Math.PI / 180

const projectileHeight: ScienceTemplate = {
  name: 'projectile-height',
  make (rng) {
    const v = rng.int(10, 60)
    const angle = rng.pick([20, 30, 37, 45, 53, 60, 70])
    const s = Math.sin(deg(angle))
    const h = v * v * s * s / (2 * G)
    const { correct, wrong } = numeric(h, [v * v * s / (2 * G), v * v * s * s / G, v * v / (2 * G), v * v * Math.cos(deg(angle)) ** 2 / (2 * G)], 'm')
    return {
      template: this.name,
      domain: 'Physics',
      question: `A projectile is launched from level ground with an initial speed of ${v} m/s at ${angle}° above the horizontal. Neglecting air resistance and taking g = 9.81 m/s², what is the maximum height it reaches?`,
      correct,
      wrong,
      difficulty: 0.3
    }
  }
}

const photonEnergy: ScienceTemplate = {
  name: 'photon-energy',
  make (rng) {
    const nm = rng.int(150, 950)
    const e = 6.626e-34 * 3.0e8 / (nm * 1e-9) / 1.602e-19
    const { correct, wrong } = numeric(e, [e / (2 * Math.PI), e * 10, e / 10, e * 2], 'eV')
    return {
      template: this.name,
      domain: 'Physics',
      question: `What is the energy of a photon with a wavelength of ${nm} nm? Use h = 6.626 × 10^-34 J·s, c = 3.00 × 10^8 m/s and 1 eV = 1.602 × 10^-19 J.`,
      correct,
      wrong,
      difficulty: 0.3
    }
  }
}

const idealGas: ScienceTemplate = {
  name: 'ideal-gas',
  make (rng) {
    const n = rng.int(5, 50) / 10
    const t = rng.int(250, 500)
    const litres = rng.int(5, 50)
    const p = n * 8.314 * t / (litres / 1000) / 1000
    const { correct, wrong } = numeric(p, [n * 8.314 * (t - 273.15) / (litres / 1000) / 1000, n * 8.314 * t / litres / 1000, n * 0.08206 * t / litres, 8.314 * t / (litres / 1000) / 1000], 'kPa')
    return {
      template: this.name,
      domain: 'Physics',
      question: `${n} mol of an ideal gas is held in a rigid ${litres} L container at ${t} K. What is the pressure of the gas? (R = 8.314 J/(mol·K))`,
      correct,
      wrong,
      difficulty: 0.35
    }
  }
}

const capacitorEnergy: ScienceTemplate = {
  name: 'capacitor-energy',
  make (rng) {
    const microfarads = rng.int(1, 500)
    const volts = rng.int(5, 400)
    const c = microfarads * 1e-6
    const u = 0.5 * c * volts * volts
    const { correct, wrong } = numeric(u, [c * volts * volts, 0.5 * c * volts, 0.5 * c * c * volts, 0.25 * c * volts * volts], 'J')
    return {
      template: this.name,
      domain: 'Physics',
      question: `A ${microfarads} μF capacitor is charged to a potential difference of ${volts} V. How much energy is stored in it?`,
      correct,
      wrong,
      difficulty: 0.25
    }
  }
}

const radioactiveDecay: ScienceTemplate = {
  name: 'radioactive-decay',
  make (rng) {
    const n0 = rng.int(10, 500)
    const half = rng.int(2, 30)
    const t = rng.int(1, 5) * half + rng.pick([0, Math.round(half / 2)])
    const left = n0 * 2 ** (-t / half)
    const { correct, wrong } = numeric(left, [n0 * Math.exp(-t / half), n0 * 2 ** (-half / t), n0 / (t / half), n0 * Math.max(0.05, 1 - t / (2 * half * 4))], 'g')
    return {
      template: this.name,
      domain: 'Physics',
      question: `A sample contains ${n0} g of a radioactive isotope with a half-life of ${half} days. How much of the isotope remains after ${t} days?`,
      correct,
      wrong,
      difficulty: 0.35
    }
  }
}

const timeDilation: ScienceTemplate = {
  name: 'time-dilation',
  make (rng) {
    const beta = rng.pick([0.5, 0.6, 0.8, 0.9, 0.95, 0.99])
    const tau = rng.int(1, 50)
    const gamma = 1 / Math.sqrt(1 - beta * beta)
    const { correct, wrong } = numeric(gamma * tau, [tau / gamma, tau * (1 + beta), gamma * gamma * tau, tau / (1 - beta)], 'μs')
    return {
      template: this.name,
      domain: 'Physics',
      question: `An unstable particle has a mean lifetime of ${tau} μs in its rest frame. It moves through the laboratory at ${beta}c. What is its mean lifetime as measured in the laboratory frame?`,
      correct,
      wrong,
      difficulty: 0.45
    }
  }
}

const orbitalPeriod: ScienceTemplate = {
  name: 'orbital-period',
  make (rng) {
    const altitude = rng.int(2, 360) * 100
    const gm = 3.986e14
    const r = (6371 + altitude) * 1000
    const minutes = 2 * Math.PI * Math.sqrt(r ** 3 / gm) / 60
    const h = altitude * 1000
    const { correct, wrong } = numeric(minutes, [2 * Math.PI * Math.sqrt(h ** 3 / gm) / 60, Math.sqrt(r ** 3 / gm) / 60, 2 * Math.PI * r / Math.sqrt(gm / h) / 60, minutes / 60], 'min')
    return {
      template: this.name,
      domain: 'Physics',
      question: `A satellite moves in a circular orbit ${altitude} km above the Earth's surface. Taking the Earth's radius as 6371 km and GM = 3.986 × 10^14 m³/s², what is its orbital period?`,
      correct,
      wrong,
      difficulty: 0.5
    }
  }
}

const doppler: ScienceTemplate = {
  name: 'doppler',
  make (rng) {
    const f = rng.int(20, 200) * 10
    const vs = rng.int(10, 80)
    const v = 343
    const heard = f * v / (v - vs)
    const { correct, wrong } = numeric(heard, [f * (v + vs) / v, f * v / (v + vs), f * (v - vs) / v, f], 'Hz')
    return {
      template: this.name,
      domain: 'Physics',
      question: `An ambulance siren emits sound at ${f} Hz while the ambulance drives at ${vs} m/s directly toward a stationary listener. Taking the speed of sound as 343 m/s, what frequency does the listener hear?`,
      correct,
      wrong,
      difficulty: 0.35
    }
  }
}

const strongAcidPh: ScienceTemplate = {
  name: 'strong-acid-ph',
  make (rng) {
    const diprotic = rng.chance(0.4)
    const c = rng.int(11, 99) / 10 * 10 ** -rng.int(2, 5)
    const h = diprotic ? 2 * c : c
    const ph = -Math.log10(h)
    const acid = diprotic ? 'H2SO4 (assume both protons fully dissociate)' : 'HCl'
    const { correct, wrong } = numeric(ph, [-Math.log10(diprotic ? c : 2 * c), -Math.log(h), 14 - ph, -Math.log10(h / 10)], '')
    return {
      template: this.name,
      domain: 'Chemistry',
      question: `What is the pH of a ${c.toExponential(1).replace('e', ' × 10^')} M aqueous solution of ${acid} at 25 °C?`,
      correct,
      wrong,
      difficulty: diprotic ? 0.35 : 0.25
    }
  }
}

const weakAcidPh: ScienceTemplate = {
  name: 'weak-acid-ph',
  make (rng) {
    const [name, ka] = rng.pick([['acetic acid', 1.8e-5], ['formic acid', 1.8e-4], ['hydrofluoric acid', 6.8e-4], ['hydrocyanic acid', 4.9e-10], ['hypochlorous acid', 3.0e-8], ['benzoic acid', 6.3e-5]] as const)
    const c = rng.int(1, 100) / 100
    const ph = -Math.log10(Math.sqrt(ka * c))
    const { correct, wrong } = numeric(ph, [-Math.log10(ka * c), -Math.log10(c), -Math.log10(ka) / 2, -Math.log10(ka)], '')
    return {
      template: this.name,
      domain: 'Chemistry',
      question: `Estimate the pH of a ${c.toFixed(2)} M solution of ${name} (Ka = ${ka.toExponential(1).replace('e', ' × 10^')}) at 25 °C, assuming the acid dissociates only slightly.`,
      correct,
      wrong,
      difficulty: 0.45
    }
  }
}

const molarity: ScienceTemplate = {
  name: 'molarity',
  make (rng) {
    const [name, mm] = rng.pick([['NaCl', 58.44], ['glucose (C6H12O6)', 180.16], ['KMnO4', 158.03], ['CaCl2', 110.98], ['NaOH', 40.0], ['KNO3', 101.1]] as const)
    const grams = rng.int(5, 200) * rng.pick([1, 2, 5]) / 10
    const ml = rng.pick([100, 250, 500, 750, 1000, 2000])
    const m = grams / mm / (ml / 1000)
    const { correct, wrong } = numeric(m, [grams / mm / ml, grams * mm / (ml / 1000) / 1000, grams / (2 * mm) / (ml / 1000), mm / grams / (ml / 1000)], 'M')
    return {
      template: this.name,
      domain: 'Chemistry',
      question: `${grams} g of ${name} (molar mass ${mm} g/mol) is dissolved in water to make ${ml} mL of solution. What is the molar concentration of the solution?`,
      correct,
      wrong,
      difficulty: 0.2
    }
  }
}

const dilution: ScienceTemplate = {
  name: 'dilution',
  make (rng) {
    const c1 = rng.int(5, 120) / 10
    const v1 = rng.int(1, 50) * 5
    const v2 = v1 * rng.int(2, 20) + rng.int(0, 3) * 25
    const c2 = c1 * v1 / v2
    const { correct, wrong } = numeric(c2, [c1 * v2 / v1, c1 * (v2 - v1) / v2, c1 * v1 / (v1 + v2), c1 / v2], 'M')
    return {
      template: this.name,
      domain: 'Chemistry',
      question: `${v1} mL of a ${c1} M stock solution is diluted with water to a final volume of ${v2} mL. What is the concentration of the diluted solution?`,
      correct,
      wrong,
      difficulty: 0.2
    }
  }
}

const gibbs: ScienceTemplate = {
  name: 'gibbs-energy',
  make (rng) {
    const dh = rng.int(-200, 200)
    const ds = rng.int(-300, 300)
    const t = rng.int(25, 100) * 10
    if (dh === 0 || ds === 0) return gibbs.make(rng)
    const dg = dh - t * ds / 1000
    if (Math.abs(dg) < 1) return gibbs.make(rng)
    const { correct, wrong } = numeric(dg, [dh - t * ds, dh + t * ds / 1000, dh - (t - 273.15) * ds / 1000, -dg], 'kJ/mol')
    return {
      template: this.name,
      domain: 'Chemistry',
      question: `For a reaction, ΔH = ${dh} kJ/mol and ΔS = ${ds} J/(mol·K). Assuming both are independent of temperature, what is ΔG at ${t} K?`,
      correct,
      wrong,
      difficulty: 0.35
    }
  }
}

const equilibriumConstant: ScienceTemplate = {
  name: 'equilibrium-constant',
  make (rng) {
    const dg = rng.int(-300, 300) / 10
    if (dg === 0) return equilibriumConstant.make(rng)
    const rt = 8.314 * 298
    const k = Math.exp(-dg * 1000 / rt)
    const { correct, wrong } = numeric(k, [Math.exp(dg * 1000 / rt), 10 ** (-dg * 1000 / rt), Math.exp(-dg / rt), 1 / (1 + Math.exp(dg * 1000 / rt))], '')
    return {
      template: this.name,
      domain: 'Chemistry',
      question: `The standard Gibbs energy change of a reaction at 298 K is ΔG° = ${dg} kJ/mol. What is its equilibrium constant K at this temperature? (R = 8.314 J/(mol·K))`,
      correct,
      wrong,
      difficulty: 0.45
    }
  }
}

const hardyWeinberg: ScienceTemplate = {
  name: 'hardy-weinberg',
  make (rng) {
    const n = rng.pick([100, 400, 900, 1600, 2500, 3600, 4900, 10000, 14400, 22500, 40000])
    const q = Math.sqrt(1 / n)
    const p = 1 - q
    const { correct, wrong } = numeric(2 * p * q, [q, p * p, 2 * q * q, 2 * q], '')
    return {
      template: this.name,
      domain: 'Biology',
      question: `An autosomal recessive disorder affects 1 in ${n} newborns in a population in Hardy-Weinberg equilibrium. What fraction of the population are heterozygous carriers?`,
      correct,
      wrong,
      difficulty: 0.35
    }
  }
}

const bacterialGrowth: ScienceTemplate = {
  name: 'bacterial-growth',
  make (rng) {
    const n0 = rng.int(1, 100) * 100
    const td = rng.pick([15, 20, 25, 30, 40, 45, 60])
    const hours = rng.int(1, 6)
    const doublings = hours * 60 / td
    const n = n0 * 2 ** doublings
    const { correct, wrong } = numeric(n, [n0 * 2 * doublings, n0 * Math.exp(doublings), n0 * 2 ** (hours / td), n0 * doublings ** 2], 'cells')
    return {
      template: this.name,
      domain: 'Biology',
      question: `A bacterial culture starts with ${n0} cells and grows exponentially with a doubling time of ${td} minutes. How many cells are present after ${hours} hour${hours === 1 ? '' : 's'}?`,
      correct,
      wrong,
      difficulty: 0.25
    }
  }
}

interface Fraction { readonly n: number, readonly d: number }
const frac = (n: number, d: number): Fraction => { const g = gcdInt(n, d); return { n: n / g, d: d / g } }
const mul = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.n, a.d * b.d)
const showFraction = (f: Fraction): string => f.n === 0 ? '0' : `${f.n}/${f.d}`
function gcdInt (a: number, b: number): number { while (b !== 0) [a, b] = [b, a % b]; return Math.abs(a) || 1 }

const trihybridCross: ScienceTemplate = {
  name: 'trihybrid-cross',
  make (rng) {
    const genes = ['A', 'B', 'C']
    const genotype = (): string[] => genes.map(g => rng.pick([`${g}${g.toLowerCase()}`, `${g}${g.toLowerCase()}`, `${g}${g}`, `${g.toLowerCase()}${g.toLowerCase()}`]))
    const mother = genotype()
    const father = genotype()
    const wantDominant = genes.map(() => rng.chance(0.6))
    const factors = genes.map((_, i) => {
      const [m, f] = [mother[i] as string, father[i] as string]
      let dominant = 0
      for (const x of m) for (const y of f) if (x === x.toUpperCase() || y === y.toUpperCase()) dominant++
      return wantDominant[i] === true ? frac(dominant, 4) : frac(4 - dominant, 4)
    })
    const answer = factors.reduce(mul, frac(1, 1))
    if (answer.n === 0) return trihybridCross.make(rng)
    // Mistakes: one gene's probability complemented, one gene forgotten, 3/4 assumed for every dominant trait.
    const complemented = factors.map((f, i) => factors.map((g, j) => j === i ? frac(g.d - g.n, g.d) : g).reduce(mul, frac(1, 1)))
    const forgotten = factors.map((_, i) => factors.filter((__, j) => j !== i).reduce(mul, frac(1, 1)))
    const naive = wantDominant.map(d => d ? frac(3, 4) : frac(1, 4)).reduce(mul, frac(1, 1))
    const wrong = [...complemented, naive, ...forgotten].filter(f => f.n > 0).map(showFraction)
    const trait = (i: number): string => `${wantDominant[i] === true ? 'dominant' : 'recessive'} ${genes[i]} phenotype`
    return {
      template: this.name,
      domain: 'Biology',
      question: `Three unlinked genes each have a completely dominant allele (capital letter) and a recessive allele. In the cross ${mother.join('')} × ${father.join('')}, what fraction of the offspring are expected to show the ${trait(0)}, the ${trait(1)} and the ${trait(2)}?`,
      correct: showFraction(answer),
      wrong: [...wrong, ...[2, 3, 4].map(k => showFraction(frac(answer.n, answer.d * k)))],
      difficulty: 0.5
    }
  }
}

const michaelisMenten: ScienceTemplate = {
  name: 'michaelis-menten',
  make (rng) {
    const vmax = rng.int(10, 200)
    const km = rng.int(1, 100) / 10
    const s = rng.int(1, 200) / 10
    const v = vmax * s / (km + s)
    const { correct, wrong } = numeric(v, [vmax * s / km, vmax * km / (km + s), vmax / 2, vmax * s / (km * s + 1)], 'μmol/min')
    return {
      template: this.name,
      domain: 'Biology',
      question: `An enzyme follows Michaelis-Menten kinetics with Vmax = ${vmax} μmol/min and Km = ${km} mM. What is the initial reaction rate at a substrate concentration of ${s} mM?`,
      correct,
      wrong,
      difficulty: 0.3
    }
  }
}

const dnaLength: ScienceTemplate = {
  name: 'dna-length',
  make (rng) {
    const bp = rng.int(10, 9000) * 100
    const micrometres = bp * 0.34 / 1000
    const { correct, wrong } = numeric(micrometres, [2 * micrometres, micrometres / 1000, bp * 3.4 / 1000, bp / 10.5 / 1000], 'μm')
    return {
      template: this.name,
      domain: 'Biology',
      question: `A linear double-stranded B-DNA molecule contains ${bp} base pairs. Taking a rise of 0.34 nm per base pair, what is its contour length?`,
      correct,
      wrong,
      difficulty: 0.25
    }
  }
}

const nernst: ScienceTemplate = {
  name: 'nernst-potential',
  make (rng) {
    const [ion, z, inside, outside] = rng.pick([
      ['K+', 1, rng.int(100, 160), rng.int(3, 10)],
      ['Na+', 1, rng.int(5, 20), rng.int(120, 150)],
      ['Ca2+', 2, rng.int(1, 5) / 10000, rng.int(1, 3)],
      ['Cl-', -1, rng.int(4, 30), rng.int(100, 130)]
    ] as const)
    const rtf = 8.314 * 310 / 96485 * 1000
    const e = rtf / z * Math.log(outside / inside)
    const { correct, wrong } = numeric(e, [-e, rtf * Math.log(outside / inside), 8.314 * 298 / 96485 * 1000 / z * Math.log(outside / inside), rtf / z * Math.log10(outside / inside)], 'mV')
    return {
      template: this.name,
      domain: 'Biology',
      question: `A cell at 37 °C has ${inside} mM ${ion} inside and ${outside} mM ${ion} outside. What is the equilibrium (Nernst) potential for ${ion}, inside relative to outside? (R = 8.314 J/(mol·K), F = 96485 C/mol)`,
      correct,
      wrong,
      difficulty: 0.5
    }
  }
}

export const SCIENCE_TEMPLATES: readonly ScienceTemplate[] = Object.freeze([
  projectileHeight, photonEnergy, idealGas, capacitorEnergy, radioactiveDecay, timeDilation, orbitalPeriod, doppler,
  strongAcidPh, weakAcidPh, molarity, dilution, gibbs, equilibriumConstant,
  hardyWeinberg, bacterialGrowth, trihybridCross, michaelisMenten, dnaLength, nernst
])
