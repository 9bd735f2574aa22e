import type { TaskItem } from './task.js'

/**
 * Typed reads of `item.data`. A scorer must not throw on a reply, and an item built by hand or
 * by an older loader may lack a field: these return undefined and the scorer reports why.
 */
export function dataString (item: TaskItem, key: string): string | undefined {
  const v = item.data?.[key]
  return typeof v === 'string' ? v : undefined
}

export function dataStrings (item: TaskItem, key: string): string[] | undefined {
  const v = item.data?.[key]
  return Array.isArray(v) && v.every(x => typeof x === 'string') ? v : undefined
}

export function dataNumber (item: TaskItem, key: string): number | undefined {
  const v = item.data?.[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

/** Rounded so that difficulties print and compare cleanly; always within [0, 1]. */
export function clampDifficulty (x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000
}
