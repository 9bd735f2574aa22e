/**
 * A scenario file that cannot run: names the file, the line (1-based, 0 when unknown) and the
 * field as a dotted path (`swarm.attackers[0].share`).
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError'
  readonly code = 'SCENARIO_INVALID'
  constructor (readonly file: string, readonly line: number, readonly field: string, readonly reason: string) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${field === '' ? '' : `${field}: `}${reason}`)
  }
}

export type FieldPath = ReadonlyArray<string | number>

export function formatPath (path: FieldPath): string {
  return path.reduce<string>((out, key) => typeof key === 'number' ? `${out}[${key}]` : out === '' ? key : `${out}.${key}`, '')
}
