import type { ModelUsage } from '../model/metered-model.js'
import type { Labels, MetricsRegistry } from './metrics-registry.js'

/**
 * Model use as counters, mirrored from a `MeteredModel`'s usage object at each scrape. `labels`
 * says whose use it is: `{ peer: <id> }` for one peer's model, `{ peer: 'swarm' }` when a whole
 * in-process swarm shares one usage object. Returns a function that stops mirroring.
 */
export function trackModelUsage (registry: MetricsRegistry, usage: ModelUsage, labels: Labels): () => void {
  const names = Object.keys(labels)
  const calls = registry.counter('promptswarm_model_calls_total', 'Model completions requested (cache hits included).', names)
  const cached = registry.counter('promptswarm_model_cached_calls_total', 'Model completions answered from the response cache.', names)
  const tokens = registry.counter('promptswarm_model_tokens_total', 'Model tokens, by type (prompt or completion).', [...names, 'type'])
  const collect = (): void => {
    calls.setTotal(labels, usage.calls)
    cached.setTotal(labels, usage.cachedCalls)
    tokens.setTotal({ ...labels, type: 'prompt' }, usage.promptTokens)
    tokens.setTotal({ ...labels, type: 'completion' }, usage.completionTokens)
  }
  collect()
  return registry.onCollect(collect)
}
