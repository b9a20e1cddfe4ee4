"""The official AWS CLI (Debian's awscli v2, /usr/bin/aws), kept loaded between calls for the Pester tests.

Every `/usr/bin/aws` process spends about a second of CPU importing the CLI and botocore before it sends a request;
the Pester suites make hundreds of such calls, and on a 2-core CI machine that was most of the test run. This server
imports the CLI once and then runs each command through the CLI's own entry point (awscli.clidriver: the argument
parser, shorthand syntax, paginators, retries and JSON output of /usr/bin/aws), with a fresh driver per command so
no session state carries over from one call to the next.

Protocol: one JSON object per line on stdin, {"args": [...], "env": {NAME: VALUE}}; `env` is the caller's whole set
of AWS_* variables, which replaces this process's own for that command (as a child process would inherit them). One
JSON line back on stdout: {"rc": exit code, "stdout": text, "stderr": text}. The server ends when stdin closes, so it
never outlives the pwsh that started it.
"""
import contextlib
import io
import json
import os
import sys

# The CLI writes its results to sys.stdout; the protocol needs the real one.
PROTOCOL_OUT = sys.stdout


def set_aws_environment(env, cli_data_path):
    for name in [n for n in os.environ if n.startswith('AWS_')]:
        del os.environ[name]
    for name, value in env.items():
        if name.startswith('AWS_'):
            os.environ[name] = value
    # Importing awscli puts its own model directory on AWS_DATA_PATH, as it would in every /usr/bin/aws process.
    os.environ['AWS_DATA_PATH'] = os.pathsep.join(p for p in (env.get('AWS_DATA_PATH'), cli_data_path) if p)


def run(args):
    from awscli.clidriver import AWSCLIEntryPoint
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = AWSCLIEntryPoint().main(args)  # exactly what /usr/bin/aws runs
        except SystemExit as exit_:
            rc = exit_.code if isinstance(exit_.code, int) else 255
        except BaseException as error:  # the CLI reports its own errors; anything else is a bug worth seeing
            print('aws_cli_server: %s: %s' % (type(error).__name__, error), file=sys.stderr)
            rc = 255
    return {'rc': rc, 'stdout': out.getvalue(), 'stderr': err.getvalue()}


def main():
    import awscli.clidriver  # noqa: F401  (the expensive import, once, before the first request)
    cli_data_path = os.environ.get('AWS_DATA_PATH', '')
    PROTOCOL_OUT.write(json.dumps({'ready': True}) + '\n')
    PROTOCOL_OUT.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        set_aws_environment(request.get('env', {}), cli_data_path)
        PROTOCOL_OUT.write(json.dumps(run(request['args'])) + '\n')
        PROTOCOL_OUT.flush()


if __name__ == '__main__':
    main()
