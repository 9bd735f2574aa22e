/**
 * Identity-work benchmark: the time one core takes to mint an identity (a hello nonce whose work
 * hash has `bits` leading zero bits) at the difficulties a swarm might configure, and to check one.
 * A mint's cost is geometric (mean 2^bits hashes, a long tail), so each difficulty mints for many
 * keys and reports the mean, the median and the slowest.
 *
 * Run after `npx tsc -b`: `npx tsc -p packages/protocol/bench && node packages/protocol/bench/dist/identity-work.bench.js`.
 */
import { availableParallelism, cpus, loadavg } from 'node:os'
import { hasIdentityWork, keyPairFromSeed, mintIdentityWork, sha256 } from '@promptswarm/protocol'

const SWARM = 'bench-swarm'
/** Keys minted per difficulty: enough for a stable mean, about 10 s of work at most each. */
const PLAN: ReadonlyArray<readonly [bits: number, keys: number]> = [[8, 2000], [12, 400], [16, 40], [20, 8]]

function keyOf (i: number): Uint8Array {
  return keyPairFromSeed(sha256(new TextEncoder().encode(`identity-work bench ${i}`))).publicKey
}

function ms (from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e6
}

console.log(`identity-work benchmark: Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load ${loadavg().map(l => l.toFixed(2)).join(' ')}`)

// Raw rate: hashes per second of the solver's loop (a mint that cannot succeed, at 256 bits).
const probe = keyOf(-1)
const rateStart = process.hrtime.bigint()
const probeHashes = 500_000
mintIdentityWork(SWARM, probe, 256, { attempts: probeHashes })
const hashesPerSecond = probeHashes / (ms(rateStart) / 1000)
console.log(`solver loop: ${Math.round(hashesPerSecond).toLocaleString('en-US')} hashes/s on one core\n`)

console.log('| bits | expected hashes | keys | mean | median | slowest | hashes/s |')
console.log('|---:|---:|---:|---:|---:|---:|---:|')
let key = 0
for (const [bits, keys] of PLAN) {
  const times: number[] = []
  let hashes = 0
  for (let k = 0; k < keys; k++) {
    const author = keyOf(key++)
    const start = process.hrtime.bigint()
    const nonce = mintIdentityWork(SWARM, author, bits)
    times.push(ms(start))
    if (nonce === undefined || !hasIdentityWork(SWARM, author, nonce, bits)) throw new Error(`mint failed at ${bits} bits`)
    hashes += nonce + 1
  }
  times.sort((a, b) => a - b)
  const total = times.reduce((a, b) => a + b, 0)
  const fmt = (t: number): string => t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(t >= 10 ? 0 : 2)} ms`
  console.log(`| ${bits} | ${(2 ** bits).toLocaleString('en-US')} | ${keys} | ${fmt(total / keys)} | ${fmt(times[Math.floor(keys / 2)] as number)} | ${fmt(times[keys - 1] as number)} | ${Math.round(hashes / (total / 1000)).toLocaleString('en-US')} |`)
}

const author = keyOf(0)
const nonce = mintIdentityWork(SWARM, author, 8) as number
const checks = 200_000
const checkStart = process.hrtime.bigint()
let ok = 0
for (let i = 0; i < checks; i++) if (hasIdentityWork(SWARM, author, nonce, 8)) ok++
console.log(`\ncheck (hasIdentityWork): ${(ms(checkStart) * 1000 / checks).toFixed(2)} µs per hello (${ok === checks ? 'all valid' : 'MISMATCH'})`)
