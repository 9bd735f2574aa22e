import { randomBytes } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConcurrencyLimiter, describeSandboxResult, PythonSandbox, SandboxError } from '../src/sandbox/index.js'

// Real python3 processes throughout. Limits are small so hostile programs end quickly.
const sandbox = new PythonSandbox({ concurrency: 2, limits: { cpuSeconds: 1, wallMs: 4_000, memoryBytes: 256 * 1024 * 1024, outputBytes: 4096 } })

const ADD = 'def add(a, b):\n    return a + b\n'

describe('PythonSandbox: ordinary programs', () => {
  it('passes a correct solution and reports every test', async () => {
    const r = await sandbox.run({ code: ADD, tests: ['assert add(1, 2) == 3', 'assert add(-1, 1) == 0', 'assert add(2, 2) == 4'] })
    expect(r.status).toBe('passed')
    expect(r.tests.map(t => t.ok)).toEqual([true, true, true])
    expect(r.violations).toEqual([])
  })

  it('fails a wrong solution on the specific assert that does not hold', async () => {
    const wrong = 'def add(a, b):\n    return a + b + (1 if a < 0 else 0)\n'
    const r = await sandbox.run({ code: wrong, tests: ['assert add(1, 2) == 3', 'assert add(-1, 1) == 0', 'assert add(2, 2) == 4'] })
    expect(r.status).toBe('failed')
    if (r.status !== 'failed') return
    expect(r.test).toBe(1)
    expect(r.source).toBe('assert add(-1, 1) == 0')
    expect(r.tests.map(t => t.ok)).toEqual([true, false, true])
    expect(describeSandboxResult(r)).toContain('failed test 2')
  })

  it('reports exceptions in the code, the setup and the tests with their text', async () => {
    const syntax = await sandbox.run({ code: 'def f(:\n  pass', tests: ['assert f()'] })
    expect(syntax.status).toBe('error')
    if (syntax.status === 'error') {
      expect(syntax.phase).toBe('code')
      expect(syntax.message).toMatch(/^SyntaxError/)
    }
    const setup = await sandbox.run({ code: ADD, setup: 'raise ValueError("bad setup")', tests: ['assert add(1, 1) == 2'] })
    expect(setup.status === 'error' && setup.phase === 'setup' && setup.message === 'ValueError: bad setup').toBe(true)
    const inTest = await sandbox.run({ code: ADD, tests: ['assert add(1, 1) == 2', 'assert add(1) == 1'] })
    expect(inTest.status).toBe('error')
    if (inTest.status === 'error') {
      expect(inTest.test).toBe(1)
      expect(inTest.message).toMatch(/^TypeError/)
    }
  })

  it('is not fooled by output that imitates results, exits, or closed result channels', async () => {
    const imitation = await sandbox.run({ code: 'print(\'{"t": "done"}\')\nraise SystemExit(0)', tests: ['assert False'] })
    expect(imitation.status).toBe('error')
    const hardExit = await sandbox.run({ code: 'import os\nos._exit(0)', tests: ['assert True'] })
    expect(hardExit.status).toBe('error')
    if (hardExit.status === 'error') expect(hardExit.phase).toBe('process')
  })

  it('bounds captured output', async () => {
    const r = await sandbox.run({ code: 'import sys\nfor _ in range(1000):\n    print("x" * 1000)\n    sys.stderr.write("y" * 1000)', tests: [] })
    expect(r.status).toBe('passed')
    expect(r.outputTruncated).toBe(true)
    expect(r.stdout.length).toBeLessThanOrEqual(4096)
    expect(r.stderr.length).toBeLessThanOrEqual(4096)
  })

  it('runs in a throw-away directory that is deleted afterwards, with reproducible hashing', async () => {
    const code = 'import os\nprint(os.getcwd())\nprint(list({"alpha", "beta", "gamma", "delta", "epsilon"}))\nopen("scratch.txt", "w").write("ok")'
    const a = await sandbox.run({ code, tests: ['assert open("scratch.txt").read() == "ok"'] })
    const b = await sandbox.run({ code, tests: [] })
    expect(a.status).toBe('passed')
    const [cwdA, orderA] = a.stdout.trim().split('\n')
    const [cwdB, orderB] = b.stdout.trim().split('\n')
    expect(cwdA).not.toBe(cwdB)
    expect(existsSync(cwdA as string)).toBe(false)
    expect(existsSync(cwdB as string)).toBe(false)
    expect(orderA).toBe(orderB)
  })

  it('drops root to uid 65534 only when it runs as root and the interpreter is readable for nobody', async () => {
    const r = await sandbox.run({ code: 'import os\nprint(os.getuid())', tests: [] })
    expect(r.status).toBe('passed')
    const uid = Number(r.stdout.trim())
    if (r.privilegesDropped) expect(uid).toBe(65534)
    else expect(uid).toBe(process.getuid?.())
  })

  it('throws a typed error when the interpreter does not exist', async () => {
    const missing = new PythonSandbox({ python: '/nonexistent/python3' })
    await expect(missing.run({ code: 'pass' })).rejects.toBeInstanceOf(SandboxError)
  })
})

