/**
 * Token counts for servers that report no `usage`. Roughly four characters per token for English
 * text with common BPE vocabularies, plus a few tokens per message for the chat template. Only an
 * estimate: completions built from it say `estimated: true`.
 */
import type { ChatMessage } from '../language-model.js'

const CHARS_PER_TOKEN = 4
const TOKENS_PER_MESSAGE = 4

export function estimateTextTokens (text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN)
}

export function estimatePromptTokens (messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + TOKENS_PER_MESSAGE + estimateTextTokens(m.content), 0)
}
