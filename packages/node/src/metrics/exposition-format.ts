/**
 * The Prometheus text exposition format (version 0.0.4), both ways: the escaping rules the
 * registry writes with, and a strict parser that tools and tests read a scrape with.
 *
 * - `# HELP name text`: backslash and newline escaped as `\\` and `\n`.
 * - `# TYPE name counter|gauge|...`, before the family's first sample.
 * - `name{label="value",...} number [timestamp]`: label values also escape `"` as `\"`.
 * - numbers are Go floats: `NaN`, `+Inf` and `-Inf` are spelled out.
 */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

export function isMetricName (name: string): boolean {
  return METRIC_NAME.test(name)
}

/** Label names starting with `__` are reserved for Prometheus itself. */
export function isLabelName (name: string): boolean {
  return LABEL_NAME.test(name) && !name.startsWith('__')
}

export function escapeHelp (text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

export function escapeLabelValue (value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

export function formatSampleValue (value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped'

export interface ParsedSample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

export interface ParsedFamily {
  readonly name: string
  help?: string
  type?: MetricType
  readonly samples: ParsedSample[]
}

/** A scrape that breaks the format; `line` is 1-based. */
export class ExpositionParseError extends Error {
  override readonly name = 'ExpositionParseError'
  readonly code = 'ERR_EXPOSITION_PARSE'
  constructor (readonly line: number, reason: string) {
    super(`line ${line}: ${reason}`)
  }
}

const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped']

/**
 * Parses a scrape into families by name. Strict where the format is: a TYPE after the family's
 * samples, a duplicate HELP/TYPE, a duplicate series, bad escapes and bad numbers are errors.
 */
export function parseExposition (text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>()
  const seen = new Set<string>()
  const family = (name: string): ParsedFamily => {
    let f = families.get(name)
    if (f === undefined) families.set(name, f = { name, samples: [] })
    return f
  }
  text.split('\n').forEach((raw, i) => {
    const n = i + 1
    const line = raw.trimEnd()
    if (line === '') return
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line)
      if (m === null) return // a plain comment
      const [, keyword, name, rest = ''] = m as unknown as [string, 'HELP' | 'TYPE', string, string | undefined]
      if (!isMetricName(name)) throw new ExpositionParseError(n, `invalid metric name ${JSON.stringify(name)}`)
      const f = family(name)
      if (keyword === 'HELP') {
        if (f.help !== undefined) throw new ExpositionParseError(n, `second HELP for ${name}`)
        f.help = unescapeHelp(rest, n)
      } else {
        if (f.type !== undefined) throw new ExpositionParseError(n, `second TYPE for ${name}`)
        if (f.samples.length > 0) throw new ExpositionParseError(n, `TYPE for ${name} after its samples`)
        if (!TYPES.includes(rest as MetricType)) throw new ExpositionParseError(n, `unknown type ${JSON.stringify(rest)}`)
        f.type = rest as MetricType
      }
      return
    }
    const sample = parseSampleLine(line, n)
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`
    if (seen.has(key)) throw new ExpositionParseError(n, `duplicate series ${sample.name}${JSON.stringify(sample.labels)}`)
    seen.add(key)
    family(sample.name).samples.push(sample)
  })
  return families
}

function parseSampleLine (line: string, n: number): ParsedSample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)
  if (nameMatch === null) throw new ExpositionParseError(n, `expected a metric name: ${JSON.stringify(line.slice(0, 60))}`)
  const name = nameMatch[0]
  let pos = name.length
  const labels: Record<string, string> = {}
  if (line[pos] === '{') {
    pos++
    while (line[pos] !== '}') {
      const labelMatch = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(pos))
      if (labelMatch === null) throw new ExpositionParseError(n, `bad label at column ${pos + 1}`)
      const label = labelMatch[1] as string
      pos += labelMatch[0].length
      let value = ''
      for (;;) {
        const c = line[pos]
        if (c === undefined) throw new ExpositionParseError(n, `unterminated value of label ${label}`)
        pos++
        if (c === '"') break
        if (c !== '\\') { value += c; continue }
        const e = line[pos++]
        if (e === '\\') value += '\\'
        else if (e === '"') value += '"'
        else if (e === 'n') value += '\n'
        else throw new ExpositionParseError(n, `bad escape \\${e ?? ''} in label ${label}`)
      }
      if (label in labels) throw new ExpositionParseError(n, `label ${label} given twice`)
      labels[label] = value
      if (line[pos] === ',') pos++
      else if (line[pos] !== '}') throw new ExpositionParseError(n, `expected , or } at column ${pos + 1}`)
    }
    pos++
  }
  const rest = line.slice(pos)
  const m = /^\s+(\S+)(?:\s+(-?\d+))?$/.exec(rest)
  if (m === null) throw new ExpositionParseError(n, `expected a value after ${name}`)
  const value = parseSampleValue(m[1] as string)
  if (value === undefined) throw new ExpositionParseError(n, `bad value ${JSON.stringify(m[1])}`)
  return { name, labels, value }
}

function parseSampleValue (text: string): number | undefined {
  if (text === 'NaN') return Number.NaN
  if (text === '+Inf' || text === 'Inf') return Infinity
  if (text === '-Inf') return -Infinity
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined
  return Number(text)
}

function unescapeHelp (text: string, n: number): string {
  return text.replace(/\\(.?)/g, (_, e: string) => {
    if (e === '\\') return '\\'
    if (e === 'n') return '\n'
    throw new ExpositionParseError(n, `bad escape \\${e} in HELP`)
  })
}

/** The value of the one sample of `name` whose labels include `labels`, or undefined. */
export function sampleValue (families: ReadonlyMap<string, ParsedFamily>, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const matches = (families.get(name)?.samples ?? []).filter(s => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
  if (matches.length > 1) throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`)
  return matches[0]?.value
}
