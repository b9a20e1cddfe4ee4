"""Shared state and call log of the fake docker-machine and docker executables (see README.md)."""
import fcntl
import json
import os
import sys
import time
from contextlib import contextmanager

STATE_VARIABLE = "BLUEGREEN_FAKE_DIR"


def state_dir():
    path = os.environ.get(STATE_VARIABLE)
    if not path:
        sys.stderr.write(f"fake: set {STATE_VARIABLE} to a directory for the fake's state and call log\n")
        sys.exit(97)
    os.makedirs(path, exist_ok=True)
    return path


@contextmanager
def locked():
    """Serialises state changes between concurrent fake processes."""
    with open(os.path.join(state_dir(), ".lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def log_call(tool, argv, started, exit_code):
    """One JSON line per call: the argument array exactly as received, the DOCKER_*, COMPOSE_* and BLUEGREEN_MACHINE*
    environment, the first PATH entry, cwd, timing."""
    record = {
        "tool": tool,
        "argv": argv,
        "cwd": os.getcwd(),
        "env": {k: v for k, v in os.environ.items() if k.startswith(("DOCKER_", "COMPOSE_", "BLUEGREEN_MACHINE"))},
        "pathFirst": os.environ.get("PATH", "").split(":")[0],
        "started": started,
        "ended": time.time(),
        "exitCode": exit_code,
    }
    with locked():
        with open(os.path.join(state_dir(), "calls.jsonl"), "a") as log:
            log.write(json.dumps(record) + "\n")


def next_count(counter):
    """Increments and returns a named counter shared by all fake processes."""
    path = os.path.join(state_dir(), f".count-{counter}")
    with locked():
        value = int(open(path).read()) + 1 if os.path.exists(path) else 1
        with open(path, "w") as f:
            f.write(str(value))
    return value


def selected(variable, count):
    """Whether fault-injection variable (all, or a comma list of 1-based call numbers) selects call number count."""
    value = os.environ.get(variable, "").strip()
    if not value:
        return False
    if value.lower() == "all":
        return True
    return str(count) in [part.strip() for part in value.split(",")]


def delay(variable):
    seconds = float(os.environ.get(variable, "0") or "0")
    if seconds > 0:
        time.sleep(seconds)


def machines_dir():
    path = os.path.join(state_dir(), "machines")
    os.makedirs(path, exist_ok=True)
    return path


def load_machine(name):
    path = os.path.join(machines_dir(), name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def save_machine(machine):
    with open(os.path.join(machines_dir(), machine["Name"] + ".json"), "w") as f:
        json.dump(machine, f, indent=4)


def all_machines():
    result = []
    for entry in sorted(os.listdir(machines_dir())):
        if entry.endswith(".json"):
            with open(os.path.join(machines_dir(), entry)) as f:
                result.append(json.load(f))
    return result


class Exit(Exception):
    def __init__(self, code, message=None):
        super().__init__(message)
        self.code = code
        self.message = message


def run(tool, main):
    """Runs main(argv), logs the call and exits with its code; Exit(code, message) writes message to stderr."""
    started = time.time()
    argv = sys.argv[1:]
    code = 0
    try:
        code = main(argv) or 0
    except Exit as ex:
        if ex.message:
            sys.stderr.write(ex.message.rstrip("\n") + "\n")
        code = ex.code
    sys.stdout.flush()
    sys.stderr.flush()
    log_call(tool, argv, started, code)
    sys.exit(code)


def run_manage(directory, arguments):
    """Runs 'python3 manage.py ARGUMENTS' in DIRECTORY with this process's environment and standard streams, and returns
    its exit code: through manage_server.py (Django imported once per BLUEGREEN_FAKE_DIR, a forked child per command)
    unless BLUEGREEN_FAKE_MANAGE_SERVER=0 or BLUEGREEN_FAKE_MANAGE_PYTHON names another interpreter, else as a new
    process."""
    python = os.environ.get("BLUEGREEN_FAKE_MANAGE_PYTHON", "/usr/bin/python3")
    sys.stdout.flush()
    sys.stderr.flush()
    if python == "/usr/bin/python3" and os.environ.get("BLUEGREEN_FAKE_MANAGE_SERVER", "1") != "0" and "PYTHONPATH" not in os.environ:
        code = _run_through_server(directory, arguments)
        if code is not None:
            return code
    import subprocess
    return subprocess.run([python, "manage.py"] + arguments, cwd=directory).returncode


def _connect_server():
    """A connection to this state directory's manage server, started first when none answers; None when it cannot start."""
    import socket
    import subprocess
    path = os.path.join(state_dir(), "manage.sock")

    def connect():
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(path)
            return conn
        except OSError:
            conn.close()
            return None

    conn = connect()
    if conn:
        return conn
    with open(os.path.join(state_dir(), ".manage-server.lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        conn = connect()
        if conn:
            return conn
        if os.path.exists(path):
            os.unlink(path)  # a server that ended without removing it
        log = open(os.path.join(state_dir(), "manage-server.log"), "ab")
        server = subprocess.Popen(["/usr/bin/python3", os.path.join(os.path.dirname(os.path.abspath(__file__)), "manage_server.py"), path],
                                  stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, close_fds=True)
        deadline = time.time() + 20
        while time.time() < deadline:
            conn = connect()
            if conn:
                return conn
            if server.poll() is not None:
                break
            time.sleep(0.02)
        sys.stderr.write(f"fake: the manage server did not start (see {log.name}); running manage.py as a process\n")
        return None


def _run_through_server(directory, arguments):
    """The command's exit code, or None when the server did not start it (then nothing ran)."""
    import array
    import socket
    conn = _connect_server()
    if conn is None:
        return None
    with conn:
        request = json.dumps({"cwd": os.path.abspath(directory), "argv": arguments, "env": dict(os.environ)}).encode() + b"\n"
        try:
            conn.sendmsg([request], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [0, 1, 2]))])
        except OSError:
            return None
        reader = conn.makefile("rb")
        if reader.readline() != b"started\n":
            return None
        answer = reader.readline().strip()
        if not answer:
            raise Exit(1, "fake: the manage server ended while manage.py ran")
        return int(answer)
