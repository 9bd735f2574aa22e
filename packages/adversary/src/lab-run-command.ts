import { createRunCommand, type Command } from '@promptswarm/node'
import { ATTACKS } from './catalog.js'

/**
 * `promptswarm-lab run`: the scenario runner with every attack of this package. It lives here,
 * not in packages/node, because the attacks depend on the node package and not the reverse.
 */
export const labRunCommand: Command = createRunCommand(ATTACKS, 'promptswarm-lab')
