from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from factcheck.cli import main

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@dataclass
class Run:
    code: int
    out: str
    err: str


@contextmanager
def _cwd(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def run_cli(*args: str, cwd: Path = REPO) -> Run:
    """Run the real command-line entry point in-process, capturing its output."""
    out, err = io.StringIO(), io.StringIO()
    with _cwd(cwd), redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True)
def _own_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands the tests start run in their own process, even while a
    developer's `factcheck server` runs for this checkout (tests/test_server.py
    starts servers of its own)."""
    monkeypatch.setenv("FACTCHECK_NO_SERVER", "1")
