/**
 * IPv4 CIDR matching, and a `Set`-shaped whitelist built on it. Gossipsub's IP-colocation
 * whitelist is consulted with `Set.has(ip)`; a whole /8 cannot be enumerated, so `CidrSet`
 * answers membership by range instead.
 */
export class CidrError extends Error {
  override readonly name = 'CidrError'
  readonly code = 'ERR_INVALID_CIDR'
}

interface Range4 { readonly base: number, readonly mask: number }

function parseIPv4 (ip: string): number | undefined {
  const parts = ip.split('.')
  if (parts.length !== 4) return undefined
  let value = 0
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined
    const octet = Number(part)
    if (octet > 255) return undefined
    value = value * 256 + octet
  }
  return value
}

/** Parses `a.b.c.d/len`; throws `CidrError` naming the bad part. */
export function parseCidr (cidr: string): Range4 {
  const [ip, len, extra] = cidr.split('/')
  const base = ip === undefined ? undefined : parseIPv4(ip)
  const bits = len === undefined ? 32 : Number(len)
  if (base === undefined || extra !== undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) {
    throw new CidrError(`not an IPv4 CIDR range: ${JSON.stringify(cidr)}`)
  }
  // Arithmetic rather than bit operators: JavaScript's `<<` works on signed 32-bit integers.
  const size = 2 ** (32 - bits)
  return { base: base - (base % size), mask: size }
}

export function ipInRange (ip: string, range: Range4): boolean {
  const value = parseIPv4(ip.startsWith('::ffff:') ? ip.slice(7) : ip)
  return value !== undefined && value >= range.base && value < range.base + range.mask
}

/** A read-only set of IPv4 addresses given as CIDR ranges. */
export class CidrSet extends Set<string> {
  private readonly ranges: Range4[]

  constructor (cidrs: readonly string[]) {
    super()
    this.ranges = cidrs.map(parseCidr)
  }

  override has (ip: string): boolean {
    return this.ranges.some(r => ipInRange(ip, r))
  }
}

/** `127.0.0.0/8` as a libp2p multiaddr (`/ip4/127.0.0.0/ipcidr/8`), for `connectionManager.allow`. */
export function cidrToMultiaddr (cidr: string): string {
  const { base } = parseCidr(cidr)
  const len = cidr.split('/')[1] ?? '32'
  const ip = [24, 16, 8, 0].map(shift => Math.floor(base / 2 ** shift) % 256).join('.')
  return `/ip4/${ip}/ipcidr/${len}`
}
