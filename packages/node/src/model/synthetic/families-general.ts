/**
 * General directive families: task-independent advice that real prompt optimisers converge on.
 */
import { family } from './family.js'
import type { DirectiveFamily } from './family.js'

export const GENERAL_FAMILIES: readonly DirectiveFamily[] = [
  family({
    id: 'step-by-step',
    kind: 'general',
    summary: 'reason step by step before answering',
    paraphrases: [
      'Think through the problem step by step before you answer.',
      'Reason one step at a time, writing each step down.',
      'Work out your reasoning in explicit steps before committing to an answer.',
      'Lay out your reasoning as a sequence of numbered steps.',
      'Show your chain of reasoning step by step, then give the answer.',
      'Before answering, reason through the problem in order, one step after another.'
    ],
    detectors: [
      /\bstep[- ]by[- ]step\b/i,
      /\bone step (at a time|after another)\b/i,
      /\bchain[- ]of[- ](thought|reasoning)\b/i,
      /\b(numbered|explicit|clear|logical|small) steps\b/i,
      /\breason(ing)? (it )?(through|out)\b/i,
      /\bthink (it |this )?through\b/i,
      /\bwork out your reasoning\b/i,
      /\blet'?s think\b/i
    ]
  }),
  family({
    id: 'self-verify',
    kind: 'general',
    summary: 'check the answer before giving it',
    paraphrases: [
      'Double-check your answer before you give it.',
      'Verify your result against the conditions of the question.',
      'Before finishing, go back over your work and confirm that it is correct.',
      'Check your work for mistakes before you commit to an answer.',
      'Re-examine your solution once more and fix any error you find.',
      'Sanity-check the final result before you state it.'
    ],
    detectors: [
      /\bdouble[- ]check/i,
      /\bverif(y|ies|ied|ication)\b/i,
      /\bcheck (your|the) (work|answers?|results?|solutions?)\b/i,
      /\bsanity[- ]check/i,
      /\bre-?examine\b/i,
      /\bgo (back )?over your (work|solution|answer)/i,
      /\bconfirm that (it|your|the (answer|result))/i
    ]
  }),
  family({
    id: 'format-contract',
    kind: 'general',
    summary: 'state the final answer on a line `Answer: ...` (code: one fenced block)',
    paraphrases: [
      'End your reply with the final answer on its own line, in the form `Answer: <your answer>`.',
      'Give the final answer on a last line that starts with `Answer:`.',
      'Always finish with a line of the form `Answer: <answer>`, and write nothing after it.',
      'State the final answer on a separate line beginning with "Answer:".',
      'Whatever you write before it, close your reply with one line `Answer: <answer>`.',
      'Put your final answer on the last line, prefixed by `Answer:` exactly.'
    ],
    detectors: [
      /\banswer:/i,
      /\bfinal answer (on|in) (a|its own|the last|one|a separate|the final)\b/i,
      /\b(fenced|code) block\b/i,
      /```/
    ]
  }),
  family({
    id: 'careful-reading',
    kind: 'general',
    summary: 'read the question carefully',
    paraphrases: [
      'Read the question carefully before you start.',
      'Pay close attention to every detail in the problem statement.',
      'Make sure you understand exactly what is being asked.',
      'Read every word of the task attentively, because small details matter.',
      'Take note of all the given information before solving.',
      'Study the question closely so that you do not miss a condition.'
    ],
    detectors: [
      /\bread\w*\b[^.]{0,40}\b(carefully|closely|attentively)\b/i,
      /\b(close|careful) attention\b/i,
      /\bexactly what is (being )?asked\b/i,
      /\bstudy the \w+ closely\b/i,
      /\btake note of all\b/i,
      /\bsmall details matter\b/i
    ]
  }),
  family({
    id: 'decomposition',
    kind: 'general',
    summary: 'break the problem into sub-problems',
    paraphrases: [
      'Break the problem down into smaller sub-problems and solve them one by one.',
      'Split the task into parts, solve each part, then combine the results.',
      'Decompose the question into simpler pieces before tackling it.',
      'Identify the sub-goals the problem requires and handle them in turn.',
      'Divide the work into manageable pieces and solve each before putting them together.',
      'First list the smaller questions you need to answer, then answer each of them.'
    ],
    detectors: [
      /\bdecompos/i,
      /\bbreak\w* (it|this|the \w+) (down|up|apart|into)\b/i,
      /\bsub-?(problems?|goals?|tasks?|questions?)\b/i,
      /\bsplit (it|this|the \w+) into\b/i,
      /\b(smaller|simpler|manageable) (parts|pieces|questions|problems)\b/i,
      /\bdivide (it|this|the \w+) into\b/i
    ]
  }),
  family({
    id: 'edge-cases',
    kind: 'general',
    summary: 'consider edge and boundary cases',
    paraphrases: [
      'Consider edge cases and unusual inputs.',
      'Think about boundary conditions such as zero, one or very large values.',
      'Watch out for corner cases that a quick reading would miss.',
      'Check how your answer behaves in extreme cases.',
      'Keep special cases in mind, since that is where mistakes hide.',
      'Do not forget the boundary cases of the problem.'
    ],
    detectors: [
      /\b(edge|corner|boundary|special|extreme|degenerate)[- ](cases?|conditions?|inputs?|values?)\b/i,
      /\bunusual inputs?\b/i
    ]
  }),
  family({
    id: 'concision',
    kind: 'general',
    summary: 'be concise',
    paraphrases: [
      'Be concise.',
      'Keep your reasoning brief and to the point.',
      'Avoid unnecessary words and say only what is needed.',
      'Answer succinctly, without digressions.',
      'Use short, direct sentences and skip filler.',
      'Keep the reply compact, with no more reasoning than the problem needs.'
    ],
    detectors: [
      /\bconcise(ly)?\b/i,
      /\bbrief(ly)?\b/i,
      /\bsuccinct(ly)?\b/i,
      /\bto the point\b/i,
      /\bunnecessary words\b/i,
      /\bskip filler\b/i,
      /\bshort, direct\b/i,
      /\b(reply|answer|response) compact\b/i,
      /\bwithout digressions?\b/i
    ]
  }),
  family({
    id: 'expert-persona',
    kind: 'general',
    summary: 'adopt an expert persona',
    paraphrases: [
      'You are an expert problem solver.',
      'You are a world-class specialist in this field.',
      'Act as a seasoned expert who has solved thousands of such problems.',
      'You are a meticulous professional with deep expertise in the subject.',
      'Adopt the mindset of a leading authority on this topic.',
      'Answer as a highly experienced expert would.'
    ],
    detectors: [
      /\byou are an? [\w -]{0,40}\b(expert|specialist|professional|authority|master)\b/i,
      /\bact as an? [\w -]{0,30}\b(expert|specialist)\b/i,
      /\bas an? (highly )?experienced expert\b/i,
      /\bworld-class\b/i,
      /\bdeep expertise\b/i,
      /\bleading authority\b/i
    ]
  })
]
