import { toHex, type ArchiveView } from '@promptswarm/protocol'

/** The keys (hex) of the peers that run one attack: colluders know each other. */
export function colluderKeys (authors: readonly string[], attackers: readonly number[]): Set<string> {
  return new Set(attackers.map(i => authors[i]).filter((k): k is string => k !== undefined))
}

/** The author (hex) of a record in the view, or undefined when the view does not hold it. */
export function authorOf (view: ArchiveView, id: Uint8Array | string): string | undefined {
  return view.get(typeof id === 'string' ? id : toHex(id))?.authorHex
}

/**
 * Whether a candidate or one of its ancestors was written by one of `keys`: the attackers'
 * lineage, which honest peers extend when they build on an attacker's prompt. Reads raw records,
 * not candidate views, so it costs no scoring.
 */
export function inLineage (view: ArchiveView, candidateId: string, keys: ReadonlySet<string>): boolean {
  const seen = new Set<string>()
  for (let id: string | null = candidateId; id !== null && !seen.has(id);) {
    seen.add(id)
    const signed = view.get(id)
    if (signed?.record.kind !== 'candidate') return false
    if (keys.has(signed.authorHex)) return true
    id = signed.record.parent === null ? null : toHex(signed.record.parent)
  }
  return false
}
