"""--fix, --diff and --unsafe-fixes: what is applied, how files are written,
and that a second run changes nothing."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest

from factcheck.corpus.manifest import Manifest
from factcheck.findings import Category, Finding, Severity
from factcheck.fixing import FixError, Tracker, plans, write
from tests.conftest import run_cli

RULES = """rules:
  - id: spin.white-house
    type: phrase
    patterns: [White Home]
    expected: White House
    examples: {fail: ["The White Home said."], pass: ["The White House said."]}
"""

# One rule-backed (safe) spin, one from the shipped list (unsafe).
TEXT = "The White Home said on Monday.\r\nOfficials opened traces of communication.\r\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "rules.yaml").write_text(RULES)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.factcheck]\nrules = ["rules.yaml"]\npaths = ["docs"]\n'
        "[tool.factcheck.spin]\ndetector = false\n"
    )
    (tmp_path / "docs").mkdir()
    return tmp_path


def write_doc(project: Path, data: bytes, mode: int = 0o640) -> Path:
    path = project / "docs" / "a.txt"
    path.write_bytes(data)
    path.chmod(mode)
    return path


def test_fix_applies_only_safe_fixes_and_keeps_bytes_around_them(project: Path) -> None:
    path = write_doc(project, TEXT.encode("utf-8"))
    run = run_cli("--fix", cwd=project)
    assert path.read_bytes() == TEXT.replace("White Home", "White House").encode("utf-8")
    assert "Fixed 1 findings in 1 file." in run.err
    assert "traces of communication" in run.out  # the unsafe one is still reported
    assert "White Home" not in run.out
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in path.parent.iterdir()] == ["a.txt"]  # no temporary left


def test_second_run_changes_nothing(project: Path) -> None:
    path = write_doc(project, TEXT.encode("utf-8"))
    run_cli("--fix", "--unsafe-fixes", cwd=project)
    once = path.read_bytes()
    assert b"lines of communication" in once
    run = run_cli("--fix", "--unsafe-fixes", cwd=project)
    assert path.read_bytes() == once
    assert "Fixed 0 findings in 0 files." in run.err


def test_diff_shows_without_writing(project: Path) -> None:
    path = write_doc(project, TEXT.encode("utf-8"))
    run = run_cli("--diff", cwd=project)
    assert run.code == 1
    assert path.read_bytes() == TEXT.encode("utf-8")
    assert "-The White Home said on Monday." in run.out
    assert "+The White House said on Monday." in run.out
    assert "+Officials opened lines" not in run.out
    unsafe = run_cli("--diff", "--unsafe-fixes", cwd=project)
    assert "+Officials opened lines of communication." in unsafe.out


def test_diff_of_a_clean_file_is_empty(project: Path) -> None:
    write_doc(project, b"The White House said.\n")
    run = run_cli("--diff", cwd=project)
    assert (run.code, run.out) == (0, "")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (b"", "cp1252"),
    ],
)
def test_encoding_and_bom_are_kept(project: Path, bom: bytes, codec: str) -> None:
    text = "Caf\u00e9 owners met the White Home staff.\n"
    path = write_doc(project, bom + text.encode(codec))
    run_cli("--fix", cwd=project)
    assert path.read_bytes() == bom + text.replace("Home", "House").encode(codec)


def white_home(path: str) -> Finding:
    return Finding(
        path,
        1,
        5,
        1,
        15,
        "FC400",
        Category.MISTRANSCRIPTION,
        Severity.WARNING,
        "spun",
        fix="White House",
        fix_safe=True,
    )


def test_file_changed_since_it_was_read_is_refused(project: Path) -> None:
    path = write_doc(project, TEXT.encode("utf-8"))
    tracker = Tracker()
    [loaded] = list(tracker.load([path], Manifest()))
    assert loaded.document is not None
    finding = white_home(loaded.document.path)
    path.write_text("Someone else edited this.\n")
    with pytest.raises(FixError, match="changed since it was read"):
        list(plans(tracker, [finding], unsafe=False))


def test_file_changed_while_being_fixed_is_refused(project: Path) -> None:
    path = write_doc(project, TEXT.encode("utf-8"))
    tracker = Tracker()
    [loaded] = list(tracker.load([path], Manifest()))
    assert loaded.document is not None
    finding = white_home(loaded.document.path)
    [plan] = list(plans(tracker, [finding], unsafe=False))
    path.write_text("Someone else edited this.\n")
    with pytest.raises(FixError, match="changed while being fixed"):
        write(plan)
    assert path.read_text() == "Someone else edited this.\n"
    assert sorted(os.listdir(path.parent)) == ["a.txt"]


def test_unencodable_fix_is_an_error_and_leaves_the_file(project: Path) -> None:
    rules = RULES.replace("expected: White House", "expected: White House \u2192 annex")
    (project / "rules.yaml").write_text(rules, encoding="utf-8")
    data = "Caf\u00e9: the White Home said.\n".encode("cp1252")
    path = write_doc(project, data)
    run = run_cli("--fix", cwd=project)
    assert run.code == 2
    assert "a.txt: cannot fix" in run.err
    assert path.read_bytes() == data


def test_overlapping_fixes_first_longest_wins_and_the_rest_waits(project: Path) -> None:
    path = write_doc(project, b"The White Home said.\n")
    tracker = Tracker()
    [loaded] = list(tracker.load([path], Manifest()))
    assert loaded.document is not None
    name = loaded.document.path
    longer = white_home(name)
    inner = Finding(
        name,
        1,
        11,
        1,
        15,
        "FC401",
        Category.MISTRANSCRIPTION,
        Severity.INFO,
        "spun",
        fix="House",
        fix_safe=True,
    )
    [plan] = list(plans(tracker, [inner, longer], unsafe=False))
    assert plan.after == "The White House said.\n"
    assert plan.applied == [longer]
