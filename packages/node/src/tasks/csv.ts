/**
 * A small RFC 4180 CSV reader: quoted fields may hold commas, doubled quotes and newlines; CRLF
 * or LF line ends; a leading BOM is skipped. Each row carries the line it starts on, for errors.
 */
export interface CsvRow {
  readonly line: number
  readonly fields: readonly string[]
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError'
  constructor (readonly line: number, readonly reason: string) {
    super(`line ${line}: ${reason}`)
  }
}

export function parseCsv (text: string): CsvRow[] {
  const rows: CsvRow[] = []
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1
  let rowLine = 1
  let field = ''
  let fields: string[] = []
  let quoted = false
  let quoteLine = 0
  let fieldStarted = false
  const endRow = (): void => {
    fields.push(field)
    // A completely empty line is not a row.
    if (!(fields.length === 1 && fields[0] === '' && !fieldStarted)) rows.push({ line: rowLine, fields })
    fields = []
    field = ''
    fieldStarted = false
  }
  while (i < text.length) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue }
        quoted = false
        i++
        const next = text[i]
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(line, 'unexpected character after a closing quote')
        }
        continue
      }
      if (ch === '\n') line++
      field += ch
      i++
      continue
    }
    if (ch === '"' && field === '') { quoted = true; quoteLine = line; fieldStarted = true; i++; continue }
    if (ch === ',') { fields.push(field); field = ''; fieldStarted = true; i++; continue }
    if (ch === '\r' && text[i + 1] === '\n') { i++; continue }
    if (ch === '\n' || ch === '\r') { endRow(); line++; rowLine = line; i++; continue }
    field += ch
    fieldStarted = true
    i++
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, 'quoted field is never closed')
  if (field !== '' || fields.length > 0 || fieldStarted) endRow()
  return rows
}
