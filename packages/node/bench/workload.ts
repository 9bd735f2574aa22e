import { encodeSigned, generateKeyPair, signRecord, Signer } from '@promptswarm/protocol'
import type { PublishInit } from '@promptswarm/node'

/** A candidate prompt of about `chars` characters: the typical record of a SePO swarm. */
export function candidateInit (publisher: number, i: number, chars: number): PublishInit {
  const head = `peer ${publisher} candidate ${i}: `
  const body = 'You are a careful assistant. Think step by step, check each intermediate result, and answer concisely. '
  return { kind: 'candidate', role: 'task', task: 'gsm8k', text: (head + body.repeat(Math.ceil(chars / body.length))).slice(0, chars), parent: null, optimizer: null }
}

/** How many records each of `n` publishers sends so that `total` are sent. */
export function split (total: number, n: number): number[] {
  return Array.from({ length: n }, (_, p) => Math.floor(total / n) + (p < total % n ? 1 : 0))
}

/** The same records as wire bytes, signed by one fresh key per publisher (for the raw baseline). */
export function signedWires (swarm: string, counts: readonly number[], chars: number): Uint8Array[][] {
  return counts.map((count, p) => {
    const signer = new Signer(generateKeyPair())
    return Array.from({ length: count }, (_, i) => encodeSigned(signRecord({ ...candidateInit(p, i, chars), author: signer.publicKey, seq: i, time: Date.now() } as Parameters<typeof signRecord>[0], signer, swarm)))
  })
}
