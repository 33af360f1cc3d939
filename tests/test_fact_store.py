"""The fact store: a run reporting on a few files, from a warm cache or from a
temporary store, reports exactly the full run's findings in those files; a
full run compared key group by key group reports exactly the in-memory run's."""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.analysis import lint_files
from factcheck.cache import DATABASE, AnalysisCache
from factcheck.checks import registry
from factcheck.codes import Example
from factcheck.corpus.discovery import discover
from factcheck.corpus.manifest import Manifest
from factcheck.engine import Linter, LintResult
from factcheck.factstore import FactStore
from factcheck.findings import Finding
from factcheck.project import load_documents
from factcheck.rules.loader import load_rules, parse_rule_text
from factcheck.rules.ruleset import RuleSet
from tests.conftest import REPO
from tests.corpus_factory import SEEDS, write_corpus
from tests.test_group_keys import multi_document_examples

IN_MEMORY = 10**9  # spill_above: never a temporary store
ALWAYS = 0  # spill_above: always one


def output(result: LintResult) -> tuple[object, ...]:
    return (
        [f.to_dict() for f in result.findings],
        result.documents,
        result.suppressed,
        result.paths,
        result.corpus,
    )


def filtered(result: LintResult, scope: set[str]) -> tuple[object, ...]:
    findings = [f.to_dict() for f in result.findings if f.path in scope]
    paths = [p for p in result.paths if p in scope]
    suppressed = None  # counted over the whole run: compared separately below
    return (findings, len(paths), suppressed, paths, result.corpus)


def make_corpus(kind: str, root: Path) -> Path:
    docs = root / "docs"
    if kind == "seeds":
        docs.mkdir()
        for seed in SEEDS.glob("*.txt"):
            shutil.copy(seed, docs / seed.name)
    else:
        write_corpus(docs, 24, seed=int(kind))
    return docs


@pytest.fixture(scope="module")
def linter() -> Linter:
    # Every registered check, with the repository's rules.
    return Linter(load_rules([str(REPO / "rules")]))


@pytest.mark.parametrize("kind", ["seeds", "7", "11"])
def test_scoped_runs_report_what_the_full_run_reports_there(
    kind: str, tmp_path: Path, linter: Linter
) -> None:
    docs = make_corpus(kind, tmp_path)
    files = discover([str(docs)], [".txt", ".md"])
    manifest = Manifest()
    full = lint_files(files, manifest, linter, spill_above=IN_MEMORY)
    assert output(lint_files(files, manifest, linter, spill_above=ALWAYS)) == output(full)
    cache_dir = tmp_path / "cache"
    for _ in range(2):  # cold, then warm
        cache = AnalysisCache(cache_dir, "s")
        assert output(lint_files(files, manifest, linter, None, cache)) == output(full)
        cache.close()
    assert cache.hits == len(files)
    rng = random.Random(kind)
    names = sorted(full.paths)
    for scope in [{name} for name in rng.sample(names, 3)] + [set(rng.sample(names, 2))]:
        expected = filtered(full, scope)
        memory = lint_files(files, manifest, linter, scope, spill_above=IN_MEMORY)
        spilled = lint_files(files, manifest, linter, scope, spill_above=ALWAYS)
        cache = AnalysisCache(cache_dir, "s")
        warm = lint_files(files, manifest, linter, scope, cache)
        cache.close()
        assert cache.hits == len(files)
        assert filtered(memory, scope) == filtered(spilled, scope) == expected
        assert output(warm) == output(memory) == output(spilled)


def test_every_registered_check_compares_in_the_store(tmp_path: Path, linter: Linter) -> None:
    """Each check's facts reach the store (no check is silently left out)."""
    docs = make_corpus("seeds", tmp_path)
    files = discover([str(docs)], [".txt"])
    cache = AnalysisCache(tmp_path / "cache", "s")
    lint_files(files, Manifest(), linter, None, cache)
    cache.close()
    with sqlite3.connect(tmp_path / "cache" / DATABASE) as connection:
        stored = {name for (name,) in connection.execute("SELECT DISTINCT chk FROM facts")}
    comparing = {cls.name for cls in registry.checks() if "compare" in vars(cls)}
    assert comparing <= stored


def test_edited_and_deleted_documents_are_never_compared_stale(
    tmp_path: Path, linter: Linter
) -> None:
    docs = make_corpus("7", tmp_path)
    files = discover([str(docs)], [".txt"])
    cache = AnalysisCache(tmp_path / "cache", "s")
    lint_files(files, Manifest(), linter, None, cache)
    cache.close()
    # Two figures that contradict each other: one document now says what the
    # other says, the other is deleted; a third is rewritten.
    (docs / "article-009.txt").unlink()
    (docs / "article-004.txt").write_text(
        "---\npublished: 2023-07-05\n---\n\nPolice said 70 protesters were arrested in the "
        "capital on Monday after the march against the fuel tax.\n",
        encoding="utf-8",
    )
    files = discover([str(docs)], [".txt"])
    scope = {str(docs / "article-005.txt"), str(docs / "article-004.txt")}
    expected = lint_files(files, Manifest(), linter, scope, spill_above=IN_MEMORY)
    cache = AnalysisCache(tmp_path / "cache", "s")
    assert output(lint_files(files, Manifest(), linter, scope, cache)) == output(expected)
    cache.close()
    assert cache.hits == len(files) - 1
    assert any(f.code == "FC103" and f.path in scope for f in expected.findings)
    assert not any(r.path.endswith("article-009.txt") for f in expected.findings for r in f.related)


