"""``factcheck server start|stop|status|run``: manage the installation's
resident server (see ``factcheck.server``)."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from factcheck.errors import FactcheckError
from factcheck.server.address import UnsafeRuntimeDirectory, private_directory, socket_path
from factcheck.server.protocol import ConnectionClosed, receive, send

# Loading every model once and a first run take a few seconds on a busy machine.
START_WAIT_S = 60.0
STOP_WAIT_S = 10.0


def run(args: argparse.Namespace) -> int:
    try:
        private_directory(create=args.action in ("start", "run"))
    except UnsafeRuntimeDirectory as exc:
        raise FactcheckError(f"cannot use the server: {exc}") from None
    action = {"start": _start, "stop": _stop, "status": _status, "run": _run}[args.action]
    return action(args)


def _run(args: argparse.Namespace) -> int:
    from factcheck.server.daemon import Server

    Server(args.idle_timeout).serve()
    return 0


def _start(args: argparse.Namespace) -> int:
    status = _ask({"op": "status"})
    if status is not None:
        print(f"factcheck: server already running (pid {status['pid']}, {socket_path()})")
        return 0
    log = Path(socket_path()).with_suffix(".log")
    command = [sys.executable, "-m", "factcheck", "server", "run"]
    with open(log, "ab") as output:
        process = subprocess.Popen(
            [*command, "--idle-timeout", str(args.idle_timeout)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            start_new_session=True,  # not stopped with the shell that started it
            cwd="/",
        )
    deadline = time.monotonic() + START_WAIT_S
    while time.monotonic() < deadline:
        status = _ask({"op": "status"})
        if status is not None:
            print(f"factcheck: server running (pid {status['pid']}, {socket_path()})")
            return 0
        if process.poll() is not None:
            break
        time.sleep(0.05)
    detail = log.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
    raise FactcheckError(f"the server did not start: {detail[0]} (log: {log})")


def _stop(args: argparse.Namespace) -> int:
    if _ask({"op": "stop"}) is None:
        print("factcheck: no server running")
        return 0
    deadline = time.monotonic() + STOP_WAIT_S
    while os.path.exists(socket_path()) and time.monotonic() < deadline:
        time.sleep(0.02)
    print("factcheck: server stopped")
    return 0


def _status(args: argparse.Namespace) -> int:
    status = _ask({"op": "status"})
    if status is None:
        print("factcheck: no server running")
        return 1
    up = time.time() - status["started"]
    idle = status["idle_timeout"]
    print(
        f"factcheck: server running (pid {status['pid']}, {socket_path()}), "
        f"up {up:.0f} s, {status['served']} runs served, {status['cpu']:.2f} s CPU, "
        + (f"stops after {idle:g} s idle" if idle else "never stops when idle")
    )
    return 0


def _ask(message: dict[str, Any]) -> dict[str, Any] | None:
    """The server's answer, or None when none is running."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with connection:
        try:
            connection.connect(socket_path())
            send(connection, message)
            return receive(connection)
        except (ConnectionClosed, OSError):
            return None
