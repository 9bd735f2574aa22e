/** A screening configuration value out of range; `field` names it (e.g. `probes.canaries`). */
export class ScreeningConfigError extends Error {
  override readonly name = 'ScreeningConfigError'
  readonly kind = 'screening-config'
  constructor (readonly field: string, message: string) {
    super(`screening config ${field}: ${message}`)
  }
}
