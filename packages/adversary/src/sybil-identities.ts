import {
  encodeBatch, encodeSigned, keyPairFromSeed, mintIdentityWork, sha256, signRecord, Signer,
  type Membership, type ProtocolRecord, type RecordInit, type VerifiedRecord
} from '@promptswarm/protocol'
import { waitUntil, type Peer, type SwarmControl } from '@promptswarm/node'

/**
 * Identities an adversary makes up: keys that belong to no running peer. Their records are signed
 * with their own keys (so they verify anywhere) and handed to the network by a peer the adversary
 * runs, which is all gossip needs: records are relayed whoever signed them.
 */
export class ForgedIdentity {
  readonly signer: Signer
  readonly key: string
  /** Identity-work nonce, when the swarm's membership asks for one and the adversary paid for it. */
  nonce: number | undefined
  private seq = 0

  constructor (seed: Uint8Array) {
    this.signer = new Signer(keyPairFromSeed(seed))
    this.key = this.signer.publicKeyHex
  }

  /** Signs the identity's next record for `swarm`. */
  sign<R extends ProtocolRecord> (init: Omit<RecordInit<R>, 'author' | 'seq'>, swarm: string): VerifiedRecord<R> {
    return signRecord({ ...init, author: this.signer.publicKey, seq: this.seq++ } as unknown as RecordInit<R>, this.signer, swarm)
  }
}

/** `count` identities for the adversary peer at `index`, the same for the same run seed. */
export function forgeIdentities (seed: number, index: number, count: number): ForgedIdentity[] {
  return Array.from({ length: count }, (_, k) => new ForgedIdentity(sha256(new TextEncoder().encode(`promptswarm/sybil/${seed}/${index}/${k}`))))
}

/**
 * Pays for identity work out of a budget of hashes: each identity in turn searches nonces until
 * it finds one or the budget runs out (the identity then stays without work). Returns the hashes
 * spent. With open membership nothing is needed and nothing is spent.
 */
export function payIdentityWork (identities: readonly ForgedIdentity[], membership: Membership | undefined, budget: number): number {
  if (membership?.kind !== 'proof-of-work') return 0
  let spent = 0
  for (const identity of identities) {
    const left = budget - spent
    if (left <= 0) break
    const nonce = mintIdentityWork(membership.swarm, identity.signer.publicKey, membership.bits, { attempts: left })
    identity.nonce = nonce
    spent += nonce === undefined ? left : nonce + 1
  }
  return spent
}

/**
 * Puts records into the network through `peer`: into its own view, then as raw gossip batches;
 * resolves once every other running peer holds them (so a lockstep run stays deterministic), or
 * false when they did not arrive in time (e.g. the relaying peer is banned and graylisted).
 * The relaying peer neither stores nor indexes them (a peer only ingests what it signed or
 * received), so its anti-entropy sessions keep offering to fetch them back: a small cost.
 */
export async function relay (peer: Peer, control: SwarmControl, records: readonly VerifiedRecord[], timeoutMs = 3_000): Promise<boolean> {
  if (records.length === 0) return true
  for (const r of records) peer.view.add(r)
  for (let i = 0; i < records.length; i += 256) await peer.publishRaw(encodeBatch(records.slice(i, i + 256).map(r => encodeSigned(r))))
  const others = Array.from({ length: control.size }, (_, i) => i).filter(i => control.isUp(i) && control.peer(i) !== peer)
  return await waitUntil(() => others.every(i => records.every(r => control.peer(i).view.has(r.idHex))), { timeoutMs, intervalMs: 2 })
}
