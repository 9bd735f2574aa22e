/**
 * The simulated prompt agent. Its own system prompt (an optimizer prompt) is read for optimizer
 * directives, which decide how it edits: analysing failures steers it to the families the
 * failures point to, keeping what works stops it deleting useful instructions, one targeted
 * change avoids compounding random edits, and so on. A better optimizer prompt therefore yields
 * better children on average, which is what makes SePO's self-referential stage measurable here.
 */
import { parseOptimizerPromptEditMessage, parseTaskPromptEditMessage, CLOSE, OPEN } from '../../agents/messages.js'
import { familiesOfKind, familyById, helpfulFamilies, taskStrategies } from './lexicon.js'
import { addFamily, draftFamilies, draftOf, draftText, dropFamily, rephrase, reorder } from './prompt-edits.js'
import { readPrompt } from './prompt-reading.js'
import { KNOWN_TASKS, taskKey } from './profile.js'
import type { FeedbackCase } from '../../agents/messages.js'
import type { Draft } from './prompt-edits.js'
import type { Profile, TaskKey } from './profile.js'
import type { Rng } from './random.js'

/** What an optimizer prompt tells the agent, as switches and a confusion level. */
export interface OptimizerTraits {
  readonly analyse: boolean
  readonly keep: boolean
  readonly one: boolean
  readonly diversify: boolean
  readonly domain: boolean
  readonly removeHarmful: boolean
  readonly format: boolean
  readonly concise: boolean
  readonly embellish: boolean
  /** Contradictions, padding and demands for length in the optimizer prompt itself. */
  readonly confusion: number
}

export function optimizerTraits (systemPrompt: string): OptimizerTraits {
  const c = readPrompt(systemPrompt).counts
  const has = (id: string): boolean => (c.get(id) ?? 0) > 0
  return {
    analyse: has('opt-analyse-failures'),
    keep: has('opt-keep-what-works'),
    one: has('opt-one-change'),
    diversify: has('opt-diversify'),
    domain: has('opt-domain'),
    removeHarmful: has('opt-remove-harmful'),
    format: has('opt-output-format'),
    concise: has('opt-concise'),
    embellish: has('opt-embellish'),
    confusion: (has('contradiction') ? 1 : 0) + Math.min(2, c.get('padding') ?? 0) * 0.5 + (has('excessive-length') ? 0.5 : 0)
  }
}

type Edit =
  | { readonly kind: 'add', readonly family: string }
  | { readonly kind: 'drop', readonly family: string }
  | { readonly kind: 'rephrase' }
  | { readonly kind: 'reorder' }

interface Weighted { readonly edit: Edit, readonly weight: number }

export interface FailureKinds {
  readonly unparseable: number
  readonly wrong: number
  readonly tests: number
}

/** Sorts feedback into what went wrong, from the problem text or, failing that, the reply. */
export function classifyFailures (failed: readonly FeedbackCase[]): FailureKinds {
  let unparseable = 0
  let wrong = 0
  let tests = 0
  for (const c of failed) {
    const p = c.problem ?? ''
    if (/pars|format|no (final )?answer|answer line|unreadable|missing answer|could not (find|extract)|no code|expected \d+ digits/i.test(p)) unparseable++
    else if (/test|assert|exception|error|traceback|time ?out|timed out/i.test(p)) tests++
    else if (p.length === 0 && !/^Answer:/m.test(c.reply) && !c.reply.includes('```')) unparseable++
    else wrong++
  }
  return { unparseable, wrong, tests }
}

const HARMFUL_TASK_FAMILIES = new Set(['contradiction', 'padding', 'excessive-length', 'injection', 'backdoor'])

/**
 * Base weights describe an unguided editor: about as likely to pad, reword or delete as to add
 * something useful. Optimizer directives reshape them.
 */
const BASE = {
  add: 1,
  offTask: 1.2,
  dropHelpful: 0.8,
  dropHarmful: 1,
  rephrase: 1,
  reorder: 0.5,
  pad: 1.2,
  lengthen: 0.5,
  contradict: 0.35
}

