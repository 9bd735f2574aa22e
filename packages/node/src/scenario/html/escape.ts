const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Escapes text for HTML and SVG element content and quoted attribute values. Prompts, scenario
 * names and attack parameters come from files and peers, so every one goes through here.
 */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, c => ENTITIES[c] as string)
}

/** A tagged template whose interpolations are escaped, except `Raw` values (already-built markup). */
export function html (strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? ''
  values.forEach((v, i) => { out += render(v) + (strings[i + 1] ?? '') })
  return new Raw(out)
}

/** Markup that is already safe: built by `html` or by the plot functions. */
export class Raw {
  constructor (readonly markup: string) {}
  toString (): string { return this.markup }
}

function render (value: unknown): string {
  if (value instanceof Raw) return value.markup
  if (Array.isArray(value)) return value.map(render).join('')
  if (value === undefined || value === null || value === false) return ''
  return escapeHtml(String(value))
}
