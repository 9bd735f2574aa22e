import { setImmediate as nextTurn } from 'node:timers/promises'
import { equalBytes, hasIdentityWork, mintIdentityWork, type HelloRecord, type Membership } from '@promptswarm/protocol'

/** Hashes per slice: about 15 ms of one core (about a million hashes a second), so a peer minting at start stays responsive. */
const SLICE = 16_384

/**
 * Mints identity work in slices, yielding to the event loop between them (the protocol's solver is
 * a pure loop; this is its shell). Expected cost 2^bits hashes: see `mintIdentityWork`.
 */
export async function mintIdentityNonce (swarm: string, author: Uint8Array, bits: number, signal?: AbortSignal): Promise<number> {
  for (let start = 0; ; start += SLICE) {
    signal?.throwIfAborted()
    const nonce = mintIdentityWork(swarm, author, bits, { start, attempts: SLICE })
    if (nonce !== undefined) return nonce
    await nextTurn()
  }
}

/**
 * The nonce a peer's hello carries: none unless the swarm's membership costs work; the nonce of
 * one of its earlier hellos (`known`, e.g. from its archive on restart) when it still proves
 * enough; otherwise a fresh mint.
 */
export async function helloIdentityNonce (membership: Membership | undefined, author: Uint8Array, known: readonly HelloRecord[], signal?: AbortSignal): Promise<number | undefined> {
  if (membership?.kind !== 'proof-of-work') return undefined
  for (const hello of known) {
    const nonce = hello.identityNonce
    if (nonce !== undefined && equalBytes(hello.author, author) && hasIdentityWork(membership.swarm, author, nonce, membership.bits)) return nonce
  }
  return await mintIdentityNonce(membership.swarm, author, membership.bits, signal)
}
