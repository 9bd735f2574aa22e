import { createSuiteCommand, type Command } from '@promptswarm/node'
import { ATTACKS } from './catalog.js'

/** `promptswarm-lab suite`: every scenario and sweep of a directory, with this package's attacks. */
export const labSuiteCommand: Command = createSuiteCommand(ATTACKS, 'promptswarm-lab')
