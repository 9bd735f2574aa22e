/**
 * The reasoning a simulated reply shows before its answer. It is shaped by the prompt's
 * directives (steps when asked to reason step by step, a check when asked to verify, one line
 * when asked to be concise, pages when asked for length) so that reply length, and therefore
 * token cost and truncation, respond to the prompt as they would with a real model.
 */
import type { TaskKey } from './profile.js'
import type { Rng } from './random.js'

const STEPS: Readonly<Record<TaskKey, readonly string[]>> = {
  math: ['Identify the quantities the problem gives.', 'Set up the relations between them.', 'Compute the required value.', 'Simplify the result.'],
  arc: ['Compare each training input with its output.', 'Describe the rule that changes the grid.', 'Apply the rule to the test input.', 'Write out the resulting grid.'],
  gpqa: ['Identify what the question is really asking.', 'Recall the relevant science.', 'Weigh each option against it.', 'Choose the best-supported option.'],
  mbpp: ['Read the required behaviour from the description.', 'Choose a simple approach.', 'Write the function.', 'Walk through the examples.'],
  sudoku: ['Note the givens in each row, column and box.', 'Fill the cells that have a single candidate.', 'Propagate the new digits.', 'Repeat until the grid is complete.'],
  generic: ['Understand the question.', 'Work out the answer.', 'State it clearly.']
}

const OPENERS: Readonly<Record<TaskKey, readonly string[]>> = {
  math: ['Let me work this out.', 'Here is the computation.', 'Let me solve this.'],
  arc: ['Looking at the training pairs.', 'Let me find the rule behind the examples.'],
  gpqa: ['Let me think about the science here.', 'Considering the options in turn.'],
  mbpp: ['Here is a function that does this.', 'A straightforward implementation:'],
  sudoku: ['Solving the grid cell by cell.', 'Let me fill in the grid.'],
  generic: ['Let me think about this.', 'Here is my answer.']
}

/** One line per task strategy, shown when the prompt asks for it. */
const STRATEGY_LINES: Readonly<Record<string, string>> = {
  'math-arithmetic': 'I recompute each product and sum, reducing modulo where the problem needs it.',
  'math-equations': 'Naming the unknowns, the conditions become a small system of equations.',
  'math-small-cases': 'Trying the smallest cases first shows the pattern.',
  'arc-describe-rule': 'In every training pair the same transformation turns the input into the output.',
  'arc-dimensions': 'The output grid\'s size follows from the input\'s.',
  'arc-objects': 'Each coloured object is handled on its own.',
  'gpqa-eliminate': 'Two of the options can be ruled out straight away.',
  'gpqa-principles': 'The governing principle here settles most of the question.',
  'gpqa-units': 'Checking units and orders of magnitude narrows the choice.',
  'mbpp-empty-input': 'An empty input needs no special case here beyond returning early.',
  'mbpp-examples': 'Tracing the given examples through the function gives the expected values.',
  'mbpp-signature': 'The function keeps the name and arguments the tests call.',
  'sudoku-propagation': 'Propagating candidates fills most cells by force.',
  'sudoku-check-units': 'Every row, column and box holds 1 to 9 exactly once.',
  'sudoku-givens': 'All the given digits stay where they are.'
}

const FILLER = [
  'To be thorough, it is worth restating what the question asks and why each part matters.',
  'There is a long history behind problems of this kind, and many approaches have been tried.',
  'Before going further, let me consider the problem from several additional angles.',
  'It is also worth noting every assumption made so far, one by one, in full detail.'
]

/** Characters of filler a prompt demanding length adds (about 1200 tokens). */
const LONG_REPLY_CHARS = 4800

export function reasoningFor (task: TaskKey, families: ReadonlySet<string>, rng: Rng): string {
  const lines: string[] = []
  if (families.has('excessive-length')) {
    let chars = 0
    while (chars < LONG_REPLY_CHARS) {
      const s = rng.pick(FILLER)
      lines.push(s)
      chars += s.length + 1
    }
  }
  if (families.has('concision') && !families.has('excessive-length')) {
    lines.push(rng.pick(OPENERS[task]))
    return lines.join('\n')
  }
  if (families.has('careful-reading')) lines.push('Reading the question carefully, the key condition is clear.')
  if (families.has('decomposition')) lines.push('I split this into smaller parts and solve each in turn.')
  if (families.has('step-by-step')) {
    STEPS[task].forEach((s, i) => lines.push(`Step ${i + 1}: ${s}`))
  } else {
    lines.push(rng.pick(OPENERS[task]))
  }
  for (const id of families) {
    const line = STRATEGY_LINES[id]
    if (line !== undefined) lines.push(line)
  }
  if (families.has('edge-cases')) lines.push('The boundary cases behave the same way.')
  if (families.has('self-verify')) lines.push('Checking the result against the question: it is consistent.')
  return lines.join('\n')
}
