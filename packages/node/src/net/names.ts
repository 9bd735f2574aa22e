/** Network names derived from a swarm name: peers of different swarms never share a topic or protocol. */
export function recordsTopic (swarm: string): string {
  return `/promptswarm/${encodeURIComponent(swarm)}/records/1`
}

export function syncProtocol (swarm: string): string {
  return `/promptswarm/${encodeURIComponent(swarm)}/sync/1.0.0`
}
