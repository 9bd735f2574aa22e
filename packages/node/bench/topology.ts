/**
 * The bench's swarm graph, shared by the full stack and the raw gossipsub baseline so both carry
 * traffic over the same links: peer i dials peer i-1 and `degree - 1` other earlier peers.
 */
export function mulberry32 (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function topology (n: number, degree: number, seed: number): number[][] {
  const random = mulberry32(seed)
  const links: number[][] = [[]]
  for (let i = 1; i < n; i++) {
    const chosen = new Set<number>([i - 1])
    while (chosen.size < Math.min(degree, i)) chosen.add(Math.floor(random() * i))
    links.push([...chosen])
  }
  return links
}
