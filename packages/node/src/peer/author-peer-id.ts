import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'

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

const authors = new Map<string, string | undefined>()

/**
 * The author key (hex) behind a libp2p peer id, the inverse of `peerIdOfAuthor`: an Ed25519 peer
 * id inlines its public key. Undefined for ids of other key types or that do not parse.
 */
export function authorOfPeerId (peerId: string): string | undefined {
  if (authors.has(peerId)) return authors.get(peerId)
  let author: string | undefined
  try {
    const id = peerIdFromString(peerId)
    author = id.type === 'Ed25519' ? Buffer.from(id.publicKey.raw).toString('hex') : undefined
  } catch {
    author = undefined
  }
  if (authors.size > 10_000) authors.clear()
  authors.set(peerId, author)
  return author
}
