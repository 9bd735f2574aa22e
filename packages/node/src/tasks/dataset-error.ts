/**
 * Bad dataset input. The message names the file, the place in it (line, row or item) and the
 * field, so that a user can fix the file without reading code.
 */
export type DatasetErrorKind = 'not-found' | 'unreadable' | 'malformed' | 'invalid-field' | 'empty' | 'duplicate-id' | 'download-failed'

export class DatasetError extends Error {
  override readonly name = 'DatasetError'
  constructor (
    readonly kind: DatasetErrorKind,
    readonly file: string,
    readonly reason: string,
    readonly location?: string,
    readonly field?: string,
    options?: { cause?: unknown }
  ) {
    super(`${file}${location === undefined ? '' : ` ${location}`}${field === undefined ? '' : ` field "${field}"`}: ${reason}`, options)
  }
}