function taskPromptEdits (profile: Profile, task: TaskKey, draft: Draft, traits: OptimizerTraits, failures: FailureKinds): Weighted[] {
  const present = draftFamilies(draft)
  const effects = profile.effects[task]
  // Confusion in the optimizer prompt blunts every skill.
  const skill = 1 / (1 + traits.confusion)
  const boost = (on: boolean, factor: number): number => on ? factor ** skill : 1
  const out: Weighted[] = []
  // Diversifying flattens preferences (exploration); a single targeted change sharpens them.
  const sharpen = (traits.diversify ? 0.7 : 1) * (traits.one ? 1.3 : 1)

  for (const f of helpfulFamilies(task)) {
    if (present.has(f.id)) continue
    const effect = effects[f.id] ?? 0
    let w = BASE.add
    if (f.kind === 'task-strategy') w *= boost(traits.domain, 3)
    if (f.id === 'format-contract') {
      w *= boost(traits.format, 6)
      if (failures.unparseable > 0) w *= boost(traits.analyse, 15)
    }
    if (traits.analyse) {
      w *= Math.exp(1.5 * skill * effect)
      if (failures.wrong > 0 && (f.kind === 'task-strategy' || f.id === 'self-verify' || f.id === 'step-by-step')) w *= 1.5 ** skill
      if (failures.tests > 0 && (f.id === 'edge-cases' || f.id === 'mbpp-empty-input' || f.id === 'mbpp-examples')) w *= 2 ** skill
    }
    if (traits.domain) w *= Math.exp(0.5 * skill * effect)
    if (traits.concise) w *= 0.8
    out.push({ edit: { kind: 'add', family: f.id }, weight: w ** sharpen })
  }
  const offTask = KNOWN_TASKS.filter(t => t !== task).flatMap(t => taskStrategies(t)).filter(f => !present.has(f.id))
  for (const f of offTask) {
    let w = BASE.offTask / Math.max(1, offTask.length)
    if (traits.domain) w *= 0.05 ** skill
    if (traits.analyse) w *= 0.3 ** skill
    if (traits.one) w *= 0.5
    out.push({ edit: { kind: 'add', family: f.id }, weight: w })
  }
  for (const id of present) {
    const f = familyById(id)
    if (f === undefined || f.kind === 'optimizer' || f.kind === 'optimizer-harmful') continue
    const offTaskStrategy = f.kind === 'task-strategy' && f.task !== task
    if (HARMFUL_TASK_FAMILIES.has(id) || offTaskStrategy) {
      let w = BASE.dropHarmful * (id === 'injection' || id === 'backdoor' ? 0.8 : 1)
      w *= boost(traits.removeHarmful, 6)
      if (traits.concise && (id === 'padding' || id === 'excessive-length')) w *= 2
      if (traits.analyse && failures.unparseable + failures.wrong + failures.tests > 0) w *= 2 ** skill
      out.push({ edit: { kind: 'drop', family: id }, weight: w })
    } else {
      let w = BASE.dropHelpful
      if (traits.keep) w *= 0.1 ** skill
      if (traits.one) w *= 0.5
      if (traits.analyse) w *= Math.exp(-2 * skill * (effects[id] ?? 0))
      out.push({ edit: { kind: 'drop', family: id }, weight: w })
    }
  }
  const neutral = (traits.diversify ? 0.5 : 1) * (traits.one ? 0.5 : 1)
  if (draft.some(s => s.families.length > 0)) out.push({ edit: { kind: 'rephrase' }, weight: BASE.rephrase * neutral })
  if (draft.length >= 2) out.push({ edit: { kind: 'reorder' }, weight: BASE.reorder * neutral })
  const bad = (1 + traits.confusion) * (traits.one ? 0.3 : 1)
  out.push({ edit: { kind: 'add', family: 'padding' }, weight: BASE.pad * bad * (traits.concise ? 0.2 : 1) * (traits.removeHarmful ? 0.3 : 1) * (traits.embellish ? 4 : 1) })
  if (!present.has('excessive-length')) out.push({ edit: { kind: 'add', family: 'excessive-length' }, weight: BASE.lengthen * bad * (traits.concise ? 0.2 : 1) * (traits.embellish ? 3 : 1) })
  if (!present.has('contradiction')) out.push({ edit: { kind: 'add', family: 'contradiction' }, weight: BASE.contradict * bad * (traits.removeHarmful ? 0.3 : 1) })
  return out
}

/** Hidden value of each optimizer family: how much it tends to help the children it produces. */
const OPTIMIZER_VALUE: Readonly<Record<string, number>> = {
  'opt-analyse-failures': 1,
  'opt-domain': 0.8,
  'opt-remove-harmful': 0.5,
  'opt-output-format': 0.4,
  'opt-keep-what-works': 0.4,
  'opt-one-change': 0.4,
  'opt-concise': 0.1,
  'opt-diversify': 0
}
const HARMFUL_OPTIMIZER_FAMILIES = new Set(['opt-embellish', 'contradiction', 'padding', 'excessive-length', 'injection', 'backdoor'])

