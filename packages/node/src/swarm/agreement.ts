import { waitUntil } from './wait.js'

/**
 * Swarm-wide agreement: every peer's record-set digest (sorted record ids, hashed) is the same.
 * Equal digests mean equal archives, hence (the view being a pure function of the set) equal views.
 */
export interface AgreementReport {
  readonly agreed: boolean
  /** The digest most peers hold (ties: the smallest). */
  readonly majority: string
  readonly digests: readonly string[]
  readonly records: readonly number[]
  /** Positions (in the list given) of peers whose digest is not the majority's, or that did not answer. */
  readonly disagreeing: readonly number[]
  readonly elapsedMs: number
}

export interface DigestSource {
  status (): Promise<{ readonly recordDigest: string, readonly records: number }>
}

/** Pure: who disagrees with the majority digest. */
export function compareDigests (digests: readonly string[]): { agreed: boolean, majority: string, disagreeing: number[] } {
  const counts = new Map<string, number>()
  for (const d of digests) counts.set(d, (counts.get(d) ?? 0) + 1)
  let majority = ''
  let best = -1
  for (const [d, n] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (n > best) { best = n; majority = d }
  }
  const disagreeing = digests.flatMap((d, i) => (d === majority ? [] : [i]))
  return { agreed: digests.length > 0 && disagreeing.length === 0 && majority !== '', majority, disagreeing }
}

export async function checkAgreement (peers: readonly DigestSource[], started = Date.now()): Promise<AgreementReport> {
  const statuses = await Promise.all(peers.map(async p => await p.status().catch(() => ({ recordDigest: '', records: -1 }))))
  const digests = statuses.map(s => s.recordDigest)
  const { agreed, majority, disagreeing } = compareDigests(digests)
  return { agreed, majority, digests, records: statuses.map(s => s.records), disagreeing, elapsedMs: Date.now() - started }
}

export interface AgreementOptions {
  readonly timeoutMs: number
  readonly intervalMs?: number
  /** Also require every peer to hold at least this many records. */
  readonly minRecords?: number
}

/** Polls until every digest agrees (and `minRecords` are held) or the time is up; reports who disagrees. */
export async function waitForAgreement (peers: readonly DigestSource[], options: AgreementOptions): Promise<AgreementReport> {
  const started = Date.now()
  let report = await checkAgreement(peers, started)
  const done = (r: AgreementReport): boolean => r.agreed && r.records.every(n => n >= (options.minRecords ?? 0))
  await waitUntil(async () => {
    report = await checkAgreement(peers, started)
    return done(report)
  }, { timeoutMs: options.timeoutMs, intervalMs: options.intervalMs ?? 100 })
  if (!done(report) && report.agreed) {
    return { ...report, agreed: false, disagreeing: report.records.flatMap((n, i) => (n < (options.minRecords ?? 0) ? [i] : [])) }
  }
  return report
}
