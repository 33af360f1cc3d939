"""The incremental cache: identical output to an uncached run, stat-keyed
lookups with content-hash confirmation, invalidation, concurrency, recovery."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from factcheck.analysis import lint_files
from factcheck.cache import DATABASE, AnalysisCache
from factcheck.checks.base import DocumentReport
from factcheck.corpus.discovery import discover
from factcheck.corpus.document import Document
from factcheck.corpus.manifest import Manifest
from factcheck.engine import Linter, LintResult
from factcheck.findings import Finding
from factcheck.project import Project
from factcheck.rules.ruleset import RuleSet
from tests.conftest import REPO, run_cli
from tests.shared_headline import SharedHeadline

HOUR_NS = 3600 * 10**9


def write_corpus(docs: Path, count: int = 30) -> None:
    docs.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        headline = f"Story {i % 7}"  # every seventh document shares a headline
        text = f"{headline}\nThe ministry said {i} people attended.\n" + "x" * (150 + i * 3) + "\n"
        (docs / f"doc{i:03}.txt").write_text(text)
    (docs / "legacy.txt").write_bytes(b"Caf\xe9 owners met on Monday.\n")
    (docs / "binary.txt").write_bytes(b"\x00\x01")
    (docs / "front.md").write_text("---\npublished: last spring\n---\nStory 1\nBody.\n")
    (docs / "ignored.txt").write_text("Story 2\n[factcheck: ignore-file FC999]\n")


def lint(
    docs: Path, cache: AnalysisCache | None, scope: set[str] | None = None, jobs: int = 1
) -> LintResult:
    linter = Linter(RuleSet(), check_types=[SharedHeadline])
    files = discover([str(docs)], [".txt", ".md"])
    result = lint_files(files, Manifest(), linter, scope, cache, jobs=jobs)
    if cache is not None:
        cache.close()
    return result


def same(a: LintResult, b: LintResult) -> bool:
    fields = ("documents", "suppressed", "paths", "corpus")
    return [f.to_dict() for f in a.findings] == [f.to_dict() for f in b.findings] and all(
        getattr(a, name) == getattr(b, name) for name in fields
    )


def age(path: Path, ns: int = HOUR_NS) -> None:
    """Backdate a file so its cache entry is not racy."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns - ns, stat.st_mtime_ns - ns))


