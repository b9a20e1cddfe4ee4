#!/usr/bin/python3
"""Runs the fake docker's manage.py commands from one interpreter that has Django's management code imported.

Each '/usr/bin/python3 manage.py ARGS' a fake machine forwards to a release directory spends most of its half second
of CPU starting Python and importing Django. This server imports `django.core.management` once (what manage.py
imports before it reads any setting, so no settings are configured here) and forks a child per command. The child is
what a new process would be: it gets the caller's stdin, stdout and stderr (passed over the socket), its working
directory, its environment and argv, imports the release's own modules and settings afresh, runs manage.py as
`__main__` and exits with Django's exit code. When the caller goes away first (killed, timed out), the child is
killed, as a process tree is.

Started by the fake docker on first use (see fakelib.run_manage); listens on a Unix socket in BLUEGREEN_FAKE_DIR
and exits after IDLE_SECONDS without a command. Protocol: one JSON line {"cwd", "argv", "env"} sent with the three
descriptors (SCM_RIGHTS); the answer is the line "started" once the child is forked, then one line with its exit code
(a caller that gets no "started" runs the command itself: nothing ran).
"""
import array
import io
import json
import os
import selectors
import signal
import socket
import sys
import traceback

IDLE_SECONDS = 60


def child(cwd, argv, env):
    """In the forked child: become 'python3 manage.py ARGV' in CWD with ENV on descriptors 0, 1 and 2; never returns."""
    code = 1
    try:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        unbuffered = bool(env.get("PYTHONUNBUFFERED"))
        sys.dont_write_bytecode = bool(env.get("PYTHONDONTWRITEBYTECODE"))
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", line_buffering=True,
                                      write_through=unbuffered)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                                      line_buffering=True, write_through=True)
        script = os.path.join(cwd, "manage.py")
        sys.argv = [script] + argv
        sys.path[0] = cwd
        # The dispositions a new interpreter starts with, not those this server inherited from its first caller
        # (a shell's background job ignores SIGINT, for one).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        import runpy
        try:
            runpy.run_path(script, run_name="__main__")
            code = 0
        except SystemExit as ex:
            if ex.code is None:
                code = 0
            elif isinstance(ex.code, int):
                code = ex.code
            else:
                print(ex.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
        os._exit(code & 0xFF)


def receive(conn):
    """One request: its JSON header and the three descriptors that came with it."""
    fds = array.array("i")
    data = b""
    while not data.endswith(b"\n"):
        msg, ancdata, _, _ = conn.recvmsg(65536, socket.CMSG_LEN(3 * fds.itemsize))
        if not msg:
            raise ConnectionError("the caller closed the connection before its request ended")
        data += msg
        for level, kind, payload in ancdata:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(payload[:len(payload) - (len(payload) % fds.itemsize)])
    if len(fds) != 3:
        for fd in fds:
            os.close(fd)
        raise ConnectionError(f"expected 3 descriptors with the request, got {len(fds)}")
    return json.loads(data), list(fds)


def serve(path):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(path + ".new"):
        os.unlink(path + ".new")  # left by a server that did not finish starting (its starter holds the start lock)
    listener.bind(path + ".new")
    listener.listen(64)
    os.replace(path + ".new", path)  # connectable only once Django is imported and the socket listens
    ours = os.stat(path).st_ino
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, ("accept", None))
    running = {}  # pidfd -> (pid, conn)
    while True:
        events = selector.select(timeout=IDLE_SECONDS)
        if not events and not running:
            break
        for key, _ in events:
            kind, value = key.data
            if kind == "accept":
                conn, _ = listener.accept()
                try:
                    conn.settimeout(10)
                    request, fds = receive(conn)
                    conn.settimeout(None)
                except (OSError, ValueError):
                    conn.close()
                    continue
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    for number, fd in enumerate(fds):
                        os.dup2(fd, number)
                        os.close(fd)
                    conn.close()
                    child(request["cwd"], request["argv"], request["env"])
                for fd in fds:
                    os.close(fd)
                try:
                    conn.sendall(b"started\n")
                except OSError:
                    pass  # gone already: the caller event below kills the command
                pidfd = os.pidfd_open(pid)
                running[pidfd] = (pid, conn)
                selector.register(pidfd, selectors.EVENT_READ, ("exit", pidfd))
                selector.register(conn, selectors.EVENT_READ, ("caller", pidfd))
            elif kind == "caller":
                # The caller wrote nothing more, so readable means it went away: kill its command.
                pid, conn = running[value]
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                selector.unregister(conn)
            elif kind == "exit":
                pid, conn = running.pop(value)
                _, status = os.waitpid(pid, 0)
                code = os.waitstatus_to_exitcode(status)
                selector.unregister(value)
                os.close(value)
                try:
                    selector.unregister(conn)
                except (KeyError, ValueError):
                    pass
                try:
                    conn.sendall(f"{code if code >= 0 else 128 - code}\n".encode())
                except OSError:
                    pass
                conn.close()
    try:
        if os.stat(path).st_ino == ours:
            os.unlink(path)
    except OSError:
        pass
    # A caller that connected after the last select gets an end without "started": it runs its command itself.
    listener.close()


# What manage.py imports before it reads a setting, then modules every migration command imports later: none of them
# reads a setting when imported (checked: settings.configured stays False), so each child still configures its own.
PRELOAD = [
    "django.core.management",
    "django.db.models",
    "django.db.migrations.loader",
    "django.db.migrations.executor",
    "django.db.backends.sqlite3.base",
    "django.db.backends.sqlite3.schema",
    "django.db.backends.sqlite3.introspection",
    "django.db.backends.sqlite3.creation",
    "django.core.management.commands.migrate",
    "django.core.management.commands.showmigrations",
    "django.core.management.commands.sqlmigrate",
    "django.utils.log",
    "django.template.defaultfilters",
    "django.template.defaulttags",
]


def main():
    path = sys.argv[1]
    import importlib
    for module in PRELOAD:
        try:
            importlib.import_module(module)
        except ImportError as ex:
            print(f"manage server: not preloading {module}: {ex}", file=sys.stderr)
    from django.conf import settings
    if settings.configured:
        raise SystemExit("manage server: a preloaded module configured Django's settings; the children would share them")
    serve(path)


if __name__ == "__main__":
    main()
