import { escapeHelp, escapeLabelValue, formatSampleValue, isLabelName, isMetricName } from './exposition-format.js'

/**
 * A small Prometheus registry: counter and gauge families with fixed label names, and collectors
 * that refresh scrape-time gauges (connections, scores, archive size) just before each exposition.
 * Several sources (one `PeerMetrics` per peer of a swarm) share a family by asking for it by name.
 */
export type Labels = Readonly<Record<string, string>>

export type MetricsErrorCode = 'bad-name' | 'bad-labels' | 'conflict' | 'bad-value'

export class MetricsError extends Error {
  override readonly name = 'MetricsError'
  constructor (readonly code: MetricsErrorCode, message: string) {
    super(message)
  }
}

type FamilyType = 'counter' | 'gauge'

abstract class MetricFamily {
  private readonly series = new Map<string, { labels: Labels, value: number }>()

  constructor (
    readonly name: string,
    readonly help: string,
    readonly type: FamilyType,
    readonly labelNames: readonly string[]
  ) {
    // A family without labels has one series, present (at 0) from the start.
    if (labelNames.length === 0) this.series.set('', { labels: {}, value: 0 })
  }

  /** The current value of a series, or undefined if it was never set. */
  get (labels: Labels = {}): number | undefined {
    return this.series.get(this.key(labels))?.value
  }

  /** Drops one series (a peer that left, a remote that disconnected). */
  remove (labels: Labels): void {
    this.series.delete(this.key(labels))
  }

  /** Drops every series whose labels include `match`. */
  removeMatching (match: Labels): void {
    for (const [key, s] of this.series) {
      if (Object.entries(match).every(([k, v]) => s.labels[k] === v)) this.series.delete(key)
    }
  }

  /** The series, in the order they were first set. */
  samples (): Array<{ labels: Labels, value: number }> {
    return [...this.series.values()].map(s => ({ labels: s.labels, value: s.value }))
  }

  protected write (labels: Labels, update: (old: number) => number): void {
    const key = this.key(labels)
    const s = this.series.get(key)
    if (s !== undefined) s.value = update(s.value)
    else this.series.set(key, { labels: { ...labels }, value: update(0) })
  }

  /** Checks the labels are exactly the family's and returns a stable key for them. */
  private key (labels: Labels): string {
    const names = Object.keys(labels)
    if (names.length !== this.labelNames.length || !this.labelNames.every(n => typeof labels[n] === 'string')) {
      throw new MetricsError('bad-labels', `${this.name} takes labels {${this.labelNames.join(', ')}}, got {${names.join(', ')}}`)
    }
    return this.labelNames.map(n => labels[n]).join('\u0000')
  }
}

export class Counter extends MetricFamily {
  constructor (name: string, help: string, labelNames: readonly string[]) {
    super(name, help, 'counter', labelNames)
  }

  inc (labels: Labels = {}, by = 1): void {
    if (!(by >= 0) || !Number.isFinite(by)) throw new MetricsError('bad-value', `${this.name}: a counter only grows, cannot add ${by}`)
    this.write(labels, old => old + by)
  }

  /** Mirrors a cumulative total kept elsewhere (a model's usage object). */
  setTotal (labels: Labels, total: number): void {
    if (!(total >= 0)) throw new MetricsError('bad-value', `${this.name}: a counter total is >= 0, got ${total}`)
    this.write(labels, () => total)
  }
}

export class Gauge extends MetricFamily {
  constructor (name: string, help: string, labelNames: readonly string[]) {
    super(name, help, 'gauge', labelNames)
  }

  set (labels: Labels, value: number): void {
    if (typeof value !== 'number') throw new MetricsError('bad-value', `${this.name}: not a number: ${String(value)}`)
    this.write(labels, () => value)
  }
}

export class MetricsRegistry {
  private readonly families = new Map<string, MetricFamily>()
  private readonly collectors = new Set<() => void>()

  counter (name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.family(name, help, 'counter', labelNames, () => new Counter(name, help, labelNames)) as Counter
  }

  gauge (name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.family(name, help, 'gauge', labelNames, () => new Gauge(name, help, labelNames)) as Gauge
  }

  /** Runs `collect` before every exposition; returns a function that removes it. */
  onCollect (collect: () => void): () => void {
    this.collectors.add(collect)
    return () => { this.collectors.delete(collect) }
  }

  /**
   * The text exposition of every family. A collector that throws does not spoil the scrape: its
   * gauges keep their previous values and the error is counted in `promptswarm_metrics_collect_errors_total`.
   */
  expose (): string {
    for (const collect of this.collectors) {
      try {
        collect()
      } catch {
        this.counter('promptswarm_metrics_collect_errors_total', 'Collectors that threw during a scrape.').inc()
      }
    }
    const lines: string[] = []
    for (const f of this.families.values()) {
      lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`)
      for (const s of f.samples()) lines.push(`${f.name}${formatLabels(f.labelNames, s.labels)} ${formatSampleValue(s.value)}`)
    }
    return `${lines.join('\n')}\n`
  }

  private family (name: string, help: string, type: FamilyType, labelNames: readonly string[], create: () => MetricFamily): MetricFamily {
    const existing = this.families.get(name)
    if (existing !== undefined) {
      if (existing.type !== type || existing.labelNames.join(',') !== labelNames.join(',')) {
        throw new MetricsError('conflict', `${name} is already a ${existing.type} with labels {${existing.labelNames.join(', ')}}`)
      }
      return existing
    }
    if (!isMetricName(name)) throw new MetricsError('bad-name', `invalid metric name ${JSON.stringify(name)}`)
    for (const l of labelNames) if (!isLabelName(l)) throw new MetricsError('bad-name', `${name}: invalid label name ${JSON.stringify(l)}`)
    if (new Set(labelNames).size !== labelNames.length) throw new MetricsError('bad-name', `${name}: a label name repeats`)
    const family = create()
    this.families.set(name, family)
    return family
  }
}

function formatLabels (names: readonly string[], labels: Labels): string {
  if (names.length === 0) return ''
  return `{${names.map(n => `${n}="${escapeLabelValue(labels[n] ?? '')}"`).join(',')}}`
}
