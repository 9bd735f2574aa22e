import { createSweepCommand, type Command } from '@promptswarm/node'
import { ATTACKS } from './catalog.js'

/** `promptswarm-lab sweep`: attacker shares × defences over a base scenario, with this package's attacks. */
export const labSweepCommand: Command = createSweepCommand(ATTACKS, 'promptswarm-lab')
