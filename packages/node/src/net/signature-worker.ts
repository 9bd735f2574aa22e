/**
 * The source of the signature worker thread, run with `new Worker(source, { eval: true })`.
 *
 * Plain JavaScript that needs nothing but Node's own modules, so the same worker runs from the
 * TypeScript sources (tests) and from `dist`, where a worker file's path would differ.
 *
 * Protocol: the main thread posts `{ id, op, buffer, count, key? }`, `buffer` (transferred)
 * holding `count` items; the worker answers `{ id, results, micros }` with the time it spent.
 * - `verify`: items `u32 messageLength | publicKey[32] | signature[64] | message`; `results[i]` is
 *   1 when item i verified, 0 otherwise. Plain RFC 8032: weak keys are refused on the main thread
 *   before an item is sent. A key that is not a curve point fails every signature.
 * - `sign`: items `u32 messageLength | message`, all signed with `key` (a private KeyObject);
 *   `results` holds the 64-byte signatures one after the other.
 */
export const SIGNATURE_WORKER_SOURCE = `
'use strict'
const { parentPort } = require('node:worker_threads')
const { createPublicKey, sign, verify } = require('node:crypto')
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex')
const MAX_KEYS = 8192
const keys = new Map()

function keyObject (raw) {
  const hex = raw.toString('hex')
  let key = keys.get(hex)
  if (key !== undefined) return key
  try {
    key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' })
  } catch {
    key = null
  }
  if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value)
  keys.set(hex, key)
  return key
}

function signAll (bytes, count, key) {
  const results = new Uint8Array(64 * count)
  let pos = 0
  for (let i = 0; i < count; i++) {
    const length = bytes.readUInt32BE(pos)
    results.set(sign(null, bytes.subarray(pos + 4, pos + 4 + length), key), 64 * i)
    pos += 4 + length
  }
  return results
}

parentPort.on('message', ({ id, op, buffer, count, key }) => {
  const started = performance.now()
  const bytes = Buffer.from(buffer)
  if (op === 'sign') {
    let results
    try { results = signAll(bytes, count, key) } catch { results = new Uint8Array(0) }
    parentPort.postMessage({ id, results, micros: (performance.now() - started) * 1000 }, [results.buffer])
    return
  }
  const results = new Uint8Array(count)
  let pos = 0
  for (let i = 0; i < count; i++) {
    const length = bytes.readUInt32BE(pos)
    const key = keyObject(bytes.subarray(pos + 4, pos + 36))
    const signature = bytes.subarray(pos + 36, pos + 100)
    const message = bytes.subarray(pos + 100, pos + 100 + length)
    pos += 100 + length
    let valid = false
    if (key !== null) {
      try { valid = verify(null, message, key, signature) } catch { valid = false }
    }
    results[i] = valid ? 1 : 0
  }
  parentPort.postMessage({ id, results, micros: (performance.now() - started) * 1000 }, [results.buffer])
})
`
