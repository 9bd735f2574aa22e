import { isMap, isNode, isScalar, isSeq, type Document, type LineCounter } from 'yaml'
import type { FieldPath } from './scenario-error.js'

/**
 * The line of the deepest node on `path` that exists: a mapping key's line for fields (so an
 * unknown or bad field points at its name), an item's line for sequence items, and the parent's
 * line when a field is missing.
 */
export function lineOf (doc: Document, lines: LineCounter, path: FieldPath): number {
  let node: unknown = doc.contents
  let line = startLine(node, lines) ?? 1
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find(p => (isScalar(p.key) ? p.key.value : p.key) === key)
      if (pair === undefined) break
      line = startLine(pair.key, lines) ?? line
      node = pair.value
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key]
      if (node === undefined) break
      line = startLine(node, lines) ?? line
    } else {
      break
    }
  }
  return line
}

function startLine (node: unknown, lines: LineCounter): number | undefined {
  if (!isNode(node) || node.range == null) return undefined
  return lines.linePos(node.range[0]).line
}
