import { generateKeyPair } from '@libp2p/crypto/keys'
import { decodeBatch } from '@promptswarm/protocol'
import { createNetworkNode, GossipBatcher, recordsTopic, type BatcherOptions, type GossipRouter, type MeshDegree, type NetworkNode } from '@promptswarm/node'

/**
 * The baseline: plain libp2p nodes with gossipsub (StrictNoSign, content-hash ids, the same mesh
 * and scoring configuration, the same connection settings) and no topic validator, no storage, no
 * archive view. Receivers only split batches to count records.
 */
export class RawSwarm {
  readonly received: number[]
  private constructor (readonly nodes: NetworkNode[], readonly topic: string) {
    this.received = nodes.map(() => 0)
  }

  static async launch (n: number, links: number[][], swarm: string, mesh: MeshDegree): Promise<RawSwarm> {
    const topic = recordsTopic(swarm)
    const nodes: NetworkNode[] = []
    for (let i = 0; i < n; i++) {
      nodes.push(await createNetworkNode({
        privateKey: await generateKeyPair('Ed25519'),
        listen: ['/ip4/127.0.0.1/tcp/0'],
        topic,
        appSpecificScore: () => 0,
        trustedRanges: ['127.0.0.0/8'],
        maxWireMessageBytes: 5 * 1024 * 1024,
        mesh
      }))
    }
    const raw = new RawSwarm(nodes, topic)
    nodes.forEach((node, i) => {
      const pubsub = node.services.pubsub
      pubsub.addEventListener('message', evt => {
        if (evt.detail.topic !== topic) return
        const batch = decodeBatch(evt.detail.data)
        raw.received[i] = (raw.received[i] ?? 0) + (batch.ok ? batch.value.length : 0)
      })
      pubsub.subscribe(topic)
    })
    for (let i = 0; i < n; i++) {
      for (const j of links[i] ?? []) await nodes[i]!.dial(nodes[j]!.getMultiaddrs()[0]!)
    }
    return raw
  }

  meshed (): boolean {
    return this.nodes.every(node => (node.services.pubsub as GossipRouter).getMeshPeers(this.topic).length >= 1)
  }

  connections (): number {
    return this.nodes.reduce((sum, node) => sum + node.getConnections().length, 0)
  }

  /** Publishes each node's wires through a batcher with the given options. */
  async publish (wires: readonly Uint8Array[][], batcher: Partial<BatcherOptions>): Promise<void> {
    await Promise.all(this.nodes.map(async (node, i) => {
      const b = new GossipBatcher(async data => { await node.services.pubsub.publish(this.topic, data) }, batcher)
      for (const wire of wires[i] ?? []) await b.add(wire)
      await b.drain()
      await b.close()
    }))
  }

  async stop (): Promise<void> {
    await Promise.all(this.nodes.map(async node => await node.stop()))
  }
}
