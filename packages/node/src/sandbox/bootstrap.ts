/**
 * The Python bootstrap that runs before untrusted code in every sandboxed process. It is kept as a
 * string (not a .py file) so the built package needs no asset copying; it is passed with `-c`.
 *
 * Order matters: read the whole payload, import everything the bootstrap needs, set resource
 * limits, drop root if possible, disable sockets, install the audit hook, and only then compile
 * and run the untrusted code. Results go to fd 3 as JSON lines so that whatever the code prints on
 * stdout cannot be mistaken for a result.
 *
 * The audit hook is defence in depth, not a sandbox on its own (CPython documents audit hooks as
 * unsuitable for that): the process limits, the throw-away directory, dropping root when the
 * interpreter allows it, and the parent's wall-clock kill are the other layers. The hook keeps
 * every object it depends on in default arguments, which code can only replace through an
 * audited `object.__setattr__` that the hook refuses for its own functions.
 *
 * Constraints on this source: no backticks and no dollar-brace (it lives in a template literal).
 */
export const BOOTSTRAP_SOURCE = String.raw`
import sys, os, json, resource, signal, builtins, posix, types, io

def _main():
    raw = sys.stdin.buffer.read()
    payload = json.loads(raw.decode('utf-8'))
    null_fd = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null_fd, 0)
    os.close(null_fd)

    chan = os.fdopen(3, 'w', encoding='utf-8', buffering=1)
    # Memory kept aside so a MemoryError can still be reported.
    reserve = [bytearray(1 << 20)]

    def emit(obj):
        try:
            chan.write(json.dumps(obj) + '\n')
            chan.flush()
        except BaseException:
            pass

    def describe(e):
        try:
            text = str(e)
        except BaseException:
            text = '<unprintable>'
        name = getattr(type(e), '__name__', 'Exception')
        out = name + (': ' + text if text else '')
        return out[:1000]

    root = os.path.realpath(os.getcwd())
    limits = payload['limits']
    # Remove the cwd entry that -c puts first on sys.path: nothing should import from the work dir
    # by accident (code that writes a module there and imports it only runs itself).
    sys.path[:] = [p for p in sys.path if p not in ('', root)]

    # Drop root to nobody when the interpreter stays readable for it (kernel-enforced file and
    # process limits then apply). A pyenv python under /root is not, so it keeps running as root and
    # relies on the other layers.
    dropped = False
    if os.getuid() == 0 and limits.get('dropPrivileges', True) and _world_readable(os.path.dirname(os.__file__)):
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            dropped = True
        except OSError:
            dropped = False

    def setlimit(which, soft, hard=None):
        try:
            resource.setrlimit(which, (soft, soft if hard is None else hard))
        except (ValueError, OSError):
            pass

    cpu = int(limits['cpuSeconds'])
    setlimit(resource.RLIMIT_CPU, cpu, cpu + 1)
    setlimit(resource.RLIMIT_AS, int(limits['memoryBytes']))
    setlimit(resource.RLIMIT_FSIZE, int(limits['fileBytes']))
    setlimit(resource.RLIMIT_NOFILE, int(limits['openFiles']))
    setlimit(resource.RLIMIT_NPROC, int(limits['processes']))
    setlimit(resource.RLIMIT_CORE, 0)
    # Past RLIMIT_FSIZE a write fails with EFBIG instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    import socket

    def no_network(*args, **kwargs):
        raise PermissionError('sandbox: network access is disabled')

    # A subclass rather than a function, so that modules subclassing socket.socket (ssl) still
    # import; creating one fails. The audit hook refuses _socket directly as well.
    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            no_network()

    socket.socket = NoSocket
    socket.SocketType = NoSocket
    for name in ('create_connection', 'create_server', 'socketpair', 'fromfd', 'getaddrinfo', 'gethostbyname', 'gethostbyname_ex', 'gethostbyaddr'):
        if hasattr(socket, name):
            setattr(socket, name, no_network)

    emit({'t': 'start', 'dropped': dropped})
    # What the code may read besides its work dir: the interpreter's own files (modules it imports
    # lazily). Not /proc, /etc or anyone's home: as root (a pyenv python under /root) the code
    # could otherwise read the peer's environment, API keys included, from /proc/<ppid>/environ.
    readable = []
    for p in [sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.__file__)] + list(sys.path):
        if p:
            p = os.path.realpath(p)
            if p != '/' and p not in readable:
                readable.append(p)
    sys.addaudithook(_make_hook(root, emit, tuple(readable)))

    g = {'__name__': '__sandbox__', '__builtins__': builtins}

    def run(source, filename):
        try:
            exec(compile(source, filename, 'exec'), g)
            return None
        except MemoryError:
            reserve.clear()
            return ('memory', 'MemoryError')
        except AssertionError as e:
            return ('assert', describe(e))
        except BaseException as e:
            return ('error', describe(e))

    failure = run(payload['code'], '<solution>')
    if failure is not None:
        kind = 'memory' if failure[0] == 'memory' else 'error'
        emit({'t': 'code', 'ok': False, 'kind': kind, 'error': failure[1]})
    else:
        emit({'t': 'code', 'ok': True})
        failure = run(payload.get('setup') or '', '<setup>')
        if failure is not None:
            kind = 'memory' if failure[0] == 'memory' else 'error'
            emit({'t': 'setup', 'ok': False, 'kind': kind, 'error': failure[1]})
        else:
            for i, test in enumerate(payload['tests']):
                failure = run(test, '<test %d>' % i)
                if failure is None:
                    emit({'t': 'test', 'i': i, 'ok': True})
                else:
                    emit({'t': 'test', 'i': i, 'ok': False, 'kind': failure[0], 'error': failure[1]})
    emit({'t': 'done'})
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        pass
    # Skip interpreter shutdown: no atexit handlers, finalizers or threads left by the code.
    os._exit(0)


def _world_readable(path):
    import stat
    try:
        if not (os.stat(path).st_mode & stat.S_IROTH):
            return False
        while True:
            if not (os.stat(path).st_mode & stat.S_IXOTH):
                return False
            parent = os.path.dirname(path)
            if parent == path:
                return True
            path = parent
    except OSError:
        return False


class SandboxViolation(PermissionError):
    pass


def _make_hook(root, emit, readable):
    # Everything the hook uses is bound now, as default arguments: later changes to modules or
    # builtins by the untrusted code do not reach it.
    W = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC

    def inside(path, dir_fd=None, _root=root, _type=type, _str=str, _bytes=bytes, _int=int,
               _getcwd=posix.getcwd, _readlink=posix.readlink):
        t = _type(path)
        if t is _bytes:
            path = path.decode('utf-8', 'surrogateescape')
        elif t is not _str:
            return False
        if not path.startswith('/'):
            if dir_fd is None or dir_fd == -1:
                base = _getcwd()
            elif _type(dir_fd) is _int:
                try:
                    base = _readlink('/proc/self/fd/' + _str(dir_fd))
                except OSError:
                    return False
            else:
                return False
            path = base + '/' + path
        parts = []
        for part in path.split('/'):
            if part == '' or part == '.':
                continue
            if part == '..':
                if parts:
                    parts.pop()
                continue
            parts.append(part)
        norm = '/' + '/'.join(parts)
        return norm == _root or norm.startswith(_root + '/')

    always = frozenset((
        'os.fork', 'os.forkpty', 'os.system', 'os.exec', 'os.posix_spawn', 'os.spawn',
        'subprocess.Popen', 'os.kill', 'os.killpg', 'signal.pthread_kill', 'pty.spawn',
        'os.symlink', 'os.link', 'os.chmod', 'os.chown', 'os.chflags', 'os.lchflags',
        'os.setxattr', 'os.removexattr', 'shutil.chown',
        'resource.setrlimit', 'resource.prlimit', 'cpython.PyInterpreterState_New',
        'sqlite3.connect', 'sqlite3.connect/handle', 'webbrowser.open', 'urllib.Request',
        'http.client.connect', 'ftplib.connect', 'smtplib.connect', 'imaplib.open',
        'poplib.connect', 'nntplib.connect', 'telnetlib.Telnet.open', 'msvcrt.locking',
    ))
    denied_modules = frozenset((
        'ctypes', '_ctypes', '_posixsubprocess', 'cffi', '_cffi_backend', '_xxsubinterpreters',
        '_xxinterpchannels', '_interpreters', '_interpchannels', '_interpqueues',
    ))
    # Events whose path arguments must lie inside the work dir: (event, ((position of the path,
    # position of the dir_fd it is relative to, or None), ...)). Tuples, not a dict: the hook's
    # defaults are readable by the code, so everything they hold must be immutable.
    path_events = (
        ('os.remove', ((0, 1),)), ('os.rmdir', ((0, 1),)), ('os.mkdir', ((0, 2),)),
        ('os.rename', ((0, 2), (1, 3))), ('os.truncate', ((0, None),)), ('os.utime', ((0, 3),)),
        ('shutil.copyfile', ((1, None),)), ('shutil.copymode', ((1, None),)),
        ('shutil.copystat', ((1, None),)), ('shutil.copytree', ((1, None),)),
        ('shutil.rmtree', ((0, 1),)), ('shutil.move', ((0, None), (1, None))),
        ('shutil.make_archive', ((0, None),)), ('shutil.unpack_archive', ((1, None),)),
        ('tempfile.mkstemp', ((0, None),)), ('tempfile.mkdtemp', ((0, None),)),
    )

    def refuse(event, detail, _emit=emit, _exc=SandboxViolation):
        _emit({'t': 'violation', 'event': event, 'detail': detail})
        raise _exc('sandbox: ' + event + ' is not allowed' + (' (' + detail + ')' if detail else ''))

    devices = frozenset(('/dev/null', '/dev/zero', '/dev/urandom', '/dev/random'))
    listing = frozenset(('os.listdir', 'os.scandir', 'glob.glob', 'os.walk'))

    def may_read(path, _inside=inside, _readable=readable, _devices=devices, _type=type, _str=str):
        if _type(path) is _str and path in _devices:
            return True
        if _inside(path):
            return True
        for r in _readable:
            if _inside(path, None, r):
                return True
        return False

    def hook(event, args, _always=always, _denied=denied_modules, _paths=path_events,
             _inside=inside, _refuse=refuse, _W=W, _type=type, _str=str, _int=int, _len=len,
             _FunctionType=types.FunctionType, _repr=repr, _may_read=may_read, _listing=listing):
        if event in _always:
            _refuse(event, '')
        if event.startswith('socket.') or event.startswith('ctypes.'):
            _refuse(event, '')
        if event == 'import':
            name = args[0]
            if _type(name) is _str and name.split('.')[0] in _denied:
                _refuse(event, name)
            return
        if event == 'object.__setattr__' or event == 'object.__delattr__':
            # Setting __defaults__ to None is reported as a delete.
            obj, name = args[0], args[1]
            if name in ('__code__', '__defaults__', '__kwdefaults__') and _type(obj) is _FunctionType and obj.__code__.co_filename == '<string>':
                _refuse(event, 'sandbox internals')
            return
        if event == 'open':
            path, mode, flags = args[0], args[1], args[2]
            if _type(path) is _int:
                return
            writing = (_type(flags) is _int and (flags & _W) != 0) or (_type(mode) is _str and ('w' in mode or 'a' in mode or 'x' in mode or '+' in mode))
            if not writing:
                if not _may_read(path):
                    _refuse(event, 'read outside the work directory: ' + _repr(path)[:200])
                return
            # os.open reports no dir_fd, so a relative path there could be relative to any
            # directory: only absolute paths are accepted from it.
            if mode is None and not (_type(path) is _str and path.startswith('/')):
                _refuse(event, 'relative path with os.open for writing')
            if not _inside(path):
                _refuse(event, 'write outside the work directory: ' + _repr(path)[:200])
            return
        if event in _listing:
            path = args[0] if _len(args) > 0 else None
            if path is not None and _type(path) is not _int and not _may_read(path):
                _refuse(event, 'listing outside the work directory: ' + _repr(path)[:200])
            return
        spec = None
        for name, positions in _paths:
            if name == event:
                spec = positions
                break
        if spec is not None:
            for path_pos, fd_pos in spec:
                if path_pos >= _len(args):
                    continue
                path = args[path_pos]
                if _type(path) is _int:
                    continue
                dir_fd = args[fd_pos] if fd_pos is not None and fd_pos < _len(args) else None
                if not _inside(path, dir_fd):
                    _refuse(event, 'outside the work directory: ' + _repr(path)[:200])

    return hook


_main()
`
