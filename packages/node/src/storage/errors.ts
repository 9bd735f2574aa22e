/** A data directory that cannot be used as is: locked, corrupt identity, another swarm's. */
export class StorageError extends Error {
  override readonly name = 'StorageError'
  constructor (
    readonly code: 'ERR_STORAGE_OPEN' | 'ERR_STORAGE_IDENTITY' | 'ERR_STORAGE_SEQ' | 'ERR_STORAGE_SWARM' | 'ERR_STORAGE_WRITE' | 'ERR_STORAGE_CLOSED',
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
  }
}
