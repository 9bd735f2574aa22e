/**
 * Reads a chat-completions response body. Servers that claim OpenAI compatibility differ in what
 * they omit (llama-server and some proxies drop `usage`, some send `content: null` on errors), so
 * everything is checked here, and a body that cannot yield text is a `malformed-response`.
 */
import { ModelError } from '../language-model.js'

export interface ChatResponse {
  readonly text: string
  /** The model the server says answered, if it said. */
  readonly model: string | undefined
  /** Counts the server reported; a missing field is undefined, to be estimated by the caller. */
  readonly promptTokens: number | undefined
  readonly completionTokens: number | undefined
}

const EXCERPT_CHARS = 200

/** `where` names the endpoint, e.g. `POST http://127.0.0.1:8080/v1/chat/completions`. */
export function parseChatResponse (body: string, where: string): ChatResponse {
  const malformed = (what: string): ModelError =>
    new ModelError('malformed-response', `${where}: ${what}; body starts: ${JSON.stringify(body.slice(0, EXCERPT_CHARS))}`)

  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    throw malformed('response body is not JSON')
  }
  if (!isObject(value)) throw malformed('response is not a JSON object')
  if (!Array.isArray(value.choices)) throw malformed('response has no "choices" array')
  const choice: unknown = value.choices[0]
  if (!isObject(choice)) throw malformed('response has no choices')
  if (!isObject(choice.message)) throw malformed('choice 0 has no "message" object')
  const content = choice.message.content
  if (typeof content !== 'string') throw malformed(`choice 0 has no text content (content is ${content === null ? 'null' : typeof content})`)

  const usage = isObject(value.usage) ? value.usage : {}
  return {
    text: content,
    model: typeof value.model === 'string' && value.model !== '' ? value.model : undefined,
    promptTokens: asCount(usage.prompt_tokens),
    completionTokens: asCount(usage.completion_tokens)
  }
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asCount (value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined
}
