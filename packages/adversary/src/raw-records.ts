import {
  encodeBatch, encodeRecord, encodeSigned, fromHex, keyPairFromSeed, PROTOCOL_VERSION, signingMessage, Signer,
  type ArchiveView, type ProtocolRecord, type RecordInit, type SignedRecord, type VerifiedRecord
} from '@promptswarm/protocol'
import type { Peer, Rng } from '@promptswarm/node'
import { AttackSetupError } from './fault-params.js'

/**
 * Wire-level tools for protocol attacks and faults: they act below the peer's `publish`, which
 * only ever signs honest records with the peer's next sequence number.
 */

/**
 * Publishes wire records as one gossip message exactly as given (no batching, no validation).
 * A peer that is down publishes nothing; returns whether the message went out.
 */
export async function publishWires (peer: Peer, wires: readonly Uint8Array[]): Promise<boolean> {
  return await publishBytes(peer, encodeBatch(wires))
}

/** Publishes raw message bytes; false if the peer is down (a crashed attacker sends nothing). */
export async function publishBytes (peer: Peer, bytes: Uint8Array): Promise<boolean> {
  if (!peer.isRunning) return false
  await peer.publishRaw(bytes)
  return true
}

/** The records of one author in a view, by sequence number. */
export function recordsBy (view: ArchiveView, author: string): VerifiedRecord[] {
  const out: VerifiedRecord[] = []
  for (const id of view.ids()) {
    const signed = view.get(id)
    if (signed?.authorHex === author) out.push(signed)
  }
  return out.sort((a, b) => a.record.seq - b.record.seq)
}

/** Every record in a view, in id order (a stable order for seeded picks). */
export function allRecords (view: ArchiveView): VerifiedRecord[] {
  const out: VerifiedRecord[] = []
  for (const id of [...view.ids()].sort()) {
    const signed = view.get(id)
    if (signed !== undefined) out.push(signed)
  }
  return out
}

/**
 * The peer's own signing key. The peer keeps its key private; lab runs derive it from the
 * peer's identity seed (`seededIdentities`), which an attack controlling the peer may read.
 */
export function ownSigner (peer: Peer, attack: string): Signer {
  const seed = peer.options.identitySeed
  if (seed === undefined) throw new AttackSetupError(attack, 'key', 'the peer\'s key is not derived from a seed; run the swarm with seeded identities (lockstep)')
  const signer = new Signer(keyPairFromSeed(seed))
  if (signer.publicKeyHex !== peer.author) throw new AttackSetupError(attack, 'key', 'the peer\'s data directory holds another key than its identity seed gives')
  return signer
}

/**
 * The wire form of `init` signed by `signer` for `swarm`. Unlike `signRecord` it signs whatever
 * author `init` names: an impersonator's record (another peer's key, signed with its own) is made
 * this way, and its signature cannot verify.
 */
export function signedWire (init: RecordInit, signer: Signer, swarm: string): Uint8Array {
  const record = { version: PROTOCOL_VERSION, ...init } as ProtocolRecord
  const body = encodeRecord(record)
  return encodeSigned({ body, signature: signer.sign(signingMessage(swarm, body)) } as SignedRecord)
}

/** A copy of `bytes` with `bits` distinct bit positions flipped (all of them if there are fewer). */
export function flipBits (bytes: Uint8Array, bits: number, rng: Rng): Uint8Array {
  const out = Uint8Array.from(bytes)
  const total = out.length * 8
  const chosen = new Set<number>()
  while (chosen.size < Math.min(bits, total)) chosen.add(rng.int(total))
  for (const bit of chosen) out[bit >> 3] = (out[bit >> 3] as number) ^ (1 << (bit & 7))
  return out
}

/** The bytes of a hex id or key that came from the view (always well-formed there). */
export function bytesOf (hex: string): Uint8Array {
  const bytes = fromHex(hex)
  if (bytes === undefined) throw new TypeError(`not hex: ${JSON.stringify(hex.slice(0, 80))}`)
  return bytes
}
