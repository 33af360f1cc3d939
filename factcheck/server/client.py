"""The command's side: hand the run to the installation's server when one is
running, and print what it printed.

This runs before anything else of factcheck is imported, so it imports only
the standard library's cheapest modules: a run the server takes costs the
interpreter's start-up and one round trip.
"""

from __future__ import annotations

import io
import os
import socket
import sys

from factcheck.errors import INTERNAL_ERROR
from factcheck.server.address import UnsafeRuntimeDirectory, private_directory, socket_path
from factcheck.server.protocol import ConnectionClosed, receive, send

# Set (to anything but an empty string) to run every command in its own process.
NO_SERVER_VARIABLE = "FACTCHECK_NO_SERVER"
# `factcheck server ACTION` manages the server and is never sent to it.
SERVER_ACTIONS = ("start", "stop", "status", "run")


def forward(argv: list[str]) -> int | None:
    """The exit code of the run the server did, or None when no server took
    it: none is running, or the one running was started from code that has
    changed since.  Then the command runs in this process, and nothing has
    happened yet (standard input, if read, is put back)."""
    if os.environ.get(NO_SERVER_VARIABLE) or _manages_server(argv):
        return None
    try:
        if private_directory(create=False) is None:
            return None
    except UnsafeRuntimeDirectory:
        return None  # `factcheck server start` says why; a run goes on without it
    path = socket_path()
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with connection:
        try:
            connection.connect(path)
        except OSError:  # none running, or one that was killed and left its socket
            return None
        stdin = sys.stdin.buffer.read() if _reads_stdin(argv) else b""
        try:
            send(connection, _request(argv, stdin))
            answer = receive(connection)
        except (ConnectionClosed, OSError):
            # The server went away before taking the run (it stopped when
            # idle, as this command connected): the run has not started.
            answer = {"stale": True}
        if answer.get("stale"):
            _put_back(stdin)
            return None
        try:
            reply = receive(connection)
        except KeyboardInterrupt:
            # The server finishes the run (its result is cached) and its answer is dropped.
            print("factcheck: interrupted", file=sys.stderr)
            return 130
        except (ConnectionClosed, OSError) as exc:
            print(
                f"factcheck: error: the server ({path}) ended during the run: {exc}; "
                f"set {NO_SERVER_VARIABLE}=1 to run without it",
                file=sys.stderr,
            )
            return INTERNAL_ERROR
    return _print(reply)


def _manages_server(argv: list[str]) -> bool:
    return argv[:1] == ["server"] and argv[1:2] != [] and argv[1] in SERVER_ACTIONS


def _reads_stdin(argv: list[str]) -> bool:
    """Whether the command lints a buffer from standard input (it is sent along)."""
    return any(arg == "--stdin-filename" or arg.startswith("--stdin-filename=") for arg in argv)


def _request(argv: list[str], stdin: bytes) -> dict[str, object]:
    umask = os.umask(0o022)  # read by setting it: there is no other way
    os.umask(umask)
    return {
        "op": "run",
        "argv": argv,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": umask,  # files the run writes (baseline, fixes) get this command's modes
        "stdin": stdin,
        # Colour and encoding follow this command's terminal, not the server's.
        "tty": sys.stdout.isatty(),
        "encoding": sys.stdout.encoding or "utf-8",
    }


def _put_back(stdin: bytes) -> None:
    if stdin:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))


def _print(reply: dict[str, object]) -> int:
    stdout, stderr, code = reply["stdout"], reply["stderr"], reply["code"]
    assert isinstance(stdout, bytes) and isinstance(stderr, bytes) and isinstance(code, int)
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`factcheck | head`), as the command itself handles it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = code or 1
    sys.stderr.flush()
    sys.stderr.buffer.write(stderr)
    sys.stderr.flush()
    return code
