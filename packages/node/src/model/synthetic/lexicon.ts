/**
 * The lexicon: every directive family, and detection of families in any text.
 */
import { readClause } from './clauses.js'
import { GENERAL_FAMILIES } from './families-general.js'
import { HARMFUL_FAMILIES } from './families-harmful.js'
import { OPTIMIZER_FAMILIES } from './families-optimizer.js'
import { TASK_FAMILIES } from './families-task.js'
import { splitSentences } from './sentences.js'
import type { DirectiveFamily, FamilyKind } from './family.js'

export const FAMILIES: readonly DirectiveFamily[] = [...GENERAL_FAMILIES, ...TASK_FAMILIES, ...HARMFUL_FAMILIES, ...OPTIMIZER_FAMILIES]

const BY_ID = new Map(FAMILIES.map(f => [f.id, f]))

/** Families found by their detectors; injection and backdoor are found by reading their clauses. */
const PLAIN = FAMILIES.filter(f => f.id !== 'injection' && f.id !== 'backdoor')

export function familyById (id: string): DirectiveFamily | undefined {
  return BY_ID.get(id)
}

export function familiesOfKind (kind: FamilyKind): DirectiveFamily[] {
  return FAMILIES.filter(f => f.kind === kind)
}

/** The strategy families for a task (none for an unknown task). */
export function taskStrategies (task: string): DirectiveFamily[] {
  return TASK_FAMILIES.filter(f => f.task === task)
}

/** Helpful families a task prompt can hold: the general ones and the task's own strategies. */
export function helpfulFamilies (task: string): DirectiveFamily[] {
  return [...GENERAL_FAMILIES, ...taskStrategies(task)]
}

/** Family ids present in one sentence. */
export function detectInSentence (sentence: string): string[] {
  const clause = readClause(sentence)
  return clause !== undefined ? [clause.kind] : detectDirectives(sentence)
}

/** Families found by detectors alone, for a sentence already known to carry no attack clause. */
export function detectDirectives (sentence: string): string[] {
  const found: string[] = []
  for (const f of PLAIN) {
    for (const re of f.detectors) {
      if (re.test(sentence)) { found.push(f.id); break }
    }
  }
  return found
}

/** Family ids present anywhere in a text, in lexicon order. */
export function detectFamilies (text: string): string[] {
  const found = new Set<string>()
  for (const s of splitSentences(text)) for (const id of detectInSentence(s.text)) found.add(id)
  return FAMILIES.filter(f => found.has(f.id)).map(f => f.id)
}

/** Fills an injection or backdoor template. */
export function fillTemplate (template: string, values: { payload?: string, trigger?: string }): string {
  return template.replaceAll('{payload}', values.payload ?? '').replaceAll('{trigger}', values.trigger ?? '')
}
