"""The cache's snapshot of the last run's files: a warm run tells its unchanged
files apart by their stat alone, and notices every other change (content,
stat, added and deleted files, another run's writes, a new program)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

import factcheck
from factcheck import cache as cache_module
from factcheck.analysis import lint_files
from factcheck.cache import AnalysisCache, program_digest
from factcheck.corpus.discovery import discover
from factcheck.corpus.manifest import Manifest
from factcheck.engine import Linter, LintResult
from factcheck.factstore import FactStore
from factcheck.rules.ruleset import RuleSet
from tests.conftest import REPO
from tests.shared_headline import SharedHeadline
from tests.test_cache import HOUR_NS, age, concurrent_runs, lint, same, write_corpus


def aged_corpus(docs: Path, count: int = 12) -> list[Path]:
    """A corpus written an hour ago: no entry of it is racy."""
    write_corpus(docs, count)
    files = sorted(docs.iterdir())
    for path in files:
        age(path)
    return files


def warm(docs: Path, cache_dir: Path) -> None:
    """A cold run, then a run that records every file's stat (none racy)."""
    for _ in range(2):
        lint(docs, AnalysisCache(cache_dir, "s"))


def test_unchanged_files_are_told_apart_by_their_stat_without_any_lookup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    files = aged_corpus(docs)
    warm(docs, cache_dir)
    edited = docs / "doc003.txt"
    edited.write_text("Story 0\nA new version of the story.\n")
    age(edited, HOUR_NS // 2)
    looked_up: list[str] = []
    lookup = AnalysisCache._lookup

    def counted(self: AnalysisCache, key: str, display: str) -> object:
        looked_up.append(display)
        return lookup(self, key, display)

    monkeypatch.setattr(AnalysisCache, "_lookup", counted)
    monkeypatch.setattr(AnalysisCache, "read_known", None)  # never every result at once
    run = AnalysisCache(cache_dir, "s")
    assert same(lint(docs, run), lint(docs, None))
    assert set(looked_up) == {str(edited)} and run.hits == len(files) - 1


def test_the_same_stat_stands_for_the_content_and_another_one_does_not(tmp_path: Path) -> None:
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    aged_corpus(docs)
    warm(docs, cache_dir)
    doc = docs / "doc005.txt"
    stat = doc.stat()
    original = doc.read_text()
    # Same size, same mtime (an hour old, outside the racy window): trusted, as git does.
    doc.write_text(original.replace("Story 5", "Story 6"))
    os.utime(doc, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    trusting = AnalysisCache(cache_dir, "s")
    with_old_text = lint(docs, trusting)
    assert trusting.hits == 16
    doc.write_text(original)
    os.utime(doc, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert same(with_old_text, lint(docs, None))
    # Same size, an older mtime: read and hashed again.
    doc.write_text(original.replace("Story 5", "Story 6"))
    os.utime(doc, ns=(stat.st_atime_ns, stat.st_mtime_ns - HOUR_NS))
    again = AnalysisCache(cache_dir, "s")
    assert same(lint(docs, again), lint(docs, None)) and again.hits == 15


def test_a_racy_file_is_hashed_again_until_its_stat_can_stand_for_it(tmp_path: Path) -> None:
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    aged_corpus(docs)
    warm(docs, cache_dir)
    doc = docs / "doc002.txt"
    doc.write_text(doc.read_text().replace("Story 2", "Story 3"))  # modified now: racy
    lint(docs, AnalysisCache(cache_dir, "s"))
    stat = doc.stat()
    doc.write_text(doc.read_text().replace("Story 3", "Story 4"))  # same size, same tick
    os.utime(doc, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    racy = AnalysisCache(cache_dir, "s")
    assert same(lint(docs, racy), lint(docs, None)) and racy.hits == 15


@pytest.mark.parametrize("change", ["added", "deleted", "directory"])
def test_added_and_deleted_files_are_noticed(tmp_path: Path, change: str) -> None:
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    aged_corpus(docs)
    warm(docs, cache_dir)
    if change == "added":
        (docs / "doc050.txt").write_text("Story 1\nAnother story.\n")
    elif change == "deleted":
        (docs / "doc001.txt").unlink()
    else:  # a file replaced by a directory that is listed by name
        (docs / "doc001.txt").unlink()
        (docs / "doc001.txt").mkdir()
    changed = AnalysisCache(cache_dir, "s")
    assert same(lint(docs, changed), lint(docs, None))
    assert changed.hits == (16 if change == "added" else 15)
    # That run's files are the next run's snapshot.
    after = AnalysisCache(cache_dir, "s")
    assert same(lint(docs, after), lint(docs, None))
    assert after.hits == (17 if change == "added" else 15)


def test_a_new_program_version_gives_a_new_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    program_digest.cache_clear()
    before = program_digest()
    monkeypatch.setattr(factcheck, "__version__", factcheck.__version__ + ".post1")
    program_digest.cache_clear()
    try:
        assert program_digest() != before
    finally:
        monkeypatch.undo()
        program_digest.cache_clear()
    assert program_digest() == before


def test_a_result_replaced_after_the_snapshot_was_read_is_computed_again(tmp_path: Path) -> None:
    """Another run stores other content for a file after this run read the
    snapshot, and the file is back to its recorded stat when this run looks:
    the store no longer holds this run's version, and the run analyses again."""
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    aged_corpus(docs)
    warm(docs, cache_dir)
    doc = docs / "doc004.txt"
    stat, original = doc.stat(), doc.read_text()
    slow = AnalysisCache(cache_dir, "s")  # has read the snapshot
    doc.write_text(original.replace("Story 4", "Story 0"))
    lint(docs, AnalysisCache(cache_dir, "s"))
    doc.write_text(original)
    os.utime(doc, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert same(lint(docs, slow), lint(docs, None))


def test_changes_written_for_a_replaced_base_are_ignored(tmp_path: Path) -> None:
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    aged_corpus(docs)
    warm(docs, cache_dir)
    first = AnalysisCache(cache_dir, "s")  # reads the base of 16 files
    (docs / "doc000a.txt").write_text("Story 5\nA story filed in between.\n")
    lint(docs, AnalysisCache(cache_dir, "s"))  # 17 files: a new base
    written = AnalysisCache(cache_dir, "s")
    written.close()
    (docs / "doc000a.txt").unlink()
    edited = docs / "doc007.txt"
    edited.write_text("Story 0\nThe story, edited.\n")
    age(edited, HOUR_NS // 2)
    lint(docs, first)  # 16 files again, changes to the base it read
    stored = AnalysisCache(cache_dir, "s")
    assert stored.snapshot is not None and stored.snapshot == written.snapshot
    stored.close()
    assert same(lint(docs, AnalysisCache(cache_dir, "s")), lint(docs, None))


def test_a_snapshot_of_many_changes_is_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "DELTA_FILES", 2)
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    aged_corpus(docs)
    warm(docs, cache_dir)
    for round_ in range(3):
        for name in ("doc001.txt", "doc002.txt")[: round_ + 1]:
            (docs / name).write_text(f"Story {round_}\nRound {round_} of {name}.\n")
            age(docs / name, HOUR_NS // 2 - round_)
        assert same(lint(docs, AnalysisCache(cache_dir, "s")), lint(docs, None))
        unchanged = AnalysisCache(cache_dir, "s")
        assert same(lint(docs, unchanged), lint(docs, None)) and unchanged.hits == 16


def test_concurrent_warm_runs_after_an_edit_agree(tmp_path: Path) -> None:
    write_corpus(tmp_path / "docs", count=60)
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["docs"]\n')
    command = [sys.executable, "-m", "factcheck", "--format", "json"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, check=False)
    for path in (tmp_path / "docs").iterdir():
        age(path)
    subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, check=False)
    for round_ in range(2):
        (tmp_path / "docs" / f"doc00{round_}.txt").write_text(f"Story {round_}\nEdited.\n")
        expected = subprocess.run(
            [*command, "--no-cache", "docs/doc001.txt"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        )
        outputs = concurrent_runs([*command, "docs/doc001.txt"], tmp_path, env, 3)
        assert outputs == [(expected.stdout, "")] * 3


def test_a_run_on_other_files_keeps_the_cache_correct(tmp_path: Path) -> None:
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    files = aged_corpus(docs)
    warm(docs, cache_dir)
    linter = Linter(RuleSet(), check_types=[SharedHeadline])
    few = files[:5]
    cache = AnalysisCache(cache_dir, "s")
    result: LintResult = lint_files(few, Manifest(), linter, None, cache)
    cache.close()
    assert same(result, lint_files(few, Manifest(), linter)) and cache.hits == 5
    every = AnalysisCache(cache_dir, "s")
    assert same(lint(docs, every), lint(docs, None)) and every.hits == 16
    assert discover([str(docs)], [".txt", ".md"]) == files


def test_a_run_on_the_stored_documents_compares_over_the_stored_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    aged_corpus(docs)
    warm(docs, cache_dir)
    (docs / "doc006.txt").write_text("Story 6\nThe story, edited.\n")
    scope = {str(docs / "doc006.txt"), str(docs / "doc013.txt")}
    expected = lint(docs, None, scope)
    registered: list[int] = []
    register = FactStore.register

    def counted(self: FactStore, documents: Iterable[tuple[str, str, str, bool]]) -> None:
        registered.append(1)
        register(self, documents)

    monkeypatch.setattr(FactStore, "register", counted)
    assert same(lint(docs, AnalysisCache(cache_dir, "s"), scope), expected)
    assert registered == []
    # A new document is stored too; a deleted one stays stored: named one by one.
    (docs / "doc050.txt").write_text("Story 6\nA new story.\n")
    assert same(lint(docs, AnalysisCache(cache_dir, "s"), scope), lint(docs, None, scope))
    assert registered == []
    (docs / "doc011.txt").unlink()
    assert same(lint(docs, AnalysisCache(cache_dir, "s"), scope), lint(docs, None, scope))
    assert registered == [1]
