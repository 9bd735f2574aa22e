/**
 * Task-strategy families: advice that helps on one task (and is mildly distracting elsewhere).
 */
import { family } from './family.js'
import type { DirectiveFamily } from './family.js'

export const TASK_FAMILIES: readonly DirectiveFamily[] = [
  // math: competition-style integer answers
  family({
    id: 'math-arithmetic',
    kind: 'task-strategy',
    task: 'math',
    summary: 'recheck arithmetic and modular reductions',
    paraphrases: [
      'Redo each calculation a second time to catch arithmetic slips.',
      'When the problem asks for a remainder, reduce modulo at every stage and recheck the arithmetic.',
      'Keep exact integers and fractions, and never round during calculations.',
      'Recompute every product and sum independently to catch arithmetic errors.',
      'Be careful with arithmetic: carry digits correctly and track signs.',
      'Perform modular reductions carefully and confirm each residue.'
    ],
    detectors: [/\barithmetic\b/i, /\bmodul(o|ar)\b/i, /\bremainders?\b/i, /\b(redo|recheck|check|verify)\w*\b[^.]{0,20}\bcalculations?\b/i, /\bduring calculations\b/i, /\bresidues?\b/i, /\brecompute\b/i, /\bcarry digits\b/i]
  }),
  family({
    id: 'math-equations',
    kind: 'task-strategy',
    task: 'math',
    summary: 'name the unknowns and write the equations',
    paraphrases: [
      'Define a variable for each unknown quantity and write down the equations that connect them.',
      'Translate the problem into equations before solving.',
      'Introduce clear notation for every unknown, then set up the equations.',
      'Express the conditions of the problem as algebraic equations.',
      'Set up an equation for each condition stated in the problem.'
    ],
    detectors: [/\bequations?\b/i, /\bunknowns?\b/i, /\bnotation\b/i, /\balgebraic\b/i]
  }),
  family({
    id: 'math-small-cases',
    kind: 'task-strategy',
    task: 'math',
    summary: 'try small cases to find a pattern',
    paraphrases: [
      'Work out a few small instances by hand to find the pattern.',
      'Compute the first few values explicitly and look for a pattern.',
      'Test small cases first, since patterns often reveal the general formula.',
      'Look for a pattern by trying the smallest examples.',
      'Experiment with small numbers to see the structure before generalising.'
    ],
    detectors: [/\bsmall (cases|instances|numbers|values|examples)\b/i, /\bsmallest (cases|examples)\b/i, /\bpatterns?\b/i, /\bfirst few values\b/i]
  }),
  // arc: grid transformation puzzles
  family({
    id: 'arc-describe-rule',
    kind: 'task-strategy',
    task: 'arc',
    summary: 'describe the transformation on each train pair, then apply it',
    paraphrases: [
      'For each example pair, state in words how the input grid becomes the output grid, then apply that rule to the test grid.',
      'Infer the transformation from the demonstration pairs and make sure it explains every one of them before applying it.',
      'Write down the rule that maps each training input to its output, and use the rule that fits all pairs.',
      'Compare each input grid with its output grid and describe what changed.',
      'Find a single transformation consistent with all the training examples, then apply it.'
    ],
    detectors: [/\btransformations?\b/i, /\b(training|example|demonstration) (pairs?|examples?|inputs?)\b/i, /\binput grids?\b.{0,40}\boutput grids?\b/i, /\bmaps each\b/i]
  }),
  family({
    id: 'arc-dimensions',
    kind: 'task-strategy',
    task: 'arc',
    summary: 'work out the output grid size first',
    paraphrases: [
      'Determine the output grid\'s dimensions before filling in any cell.',
      'First decide how many rows and columns the output has.',
      'Establish the output shape first: its height and width.',
      'Check whether the output keeps the input\'s dimensions or changes them.',
      'Fix the size of the answer grid before deciding any cell.'
    ],
    detectors: [/\bdimensions?\b/i, /\brows and columns\b/i, /\b(height and width|width and height)\b/i, /\b(size|shape) of the (output|answer)\b/i, /\boutput (shape|size)\b/i]
  }),
  family({
    id: 'arc-objects',
    kind: 'task-strategy',
    task: 'arc',
    summary: 'reason about objects, colours and symmetry',
    paraphrases: [
      'Identify objects as connected regions of the same colour and track what happens to each.',
      'Pay attention to colours, symmetry and repetition in the grids.',
      'Look for symmetry, reflections, rotations and repeated motifs.',
      'Treat each connected shape as an object and follow it from input to output.',
      'Notice which colours are preserved, which change, and which cells act as background.'
    ],
    detectors: [/\bobjects?\b/i, /\bsymmetr/i, /\breflections?\b/i, /\brotations?\b/i, /\bcolou?rs?\b/i, /\bconnected (regions?|shapes?|components?)\b/i]
  }),
  // gpqa: multiple-choice science questions
  family({
    id: 'gpqa-eliminate',
    kind: 'task-strategy',
    task: 'gpqa',
    summary: 'eliminate wrong options',
    paraphrases: [
      'Eliminate the options that are clearly wrong before choosing.',
      'Rule out the implausible choices one by one, then pick among what remains.',
      'Evaluate each answer option and discard the ones that conflict with known facts.',
      'Go through options A to D and cross out those that cannot be right.',
      'Use the process of elimination on the answer choices.',
      'Weigh every option against the evidence and discard the weakest.'
    ],
    detectors: [/\beliminat\w* (the )?(\w+ )?(options?|choices?|answers?)\b/i, /\bprocess of elimination\b/i, /\brule out\b/i, /\b(discard|cross out|strike out)\b/i, /\boptions a (to|through) d\b/i, /\banswer (options?|choices?)\b/i, /\bevery option\b/i]
  }),
  family({
    id: 'gpqa-principles',
    kind: 'task-strategy',
    task: 'gpqa',
    summary: 'recall the governing scientific principles first',
    paraphrases: [
      'Recall the scientific principles that govern the question before choosing.',
      'Start by identifying the relevant physical, chemical or biological principles.',
      'Name the underlying law or mechanism the question tests.',
      'Recall the textbook facts that bear on the question first.',
      'Ground your choice in established scientific theory.',
      'Identify which branch of science the question belongs to and the key principles it relies on.'
    ],
    detectors: [/\bprinciples?\b/i, /\bunderlying (laws?|mechanisms?)\b/i, /\btextbook\b/i, /\bscientific theory\b/i, /\bbranch of science\b/i]
  }),
  family({
    id: 'gpqa-units',
    kind: 'task-strategy',
    task: 'gpqa',
    summary: 'check units and orders of magnitude',
    paraphrases: [
      'Use dimensional analysis to test whether each option is even possible.',
      'Estimate the order of magnitude of the expected answer and compare.',
      'Check that the units of an option match what the question asks for.',
      'Do a quick back-of-the-envelope estimate before choosing.',
      'Compare quantities by their scale and units, not just their digits.'
    ],
    detectors: [/\bunits?\b/i, /\borders? of magnitude\b/i, /\bdimensional analysis\b/i, /\bback-of-the-envelope\b/i]
  }),
  // mbpp: short Python functions checked by unit tests
  family({
    id: 'mbpp-empty-input',
    kind: 'task-strategy',
    task: 'mbpp',
    summary: 'handle empty and one-element inputs',
    paraphrases: [
      'Make the function handle empty input and single-element input correctly.',
      'Handle empty lists, empty strings and zero gracefully.',
      'Make sure the code works when the input is empty or has one element.',
      'Guard against empty or minimal inputs in your function.',
      'Cover the trivial inputs too: an empty sequence, a single item, negative numbers.',
      'Your function must not crash on empty input.'
    ],
    detectors: [/\bempty (inputs?|lists?|strings?|sequences?|or minimal)\b/i, /\bsingle[- ](element|item)\b/i, /\bone element\b/i, /\bis empty\b/i, /\bon empty\b/i]
  }),
  family({
    id: 'mbpp-examples',
    kind: 'task-strategy',
    task: 'mbpp',
    summary: 'test the code against the given examples',
    paraphrases: [
      'Test your code mentally against the example assertions before answering.',
      'Trace the given test cases through your function by hand.',
      'Make sure your function passes the example tests shown in the question.',
      'Walk through each given assert and confirm the function returns the expected value.',
      'Check your code against the sample inputs and outputs.',
      'Use the examples in the prompt as tests for your implementation.'
    ],
    detectors: [/\b(example|given|provided|sample) (assertions?|asserts?|tests?|test cases|inputs)\b/i, /\btest cases?\b/i, /\bassert(ion)?s?\b/i, /\bexamples? in the prompt as tests\b/i]
  }),
  family({
    id: 'mbpp-signature',
    kind: 'task-strategy',
    task: 'mbpp',
    summary: 'keep the exact function name and signature',
    paraphrases: [
      'Use exactly the function name and arguments that the checker calls.',
      'Keep the function name and signature exactly as expected.',
      'Name the function exactly as it is called in the problem.',
      'Match the expected function signature precisely, including argument order.',
      'Define a single function named just like the one the checker calls.',
      'Do not rename the function or change its parameters.'
    ],
    detectors: [/\bfunction name\b/i, /\bexact name\b/i, /\bsignature\b/i, /\bname the function\b/i, /\bnamed just like\b/i, /\brename the function\b/i, /\bits parameters\b/i]
  }),
  // sudoku: 9x9 puzzles
  family({
    id: 'sudoku-propagation',
    kind: 'task-strategy',
    task: 'sudoku',
    summary: 'constraint propagation over candidate digits',
    paraphrases: [
      'Use constraint propagation: list the candidate digits for each empty cell and drop those already used in its row, column or box.',
      'Fill the cells that have only one possible digit first, then update the remaining candidates.',
      'Track pencil marks for every open cell and narrow them down.',
      'Repeatedly place forced digits and propagate the consequences.',
      'For each empty cell, work out which digits are still possible.',
      'Look for hidden singles: a digit that fits in only one cell of a row, column or box.'
    ],
    detectors: [/\bconstraint propagation\b/i, /\bpropagat/i, /\bcandidates?\b/i, /\bpencil marks?\b/i, /\b(naked|hidden) singles?\b/i, /\bonly one possible digit\b/i, /\bdigits are still possible\b/i, /\bforced digits?\b/i]
  }),
  family({
    id: 'sudoku-check-units',
    kind: 'task-strategy',
    task: 'sudoku',
    summary: 'check every row, column and box',
    paraphrases: [
      'Check that every row, every column and every 3x3 box contains each digit from 1 to 9 exactly once.',
      'Make sure no digit repeats within any row, column or box.',
      'Before answering, scan every row, column and 3x3 box for duplicates.',
      'Each row, column and box must contain 1 to 9 once, so check this in your final grid.',
      'Look for duplicate digits in rows, columns and boxes before you submit.',
      'Audit the finished grid: nine rows, nine columns, nine boxes, no repeats.'
    ],
    detectors: [/\b3x3 box(es)?\b/i, /\bduplicates?\b/i, /\bno repeats?\b/i, /\bno digit repeats\b/i, /\bnine rows\b/i, /\brows?, (every |each )?columns? and (every |each )?(3x3 )?box(es)?\b/i]
  }),
  family({
    id: 'sudoku-givens',
    kind: 'task-strategy',
    task: 'sudoku',
    summary: 'keep the given digits unchanged',
    paraphrases: [
      'Keep every given digit exactly where it is.',
      'Never change the digits that are already filled in the puzzle.',
      'The clues in the puzzle are fixed, and your grid must agree with all of them.',
      'Copy the given digits into your solution unchanged.',
      'Respect the pre-filled cells: they must appear unchanged in the answer.',
      'Start from the givens and do not overwrite any of them.'
    ],
    detectors: [/\bgiven digits?\b/i, /\bgivens\b/i, /\bpre-?filled\b/i, /\balready filled\b/i, /\bclues in the puzzle\b/i, /\bdo not overwrite\b/i]
  })
]
