import { concatBytes, utf8 } from '../bytes.js'
import { EncodeError } from '../errors.js'
import { LIMITS } from '../limits.js'

/**
 * Domain separation: a record is signed over `"promptswarm/record/v1\0" | len(swarm) | swarm | body`,
 * so a signature made for one swarm (or for anything that is not a promptswarm record) is
 * invalid in every other.
 */
const TAG = utf8.encode('promptswarm/record/v1\u0000')
const prefixes = new Map<string, Uint8Array>()

export function domainPrefix (swarm: string): Uint8Array {
  let prefix = prefixes.get(swarm)
  if (prefix !== undefined) return prefix
  const name = utf8.encode(swarm)
  if (name.length === 0 || name.length > LIMITS.maxNameBytes) throw new EncodeError('swarm', `a swarm name is 1 to ${LIMITS.maxNameBytes} bytes`)
  prefix = concatBytes([TAG, Uint8Array.of(name.length), name])
  if (prefixes.size < 1024) prefixes.set(swarm, prefix)
  return prefix
}

export function signingMessage (swarm: string, body: Uint8Array): Uint8Array {
  return concatBytes([domainPrefix(swarm), body])
}
