import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

/**
 * Linux network namespaces as stand-in machines: each namespace has its own interfaces, loopback,
 * routes and ports, so peers in different namespaces can only meet over the emulated LAN.
 * The LAN is a bridge in a namespace of its own, joined to each host by a veth pair; every
 * interface is created inside a namespace, so concurrent runs never collide on names.
 */
const run = promisify(execFile)

/** Every namespace the tests make is named `<prefix><pid>-<role>`: leftovers can be traced to a run. */
export const NETNS_PREFIX = 'psw-mh-'

export class NetnsError extends Error {
  override readonly name = 'NetnsError'
  readonly code = 'ERR_NETNS'
}

async function ip (args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run('ip', [...args], { timeout: 10_000 })
    return stdout
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string }
    throw new NetnsError(`ip ${args.join(' ')}: ${(e.stderr ?? '').trim() || e.code || e.message}`)
  }
}

async function namespaces (): Promise<string[]> {
  // Lines look like "name" or "name (id: 3)".
  return (await ip(['netns', 'list'])).split('\n').map(l => l.trim().split(' ')[0] ?? '').filter(n => n !== '')
}

function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Kills what still runs inside a namespace (processes this test code started there), then deletes it. */
async function removeNamespace (name: string): Promise<void> {
  const pids = (await ip(['netns', 'pids', name]).catch(() => '')).split('\n').map(Number).filter(n => Number.isSafeInteger(n) && n > 0)
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL') } catch {}
  }
  await ip(['netns', 'del', name]).catch(() => {})
}

/**
 * Deletes namespaces a crashed earlier run left behind: those with our prefix whose creating
 * process is gone. A run still in progress (its pid alive) is left alone.
 */
export async function removeStaleNamespaces (): Promise<string[]> {
  const stale = (await namespaces()).filter(name => {
    if (!name.startsWith(NETNS_PREFIX)) return false
    const pid = Number(name.slice(NETNS_PREFIX.length).split('-')[0])
    return Number.isSafeInteger(pid) && pid !== process.pid && !alive(pid)
  })
  for (const name of stale) await removeNamespace(name)
  return stale
}

/**
 * Whether this machine lets us make network namespaces; `reason` says why not (no iproute2,
 * no CAP_SYS_ADMIN, a container without /var/run/netns ...).
 */
export async function namespaceSupport (): Promise<{ ok: true } | { ok: false, reason: string }> {
  if (process.platform !== 'linux') return { ok: false, reason: `network namespaces are Linux-only (this is ${process.platform})` }
  const probe = `${NETNS_PREFIX}${process.pid}-probe`
  try {
    await ip(['netns', 'add', probe])
  } catch (err) {
    return { ok: false, reason: `cannot create a network namespace here (${(err as Error).message})` }
  }
  await ip(['netns', 'del', probe]).catch(() => {})
  return { ok: true }
}

export interface NetnsHost {
  /** The namespace's name, for `ip netns exec`. */
  readonly netns: string
  /** Its address on the emulated LAN. */
  readonly address: string
}

/**
 * `hosts` namespaces on one /24 (10.x.y.1, .2, ...), each with `lo` up, joined by a bridge in an
 * extra namespace. `destroy()` kills anything left inside and deletes every namespace made.
 */
export class NetnsLan {
  private readonly made: string[] = []

  private constructor (readonly hosts: readonly NetnsHost[], private readonly lanNetns: string) {}

  static async create (hosts: number, subnet = '10.77.0'): Promise<NetnsLan> {
    const base = `${NETNS_PREFIX}${process.pid}`
    const lan = new NetnsLan(Array.from({ length: hosts }, (_, i) => ({ netns: `${base}-h${i}`, address: `${subnet}.${i + 1}` })), `${base}-lan`)
    try {
      await lan.add(lan.lanNetns)
      await ip(['-n', lan.lanNetns, 'link', 'add', 'br0', 'type', 'bridge'])
      await ip(['-n', lan.lanNetns, 'link', 'set', 'br0', 'up'])
      for (const [i, host] of lan.hosts.entries()) {
        await lan.add(host.netns)
        // One end stays on the bridge, the other becomes the host's eth0.
        await ip(['-n', lan.lanNetns, 'link', 'add', `port${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.netns])
        await ip(['-n', lan.lanNetns, 'link', 'set', `port${i}`, 'master', 'br0', 'up'])
        await ip(['-n', host.netns, 'addr', 'add', `${host.address}/24`, 'dev', 'eth0'])
        await ip(['-n', host.netns, 'link', 'set', 'eth0', 'up'])
        await ip(['-n', host.netns, 'link', 'set', 'lo', 'up'])
      }
    } catch (err) {
      await lan.destroy()
      throw err
    }
    return lan
  }

  private async add (name: string): Promise<void> {
    await ip(['netns', 'add', name])
    this.made.push(name)
  }

  /** The namespaces made so far (hosts and the LAN). */
  get names (): readonly string[] {
    return this.made
  }

  async destroy (): Promise<void> {
    for (const name of this.made.splice(0).reverse()) await removeNamespace(name)
  }
}

/** Namespaces with our prefix that exist now. */
export async function listOurNamespaces (): Promise<string[]> {
  return (await namespaces()).filter(n => n.startsWith(NETNS_PREFIX))
}

/**
 * Opens a TCP connection from inside `netns` (a short node process there) and reports `open` or
 * the error code (`ECONNREFUSED`, `ENETUNREACH`, `ETIMEDOUT` ...). Used to show what one host can
 * and cannot reach.
 */
export async function probeTcp (netns: string, host: string, port: number): Promise<string> {
  const script = `
    const [host, port] = process.argv.slice(-2)
    const s = require('node:net').connect(Number(port), host)
    s.setTimeout(3000, () => { console.log('ETIMEDOUT'); s.destroy() })
    s.on('connect', () => { console.log('open'); s.end() })
    s.on('error', e => console.log(e.code ?? e.message))`
  try {
    const { stdout } = await run('ip', ['netns', 'exec', netns, process.execPath, '-e', script, host, String(port)], { timeout: 10_000 })
    return stdout.trim()
  } catch (err) {
    throw new NetnsError(`probe from ${netns} to ${host}:${port} failed: ${(err as Error).message}`)
  }
}
