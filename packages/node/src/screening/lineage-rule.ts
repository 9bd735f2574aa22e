/**
 * Lineage: a child must be an edit of the parent it claims. A text unrelated to its claimed parent
 * (a forged lineage, e.g. to inherit the parent's reputation or to slip past growth limits) is
 * rejected. Small absolute changes are always allowed, because one added sentence is a large
 * share of a very short parent.
 */
import { editDistance } from './edit-distance.js'
import type { ScreeningConfig } from './config.js'
import type { ScreeningReason } from './verdict.js'

export function checkLineage (text: string, parent: string, config: Pick<ScreeningConfig, 'maxEditRatio' | 'editAllowanceWords' | 'maxEditCells'>): ScreeningReason[] {
  const d = editDistance(parent, text, config.maxEditCells)
  if (d.ratio <= config.maxEditRatio) return []
  // The absolute allowance is in words; coarser units only occur for texts far past it.
  if (d.unit === 'word' && d.distance <= config.editAllowanceWords) return []
  return [{
    check: 'lineage',
    detail: `edit distance from the parent is ${d.distance} ${d.unit}s, ${(d.ratio * 100).toFixed(0)}% of its length, more than ${(config.maxEditRatio * 100).toFixed(0)}%`
  }]
}