def test_old_stamps_are_pruned_with_their_keys(tmp_path: Path) -> None:
    from factcheck.cache import KEEP_STAMPS
    from factcheck.checks.dates import DateCheck
    from factcheck.rules.ruleset import RuleSet

    docs = tmp_path / "docs"
    files = write_corpus(docs, 6)
    linter = Linter(RuleSet(), check_types=[DateCheck])
    database = tmp_path / "cache" / DATABASE

    def counts() -> tuple[int, int, int]:
        with sqlite3.connect(database) as connection:
            stamps = connection.execute("SELECT COUNT(DISTINCT stamp) FROM facts").fetchone()
            reach = connection.execute("SELECT COUNT(*) FROM reach").fetchone()
            orphans = connection.execute(
                "SELECT COUNT(*) FROM reach WHERE doc NOT IN (SELECT id FROM facts)"
            ).fetchone()
        return stamps[0], reach[0], orphans[0]

    for number in range(KEEP_STAMPS + 1):
        cache = AnalysisCache(tmp_path / "cache", f"stamp{number}")
        lint_files(files, Manifest(), linter, None, cache)
        cache.close()
        if number == 0:
            first = counts()
            assert first[1] > 0  # dates have reach keys
    assert counts() == (KEEP_STAMPS, first[1] * KEEP_STAMPS, 0)


@pytest.mark.parametrize(
    "example", multi_document_examples(), ids=lambda e: e.docs[0].text[:40].replace(" ", "-")
)
def test_a_run_on_one_document_of_an_example_reports_what_the_full_run_reports_there(
    example: Example, tmp_path: Path
) -> None:
    """Every check's cross-document examples, one document reported on at a
    time from a warm cache: the store fetches what that document looks up
    (``probe_keys``), which need not be the keys it is found under."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for doc in example.docs:
        front = f"---\npublished: {doc.published}\n---\n" if doc.published else ""
        (docs / doc.name).write_text(front + doc.text, encoding="utf-8")
    rules = parse_rule_text(example.rules, "<example>") if example.rules else []
    linter = Linter(RuleSet(tuple(rules)))
    files = discover([str(docs)], [".txt"])
    full = lint_files(files, Manifest(), linter, spill_above=IN_MEMORY)
    cache_dir = tmp_path / "cache"
    cache = AnalysisCache(cache_dir, "s")
    lint_files(files, Manifest(), linter, None, cache)
    cache.close()
    for name in full.paths:
        cache = AnalysisCache(cache_dir, "s")
        scoped = lint_files(files, Manifest(), linter, {name}, cache)
        cache.close()
        assert filtered(scoped, {name}) == filtered(full, {name})


def test_naming_every_document_compares_as_a_full_run(
    tmp_path: Path, linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`factcheck seeds/` names every file of its corpus: following each
    document's reach would compare every document again, so it is a full run;
    a run leaving one document out follows the reaches."""
    files = discover([str(make_corpus("seeds", tmp_path))], [".txt"])
    modes: list[bool] = []
    real = FactStore.compare

    def recorded(store: FactStore, scoped: bool) -> Iterator[Finding]:
        modes.append(scoped)
        return real(store, scoped)

    monkeypatch.setattr(FactStore, "compare", recorded)
    every = lint_files(files, Manifest(), linter, spill_above=IN_MEMORY)
    named = lint_files(files, Manifest(), linter, set(every.paths), spill_above=ALWAYS)
    lint_files(files, Manifest(), linter, set(every.paths[1:]), spill_above=ALWAYS)
    assert modes == [False, True]
    assert output(named) == output(every)


def test_a_store_kept_for_a_full_run_holds_no_reach_rows(tmp_path: Path) -> None:
    """A temporary store of a full run is never asked for a reach: it skips
    the reach and chain rows (their keys cost a quarter of a run's time) but
    keeps the facts, key groups and tallies."""
    files = discover([str(make_corpus("seeds", tmp_path))], [".txt"])
    linter = Linter(RuleSet())
    results = [linter.analyze(loaded) for loaded in load_documents(files, Manifest())]
    for reach in (True, False):
        store = FactStore.temporary(linter.checks, reach=reach)
        try:
            rows = [store.rows(str(i), str(i), "", r.facts) for i, r in enumerate(results)]
            assert any(r.reach or r.chain for r in rows) is reach
            assert all(r.facts for r in rows) and any(r.tally for r in rows)
        finally:
            store.close()
