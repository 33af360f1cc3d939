"""The corpus tally kept as a stored total: after documents are added, edited
and deleted, and under runs writing at once, it equals the sum of the
documents' tallies, and scoped runs reading it report what full runs report."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from factcheck.analysis import lint_files
from factcheck.cache import DATABASE, AnalysisCache
from factcheck.checks.names import NameCheck
from factcheck.corpus.discovery import discover
from factcheck.corpus.manifest import Manifest
from factcheck.engine import Linter, LintResult
from factcheck.rules.ruleset import RuleSet
from tests.test_cache import age

PEOPLE = ["Maria Lopez", "Tomas Berger", "Anika Rahman", "Joel Okafor"]


def story(index: int, *names: str) -> str:
    said = " ".join(f"{name} said the council met on day {index}." for name in names)
    return f"Council report {index}\n\n{said}\n"


def write(docs: Path, name: str, text: str) -> None:
    path = docs / name
    path.write_text(text)
    age(path)


def corpus(docs: Path) -> None:
    docs.mkdir()
    for i in range(12):
        write(docs, f"doc{i:02}.txt", story(i, PEOPLE[i % 4], PEOPLE[(i + 1) % 4]))
    write(docs, "variant.txt", story(99, "Maria Lopes"))


def linter() -> Linter:
    return Linter(RuleSet(), check_types=[NameCheck])


def run(docs: Path, cache_dir: Path | None, scope: set[str] | None = None) -> LintResult:
    files = discover([str(docs)], [".txt"])
    cache = AnalysisCache(cache_dir, "stamp") if cache_dir is not None else None
    try:
        return lint_files(files, Manifest(), linter(), scope, cache)
    finally:
        if cache is not None:
            cache.close()


def totals(cache_dir: Path) -> tuple[dict[tuple[str, bytes], int], dict[tuple[str, bytes], int]]:
    """The stored total, and the sum of every stored document's tally."""
    with sqlite3.connect(cache_dir / DATABASE) as connection:
        stored = connection.execute("SELECT chk, item, n FROM tally_total").fetchall()
        summed = connection.execute(
            "SELECT chk, item, SUM(n) FROM tally GROUP BY chk, item"
        ).fetchall()
    return {(c, i): n for c, i, n in stored}, {(c, i): n for c, i, n in summed}


def findings(result: LintResult, scope: set[str]) -> list[dict[str, object]]:
    return [f.to_dict() for f in result.findings if f.path in scope]


def check_scoped(docs: Path, cache_dir: Path, name: str) -> None:
    """A warm run reporting on one document reports what the full run does there."""
    full = run(docs, None)
    scope = {p for p in full.paths if p.endswith("/" + name)}
    assert scope
    scoped = run(docs, cache_dir, scope)
    assert [f.to_dict() for f in scoped.findings] == findings(full, scope)


def test_the_stored_total_follows_added_edited_and_deleted_documents(tmp_path: Path) -> None:
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    corpus(docs)
    full = run(docs, None)
    assert any(f.code == "FC411" for f in full.findings)  # the variant is found
    run(docs, cache_dir)
    stored, summed = totals(cache_dir)
    assert stored == summed and stored

    # An edit that changes the counts: the variant is now as frequent as the name.
    write(docs, "doc00.txt", story(0, "Maria Lopes", "Maria Lopes"))
    write(docs, "doc01.txt", story(1, "Maria Lopes"))
    write(docs, "doc12.txt", story(12, "Joel Okafor", "Anika Rahman"))  # added
    (docs / "doc05.txt").unlink()  # deleted: its rows stay, it is not counted
    for name in ("variant.txt", "doc00.txt", "doc12.txt"):
        check_scoped(docs, cache_dir, name)
    stored, summed = totals(cache_dir)
    assert stored == summed
    assert all(n > 0 for n in stored.values())  # spent items are dropped

    # A name no document uses any more leaves the total.
    for i in range(12):
        if i != 5:
            write(docs, f"doc{i:02}.txt", story(i, "Joel Okafor"))
    run(docs, cache_dir)
    stored, summed = totals(cache_dir)
    assert stored == summed
    assert not any(b"Maria Lopez" in item for _, item in stored)
    check_scoped(docs, cache_dir, "variant.txt")


def test_a_deleted_document_is_left_out_of_a_scoped_runs_tally(tmp_path: Path) -> None:
    """The stored total counts the deleted document; the run subtracts it."""
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    corpus(docs)
    # Two more uses make the variant frequent, so it is no longer reported...
    write(docs, "extra1.txt", story(50, "Maria Lopes"))
    write(docs, "extra2.txt", story(51, "Maria Lopes"))
    run(docs, cache_dir)
    assert not [f for f in run(docs, None).findings if f.path.endswith("variant.txt")]
    # ...until one of them is deleted: the total still counts it.
    (docs / "extra2.txt").unlink()
    full = run(docs, None)
    scope = {p for p in full.paths if p.endswith("/variant.txt")}
    expected = findings(full, scope)
    assert expected
    assert [f.to_dict() for f in run(docs, cache_dir, scope).findings] == expected


def test_runs_writing_at_once_keep_the_total_exact(tmp_path: Path) -> None:
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    corpus(docs)
    run(docs, cache_dir)
    errors: list[BaseException] = []

    def edit_and_run(number: int) -> None:
        try:
            for round_ in range(3):
                name = f"doc{(number * 3 + round_) % 12:02}.txt"
                write(docs, name, story(round_, PEOPLE[number], "Maria Lopes"))
                run(docs, cache_dir, {(docs / name).as_posix()})
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=edit_and_run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    run(docs, cache_dir)
    stored, summed = totals(cache_dir)
    assert stored == summed
    check_scoped(docs, cache_dir, "variant.txt")


def test_a_run_on_a_few_of_the_stored_documents_counts_only_those(tmp_path: Path) -> None:
    """More stored documents outside the run than in it: the run sums its own
    (the stored total would make the variant's name frequent)."""
    docs, cache_dir = tmp_path / "docs", tmp_path / "cache"
    corpus(docs)
    run(docs, cache_dir)
    few = [docs / "variant.txt", docs / "doc00.txt", docs / "doc04.txt"]
    expected = lint_files(few, Manifest(), linter())
    assert not any(f.code == "FC411" for f in expected.findings)  # Maria Lopez: 2 uses
    cache = AnalysisCache(cache_dir, "stamp")
    try:
        warm = lint_files(few, Manifest(), linter(), None, cache)
    finally:
        cache.close()
    assert [f.to_dict() for f in warm.findings] == [f.to_dict() for f in expected.findings]
