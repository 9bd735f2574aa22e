/**
 * libp2p reports a listen address it cannot bind as one long UnsupportedListenAddressesError that
 * suggests changing its own configuration. An operator needs the address, the OS reason and what
 * to do about it: this turns the former into the latter.
 */
export interface ListenFailure {
  readonly address: string
  readonly reason: string
  /** The OS error code (EADDRINUSE, EADDRNOTAVAIL, EACCES ...), when there is one. */
  readonly code: string | undefined
}

export class ListenError extends Error {
  override readonly name = 'ListenError'
  readonly code = 'ERR_LISTEN'
  constructor (readonly failures: readonly ListenFailure[], options?: ErrorOptions) {
    super(failures.map(f => `cannot listen on ${f.address}: ${f.reason}${hint(f.code)}`).join('; '), options)
  }
}

const HINTS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'another process on this machine has this port: stop it or choose another port',
  EADDRNOTAVAIL: 'this machine has no such address: listen on one of its own addresses or on /ip4/0.0.0.0; behind NAT, listen on the private address and forward the port',
  EACCES: 'ports below 1024 need extra privileges: choose a port above 1023'
}

function hint (code: string | undefined): string {
  const text = code === undefined ? undefined : HINTS[code]
  return text === undefined ? '' : ` (${text})`
}

/** Pure: the failures named in a libp2p listen error, or undefined when `err` is something else. */
export function explainListenError (err: unknown): ListenError | undefined {
  if (!(err instanceof Error) || err.name !== 'UnsupportedListenAddressesError') return undefined
  const failures: ListenFailure[] = []
  for (const m of err.message.matchAll(/^\s*(\/\S+): (?:\w*Error: )?(.*)$/gm)) {
    const reason = (m[2] ?? '').trim()
    failures.push({ address: m[1] as string, reason, code: /\b(E[A-Z]{3,})\b/.exec(reason)?.[1] })
  }
  return failures.length === 0 ? undefined : new ListenError(failures, { cause: err })
}
