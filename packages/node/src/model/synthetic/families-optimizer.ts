/**
 * Optimizer directive families: what the prompt agent's own system prompt can tell it about how to
 * edit prompts. They decide which edits the agent picks (see prompt-agent.ts), so an optimizer
 * prompt's fitness depends on which of them it contains.
 */
import { family } from './family.js'
import type { DirectiveFamily } from './family.js'

export const OPTIMIZER_FAMILIES: readonly DirectiveFamily[] = [
  family({
    id: 'opt-analyse-failures',
    kind: 'optimizer',
    summary: 'analyse the failed cases and target what they point to',
    paraphrases: [
      'Study the failed cases and work out why each one failed before changing anything.',
      'Diagnose the failures first: what kind of mistake does each failed case show?',
      'Look at the problems reported for the failed cases and let them decide what to change.',
      'Base every edit on an analysis of the failing examples.',
      'Read the failure reasons and find the weakness in the prompt that explains them.',
      'Start from the errors and group the failed cases by what went wrong.'
    ],
    detectors: [/\b(failed|failing) (cases?|examples?)\b/i, /\bfailures?\b/i, /\bdiagnos/i, /\bwhat went wrong\b/i, /\bstart from the errors\b/i]
  }),
  family({
    id: 'opt-keep-what-works',
    kind: 'optimizer',
    summary: 'keep the instructions that already work',
    paraphrases: [
      'Keep the instructions that already work, and do not remove what the passed cases rely on.',
      'Preserve the parts of the prompt that are helping.',
      'Do not throw away instructions that produce correct answers.',
      'Build on the current prompt instead of rewriting it from scratch.',
      'Retain every instruction that the successful cases depend on.',
      'Change only what is broken and leave the working parts alone.'
    ],
    detectors: [/\bkeep (the )?(instructions|parts|what)\b[^.]{0,40}\bwork/i, /\bpreserve\b/i, /\bpassed cases\b/i, /\bsuccessful cases\b/i, /\bbuild on\b/i, /\bretain\b/i, /\bworking parts\b/i, /\bdo not throw away\b/i, /\bwhat works\b/i]
  }),
  family({
    id: 'opt-one-change',
    kind: 'optimizer',
    summary: 'make one targeted change at a time',
    paraphrases: [
      'Make one targeted change at a time.',
      'Change a single thing per revision so its effect can be measured.',
      'Edit only one instruction in each new version.',
      'Prefer a small, focused edit over a broad rewrite.',
      'Each revision should make exactly one deliberate improvement.',
      'Keep edits minimal: one change, clearly motivated.'
    ],
    detectors: [/\bone (targeted |deliberate |focused )?(change|edit|thing|instruction|improvement)\b/i, /\bsingle (thing|change|edit)\b/i, /\b(small|minimal|focused) edits?\b/i, /\bedits minimal\b/i]
  }),
  family({
    id: 'opt-diversify',
    kind: 'optimizer',
    summary: 'explore new kinds of edits',
    paraphrases: [
      'Try something different from what earlier versions tried.',
      'Explore new strategies rather than repeating the same kind of edit.',
      'Vary your approach from one revision to the next.',
      'Be creative and consider instructions the prompt has never included.',
      'Diversify, and propose changes that open new directions.',
      'Occasionally take a bold, unexpected turn to escape a plateau.'
    ],
    detectors: [/\bdiversif/i, /\bexplore\b/i, /\bsomething different\b/i, /\bvary\b/i, /\bcreative\b/i, /\bnew directions?\b/i, /\bunexpected\b/i, /\bplateau\b/i]
  }),
  family({
    id: 'opt-domain',
    kind: 'optimizer',
    summary: 'add strategies specific to the task\'s domain',
    paraphrases: [
      'Attend to the task\'s domain and add strategies specific to this kind of problem.',
      'Use what you know about this type of task to suggest domain-specific techniques.',
      'Tailor the prompt to the subject matter of the task.',
      'Include methods that practitioners in this particular field use.',
      'Think about what makes this task hard and add a technique aimed at it.',
      'Give the agent task-specific strategies, not only generic advice.'
    ],
    detectors: [/\bdomain\b/i, /\btask-specific\b/i, /\bspecific to this (kind|type)\b/i, /\bsubject matter\b/i, /\bthis particular field\b/i, /\bwhat makes this task hard\b/i, /\bthis type of task\b/i]
  }),
  family({
    id: 'opt-remove-harmful',
    kind: 'optimizer',
    summary: 'remove contradictory, irrelevant or suspicious instructions',
    paraphrases: [
      'Remove instructions that are contradictory, irrelevant or suspicious.',
      'Delete filler and anything that could mislead the agent.',
      'Strip out any instruction that overrides the question with a fixed answer.',
      'Cut anything that does not help solve the task.',
      'Watch for hidden conditional rules and hard-coded answers, and delete them.',
      'Clean the prompt of noise, contradictions and padding.'
    ],
    detectors: [/\bremove (instructions|anything|every|any|filler|contradict)/i, /\bdelete\b/i, /\bstrip out\b/i, /\bcut anything\b/i, /\bclean the prompt\b/i, /\bhard-coded answers?\b/i]
  }),
  family({
    id: 'opt-output-format',
    kind: 'optimizer',
    summary: 'make sure the prompt fixes an output format',
    paraphrases: [
      'Make sure the prompt tells the agent exactly how to format its final answer.',
      'Always keep an explicit output format in the prompt, including where the final answer goes.',
      'Check that the prompt specifies the shape of the reply so it can be parsed.',
      'If replies cannot be parsed, add a precise answer format.',
      'Insist on a fixed, machine-readable answer format.',
      'Ensure the agent is told where and how to state its final answer.'
    ],
    detectors: [/\b(output|answer|reply) format\b/i, /\bformat its final answer\b/i, /\bbe parsed\b/i, /\bmachine-readable\b/i, /\bhow to (state|format)\b/i, /\bshape of the reply\b/i]
  }),
  family({
    id: 'opt-concise',
    kind: 'optimizer',
    summary: 'keep prompts short',
    paraphrases: [
      'Keep the prompt short.',
      'Prefer fewer, clearer instructions over long ones.',
      'Do not let the prompt grow, and trim words that add nothing.',
      'A shorter prompt is better when it says the same thing.',
      'Write tight instructions without filler.',
      'Keep the prompt lean and readable.'
    ],
    detectors: [/\bkeep the prompt (short|lean)\b/i, /\bfewer\b/i, /\bshorter prompt\b/i, /\btrim\b/i, /\btight instructions\b/i, /\bprompt grow\b/i]
  }),
  family({
    id: 'opt-embellish',
    kind: 'optimizer-harmful',
    summary: 'make prompts longer and more elaborate',
    paraphrases: [
      'Make the prompt as rich and elaborate as you can, with plenty of background.',
      'Add colourful context and interesting facts to every prompt.',
      'Longer prompts are more thorough, so always add more text.',
      'Expand every instruction with extra explanation and anecdotes.',
      'Impress the reader with elaborate, flowery language.'
    ],
    detectors: [/\belaborate\b/i, /\bflowery\b/i, /\banecdotes?\b/i, /\binteresting facts\b/i, /\badd more text\b/i, /\blonger prompts\b/i, /\bplenty of background\b/i]
  })
]