describe('PythonSandbox: hostile programs', () => {
  it('stops an infinite loop with the CPU limit', async () => {
    // A generous wall clock, so that the CPU limit is what stops it even on a loaded machine.
    const r = await sandbox.run({ code: 'while True:\n    pass', tests: ['assert True'], limits: { wallMs: 30_000 } })
    expect(r.status).toBe('timeout')
    if (r.status === 'timeout') expect(r.limit).toBe('cpu')
  })

  it('stops a sleeping program with the wall-clock limit', async () => {
    const r = await sandbox.run({ code: 'import time\ntime.sleep(60)', tests: [], limits: { wallMs: 800 } })
    expect(r.status).toBe('timeout')
    if (r.status === 'timeout') expect(r.limit).toBe('wall')
  })

  it('contains a fork bomb: no fork succeeds and the parent is unaffected', async () => {
    const bomb = 'import os\nwhile True:\n    os.fork()'
    const r = await sandbox.run({ code: bomb, tests: [] })
    expect(r.status).toBe('error')
    expect(r.violations).toContain('os.fork')
    const viaShell = await sandbox.run({ code: 'import os\nos.system(":(){ :|:& };:")', tests: [] })
    expect(viaShell.violations).toContain('os.system')
    const viaSubprocess = await sandbox.run({ code: 'import subprocess\nsubprocess.run(["sh", "-c", "echo hi"])', tests: [] })
    expect(viaSubprocess.status).toBe('error')
    const killParent = await sandbox.run({ code: 'import os, signal\nos.kill(os.getppid(), signal.SIGKILL)', tests: [] })
    expect(killParent.violations).toContain('os.kill')
    // Still here, and the sandbox still works.
    const after = await sandbox.run({ code: ADD, tests: ['assert add(2, 3) == 5'] })
    expect(after.status).toBe('passed')
  })

  it('turns a memory hog into a memory result', async () => {
    const r = await sandbox.run({ code: 'chunks = []\nwhile True:\n    chunks.append(bytearray(10 ** 7))', tests: [] })
    expect(['memory', 'killed']).toContain(r.status)
    const one = await sandbox.run({ code: 'x = bytearray(10 ** 10)', tests: [] })
    expect(one.status).toBe('memory')
  })

  describe('network', () => {
    let server: Server
    let port = 0
    let connections = 0
    beforeAll(async () => {
      server = createServer(socket => { connections++; socket.destroy() })
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
      const address = server.address()
      port = typeof address === 'object' && address !== null ? address.port : 0
    })
    afterAll(async () => { await new Promise(resolve => server.close(resolve)) })

    it('refuses a connection to a real listening server, by every route', async () => {
      const routes = [
        `import socket\nsocket.create_connection(("127.0.0.1", ${port}), timeout=1)`,
        `import socket\ns = socket.socket()\ns.connect(("127.0.0.1", ${port}))`,
        `import _socket\ns = _socket.socket()\ns.connect(("127.0.0.1", ${port}))`,
        `import urllib.request\nurllib.request.urlopen("http://127.0.0.1:${port}/", timeout=1)`
      ]
      for (const code of routes) {
        const r = await sandbox.run({ code, tests: [] })
        expect(r.status, code).toBe('error')
        if (r.status === 'error') expect(r.message, code).toMatch(/sandbox/)
      }
      expect(connections).toBe(0)
    })
  })

  it('refuses writes outside its directory, by every route', async () => {
    const outside = join(tmpdir(), `promptswarm-escape-${randomBytes(6).toString('hex')}`)
    const routes = [
      `open(${JSON.stringify(outside)}, "w").write("escaped")`,
      `import pathlib\npathlib.Path(${JSON.stringify(outside)}).write_text("escaped")`,
      `import os\nos.chdir("/")\nopen(${JSON.stringify(outside.slice(1))}, "w").write("escaped")`,
      `open("../" * 12 + ${JSON.stringify(outside.slice(1))}, "w").write("escaped")`,
      `import os\nfd = os.open(${JSON.stringify(tmpdir())}, os.O_RDONLY)\nos.open(${JSON.stringify(outside.split('/').pop())}, os.O_WRONLY | os.O_CREAT, dir_fd=fd)`,
      `import os\nos.symlink(${JSON.stringify(outside)}, "link")\nopen("link", "w").write("escaped")`,
      `open("inside.txt", "w").write("x")\nimport os\nos.rename("inside.txt", ${JSON.stringify(outside)})`,
      `import os\nos.mkdir(${JSON.stringify(outside)})`
    ]
    for (const code of routes) {
      const r = await sandbox.run({ code, tests: [] })
      expect(r.status, code).toBe('error')
      expect(r.violations.length, code).toBeGreaterThan(0)
      expect(existsSync(outside), code).toBe(false)
    }
  })

  it('refuses reading outside its directory and the interpreter: no host secrets, by any route', async () => {
    const routes = [
      'print(open("/proc/1/environ", "rb").read())',
      'import os\nprint(open("/proc/%d/environ" % os.getppid(), "rb").read())',
      'print(open("/etc/passwd").read())',
      'import pathlib\nprint(pathlib.Path("/etc/hostname").read_text())',
      'import os\nos.chdir("/proc/self")\nprint(open("environ", "rb").read())',
      'import os\nprint(os.listdir("/root"))',
      'import os\nfd = os.open("/etc/passwd", os.O_RDONLY)\nprint(os.read(fd, 100))'
    ]
    for (const code of routes) {
      const r = await sandbox.run({ code, tests: [] })
      expect(r.status, code).toBe('error')
      expect(r.violations.length, code).toBeGreaterThan(0)
      expect(r.stdout, code).toBe('')
    }
    // The standard library still imports, and the work dir is still readable.
    const ok = await sandbox.run({ code: 'import json, re, collections, fractions, decimal, itertools, heapq, statistics\nopen("a.txt", "w").write("x")\nassert open("a.txt").read() == "x"', tests: ['assert True'] })
    expect(ok.status).toBe('passed')
  })

  it('refuses deleting files outside its directory', async () => {
    const victim = join(tmpdir(), `promptswarm-victim-${randomBytes(6).toString('hex')}`)
    const { writeFileSync, rmSync } = await import('node:fs')
    writeFileSync(victim, 'keep me')
    try {
      // First try to empty whatever mutable state the hook keeps in its defaults.
      const code = [
        'import gc, os',
        'for h in [f for f in gc.get_objects() if type(f).__name__ == "function" and f.__name__ == "hook"]:',
        '    for held in h.__defaults__:',
        '        if hasattr(held, "clear"):',
        '            held.clear()',
        `os.remove(${JSON.stringify(victim)})`
      ].join('\n')
      const r = await sandbox.run({ code, tests: [] })
      expect(r.violations).toContain('os.remove')
      expect(statSync(victim).isFile()).toBe(true)
    } finally {
      rmSync(victim, { force: true })
    }
  })

  it('refuses disarming its audit hook, then still refuses the write', async () => {
    const outside = join(tmpdir(), `promptswarm-disarm-${randomBytes(6).toString('hex')}`)
    const code = [
      'import gc',
      'hooks = [f for f in gc.get_objects() if type(f).__name__ == "function" and f.__name__ == "hook"]',
      'assert hooks, "hook not found"',
      'for h in hooks:',
      '    for attempt in (lambda: setattr(h, "__defaults__", None), lambda: setattr(h, "__defaults__", ()), lambda: delattr(h, "__kwdefaults__")):',
      '        try:',
      '            attempt()',
      '        except Exception:',
      '            pass',
      '    try:',
      '        h.__code__ = (lambda event, args: None).__code__',
      '    except Exception:',
      '        pass',
      `open(${JSON.stringify(outside)}, "w").write("escaped")`
    ].join('\n')
    const r = await sandbox.run({ code, tests: [] })
    expect(r.violations).toEqual(['object.__delattr__', 'object.__setattr__', 'object.__delattr__', 'object.__setattr__', 'open'])
    expect(r.status).toBe('error')
    expect(existsSync(outside)).toBe(false)
  })

  it('refuses raising its own limits or loading native code', async () => {
    const rlimit = await sandbox.run({ code: 'import resource\nresource.setrlimit(resource.RLIMIT_CPU, (100, 100))', tests: [] })
    expect(rlimit.violations).toContain('resource.setrlimit')
    const ctypes = await sandbox.run({ code: 'import ctypes', tests: [] })
    expect(ctypes.status).toBe('error')
    expect(ctypes.violations).toContain('import')
  })
})

describe('ConcurrencyLimiter', () => {
  it('never runs more than its limit at once and runs everything', async () => {
    const limiter = new ConcurrencyLimiter(2)
    let active = 0
    let peak = 0
    const done: number[] = []
    await Promise.all(Array.from({ length: 8 }, async (_, i) => await limiter.run(async () => {
      active++
      peak = Math.max(peak, active)
      await new Promise(resolve => setImmediate(resolve))
      active--
      done.push(i)
    })))
    expect(peak).toBe(2)
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it('releases its slot when the task throws', async () => {
    const limiter = new ConcurrencyLimiter(1)
    await expect(limiter.run(async () => { throw new Error('boom') })).rejects.toThrow('boom')
    await expect(limiter.run(async () => 7)).resolves.toBe(7)
  })
})
