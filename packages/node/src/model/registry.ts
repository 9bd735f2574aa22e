import { ModelError, type LanguageModel } from './language-model.js'
import { OpenAICompatibleModel } from './openai/index.js'
import { SyntheticModel } from './synthetic/index.js'
import { profileNames } from './synthetic/profiles.js'

/** What a user may say about the real endpoint besides its name (the CLI's flags). */
export interface ModelSettings {
  /** Response cache directory for real endpoints. */
  readonly cacheDir?: string
  /** Environment variable holding the API key. Default `OPENAI_API_KEY`. */
  readonly apiKeyEnv?: string
  readonly concurrency?: number
  readonly timeoutMs?: number
}

export const DEFAULT_MODEL = 'synthetic:small'

/**
 * Builds a model from its name, as a scenario file or the CLI gives it:
 * - `synthetic:<profile>` (`synthetic:small`, `synthetic:large`): the embedded simulator;
 * - `openai:<model>@<base URL>`, e.g. `openai:llama3.1:8b@http://127.0.0.1:11434/v1`: any
 *   OpenAI-compatible chat-completions endpoint (vLLM, llama-server, Ollama, hosted APIs).
 */
export function createModel (spec: string, settings: ModelSettings = {}): LanguageModel {
  if (spec === 'synthetic' || spec.startsWith('synthetic:')) {
    // Profile names are the full model ids (`synthetic:small`).
    const profile = spec === 'synthetic' ? 'synthetic:small' : spec
    if (!profileNames().includes(profile)) {
      throw new ModelError('config', `unknown simulator profile in model ${JSON.stringify(spec)}; known: ${profileNames().join(', ')}`)
    }
    return new SyntheticModel({ profile })
  }
  if (spec.startsWith('openai:')) {
    const rest = spec.slice('openai:'.length)
    const at = rest.lastIndexOf('@')
    if (at <= 0 || at === rest.length - 1) {
      throw new ModelError('config', `model ${JSON.stringify(spec)}: expected openai:<model>@<base URL>, e.g. openai:llama3.1:8b@http://127.0.0.1:11434/v1`)
    }
    return new OpenAICompatibleModel({
      model: rest.slice(0, at),
      baseURL: rest.slice(at + 1),
      ...(settings.cacheDir === undefined ? {} : { cacheDir: settings.cacheDir }),
      ...(settings.apiKeyEnv === undefined ? {} : { apiKeyEnv: settings.apiKeyEnv }),
      ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
      ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs })
    })
  }
  throw new ModelError('config', `unknown model ${JSON.stringify(spec)}: expected one of ${profileNames().join(', ')} or openai:<model>@<base URL>`)
}