def test_cached_runs_give_the_same_findings_as_uncached_runs(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_corpus(docs)
    cache_dir = tmp_path / "cache"
    uncached = lint(docs, None)
    assert {f.code for f in uncached.findings} >= {"FC999", "FC998", "FC002", "FC003", "FC004"}
    assert uncached.suppressed == 1
    cold = AnalysisCache(cache_dir, "stamp")
    assert same(lint(docs, cold), uncached) and cold.hits == 0
    warm = AnalysisCache(cache_dir, "stamp")
    assert same(lint(docs, warm), uncached)
    assert warm.hits == 34  # every document, the binary one included

    (docs / "doc003.txt").write_text("Story 0\nA new version of the story.\n")
    (docs / "doc010.txt").unlink()
    changed = lint(docs, None)
    partly = AnalysisCache(cache_dir, "stamp")
    assert same(lint(docs, partly), changed)
    assert partly.hits == 32
    scope = {str(docs / "doc003.txt")}
    assert same(lint(docs, AnalysisCache(cache_dir, "stamp"), scope), lint(docs, None, scope))


def test_cache_misses_analysed_in_a_process_pool_are_stored_alike(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_corpus(docs)
    serial = lint(docs, None)
    assert same(lint(docs, AnalysisCache(tmp_path / "cache", "s"), jobs=2), serial)
    warm = AnalysisCache(tmp_path / "cache", "s")
    assert same(lint(docs, warm, jobs=2), serial) and warm.hits == 34


def test_the_command_line_gives_identical_output_with_and_without_cache(tmp_path: Path) -> None:
    for args in ((), ("seeds/002_c94b8ccce979d3e0.txt",)):
        plain = run_cli("--format", "json", "--no-cache", *args)
        cold = run_cli("--format", "json", "--cache-dir", str(tmp_path), *args)
        warm = run_cli("--format", "json", "--cache-dir", str(tmp_path), *args)
        assert plain.code == cold.code == warm.code
        assert plain.out == cold.out == warm.out
        assert cold.err == warm.err == ""  # every check's facts could be stored
        assert json.loads(plain.out)["summary"]["documents"] == (5 if not args else 1)
    assert (tmp_path / DATABASE).is_file() and (tmp_path / ".gitignore").read_text().endswith("*\n")


def test_an_unchanged_stat_is_trusted_without_reading_the_file(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    doc = docs / "a.txt"
    doc.write_text("Story A\n")
    age(doc)
    lint(docs, AnalysisCache(tmp_path / "cache", "s"))
    # Same size, same mtime, other content: like git, the stat stands for the content.
    mtime = doc.stat().st_mtime_ns
    doc.write_text("Story B\n")
    os.utime(doc, ns=(mtime, mtime))
    warm = AnalysisCache(tmp_path / "cache", "s")
    assert lint(docs, warm).paths and warm.hits == 1
    # A new mtime makes it read and hashed again.
    age(doc, HOUR_NS // 2)
    again = AnalysisCache(tmp_path / "cache", "s")
    lint(docs, again)
    assert again.hits == 0


def test_a_file_changed_within_the_racy_window_is_hashed_again(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    doc = docs / "a.txt"
    doc.write_text("Story A\n" + "x" * 300 + "\n")  # FC998 on line 2
    assert lint(docs, AnalysisCache(tmp_path / "cache", "s")).findings
    mtime = doc.stat().st_mtime_ns
    doc.write_text("Story A\n" + "y" * 300 + "\n")
    os.utime(doc, ns=(mtime, mtime))
    doc.write_text("Story A\n" + "z" * 100 + "\n" + "." * 199 + "\n")  # same size, no finding
    os.utime(doc, ns=(mtime, mtime))
    racy = AnalysisCache(tmp_path / "cache", "s")
    assert lint(docs, racy).findings == [] and racy.hits == 0


def test_the_stamp_follows_rules_settings_checks_and_manifest(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["docs"]\n')
    project = Project.from_args(_Args(config=str(tmp_path / "pyproject.toml")))  # type: ignore[arg-type]
    manifest = Manifest()

    def stamp(linter: Linter, manifest: Manifest = manifest) -> str:
        return project.cache(linter, manifest, str(tmp_path / "cache")).stamp

    base = stamp(Linter(RuleSet(), check_types=[SharedHeadline]))
    assert base == stamp(Linter(RuleSet(), check_types=[SharedHeadline]))
    settings = {"shared_headline": {"threshold": 2}}
    assert base != stamp(Linter(RuleSet(), check_settings=settings, check_types=[SharedHeadline]))
    assert base != stamp(Linter(RuleSet(), check_types=[]))
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "people.yaml").write_text(
        "rules:\n  - id: blinken\n    type: entity\n    name: Antony Blinken\n"
        "    examples: {fail: [], pass: []}\n"
    )
    rules = project.load_rules([str(rules_dir)])
    assert base != stamp(Linter(rules, check_types=[SharedHeadline]))
    (tmp_path / "corpus.yaml").write_text("documents:\n  - path: docs/a.txt\n    published: 2023\n")
    from factcheck.corpus.manifest import load_manifests

    dated = load_manifests([tmp_path / "corpus.yaml"])
    assert base != stamp(Linter(RuleSet(), check_types=[SharedHeadline]), dated)


class _Args:
    def __init__(self, config: str) -> None:
        self.config = config


def concurrent_runs(
    command: list[str], cwd: Path, env: dict[str, str], count: int
) -> list[tuple[str, str]]:
    """The output and errors of ``count`` copies of ``command`` run at once."""
    runs = [
        subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(count)
    ]
    return [run.communicate(timeout=120) for run in runs]


def test_concurrent_runs_share_the_cache_safely(tmp_path: Path) -> None:
    write_corpus(tmp_path / "docs", count=120)
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["docs"]\n')
    command = [sys.executable, "-m", "factcheck", "--format", "json"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    expected = subprocess.run(
        [*command, "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    outputs = concurrent_runs(command, tmp_path, env, 4)
    assert [err for _, err in outputs] == [""] * 4
    assert [out for out, _ in outputs] == [expected.stdout] * 4
    database = tmp_path / ".factcheck_cache" / DATABASE
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT COUNT(*) FROM results").fetchone() == (124,)


def test_a_corrupt_database_is_replaced(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / DATABASE).write_bytes(b"this is not a database" * 100)
    plain = run_cli("--format", "json", "--no-cache")
    healed = run_cli("--format", "json", "--cache-dir", str(cache_dir))
    assert (healed.out, healed.err) == (plain.out, "")
    warm = AnalysisCache(cache_dir, "unused-stamp")
    assert warm.enabled


def test_an_unusable_cache_directory_warns_once_and_lints(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a directory")
    plain = run_cli("--format", "json", "--no-cache")
    result = run_cli("--format", "json", "--cache-dir", str(blocker / "cache"))
    assert result.out == plain.out and result.code == plain.code
    assert result.err.count("\n") == 1 and result.err.startswith("factcheck: warning: cache")


class Unpicklable(SharedHeadline):
    """A check that breaks the contract: its facts hold a lambda."""

    def analyze(self, doc: Document) -> DocumentReport:
        report = super().analyze(doc)
        return DocumentReport(report.findings, (report.facts, lambda: None))

    def compare(self, facts: Mapping[str, Any]) -> Iterable[Finding]:
        return super().compare({path: pair[0] for path, pair in facts.items() if pair[0]})


def test_unpicklable_facts_are_not_cached_but_still_linted(tmp_path: Path, capsys: Any) -> None:
    docs = tmp_path / "docs"
    write_corpus(docs, count=8)
    linter = Linter(RuleSet(), check_types=[Unpicklable])
    files = discover([str(docs)], [".txt", ".md"])
    expected = lint_files(files, Manifest(), linter)
    for _ in range(2):
        cache = AnalysisCache(tmp_path / "cache", "s")
        assert same(lint_files(files, Manifest(), linter, None, cache), expected)
        cache.close()
        assert capsys.readouterr().err.count("cannot be stored") == 1
        assert cache.hits == 0


def test_results_written_by_other_code_are_recomputed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_corpus(docs, count=3)
    expected = lint(docs, None)
    lint(docs, AnalysisCache(tmp_path / "cache", "s"))
    with sqlite3.connect(tmp_path / "cache" / DATABASE) as connection:
        connection.execute("UPDATE results SET payload = x'80049500'")
    again = AnalysisCache(tmp_path / "cache", "s")
    assert same(lint(docs, again), expected)
    # Analysed again and rewritten: the next run is served from the cache.
    repaired = AnalysisCache(tmp_path / "cache", "s")
    assert same(lint(docs, repaired), expected) and repaired.hits == 7
