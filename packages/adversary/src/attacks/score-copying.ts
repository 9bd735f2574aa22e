import { toHex, type ArchiveView, type EvaluationRecord, type VerifiedRecord } from '@promptswarm/protocol'
import { Rng, type Attack, type AttackFactory, type Completion, type CompletionRequest, type LanguageModel } from '@promptswarm/node'
import { colluderKeys } from '../colluders.js'
import { rewriteEvaluations, type EvaluationBody } from '../rewrite-evaluations.js'

export interface ScoreCopyingStats {
  /** Task-item requests answered without the backend (the calls the free-rider saved). */
  skippedCalls: number
  /** Requests passed to the backend (its own proposals). */
  backendCalls: number
  /** Evaluations whose outcomes were copied from another committee member's evaluation. */
  copied: number
  /** Evaluations with no one to copy from: outcomes guessed from the parent's score. */
  guessed: number
}

export interface ScoreCopyingAttack extends Attack {
  /** Counts over every run this attack object took part in. */
  readonly stats: ScoreCopyingStats
}

/** What the free-rider's model answers to a task item instead of running it; its length makes the token counts look ordinary. */
const NOT_RUN = 'Let me think this through step by step.\n\nAnswer: 0'

/**
 * A free-rider on committees: it never runs the model on task items (its model seam answers them
 * with a canned reply, so its evaluations cost nothing) and reports, for each of its own
 * prescribed items, the outcome another committee member reported for the same candidate (the
 * same item's when they share it, else the one at the same position). With no evaluation to copy
 * it guesses from the parent's score. Its proposals stay honest. Its scores are unbiased but
 * made up: re-execution on its own items exposes them.
 */
export const scoreCopying = {
  name: 'score-copying',
  summary: 'free-riding evaluators skip the model and copy another committee member\'s outcomes',
  params: {},
  create (): ScoreCopyingAttack {
    const stats: ScoreCopyingStats = { skippedCalls: 0, backendCalls: 0, copied: 0, guessed: 0 }
    return {
      name: 'score-copying',
      stats,
      model (_index, model) {
        return freeRidingModel(model, stats)
      },
      wrap (index, ledger, authors, context) {
        const me = toHex(ledger.author)
        const colluders = colluderKeys(authors, context.attackers)
        const rng = Rng.from('score-copying', context.seed, index)
        return rewriteEvaluations(ledger, body => {
          const source = copySource(ledger.view, toHex(body.candidate), me, colluders)
          if (source !== undefined) {
            stats.copied++
            return {
              outcomes: copyOnto(body.items, source.record.items, source.record.outcomes),
              baseline: body.baseline.length === 0 ? [] : source.record.baseline.length > 0 ? copyOnto(body.items, source.record.items, source.record.baseline) : guess(body.baseline.length, parentScore(ledger.view, body), rng)
            }
          }
          stats.guessed++
          const p = parentScore(ledger.view, body)
          return { outcomes: guess(body.outcomes.length, p, rng), baseline: guess(body.baseline.length, p, rng) }
        })
      }
    }
  }
} satisfies AttackFactory

/** A model that answers task items with a canned reply and passes every other request (prompt edits) to `inner`. */
function freeRidingModel (inner: LanguageModel, stats: ScoreCopyingStats): LanguageModel {
  return {
    id: inner.id,
    simulated: inner.simulated,
    async complete (request: CompletionRequest): Promise<Completion> {
      if (request.hint?.kind !== 'task-item') {
        stats.backendCalls++
        return await inner.complete(request)
      }
      stats.skippedCalls++
      const promptChars = request.messages.reduce((n, m) => n + m.content.length, 0)
      return { text: NOT_RUN, usage: { promptTokens: Math.ceil(promptChars / 4), completionTokens: Math.ceil(NOT_RUN.length / 4) }, model: inner.id, cached: false }
    }
  }
}

/** Another member's evaluation of the candidate to copy: an honest peer's if there is one, else a fellow free-rider's; the lowest id first. */
function copySource (view: ArchiveView, candidate: string, me: string, colluders: ReadonlySet<string>): VerifiedRecord<EvaluationRecord> | undefined {
  let best: VerifiedRecord<EvaluationRecord> | undefined
  const rank = (e: VerifiedRecord<EvaluationRecord>): string => `${colluders.has(e.authorHex) ? 1 : 0}${e.idHex}`
  for (const id of view.ids()) {
    const signed = view.get(id)
    if (signed?.record.kind !== 'evaluation' || signed.authorHex === me || toHex(signed.record.candidate) !== candidate) continue
    const e = signed as VerifiedRecord<EvaluationRecord>
    if (best === undefined || rank(e) < rank(best)) best = e
  }
  return best
}

/** For each of `items`: the source's value for the same item, else the source's value at the same position. */
function copyOnto (items: readonly string[], sourceItems: readonly string[], values: readonly number[]): number[] {
  return items.map((item, i) => {
    const j = sourceItems.indexOf(item)
    return (j >= 0 ? values[j] : values[i % values.length]) ?? 0
  })
}

/** The parent's aggregated score (or the candidate's own, for a seed), 0.5 when unknown. */
function parentScore (view: ArchiveView, body: EvaluationBody): number {
  const candidate = view.candidate(toHex(body.candidate))
  const parent = candidate?.parent === null || candidate === undefined ? undefined : view.candidate(candidate.parent)
  return parent?.pooledScore ?? parent?.score ?? 0.5
}

function guess (n: number, p: number, rng: Rng): number[] {
  return Array.from({ length: n }, () => (rng.next() < p ? 1 : 0))
}
