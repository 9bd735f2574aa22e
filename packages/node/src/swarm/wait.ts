/** Polls `check` until it holds or `timeoutMs` passes; resolves to whether it held. Never throws on timeout. */
export async function waitUntil (check: () => boolean | Promise<boolean>, options: { timeoutMs: number, intervalMs?: number }): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs
  const interval = options.intervalMs ?? 50
  for (;;) {
    if (await check()) return true
    if (Date.now() >= deadline) return false
    await new Promise(resolve => setTimeout(resolve, Math.min(interval, Math.max(1, deadline - Date.now()))))
  }
}
