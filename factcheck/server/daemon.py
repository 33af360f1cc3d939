"""The server's side: one process that keeps factcheck imported and its
models loaded, and runs each command sent to it as the command would have run
in its own process (same arguments, working directory, environment and
standard input; its output and exit code sent back).

Commands are run one at a time, in the order they connect.  The results of
every run still come from and go to each project's on-disk cache, so a run
through the server gives the output of the same run without it.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from factcheck import models
from factcheck.errors import FactcheckError
from factcheck.server.address import package_directory, private_directory, socket_path
from factcheck.server.protocol import ConnectionClosed, receive, send

# A sample that takes every check through its first document: patterns
# compiled, the language model and thesaurus opened, dateparser loaded.
_WARM_UP = """\
---
title: Harbour report
published: 2024-05-02
---

The harbour authority counted 1,240 containers in March, up 12 percent from
last year, the port's director, Ana Velasco, said on Tuesday.

"We are going to inspect every one of them," Velasco told reporters.
"""


class Server:
    def __init__(self, idle_timeout: float) -> None:
        self.idle_timeout = idle_timeout
        self.path = Path(socket_path())
        self.started = time.time()
        self.served = 0
        self.program = _program_signature()
        self._running = True

    def serve(self) -> None:
        """Listen until stopped, idle for ``idle_timeout`` seconds (0: never)
        or the program's files change."""
        directory = private_directory(create=True)
        assert directory is not None
        with _exclusive(self.path.with_suffix(".lock")):
            # A large run would release the models, and the next command
            # load them again.
            models.keep()
            _warm_up()
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()  # left by a server that was killed
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                listener.bind(os.fspath(self.path))
                listener.listen(16)
                listener.settimeout(self.idle_timeout or None)
                signal.signal(signal.SIGTERM, _terminate)
                while self._running:
                    try:
                        connection, _ = listener.accept()
                    except TimeoutError:
                        break
                    with connection:
                        connection.settimeout(None)
                        self._serve(connection)
                    gc.collect()  # between runs, not on a command's clock
            finally:
                listener.close()
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()

    def _serve(self, connection: socket.socket) -> None:
        try:
            request = receive(connection)
            operation = request.get("op")
            if operation == "status":
                send(connection, self.status())
            elif operation == "stop":
                self._running = False
                send(connection, {"stopping": True})
            elif operation == "run":
                if _program_signature() != self.program:
                    # Code that changed since it was imported: this server
                    # stops, and the command runs in its own process.
                    self._running = False
                    send(connection, {"stale": True})
                    return
                send(connection, {"accepted": True})
                self.served += 1
                send(connection, run_command(request))
        except (ConnectionClosed, OSError):
            pass  # the command went away (interrupted): nothing to answer

    def status(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "started": self.started,
            "served": self.served,
            "program": package_directory(),
            "idle_timeout": self.idle_timeout,
            # Its own and its workers' (those of runs with a process pool).
            "cpu": sum(os.times()[:4]),
        }


def run_command(request: dict[str, Any]) -> dict[str, Any]:
    """Run one command line in this process as its own process would have run
    it; everything this process changes for it is restored afterwards."""
    from factcheck.cli import main

    encoding = request["encoding"]
    stdout, stderr = _Output(request["tty"]), _Output(False)
    texts = _text(stdout, encoding), _text(stderr, encoding)
    saved = sys.stdin, sys.stdout, sys.stderr
    environment, directory = dict(os.environ), os.getcwd()
    umask = os.umask(request["umask"])
    sys.stdin = io.TextIOWrapper(io.BytesIO(request["stdin"]), encoding=encoding)
    sys.stdout, sys.stderr = texts
    os.environ.clear()
    os.environ.update(request["env"])
    try:
        os.chdir(request["cwd"])
    except OSError as exc:
        print(f"factcheck: error: cannot enter {request['cwd']}: {exc.strerror}", file=sys.stderr)
        code = FactcheckError.exit_code
    else:
        code = main(request["argv"])
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        for text in texts:
            # Detached, a wrapper no longer closes the output when it is freed.
            text.flush()
            text.detach()
        os.environ.clear()
        os.environ.update(environment)
        os.chdir(directory)
        os.umask(umask)
    return {"code": code, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}


class _Output(io.BytesIO):
    """A command's output, answering ``isatty`` as its terminal would."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def _text(buffer: _Output, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(buffer, encoding=encoding, write_through=True)


def _warm_up() -> None:
    """One real run on a sample, so the first command is as fast as the next."""
    with tempfile.TemporaryDirectory(prefix="factcheck-warm-up-") as folder:
        sample = Path(folder) / "sample.md"
        sample.write_text(_WARM_UP, encoding="utf-8")
        run_command(
            {
                "argv": ["--no-cache", str(sample)],
                "cwd": folder,
                "env": dict(os.environ),
                "stdin": b"",
                "umask": 0o077,  # nothing it writes outlives the warm-up
                "tty": False,
                "encoding": "utf-8",
            }
        )


def _program_signature() -> list[tuple[str, int, int]]:
    """Every file of the installed package, with its modification time and
    size, and the directories its imports come from (installing, upgrading or
    removing a package changes its site-packages directory's modification
    time): a server never runs code older than what is installed."""
    found = []
    pending = [package_directory()]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        pending.append(entry.path)
                elif entry.is_file():
                    info = entry.stat()
                    found.append((entry.path, info.st_mtime_ns, info.st_size))
    for folder in sys.path:
        with contextlib.suppress(OSError):
            found.append((folder, os.stat(folder or ".").st_mtime_ns, -1))
    return sorted(found)


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Held while this server owns its address: a second server for the same
    installation refuses to start instead of taking the socket over."""
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FactcheckError(f"a server is already running at {socket_path()}") from None
        yield


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(0)
