# BlueGreen's manage.py session: run by `manage.py shell -c` (so Django is set up once, with the release's own
# settings, code and environment), it answers manage.py commands read from standard input, each as
# `manage.py <args>` would run, without a new interpreter. Opened before a maintenance window, it makes a toggle
# or a migrate cost its work instead of a Python and Django start.
# Protocol: lines that start with MARK. In: MARK {"id": n, "args": [...]}. Out: MARK {"ready": pid} once, then
# MARK {"id": n, "exit": code, "out": text, "err": text} per command. Anything else on standard output is not ours.
# The session ends at the end of its standard input (BlueGreen closes it; a killed BlueGreen closes it too).
import contextlib
import io
import json
import os
import sys
import traceback

from django.core.management import ManagementUtility
from django.db import connections

MARK = '\x1eBGSESSION '
channel_in = sys.stdin
channel_out = sys.stdout


def say(message):
    channel_out.write(MARK + json.dumps(message) + '\n')
    channel_out.flush()


def run(args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO('')  # a command that prompts reads end of input, never the protocol
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                ManagementUtility(['manage.py'] + list(args)).execute()
            except SystemExit as stop:
                if stop.code is None:
                    code = 0
                elif isinstance(stop.code, int):
                    code = stop.code
                else:
                    err.write(str(stop.code) + '\n')
                    code = 1
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                # Each command starts with fresh connections, as a new process would.
                connections.close_all()
    finally:
        sys.stdin = saved_stdin
    return code, out.getvalue(), err.getvalue()


say({'ready': os.getpid()})
while True:
    line = channel_in.readline()
    if not line:
        break
    if not line.startswith(MARK):
        continue
    request = json.loads(line[len(MARK):])
    code, out, err = run(request['args'])
    say({'id': request['id'], 'exit': code, 'out': out, 'err': err})
