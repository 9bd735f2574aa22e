import type { TimelineEvent, TimelineKind } from './dashboard-state.js'

export interface TimelineEventInit {
  readonly kind: TimelineKind
  readonly text: string
  readonly subject?: string
  /** Defaults to now. */
  readonly time?: number
}

/**
 * The attack timeline: a bounded, append-only log of what happened when (attacks starting, bans,
 * accusations, peers joining). The live source writes what it observes itself; a scenario runner
 * (or anything else) pushes what only it knows, such as the moment an attack starts.
 */
export class AttackTimeline {
  private readonly events: TimelineEvent[] = []
  private readonly listeners = new Set<() => void>()

  constructor (private readonly capacity = 500, private readonly now: () => number = Date.now) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`timeline capacity must be a positive integer, got ${capacity}`)
  }

  push (init: TimelineEventInit): TimelineEvent {
    const event: TimelineEvent = {
      time: init.time ?? this.now(),
      kind: init.kind,
      text: init.text,
      ...(init.subject !== undefined ? { subject: init.subject } : {})
    }
    this.events.push(event)
    // Oldest first out: a long run keeps its recent history.
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity)
    for (const listener of this.listeners) {
      try { listener() } catch { /* a broken listener must not stop whoever reports the event */ }
    }
    return event
  }

  list (): TimelineEvent[] {
    return [...this.events]
  }

  subscribe (listener: () => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }
}
