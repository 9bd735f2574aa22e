import type { PeerScoreParams } from '@libp2p/gossipsub/score'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scoreOf } from '@promptswarm/protocol'
import {
  authorOfPeerId, PenaltyBook, peerIdOfAuthor, REPUTATION_SCORE_WEIGHT, reputationScore, SCORE_THRESHOLDS, Swarm, waitUntil,
  type InProcessMember, type Peer, type PublishInit
} from '@promptswarm/node'

describe('reputation in the application-specific score: the mapping', () => {
  it('is a bounded bonus: 0 for newcomers (and nonsense), rising with reputation, below the weight', () => {
    expect(reputationScore(0)).toBe(0)
    expect(reputationScore(-0.5)).toBe(0)
    expect(reputationScore(Number.NaN)).toBe(0)
    const steps = [0.1, 0.3, 0.5, 0.7, 0.9, 0.999].map(reputationScore)
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1] as number)
    expect(reputationScore(5)).toBe(REPUTATION_SCORE_WEIGHT)
    expect(REPUTATION_SCORE_WEIGHT).toBeLessThan(-SCORE_THRESHOLDS.gossipThreshold)
  })

  it('cannot lift a banned peer off the floor, and alone never crosses a threshold', () => {
    const book = new PenaltyBook()
    book.ban('banned', 'equivocation')
    expect(book.score('banned') + reputationScore(0.999)).toBeLessThan(SCORE_THRESHOLDS.graylistThreshold)
    expect(book.score('clean') + reputationScore(0)).toBeGreaterThan(SCORE_THRESHOLDS.gossipThreshold)
  })

  it('maps peer ids back to author keys', () => {
    const author = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
    expect(authorOfPeerId(peerIdOfAuthor(author))).toBe(author)
    expect(authorOfPeerId('not a peer id')).toBeUndefined()
  })
})

/**
 * Six peers on real TCP, fully connected. Peer 0 proposes four candidates; peers 1 to 3 evaluate
 * them truthfully, peer 4 a quarter off on every one, peer 5 mirrors every outcome (1 - truth).
 * With five evaluators the median is the truth, so the honest peers' reputations rank them
 * 1-3 > 4 > 5, and so must the application-specific score every peer gives them.
 */
describe('reputation in the application-specific score: a real swarm', () => {
  const TRUTH = [0.75, 0.5, 1, 0.25]
  const HONEST = [1, 2, 3]
  const MILD = 4
  const CONTRARIAN = 5
  let swarm: Swarm
  let peers: Peer[]

  function evaluation (candidate: Uint8Array, outcome: number): PublishInit {
    return { kind: 'evaluation', candidate, items: ['item-0'], outcomes: [outcome], score: scoreOf([outcome]), baseline: [], model: 'synthetic', usage: { promptTokens: 1, completionTokens: 1 } }
  }

  beforeAll(async () => {
    swarm = await Swarm.launch({
      size: 6,
      swarm: 'reputation-score',
      seed: 3,
      degree: 5,
      peer: { view: { aggregator: { kind: 'median' }, quorum: 2, tolerance: 0.05 }, sync: { intervalMs: 500 } }
    })
    peers = swarm.members.map(m => (m as InProcessMember).peer)
    expect(await waitUntil(() => peers.every(p => p.view.peers().length === peers.length), { timeoutMs: 20_000 })).toBe(true)
    const proposer = peers[0] as Peer
    const candidates = []
    for (const [i] of TRUTH.entries()) {
      candidates.push(await proposer.publish({ kind: 'candidate', role: 'task', task: 'arith', text: `prompt ${i}`, parent: null, optimizer: null }))
    }
    for (const [c, truth] of TRUTH.entries()) {
      const id = (candidates[c] as { id: Uint8Array }).id
      for (const i of HONEST) await (peers[i] as Peer).publish(evaluation(id, truth))
      await (peers[MILD] as Peer).publish(evaluation(id, truth >= 0.5 ? truth - 0.25 : truth + 0.25))
      await (peers[CONTRARIAN] as Peer).publish(evaluation(id, 1 - truth))
    }
    const expected = 6 + TRUTH.length * 6
    expect(await waitUntil(() => peers.every(p => p.view.size === expected) && new Set(peers.map(p => p.view.digest())).size === 1, { timeoutMs: 20_000 })).toBe(true)
  }, 60_000)

  afterAll(async () => {
    await swarm?.stop()
  })

  it('the view ranks the evaluators by agreement with the consensus', () => {
    const view = (peers[0] as Peer).view
    const rep = (i: number): number => view.reputation((peers[i] as Peer).author)
    for (const i of HONEST) expect(rep(i)).toBeGreaterThan(rep(MILD))
    expect(rep(MILD)).toBeGreaterThan(rep(CONTRARIAN))
    expect(rep(CONTRARIAN)).toBeGreaterThan(0)
  })

  it('every honest peer gives a disagreeing evaluator a lower app score than an agreeing one, and none a negative one', () => {
    const id = (i: number): string => (peers[i] as Peer).peerId.toString()
    for (const observer of [0, ...HONEST]) {
      const at = peers[observer] as Peer
      const agreeing = HONEST.filter(i => i !== observer)
      for (const i of agreeing) {
        expect(at.appScore(id(i)), `peer ${observer} on peer ${i}`).toBeGreaterThan(at.appScore(id(MILD)))
      }
      expect(at.appScore(id(MILD))).toBeGreaterThan(at.appScore(id(CONTRARIAN)))
      // Disagreement lowers the bonus; it does not penalise.
      expect(at.appScore(id(CONTRARIAN))).toBeGreaterThan(0)
      // The proposer never evaluated: no reputation, no bonus.
      if (observer !== 0) expect(at.appScore(id(0))).toBe(0)
    }
  })

  it('gossipsub scores with it: its P5 input is the app score, and every total includes it', async () => {
    const at = peers[0] as Peer
    const id = (i: number): string => (peers[i] as Peer).peerId.toString()
    // The router's score engine (public on the implementation, not on the exported interface).
    const p5 = (at.libp2p.services.pubsub as unknown as { score: { params: PeerScoreParams } }).score.params
    for (const i of [...HONEST, MILD, CONTRARIAN]) expect(p5.appSpecificScore(id(i)) * p5.appSpecificWeight).toBe(at.appScore(id(i)))
    expect(at.appScore(id(1))).toBeGreaterThan(REPUTATION_SCORE_WEIGHT / 2)
    // P1..P4 are >= 0 in an honest swarm and P6 exempts 127.0.0.1, so a total is at least its P5
    // once gossipsub's score cache has expired.
    const included = (): boolean => [...HONEST, MILD, CONTRARIAN].every(i => at.gossipScore(id(i)) >= at.appScore(id(i)) - 1e-9)
    expect(await waitUntil(included, { timeoutMs: 10_000 })).toBe(true)
  })
})
