/**
 * Size limits: an absolute cap, and a cap on growth relative to the parent. Absurdly long prompts
 * cost every evaluator tokens and hide payloads in bulk; a child many times its parent's size is
 * not an edit of it.
 */
import { utf8Bytes } from './tokens.js'
import type { ScreeningConfig } from './config.js'
import type { ScreeningReason } from './verdict.js'

export function checkSize (text: string, parent: string | undefined, config: Pick<ScreeningConfig, 'maxBytes' | 'maxGrowth' | 'growthAllowanceBytes'>): ScreeningReason[] {
  const reasons: ScreeningReason[] = []
  const bytes = utf8Bytes(text)
  if (bytes > config.maxBytes) reasons.push({ check: 'size', detail: `${bytes} bytes, more than the limit of ${config.maxBytes}` })
  if (parent !== undefined) {
    const parentBytes = utf8Bytes(parent)
    const limit = Math.max(Math.floor(parentBytes * config.maxGrowth), parentBytes + config.growthAllowanceBytes)
    if (bytes > limit) {
      reasons.push({
        check: 'growth',
        detail: `${bytes} bytes from a parent of ${parentBytes}: more than ${config.maxGrowth}x the parent or ${config.growthAllowanceBytes} bytes more (limit ${limit})`
      })
    }
  }
  return reasons
}
