import { toHex, type CandidateRecord } from '@promptswarm/protocol'
import { Rng, type Attack, type AttackFactory } from '@promptswarm/node'
import { countParam, oneOfParam } from '../attack-params.js'
import { isTaskChild, type ChildBody } from '../rewrite-children.js'

export type JunkKind = 'noise' | 'near-copy'

export interface ArchiveSpamStats {
  /** Junk candidates published. */
  junk: number
}

export interface ArchiveSpamAttack extends Attack {
  readonly stats: ArchiveSpamStats
}

/**
 * A proposer that floods the archive: after each honest child it publishes `extra` junk task
 * prompts that claim the same parent. Junk costs the spammer no model call, but every junk
 * candidate gets a committee, and each honest member runs it and its parent on a minibatch (two
 * model calls per item), ahead of its other duties. `noise`: the parent's words shuffled (useless,
 * and far from the parent: the lineage rule of screening rejects it before anyone runs it).
 * `near-copy`: the parent with one meaningless sentence added (passes every text rule).
 */
export const archiveSpam = {
  name: 'archive-spam',
  summary: 'proposers publish extra junk children with every proposal, which honest committees must evaluate',
  params: {
    extra: 'junk candidates published with each proposal, 1 to 50; default 4',
    junk: 'noise (the parent\'s words shuffled, default) or near-copy (the parent plus a meaningless sentence)'
  },
  create (params): ArchiveSpamAttack {
    const extra = countParam(params, 'extra', { min: 1, max: 50, fallback: 4 })
    const junk = oneOfParam<JunkKind>(params, 'junk', ['noise', 'near-copy'], 'noise')
    const stats: ArchiveSpamStats = { junk: 0 }
    return {
      name: 'archive-spam',
      stats,
      wrap (index, ledger, _authors, context) {
        const rng = Rng.from('archive-spam', context.seed, index)
        let serial = 0
        return {
          view: ledger.view,
          author: ledger.author,
          publish: async (body) => {
            const published = await ledger.publish(body)
            if (!isTaskChild(body)) return published
            const parent = ledger.view.candidate(toHex(body.parent as Uint8Array))?.text ?? body.text
            for (let k = 0; k < extra; k++) {
              const spam: ChildBody = { ...body, text: junkText(parent, junk, rng, serial++) }
              await ledger.publish<CandidateRecord>(spam)
              stats.junk++
            }
            return published
          }
        }
      }
    }
  }
} satisfies AttackFactory

function junkText (parent: string, kind: JunkKind, rng: Rng, serial: number): string {
  if (kind === 'near-copy') return `${parent}\n\nRevision ${serial + 1}.`
  const words = parent.split(/\s+/).filter(w => w.length > 0)
  return `${rng.shuffle(words).join(' ')} (${serial + 1})`
}
