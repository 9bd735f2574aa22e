import { LIMITS } from '@promptswarm/protocol'
import { allTasks, isTaskId, Rng, type AttackFactory } from '@promptswarm/node'
import { ANSWER_KEY_HEADER, answerKeyClauses } from '../answer-key.js'
import { intensityParam, numberParam } from '../params.js'
import { rewriteChildren } from '../rewrite-children.js'

/**
 * A proposer whose children are tuned to the evaluation data rather than the task: each is its
 * honest child plus an answer key for a share of the task's public training items, the pool every
 * committee's minibatch is drawn from. On a minibatch the memorised items come out right, so the
 * child scores far above its real accuracy; on the validation and test splits it is its honest
 * twin. Honest peers rank it first and build on it, and every descendant inherits the inflated
 * minibatch scores, which blinds the paired comparison of further children. Defences: held-out
 * validation in the final selection (more finalists), screening (the growth rule and the clause
 * detector); larger minibatches only help against a small `share`.
 */
export const overfitCandidates: AttackFactory = {
  name: 'overfit-candidates',
  summary: 'proposers append an answer key for the public training items to their children',
  params: {
    share: 'share of the task\'s training items whose answers each child carries, 0 to 1; default 1',
    intensity: 'share of the proposer\'s task children that are overfit, 0 to 1; default 1'
  },
  create (params) {
    const share = numberParam(params, 'share', { min: 0, max: 1, fallback: 1 })
    const intensity = intensityParam(params)
    return {
      name: 'overfit-candidates',
      payload: ANSWER_KEY_HEADER,
      wrap (index, ledger, _authors, context) {
        const rng = Rng.from('overfit-candidates', context.seed, index)
        return rewriteChildren(ledger, body => {
          if (rng.next() >= intensity || body.text.includes(ANSWER_KEY_HEADER) || !isTaskId(body.task)) return body
          const task = allTasks().get(body.task)
          if (task === undefined) return body
          const all = answerKeyClauses(task)
          const chosen = share >= 1 ? all : rng.shuffle(all).slice(0, Math.round(share * all.length))
          return { ...body, text: fitted(body.text, chosen) }
        })
      }
    }
  }
}

/** The child's text with the header and as many clauses as the protocol's prompt limit allows. */
function fitted (text: string, clauses: readonly string[]): string {
  let out = `${text}\n\n${ANSWER_KEY_HEADER}`
  for (const clause of clauses) {
    if (Buffer.byteLength(out, 'utf8') + Buffer.byteLength(clause, 'utf8') + 1 > LIMITS.maxPromptBytes) break
    out += `\n${clause}`
  }
  return out
}
