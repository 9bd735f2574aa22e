import { LineCounter, parseDocument } from 'yaml'
import type { Fail } from './parse-scenario.js'
import { formatPath, ScenarioError, type FieldPath } from './scenario-error.js'
import { lineOf } from './yaml-lines.js'

/** A parsed YAML file that can place an error on the line of any field path. */
export interface YamlSource {
  readonly file: string
  /** The document as plain values. */
  readonly fields: unknown
  /** Throws `ScenarioError` naming this file, the line of `path` and the path. */
  readonly fail: Fail
}

/** Parses YAML text; a syntax error throws `ScenarioError` with its line. */
export function readYamlSource (text: string, file: string): YamlSource {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const syntax = doc.errors[0]
  if (syntax !== undefined) {
    const line = syntax.linePos?.[0].line ?? lines.linePos(syntax.pos[0]).line
    throw new ScenarioError(file, line, '', `not valid YAML: ${syntax.message.split('\n')[0] ?? syntax.code}`)
  }
  const fail: Fail = (path: FieldPath, reason: string) => { throw new ScenarioError(file, lineOf(doc, lines, path), formatPath(path), reason) }
  return { file, fields: doc.toJS() as unknown, fail }
}
