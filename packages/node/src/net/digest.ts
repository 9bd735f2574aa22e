import * as nodeCrypto from 'node:crypto'

/**
 * sha256 for the gossip hot path (message ids, record ids of incoming copies). crypto.hash
 * (Node >= 20.12) skips building a Hash object, which is a third of the cost on inputs of a few
 * hundred bytes; older Nodes fall back to createHash.
 */
const oneShot = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined

export function sha256Digest (data: Uint8Array): Buffer {
  return oneShot !== undefined ? oneShot('sha256', data, 'buffer') : nodeCrypto.createHash('sha256').update(data).digest()
}

export function sha256Hex (data: Uint8Array): string {
  return oneShot !== undefined ? oneShot('sha256', data, 'hex') : nodeCrypto.createHash('sha256').update(data).digest('hex')
}
