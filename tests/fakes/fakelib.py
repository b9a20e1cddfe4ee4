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
    """One JSON line per call: the argument array exactly as received, the DOCKER_* environment, cwd, timing."""
    record = {
        "tool": tool,
        "argv": argv,
        "cwd": os.getcwd(),
        "env": {k: v for k, v in os.environ.items() if k.startswith("DOCKER_")},
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
