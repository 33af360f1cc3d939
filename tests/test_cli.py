"""The command line: exit codes, usage errors, selection, colour, subcommands."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from factcheck import __version__
from factcheck.selection import Selection
from tests.conftest import REPO, run_cli


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "clean.txt").write_text("Nothing to see.\n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01")  # FC003, a warning
    return tmp_path


def test_exit_0_when_clean(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Nothing to see.\n")
    result = run_cli("a.txt", cwd=tmp_path)
    assert (result.code, result.out) == (0, "No findings in 1 document.\n")


def test_exit_1_at_or_above_fail_on(corpus: Path) -> None:
    assert run_cli(".", cwd=corpus).code == 0
    assert run_cli(".", "--fail-on", "warning", cwd=corpus).code == 1
    assert run_cli(".", "--fail-on", "info", cwd=corpus).code == 1


def test_exit_1_on_an_error_finding(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # not a regular file: FC001, an error
    result = run_cli("pipe.txt", cwd=tmp_path)
    assert result.code == 1
    assert "pipe.txt:1:1: FC001 not linted: not a regular file" in result.out


@pytest.mark.parametrize(
    "args",
    [("--format", "xml"), ("--fail-on", "fatal"), ("--bogus",), ("explain",), ("explain", "FC999")],
)
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.code == 2
    assert "Traceback" not in result.err


def test_missing_path_exits_2(tmp_path: Path) -> None:
    result = run_cli("nowhere.txt", cwd=tmp_path)
    assert result.code == 2
    assert result.err == "factcheck: error: nowhere.txt: no such file or directory\n"


def test_version() -> None:
    result = run_cli("--version")
    assert result.code == 0 and result.out.strip() == f"factcheck {__version__}"


def test_select_and_ignore(corpus: Path) -> None:
    assert "FC003" in run_cli(".", "--select", "FC0", cwd=corpus).out
    assert "FC003" not in run_cli(".", "--ignore", "FC003", cwd=corpus).out
    assert "FC003" not in run_cli(".", "--select", "FC1", cwd=corpus).out


def test_selection_most_specific_wins() -> None:
    s = Selection(select=("FC1",), ignore=("FC10",))
    assert s.enabled("FC110") and not s.enabled("FC101") and not s.enabled("FC201")
    assert Selection(select=("FC101",), ignore=("FC1",)).enabled("FC101")
    assert not Selection(select=("ALL",), ignore=("ALL",)).enabled("FC101")


def test_statistics_and_quiet(corpus: Path) -> None:
    stats = run_cli(".", "--statistics", cwd=corpus)
    assert stats.out == "1\tFC003\tbinary-document\n"
    quiet = run_cli(".", "--quiet", cwd=corpus)
    assert quiet.out.splitlines() == [
        "binary.txt:1:1: FC003 not linted: binary content (contains NUL bytes)"
    ]


def _tty_run(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run the real command with stdout on a pseudo-terminal."""
    import pty

    main_fd, child_fd = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        stdout=child_fd,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )
    os.close(child_fd)
    data = os.read(main_fd, 65536).decode()
    os.close(main_fd)
    assert proc.returncode == 0, proc.stderr
    return data


def test_colour_on_a_terminal_unless_disabled(corpus: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["PYTHONPATH"] = str(REPO)
    assert "\x1b[" in _tty_run(["."], env, corpus)
    assert "\x1b[" not in _tty_run([".", "--no-color"], env, corpus)
    assert "\x1b[" not in _tty_run(["."], {**env, "NO_COLOR": "1"}, corpus)


def test_no_colour_when_piped(corpus: Path) -> None:
    assert "\x1b[" not in run_cli(".", cwd=corpus).out


def test_explain_lists_and_explains_codes() -> None:
    listing = run_cli("explain", "--all")
    assert listing.code == 0 and "FC003\tinput\twarning\tbinary-document" in listing.out
    one = run_cli("explain", "fc003")
    assert one.code == 0 and one.out.startswith("# FC003 binary-document")


def test_paths_named_rules_are_paths_not_subcommands(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.txt").write_text("Prose.\n")
    result = run_cli("rules", cwd=tmp_path)
    assert result.code == 0 and "1 document" in result.out


def test_module_entry_point_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", "--version"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("factcheck ")


def test_program_exit_keeps_exit_code_and_whole_output(corpus: Path) -> None:
    """``cli.run`` (behind the installed command and ``python -m``) freezes the heap
    before exiting: every line is still written and the exit code kept."""
    args = [".", "--format", "json", "--fail-on", "warning"]
    in_process = run_cli(*args, cwd=corpus)
    assert in_process.code == 1
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "factcheck"]
    proc = subprocess.run([*command, *args], cwd=corpus, env=env, capture_output=True, text=True)
    assert (proc.returncode, proc.stdout) == (in_process.code, in_process.out)
    missing = subprocess.run(
        [*command, "missing.txt"], cwd=corpus, env=env, capture_output=True, text=True
    )
    assert missing.returncode == 2 and "missing.txt" in missing.stderr
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["factcheck"] == "factcheck.launch:run"
