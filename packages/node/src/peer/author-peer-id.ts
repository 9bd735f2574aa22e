import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'

/**
 * A peer's libp2p identity is its record-signing Ed25519 key, so a record's author names the
 * libp2p peer that signed it: penalties for what an author did (equivocation, bans) land on the
 * right connection without trusting any claim in a hello record.
 */
const cache = new Map<string, string>()

export function peerIdOfAuthor (authorHex: string): string {
  let id = cache.get(authorHex)
  if (id === undefined) {
    id = peerIdFromPublicKey(publicKeyFromRaw(Buffer.from(authorHex, 'hex'))).toString()
    if (cache.size > 10_000) cache.clear()
    cache.set(authorHex, id)
  }
  return id
}
