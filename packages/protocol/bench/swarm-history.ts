import { keyPairFromSeed, scoreOf, sha256, signRecord, Signer, type CandidateRecord, type EvaluationRecord, type HelloRecord, type KeyPair, type RecordInit, type VerifiedRecord } from '@promptswarm/protocol'
import { Random } from './random.js'

/**
 * A plausible swarm history, generated in arrival order: every peer says hello, then peers
 * propose task prompts (children of earlier ones, written by an optimizer prompt) and a few
 * optimizer prompts, and committees of other peers evaluate each task prompt on a minibatch.
 * Evaluations of different candidates interleave, as they do when gossip delivers them.
 */
export interface SwarmHistoryOptions {
  readonly seed: number
  readonly swarm: string
  readonly peers: number
  readonly tasks: readonly string[]
  /** Mean committee size; each task prompt gets between this minus one and plus one evaluations. */
  readonly committee: number
  readonly minibatch: number
  /** Approximate prompt text length in characters (ASCII, so also bytes). */
  readonly promptChars: number
}

export interface Peer {
  readonly keys: KeyPair
  readonly signer: Signer
  seq: number
}

interface Prompt {
  readonly id: Uint8Array
  readonly role: 'task' | 'optimizer'
  readonly task: string
  readonly text: string
  /** Hidden pass rate the synthetic evaluators observe. */
  readonly quality: number
}

interface EvaluationJob {
  readonly prompt: Prompt
  readonly evaluator: Peer
}

const WORDS = ('you are a careful assistant solve the problem step by step show your reasoning then give the final ' +
  'answer on its own line check units and arithmetic before answering if the question is ambiguous state the ' +
  'assumption you make prefer short sentences never invent facts cite the relevant part of the input when ' +
  'possible format numbers plainly think about edge cases verify the result against the question').split(' ')

export class SwarmHistory {
  readonly peers: Peer[]
  private readonly random: Random
  private readonly prompts: Prompt[] = []
  private readonly optimizers: Prompt[] = []
  private readonly pending: EvaluationJob[] = []
  private readonly queue: Array<() => VerifiedRecord> = []
  private clock = 1_764_000_000_000

  constructor (private readonly options: SwarmHistoryOptions) {
    this.random = new Random(options.seed)
    this.peers = Array.from({ length: options.peers }, (_, i) => {
      const keys = keyPairFromSeed(sha256(new TextEncoder().encode(`promptswarm bench peer ${options.seed}/${i}`)))
      return { keys, signer: new Signer(keys), seq: 0 }
    })
    for (const peer of this.peers) this.queue.push(() => this.hello(peer))
  }

  /** The next `n` records in arrival order. */
  take (n: number): VerifiedRecord[] {
    const out: VerifiedRecord[] = []
    while (out.length < n) out.push(this.next())
    return out
  }

  next (): VerifiedRecord {
    this.clock += 250
    const queued = this.queue.shift()
    if (queued !== undefined) return queued()
    const r = this.random
    if (r.next() < 0.001) return this.hello(r.pick(this.peers))
    if (this.pending.length === 0 || r.next() < 0.1) return this.propose()
    // Evaluations arrive in no particular order: take a random pending one.
    const j = r.int(this.pending.length)
    const job = this.pending[j] as EvaluationJob
    this.pending[j] = this.pending[this.pending.length - 1] as EvaluationJob
    this.pending.pop()
    return this.evaluate(job)
  }

  private sign<R extends HelloRecord | CandidateRecord | EvaluationRecord> (peer: Peer, fields: Omit<RecordInit<R>, 'author' | 'seq' | 'time'>): VerifiedRecord<R> {
    const init = { ...fields, author: peer.keys.publicKey, seq: peer.seq++, time: this.clock } as unknown as RecordInit<R>
    return signRecord<R>(init, peer.signer, this.options.swarm)
  }

  private hello (peer: Peer): VerifiedRecord {
    const index = this.peers.indexOf(peer)
    return this.sign<HelloRecord>(peer, {
      kind: 'hello',
      peerId: `12D3KooW${Buffer.from(peer.keys.publicKey).toString('base64url').slice(0, 44)}`,
      tasks: [...this.options.tasks],
      model: 'synthetic/qwen-like-7b',
      addresses: [`/ip4/10.0.${index >> 8}.${index & 255}/tcp/4${String(index).padStart(4, '0')}`, `/ip4/127.0.0.1/tcp/${40000 + index}`]
    })
  }

  private propose (): VerifiedRecord {
    const r = this.random
    const author = r.pick(this.peers)
    const role = this.optimizers.length < 2 || r.next() < 0.05 ? 'optimizer' : 'task'
    const task = role === 'task' ? r.pick(this.options.tasks) : ''
    const relatives = role === 'task' ? this.prompts.filter(p => p.task === task) : this.optimizers
    // A couple of seeds per lineage, then children of earlier prompts (recent ones more often).
    const parent = relatives.length < 2 ? undefined : relatives[relatives.length - 1 - Math.floor(relatives.length * r.next() ** 2)]
    const optimizer = role === 'task' && parent !== undefined ? r.pick(this.optimizers) : undefined
    const text = parent === undefined ? this.freshText() : this.mutate(parent.text)
    const quality = clamp((parent?.quality ?? 0.5) + r.gaussian(0.05), 0.05, 0.95)
    const signed = this.sign<CandidateRecord>(author, {
      kind: 'candidate',
      role,
      task,
      text,
      parent: parent?.id ?? null,
      optimizer: optimizer?.id ?? null
    })
    const prompt: Prompt = { id: signed.id, role, task, text, quality }
    if (role === 'optimizer') {
      this.optimizers.push(prompt)
    } else {
      this.prompts.push(prompt)
      const others = this.peers.filter(p => p !== author)
      const size = this.options.committee - 1 + r.int(3)
      for (const evaluator of r.sample(others, size)) this.pending.push({ prompt, evaluator })
    }
    return signed
  }

  private evaluate ({ prompt, evaluator }: EvaluationJob): VerifiedRecord {
    const r = this.random
    const start = r.int(100_000)
    const items = Array.from({ length: this.options.minibatch }, (_, k) => `${prompt.task}/train/${String(start + k * 7).padStart(6, '0')}`)
    const outcomes = items.map(() => (r.next() < prompt.quality ? 1 : 0))
    return this.sign<EvaluationRecord>(evaluator, {
      kind: 'evaluation',
      candidate: prompt.id,
      items,
      outcomes,
      score: scoreOf(outcomes),
      baseline: [],
      model: 'synthetic/qwen-like-7b',
      usage: { promptTokens: items.length * (Math.round(prompt.text.length / 4) + 120), completionTokens: items.length * (40 + r.int(80)) }
    })
  }

  private freshText (): string {
    const words: string[] = []
    let length = 0
    while (length < this.options.promptChars) {
      const w = this.random.pick(WORDS)
      words.push(w)
      length += w.length + 1
    }
    return words.join(' ')
  }

  /** A child differs from its parent in a few words, as an optimizer's edit would. */
  private mutate (text: string): string {
    const words = text.split(' ')
    for (let k = 0; k < 8; k++) words[this.random.int(words.length)] = this.random.pick(WORDS)
    return words.join(' ')
  }
}

function clamp (x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x))
}
