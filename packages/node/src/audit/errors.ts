/** An audit option is out of range; names the option and what was wrong. */
export class AuditConfigError extends Error {
  override readonly name = 'AuditConfigError'
  readonly kind = 'audit-config'
  constructor (readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`)
  }
}
