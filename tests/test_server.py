"""``factcheck server``: a resident process that runs the commands sent to it
exactly as they would run in their own process."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.server import client, daemon
from factcheck.server.address import socket_path
from factcheck.server.protocol import receive, send
from tests.conftest import REPO

STORY = """\
---
published: 2024-03-05
---

The port authority said on Monday that 84 countries signed the agreement.
"""
OTHER = """\
---
published: 2024-03-06
---

The port authority said on Monday that 85 countries signed the agreement.
"""


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A runtime directory of the test's own, short enough for a socket's name."""
    folder = Path(tempfile.mkdtemp(prefix="fc-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    monkeypatch.delenv("FACTCHECK_NO_SERVER")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["docs"]\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(STORY)
    (tmp_path / "docs" / "b.md").write_text(OTHER)
    return tmp_path


def factcheck(
    *args: str, cwd: Path, stdin: str = "", own_process: bool = False
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    if own_process:
        environment["FACTCHECK_NO_SERVER"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        cwd=cwd,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def server(runtime: Path, project: Path) -> Iterator[Path]:
    started = factcheck("server", "start", "--idle-timeout", "120", cwd=project)
    assert started.returncode == 0, started.stderr
    assert "server running" in started.stdout
    yield runtime
    factcheck("server", "stop", cwd=project)


def codes(run: subprocess.CompletedProcess[str]) -> set[str]:
    return {finding["code"] for finding in json.loads(run.stdout)["findings"]}


def served(project: Path) -> int:
    status = factcheck("server", "status", cwd=project)
    assert status.returncode == 0, status.stdout
    return int(status.stdout.split(" runs served")[0].rsplit(" ", 1)[1])


def test_a_run_through_the_server_prints_what_its_own_process_prints(
    server: Path, project: Path
) -> None:
    runs = [
        ("--format", "json"),
        ("docs/a.md",),  # one changed file, checked against the corpus
        ("--statistics", "--fail-on", "warning"),
        ("missing.md",),  # an error: exit 2, a message on stderr
    ]
    for args in runs:
        before = served(project)
        through = factcheck(*args, cwd=project)
        assert served(project) == before + 1  # the server ran it
        alone = factcheck(*args, cwd=project, own_process=True)
        assert (through.returncode, through.stdout, through.stderr) == (
            alone.returncode,
            alone.stdout,
            alone.stderr,
        ), args
    assert "FC103" in codes(factcheck("--format", "json", cwd=project))  # 84 against 85


def test_an_unsaved_buffer_on_stdin_is_sent_to_the_server(server: Path, project: Path) -> None:
    edited = STORY.replace("84 countries", "85 countries")
    args = ("--stdin-filename", "docs/a.md", "--format", "json", "-")
    through = factcheck(*args, cwd=project, stdin=edited)
    alone = factcheck(*args, cwd=project, stdin=edited, own_process=True)
    assert (through.returncode, through.stdout) == (alone.returncode, alone.stdout)
    assert "FC103" not in codes(through)  # the buffer agrees with b.md, the file does not
    assert "FC103" in codes(factcheck("docs/a.md", "--format", "json", cwd=project))


def test_a_second_server_for_the_installation_is_refused(server: Path, project: Path) -> None:
    second = factcheck("server", "run", cwd=project)
    assert second.returncode == 2
    assert second.stderr.startswith("factcheck: error: a server is already running")
    assert factcheck("server", "status", cwd=project).returncode == 0


def test_stop_and_idle_timeout_remove_the_socket(runtime: Path, project: Path) -> None:
    assert factcheck("server", "start", "--idle-timeout", "0.5", cwd=project).returncode == 0
    assert os.path.exists(socket_path())
    deadline = time.monotonic() + 30
    while os.path.exists(socket_path()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not os.path.exists(socket_path())
    status = factcheck("server", "status", cwd=project)
    assert (status.returncode, status.stdout) == (1, "factcheck: no server running\n")
    # Without a server a command runs in its own process, as before.
    assert factcheck("--format", "json", cwd=project).returncode == 0


def test_a_socket_left_by_a_killed_server_is_not_used(runtime: Path) -> None:
    folder = runtime / "factcheck"
    folder.mkdir(mode=0o700)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path())
    listener.close()  # the file stays, nobody listens
    assert client.forward(["--version"]) is None


def test_a_runtime_directory_others_can_enter_is_never_used(runtime: Path, project: Path) -> None:
    (runtime / "factcheck").mkdir(mode=0o755)
    os.chmod(runtime / "factcheck", 0o755)
    assert client.forward(["--version"]) is None
    started = factcheck("server", "start", cwd=project)
    assert started.returncode == 2
    assert started.stderr.count("\n") == 1
    assert "can be entered by other users (mode 755)" in started.stderr


def test_a_server_whose_program_changed_stops_and_lets_the_command_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = daemon.Server(idle_timeout=0)
    server.program = []  # as if the installed files had changed since it started
    ours, theirs = socket.socketpair()
    with ours, theirs:
        send(ours, {"op": "run", "argv": ["--version"]})
        server._serve(theirs)
        assert receive(ours) == {"stale": True}
    assert not server._running


def test_installing_a_package_changes_the_program_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    before = daemon._program_signature()
    assert daemon._program_signature() == before
    time.sleep(0.01)  # a coarse clock would give the new directory the same time
    (site / "upgraded-1.0.dist-info").mkdir()
    assert daemon._program_signature() != before


def test_a_command_runs_with_its_own_directory_environment_and_terminal(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Colour follows the command's terminal and NO_COLOR; the server's own
    directory, environment and streams are left as they were."""
    here, environment, streams = os.getcwd(), dict(os.environ), (sys.stdout, sys.stderr)

    def run(env: dict[str, str]) -> dict[str, object]:
        request = {"argv": ["docs"], "cwd": str(project), "env": env, "stdin": b"", "umask": 0o022}
        return daemon.run_command({**request, "tty": True, "encoding": "utf-8"})

    coloured = run({"PATH": os.environ["PATH"]})
    plain = run({"PATH": os.environ["PATH"], "NO_COLOR": "1"})
    assert coloured["code"] == plain["code"] == 0
    assert isinstance(coloured["stdout"], bytes) and b"\x1b[" in coloured["stdout"]
    assert isinstance(plain["stdout"], bytes) and b"\x1b[" not in plain["stdout"]
    assert b"docs/a.md" in plain["stdout"]
    assert (os.getcwd(), dict(os.environ), (sys.stdout, sys.stderr)) == (
        here,
        environment,
        streams,
    )
    missing = daemon.run_command(
        {
            "argv": [],
            "cwd": str(project / "gone"),
            "env": {},
            "stdin": b"",
            "umask": 0o022,
            "tty": False,
            "encoding": "utf-8",
        }
    )
    assert missing["code"] == 2 and b"cannot enter" in missing["stderr"]


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_files_a_command_writes_get_its_umask(project: Path, umask: int) -> None:
    request = {"argv": [], "cwd": str(project), "env": dict(os.environ)}
    before = os.umask(0o002)
    os.umask(before)
    done = daemon.run_command(
        {**request, "umask": umask, "stdin": b"", "tty": False, "encoding": "utf-8"}
    )
    assert done["code"] == 0, done["stderr"]
    mode = (project / ".factcheck_cache").stat().st_mode & 0o777
    assert mode == 0o777 & ~umask
    after = os.umask(0o002)
    os.umask(after)
    assert after == before
