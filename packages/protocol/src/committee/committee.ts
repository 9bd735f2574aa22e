import { createHash } from 'node:crypto'
import { ConfigError } from '../errors.js'

/**
 * Evaluation committees by rendezvous hashing: every member gets a rank for a candidate,
 * sha256(tag | candidate id | member key), and the candidate's committee is the `size` best-ranked
 * members other than its author, plus `backups` next in line who step in when members are slow
 * or gone. Every peer computes the same committee from the same member set, no evaluator chooses
 * to be on one, and the author cannot pick its evaluators without grinding its prompt text for a
 * favourable id (which audits, not committees, are there to catch).
 */
export interface CommitteeConfig {
  /** Evaluators per candidate. */
  readonly size: number
  /** Members next in rank whose evaluations also count (reassignment when members do not answer). */
  readonly backups?: number
}

const TAG = 'promptswarm/committee/v1'

export function checkCommitteeConfig (config: CommitteeConfig): void {
  if (!Number.isSafeInteger(config.size) || config.size < 1 || config.size > 64) {
    throw new ConfigError('committee.size', `must be an integer in [1, 64], got ${config.size}`)
  }
  const backups = config.backups ?? 0
  if (!Number.isSafeInteger(backups) || backups < 0 || backups > 64) {
    throw new ConfigError('committee.backups', `must be an integer in [0, 64], got ${backups}`)
  }
}

export function committeeRank (candidateId: string, member: string): string {
  return createHash('sha256').update(TAG).update('\u0000').update(candidateId).update('\u0000').update(member).digest('hex')
}

/**
 * The committee of a candidate, best rank first: `size` members, then `backups` more. The author
 * never sits on its own committee.
 */
export function committeeOf (candidateId: string, author: string, members: Iterable<string>, config: CommitteeConfig): string[] {
  const ranked: Array<{ member: string, rank: string }> = []
  for (const member of new Set(members)) {
    if (member !== author) ranked.push({ member, rank: committeeRank(candidateId, member) })
  }
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
  return ranked.slice(0, config.size + (config.backups ?? 0)).map(r => r.member)
}
