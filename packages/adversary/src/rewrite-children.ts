import type { CandidateRecord } from '@promptswarm/protocol'
import type { Ledger, RecordBody } from '@promptswarm/node'

export type ChildBody = RecordBody<CandidateRecord>

/** A task prompt with a parent: what a proposer's engine publishes for each unit of its work. */
export function isTaskChild (body: RecordBody): body is ChildBody {
  return body.kind === 'candidate' && body.role === 'task' && body.parent !== null
}

/**
 * A ledger that passes every record through except task children, which `rewrite` may replace
 * (text, claimed parent, claimed optimizer). Seeds, optimizer prompts and evaluations are honest.
 */
export function rewriteChildren (ledger: Ledger, rewrite: (body: ChildBody) => ChildBody): Ledger {
  return {
    view: ledger.view,
    author: ledger.author,
    publish: async (body) => {
      if (!isTaskChild(body)) return await ledger.publish(body)
      return await ledger.publish<CandidateRecord>(rewrite(body)) as never
    }
  }
}
