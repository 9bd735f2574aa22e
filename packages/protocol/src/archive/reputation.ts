/**
 * Per-evaluator agreement with the consensus (the plain median of each candidate's counted
 * scores). Deviations are kept as integers in units of 2^-20 so that sums are exact and the
 * ledger ends in the same state whatever order evaluations arrived in.
 *
 * reputation = sum(1 - deviation) / (PRIOR + n): a newcomer starts at 0 and must earn weight by
 * agreeing with the consensus, so fresh identities (Sybils) carry no weight in weighted aggregators
 * until they have a record. Sybils that form the majority on some candidates can still earn it
 * there: committees and membership rules, not reputation alone, bound that.
 */
const UNIT = 2 ** 20
const PRIOR = 2

interface Account {
  deviationUnits: number
  samples: number
  /** Candidate id -> deviation in units, for the candidates this evaluator currently counts in. */
  readonly byCandidate: Map<string, number>
}

export class ReputationLedger {
  private readonly accounts = new Map<string, Account>()
  /** Bumped whenever any reputation changes, to invalidate weighted aggregates. */
  epoch = 0

  private account (evaluator: string): Account {
    let a = this.accounts.get(evaluator)
    if (a === undefined) {
      a = { deviationUnits: 0, samples: 0, byCandidate: new Map() }
      this.accounts.set(evaluator, a)
    }
    return a
  }

  /** Replaces the contributions of one candidate: its counted scores against its new consensus. */
  update (candidate: string, previous: Iterable<string>, scores: ReadonlyMap<string, number>, consensus: number | undefined): void {
    let changed = false
    for (const evaluator of previous) {
      const a = this.accounts.get(evaluator)
      const units = a?.byCandidate.get(candidate)
      if (a === undefined || units === undefined) continue
      a.deviationUnits -= units
      a.samples -= 1
      a.byCandidate.delete(candidate)
      changed = true
    }
    if (consensus !== undefined) {
      for (const [evaluator, score] of scores) {
        const a = this.account(evaluator)
        const units = Math.round(Math.abs(score - consensus) * UNIT)
        a.deviationUnits += units
        a.samples += 1
        a.byCandidate.set(candidate, units)
        changed = true
      }
    }
    // Only a real change invalidates the weighted aggregates cached against this epoch.
    if (changed) this.epoch++
  }

  /** Candidates an evaluator currently has a contribution for. */
  candidatesOf (evaluator: string): string[] {
    return [...(this.accounts.get(evaluator)?.byCandidate.keys() ?? [])]
  }

  reputation (evaluator: string): number {
    const a = this.accounts.get(evaluator)
    if (a === undefined) return 0
    return (a.samples - a.deviationUnits / UNIT) / (PRIOR + a.samples)
  }

  samples (evaluator: string): number {
    return this.accounts.get(evaluator)?.samples ?? 0
  }

  evaluators (): string[] {
    return [...this.accounts.keys()].filter(e => (this.accounts.get(e) as Account).samples > 0).sort()
  }
}
