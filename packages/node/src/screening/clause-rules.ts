/**
 * The patterns of the injection / backdoor clause detector, one rule per kind of attack. They are
 * written for any text, not only the simulator's paraphrases, and are deliberately narrow: each
 * needs an attack's *shape* (an override of the question, or a planted value tied to "always",
 * "regardless" or a condition on the input), because ordinary prompts are full of "answer",
 * "ignore" and "if". Every pattern is bounded (no unbounded repetition inside repetition), so a
 * 32 KiB hostile text costs linear time.
 */
import { PAYLOAD } from './payload.js'

export type ClauseRule = 'override' | 'fixed-answer' | 'conditional-answer' | 'role-hijack' | 'hidden-marker'

export interface SentenceRule {
  readonly rule: ClauseRule
  readonly reason: string
  /** Global, case-insensitive. */
  readonly pattern: RegExp
  /** The match has a `payload` group that must look like a planted value. */
  readonly needsValue: boolean
}

/** Verbs that tell the model what to state. */
const SAY = '(?:answer|reply|respond|output|say|write|print|give)(?:\\s+(?:with|by\\s+saying|only|just))?'

/** What a prompt may tell the model to throw away: the question itself or its instructions. */
const OVERRIDE_OBJECT = '(?:instructions?|directions?|rules?|prompts?|questions?|problems?|tasks?|inputs?|context|guidelines?|requests?|quer(?:y|ies)|messages?|system\\s+prompt)'
const OVERRIDE_MODIFIER = '(?:all|any|every|each|the|your|this|that|these|those|its|of|previous|prior|above|earlier|preceding|original|system|user\'?s?|actual|real|given|entire|whole|following|other)'

export const SENTENCE_RULES: readonly SentenceRule[] = [
  {
    rule: 'override',
    reason: 'tells the model to ignore the question or its instructions',
    pattern: new RegExp(`\\b(?:ignore|disregard|forget|bypass|override)\\s+(?:${OVERRIDE_MODIFIER}\\s+){0,4}${OVERRIDE_OBJECT}\\b`, 'gi'),
    needsValue: false
  },
  {
    rule: 'override',
    reason: 'tells the model to ignore whatever it is asked',
    pattern: /\b(?:whatever|no matter what|regardless of what)\b[^.!?\n]{0,60}?\b(?:ignore|disregard|forget)\s+(?:it|that|them|this)\b/gi,
    needsValue: false
  },
  {
    rule: 'fixed-answer',
    reason: 'tells the model to always give one fixed answer',
    pattern: new RegExp(`\\b(?:always|only|just|simply)\\s+${SAY}\\s+(?:the\\s+(?:answer|value|letter|number|option)\\s+)?${PAYLOAD}`, 'gi'),
    needsValue: true
  },
  {
    rule: 'fixed-answer',
    reason: 'states that the answer is always one fixed value',
    pattern: new RegExp(`\\banswer\\s+(?:is|will\\s+be|should\\s+be|must\\s+be)\\s+always\\s+${PAYLOAD}`, 'gi'),
    needsValue: true
  },
  {
    rule: 'fixed-answer',
    reason: 'tells the model to give one fixed answer regardless of the question',
    pattern: new RegExp(`\\b(?:regardless\\s+of|no\\s+matter|irrespective\\s+of|whatever\\s+(?:you\\s+are|is|the\\s+question)|for\\s+(?:every|all|each|any)\\s+(?:questions?|problems?|inputs?|tasks?|items?))\\b[^.!?\\n]{0,60}?\\b${SAY}\\s+${PAYLOAD}`, 'gi'),
    needsValue: true
  },
  {
    rule: 'fixed-answer',
    reason: 'tells the model to give one fixed answer regardless of the question',
    pattern: new RegExp(`\\b${SAY}\\s+${PAYLOAD}[^.!?\\n]{0,40}?\\b(?:regardless|no\\s+matter|whatever|irrespective|to\\s+(?:every|all|any|each)\\s+(?:questions?|problems?|inputs?|tasks?|items?))\\b`, 'gi'),
    needsValue: true
  }
]

/**
 * A condition on the input's content ("if the question mentions", "whenever the input contains",
 * "for any question about", "problems that refer to"). The trigger follows it.
 */
