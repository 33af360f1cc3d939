"""``--fix`` never loses data: a run killed at any point leaves every file with
its old or its new content, never a mix; a file that changed since it was read
is refused; nothing is written outside the given paths; permissions are kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck.checks import registry
from factcheck.corpus.manifest import Manifest
from factcheck.engine import Linter
from factcheck.rules.loader import load_rules
from tests.conftest import run_cli

fixing = pytest.importorskip("factcheck.fixing")
if "FC410" not in registry.codes():
    pytest.skip("needs the names check (FC410) for a safe fix", allow_module_level=True)

RULES = """\
rules:
  - id: person.blinken
    type: entity
    kind: person
    name: Antony Blinken
    examples: {fail: ["Antony Blinkin said."], pass: ["Antony Blinken said."]}
"""
WRONG = "Antony Blinkin said the talks would resume.\n"
RIGHT = "Antony Blinken said the talks would resume.\n"


def make_project(root: Path) -> Path:
    (root / "rules").mkdir(parents=True)
    (root / "rules" / "people.yaml").write_text(RULES, encoding="utf-8")
    corpus = root / "corpus"
    corpus.mkdir()
    return corpus


def fix_command(*paths: str) -> list[str]:
    # Only the names check runs: the test is about writing, not about linting.
    return [
        sys.executable,
        *("-m", "factcheck", "--rules", "rules", "--select", "FC410", "--fix", "--quiet"),
        *paths,
    ]


def test_killed_fix_run_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    """SIGKILL the process as soon as its first pending file is rewritten, twice
    over; then finish the job.  At every stop each file is wholly old or new."""
    corpus = make_project(tmp_path)
    old = {f"doc{i:03}.txt": f"Story {i}.\n" + WRONG * 40 for i in range(80)}
    new = {name: text.replace("Blinkin", "Blinken") for name, text in old.items()}
    for name, text in old.items():
        (corpus / name).write_text(text, encoding="utf-8")
    stopped_midway = 0
    for _ in range(2):
        pending = [n for n in sorted(old) if (corpus / n).read_text(encoding="utf-8") != new[n]]
        first = corpus / pending[0]
        process = subprocess.Popen(
            fix_command("corpus"), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 120
        # Files are fixed in path order: the first pending one changes first.
        while process.poll() is None and time.monotonic() < deadline:
            if first.read_text(encoding="utf-8") != old[first.name]:
                break
            time.sleep(0.001)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert process.stderr is not None
        process.stderr.close()
        states = []
        for name in sorted(old):
            text = (corpus / name).read_text(encoding="utf-8")
            assert text in (old[name], new[name]), f"{name} is neither old nor new"
            states.append(text == new[name])
        stopped_midway += not all(states)
        leftovers = [p.name for p in corpus.iterdir() if p.name not in old]
        # An interrupted write may leave its hidden temporary file, never a document.
        assert all(name.startswith(".") and not name.endswith(".txt") for name in leftovers)
    assert stopped_midway, "every kill came after the last write: the test proved nothing"
    finished = subprocess.run(fix_command("corpus"), cwd=tmp_path, capture_output=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    for name in old:
        assert (corpus / name).read_text(encoding="utf-8") == new[name]


def test_file_changed_since_read_is_refused(tmp_path: Path) -> None:
    corpus = make_project(tmp_path)
    doc = corpus / "doc.txt"
    doc.write_text(WRONG, encoding="utf-8")
    rules = load_rules([str(tmp_path / "rules")])
    tracker = fixing.Tracker()
    result = Linter(rules).run(tracker.load([doc], Manifest()))
    assert result.findings
    edited = "An editor rewrote this meanwhile: Antony Blinkin spoke.\n"
    doc.write_text(edited, encoding="utf-8")
    with pytest.raises(fixing.FixError, match="changed since it was read"):
        list(fixing.plans(tracker, result.findings, unsafe=False))
    assert doc.read_text(encoding="utf-8") == edited


def test_file_changed_between_plan_and_write_is_refused(tmp_path: Path) -> None:
    corpus = make_project(tmp_path)
    doc = corpus / "doc.txt"
    doc.write_text(WRONG, encoding="utf-8")
    tracker = fixing.Tracker()
    result = Linter(load_rules([str(tmp_path / "rules")])).run(tracker.load([doc], Manifest()))
    [plan] = fixing.plans(tracker, result.findings, unsafe=False)
    doc.write_text(WRONG + "A late paragraph.\n", encoding="utf-8")
    with pytest.raises(fixing.FixError, match="changed"):
        fixing.write(plan)
    assert doc.read_text(encoding="utf-8") == WRONG + "A late paragraph.\n"
    assert sorted(p.name for p in corpus.iterdir()) == ["doc.txt"]


def test_permissions_are_kept(tmp_path: Path) -> None:
    corpus = make_project(tmp_path)
    doc = corpus / "doc.txt"
    doc.write_text(WRONG, encoding="utf-8")
    doc.chmod(0o640)
    run = run_cli("--rules", "rules", "--fix", "corpus", cwd=tmp_path)
    assert run.code == 0, run.err
    assert doc.read_text(encoding="utf-8") == RIGHT
    assert doc.stat().st_mode & 0o7777 == 0o640


def test_nothing_is_written_outside_the_given_paths(tmp_path: Path) -> None:
    """A document reached through a symbolic link from inside the corpus to a file
    outside it: the outside file is never modified."""
    corpus = make_project(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text(WRONG, encoding="utf-8")
    (corpus / "linked.txt").symlink_to(outside)
    (corpus / "own.txt").write_text(WRONG, encoding="utf-8")
    run = run_cli("--rules", "rules", "--fix", "corpus", cwd=tmp_path)
    assert outside.read_text(encoding="utf-8") == WRONG
    assert (corpus / "own.txt").read_text(encoding="utf-8") == RIGHT
    assert sorted(os.listdir(tmp_path)) == ["corpus", "outside.txt", "rules"]
    # The link is not silently turned into a copy: it is left alone, and said so.
    assert (corpus / "linked.txt").is_symlink()
    assert "corpus/linked.txt: a symbolic link; not fixed" in run.err
    assert run.code == 2


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_owner_is_kept(tmp_path: Path) -> None:
    corpus = make_project(tmp_path)
    doc = corpus / "doc.txt"
    doc.write_text(WRONG, encoding="utf-8")
    os.chown(doc, 4321, 4321)
    run = run_cli("--rules", "rules", "--fix", "corpus", cwd=tmp_path)
    assert run.code == 0, run.err
    assert doc.read_text(encoding="utf-8") == RIGHT
    assert (doc.stat().st_uid, doc.stat().st_gid) == (4321, 4321)
