/** A CLI subcommand: its name, one-line summary, full help and an entry point returning an exit code. */
export interface Command {
  readonly name: string
  readonly summary: string
  readonly help: string
  run (argv: string[], io: CommandIO): Promise<number>
}

export interface CommandIO {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  /** Aborted on SIGINT/SIGTERM: commands stop cleanly and return 130. */
  readonly signal: AbortSignal
}