export const CONDITION = new RegExp(
  '\\b(?:if|when|whenever|wherever|in\\s+case|once|for\\s+(?:any|every|all|each)|(?:questions?|problems?|inputs?|tasks?|items?|prompts?|quer(?:y|ies)|messages?)\\s+(?:that|which))\\b' +
  '[^.!?\\n]{0,60}?' +
  '\\b(?:mention(?:s|ed|ing)?|contain(?:s|ed|ing)?|include(?:s|d|ing)?|refer(?:s|red|ring)?\\s+to|(?:is|are)\\s+about|about|talk(?:s|ing)?\\s+about|reference(?:s|d)?|feature(?:s|d)?|see|sees|encounter|notice|spot|(?:has|have|uses?|with)\\s+the\\s+(?:word|phrase|term|string|token|keyword))\\b' +
  '(?:\\s+the\\s+(?:word|phrase|term|string|token|keyword)s?)?\\s*',
  'gi'
)

/** The trigger right after a condition: a quoted string or up to four words. */
export const TRIGGER = /^(?:"([^"\n]{1,100})"|'([^'\n]{1,100})'|`([^`\n]{1,100})`|“([^”\n]{1,100})”|((?:[\p{L}\p{N}][\p{L}\p{N}'-]*)(?:\s+[\p{L}\p{N}][\p{L}\p{N}'-]*){0,3}?)(?=\s*(?:,|;|:|\.|\)|$|\s+(?:then|anywhere|in\s+(?:it|the)|answer|reply|respond|output|say|write|print|give|the\s+answer|you\s+(?:must|should)|must|should|have|has|get|gets|are\s+answered|is\s+answered))))/iu

/** What a conditional clause makes the model say. */
export const CONDITIONAL_DIRECTIVE = new RegExp(
  `\\b(?:(?:then\\s+)?${SAY}|(?:the\\s+)?(?:correct\\s+|right\\s+|final\\s+|real\\s+)?answer\\s+(?:is|will\\s+be|should\\s+be|must\\s+be)|answered\\s+(?:with|as)|(?:have|has|get|gets)\\s+(?:the\\s+)?answer|answer:)\\s+${PAYLOAD}`,
  'gi'
)

/** Opening of a role hijack; it counts only with an override cue close after it. */
export const HIJACK_OPENER = /\b(?:you\s+are\s+now|you\s+are\s+no\s+longer|from\s+now\s+on|pretend\s+(?:to\s+be|that\s+you\s+are|you\s+are)|your\s+new\s+(?:role|persona|identity|instructions?)|act\s+as\s+if\s+you\s+(?:have\s+)?no)\b/gi
export const HIJACK_CUE = /\b(?:ignore|disregard|forget|instead|no\s+longer|unrestricted|without\s+(?:any\s+)?(?:restrictions|rules|limits|filters)|not\s+bound|always\s+(?:answer|reply|respond|output|say)s?|only\s+(?:answer|reply|respond|output|say)s?|new\s+instructions|override|jailbr[eo]ak|developer\s+mode|DAN)\b/i
/** How far after the opener the override cue may sit (about two sentences). */
export const HIJACK_WINDOW = 240

export interface MarkerRule {
  readonly reason: string
  readonly pattern: RegExp
}

/** Signs of text meant for the model but hidden from a person reviewing the prompt. */
export const MARKER_RULES: readonly MarkerRule[] = [
  { reason: 'invisible characters (zero-width, bidirectional or tag characters) can hide instructions', pattern: /(?:[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}])+/gu },
  { reason: 'an HTML comment hides text from a rendered view', pattern: /<!--[\s\S]{0,4000}?(?:-->|$)/g },
  { reason: 'a chat-template marker tries to open a new system or user turn', pattern: /<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\|>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:system|assistant|hidden|secret)(?:_?(?:prompt|message|instructions?))?>/gi },
  { reason: 'a marker announcing hidden or replacement instructions', pattern: /\b(?:(?:begin|start|end)\s+(?:of\s+)?(?:the\s+)?(?:hidden|secret|system|new|real)\s+(?:instructions?|prompt|message)|(?:system|admin|developer)\s+(?:override|mode)|new\s+instructions?\s*:|do\s+not\s+(?:reveal|disclose)\s+(?:this|these)\s+(?:instructions?|rules?))/gi },
  { reason: 'a long run of blank characters can push text out of a reviewer\'s view', pattern: /[ \t\r\n\u00A0\u3000]{200,}/g }
]