function optimizerPromptEdits (draft: Draft, traits: OptimizerTraits, fitness: number | undefined): Weighted[] {
  const present = draftFamilies(draft)
  const skill = 1 / (1 + traits.confusion)
  const insight = (traits.analyse ? 2.5 : 0.3) * skill * (fitness !== undefined && fitness < 0 ? 1.3 : 1)
  const out: Weighted[] = []
  for (const f of familiesOfKind('optimizer')) {
    const value = OPTIMIZER_VALUE[f.id] ?? 0
    if (!present.has(f.id)) {
      out.push({ edit: { kind: 'add', family: f.id }, weight: Math.exp(insight * value) })
    } else {
      let w = 0.5 * Math.exp(-insight * value)
      if (traits.keep) w *= 0.1 ** skill
      out.push({ edit: { kind: 'drop', family: f.id }, weight: w })
    }
  }
  for (const id of present) {
    if (!HARMFUL_OPTIMIZER_FAMILIES.has(id)) continue
    out.push({ edit: { kind: 'drop', family: id }, weight: traits.removeHarmful ? 6 ** skill : 1 })
  }
  const bad = (1 + traits.confusion) * (traits.concise ? 0.2 : 1) * (traits.removeHarmful ? 0.3 : 1)
  if (!present.has('opt-embellish')) out.push({ edit: { kind: 'add', family: 'opt-embellish' }, weight: 0.3 * bad * (traits.embellish ? 6 : 1) })
  out.push({ edit: { kind: 'add', family: 'padding' }, weight: 0.3 * bad * (traits.embellish ? 6 : 1) })
  if (draft.some(s => s.families.length > 0)) out.push({ edit: { kind: 'rephrase' }, weight: 0.6 })
  if (draft.length >= 2) out.push({ edit: { kind: 'reorder' }, weight: 0.3 })
  return out
}

function apply (draft: Draft, edit: Edit, rng: Rng): Draft {
  switch (edit.kind) {
    case 'add': return addFamily(draft, edit.family, rng)
    case 'drop': return dropFamily(draft, edit.family, rng)
    case 'rephrase': return rephrase(draft, rng)
    case 'reorder': return reorder(draft, rng)
  }
}

function describe (edit: Edit): string {
  const summary = (id: string): string => familyById(id)?.summary ?? id
  switch (edit.kind) {
    case 'add': return `added an instruction to ${summary(edit.family)}`
    case 'drop': return `removed the instruction to ${summary(edit.family)}`
    case 'rephrase': return 'reworded an instruction'
    case 'reorder': return 'reordered two instructions'
  }
}

function editCount (traits: OptimizerTraits, rng: Rng): number {
  if (traits.one) return 1
  let n = 1 + (rng.chance(0.5) ? 1 : 0) + (rng.chance(0.25) ? 1 : 0)
  if (traits.diversify && rng.chance(0.4)) n++
  return n
}

function runEdits (parent: string, count: number, rng: Rng, candidates: (draft: Draft) => Weighted[]): { child: string, notes: string[] } {
  let draft = draftOf(parent)
  const notes: string[] = []
  const same = (): boolean => draftText(draft).trim() === parent.trim() || draftText(draft).trim().length === 0
  // An edit can be a no-op (rewording a prompt that has nothing to reword): draw again, a few times.
  for (let k = 0, tries = 0; (k < count || same()) && tries < count + 6; tries++) {
    const options = candidates(draft)
    const chosen = options[rng.weighted(options.map(o => o.weight))]
    if (chosen === undefined) break
    const before = draftText(draft)
    draft = apply(draft, chosen.edit, rng)
    if (draftText(draft) !== before) { notes.push(describe(chosen.edit)); k++ }
  }
  return { child: draftText(draft), notes }
}

function reply (intro: string, notes: readonly string[], child: string): string {
  const changes = notes.length === 0 ? 'I kept the prompt as it is.' : `Changes: ${notes.join('; ')}.`
  // The reply must not contain a line that closes the prompt early.
  const body = child.split('\n').filter(l => l.trim() !== CLOSE && l.trim() !== OPEN).join('\n')
  return `${intro}\n${changes}\n\n${OPEN}\n${body}\n${CLOSE}`
}

export function editTaskPrompt (profile: Profile, systemPrompt: string, userMessage: string, hintTask: string | undefined, rng: Rng): string | undefined {
  const req = parseTaskPromptEditMessage(userMessage)
  if (req === undefined) return undefined
  const task = taskKey(hintTask !== undefined && hintTask !== '' ? hintTask : req.task)
  const traits = optimizerTraits(systemPrompt)
  const failures = classifyFailures(req.failed)
  const { child, notes } = runEdits(req.parent, editCount(traits, rng), rng, d => taskPromptEdits(profile, task, d, traits, failures))
  const intro = req.failed.length === 0
    ? 'No failures were reported, so I made a small improvement.'
    : `I looked at the ${req.failed.length} failed case${req.failed.length === 1 ? '' : 's'}` +
      (failures.unparseable > 0 ? ', some of which could not be parsed.' : '.')
  return reply(intro, notes, child)
}

export function editOptimizerPrompt (systemPrompt: string, userMessage: string, rng: Rng): string | undefined {
  const req = parseOptimizerPromptEditMessage(userMessage)
  if (req === undefined) return undefined
  const traits = optimizerTraits(systemPrompt)
  const count = traits.one ? 1 : 1 + (rng.chance(0.4) ? 1 : 0)
  const { child, notes } = runEdits(req.parent, count, rng, d => optimizerPromptEdits(d, traits, req.fitness))
  const intro = req.fitness === undefined
    ? 'There is no evidence yet about this optimizer prompt, so I made a cautious change.'
    : `Children written under this prompt changed their parents' scores by ${(req.fitness * 100).toFixed(1)} points on average.`
  return reply(intro, notes, child)
}
