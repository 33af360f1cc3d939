"""The process-pool engine: same output as a serial run, workers read files."""

from __future__ import annotations

import gc
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from factcheck import executor
from factcheck.checks import registry
from factcheck.corpus.manifest import Manifest
from factcheck.engine import FileAnalysis, Linter, LintResult, sources
from factcheck.report import ReportOptions, formatter
from factcheck.rules.loader import load_rules
from factcheck.rules.ruleset import RuleSet
from tests.conftest import REPO, run_cli
from tests.corpus_factory import write_corpus
from tests.sentence_check import RepeatedSentences

# Few small files keep the test fast whatever the checks cost; the automatic
# choice is tested with a lowered threshold.
FILES = 24


def repo_rules() -> RuleSet:
    rules = REPO / "rules"
    return load_rules([str(rules)]) if rules.is_dir() else RuleSet()


def rule_flags() -> list[str]:
    return ["--rules", str(REPO / "rules")] if (REPO / "rules").is_dir() else []


def rendered(result: LintResult) -> str:
    return formatter("json")(result, ReportOptions())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("corpus"), FILES)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(repo_rules(), check_types=(*registry.checks(), RepeatedSentences))


@pytest.fixture(scope="module")
def serial(linter: Linter, corpus: list[Path]) -> LintResult:
    return linter.run_files(corpus, Manifest(), jobs=1)


def test_pool_output_is_byte_identical_to_serial(
    linter: Linter, corpus: list[Path], serial: LintResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    pooled = linter.run_files(corpus, Manifest(), jobs=2)
    monkeypatch.setattr(executor, "SERIAL_BELOW", FILES // 2)
    monkeypatch.setattr(executor, "MIN_CHUNKSIZE", 4)
    assert executor.worker_count(len(corpus)) == min(2, executor.available_cores())
    automatic = linter.run_files(corpus, Manifest(), jobs=0)
    codes = {f.code for f in serial.findings}
    # Per-document findings, corpus-wide findings and a file-level problem all
    # went through the pool.
    assert {"FC990", "FC991", "FC003"} <= codes
    assert serial.suppressed > 0
    assert rendered(pooled) == rendered(serial)
    assert rendered(automatic) == rendered(serial)
    assert pooled.paths == serial.paths


def test_files_run_matches_in_memory_run(
    linter: Linter, corpus: list[Path], serial: LintResult
) -> None:
    from factcheck.corpus.discovery import display_path
    from factcheck.corpus.loading import load_file

    loaded = (load_file(path, display_path(path)) for path in corpus)
    assert rendered(linter.run(loaded)) == rendered(serial)


def test_cli_jobs_flag_gives_identical_output(corpus: list[Path], tmp_path: Path) -> None:
    """Every registered check, through the command line."""
    directory = str(corpus[0].parent)
    serial = run_cli("--format", "json", "--jobs", "1", *rule_flags(), directory, cwd=tmp_path)
    pooled = run_cli("--format", "json", "--jobs", "2", *rule_flags(), directory, cwd=tmp_path)
    assert serial.err == pooled.err == ""
    assert serial.code == pooled.code
    assert serial.out == pooled.out
    assert "FC003" in {f["code"] for f in json.loads(serial.out)["findings"]}


def test_workers_get_paths_not_documents(linter: Linter, corpus: list[Path]) -> None:
    task = FileAnalysis(linter, Manifest())
    items = sources(corpus)
    text = corpus[0].read_text(encoding="utf-8")
    assert all(path.is_absolute() for path, _ in items)
    assert text[:60].encode() not in pickle.dumps((task, items))
    result = task(items[0])
    assert result.path == items[0][1]
    assert "repeated-sentences" in result.facts


def test_linter_pickles_as_its_configuration(linter: Linter) -> None:
    copy = pickle.loads(pickle.dumps(linter))
    assert [type(c) for c in copy.checks] == [type(c) for c in linter.checks]
    assert copy.selection == linter.selection


@pytest.mark.parametrize(
    ("items", "jobs", "workers"),
    [
        (10, 0, 1),  # small runs stay serial
        (executor.SERIAL_BELOW - 1, 0, 1),
        (10, 2, 2),  # an explicit --jobs is obeyed
        (1, 4, 1),
        (500, 1, 1),
    ],
)
def test_worker_count(items: int, jobs: int, workers: int) -> None:
    assert executor.worker_count(items, jobs) == workers


def test_automatic_workers_follow_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executor, "available_cores", lambda: 2)
    assert executor.worker_count(1000) == 2
    monkeypatch.setattr(executor, "available_cores", lambda: 64)
    # Never more workers than chunks of MIN_CHUNKSIZE files.
    assert executor.worker_count(100) == 100 // executor.MIN_CHUNKSIZE


def test_chunks_grow_with_the_corpus_between_the_bounds() -> None:
    assert executor.chunksize(60, 2) == executor.MIN_CHUNKSIZE
    assert executor.chunksize(480, 2) == 480 // (2 * executor.CHUNKS_PER_WORKER)
    # A chunk's results reach the parent together: their number is bounded
    # whatever the corpus size.
    assert executor.chunksize(100_000, 2) == executor.MAX_CHUNKSIZE


def doubled(item: int) -> int:
    return 2 * item


def test_only_a_few_chunks_are_in_flight(monkeypatch: pytest.MonkeyPatch) -> None:
    """Results waiting in the parent are bounded: a chunk is submitted only
    when few enough are pending, and results still come in input order."""
    from concurrent.futures import ProcessPoolExecutor

    submitted: list[int] = []
    submit = ProcessPoolExecutor.submit

    def counted(self: ProcessPoolExecutor, *args: Any, **kwargs: Any) -> Any:
        submitted.append(len(args[1]))
        return submit(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", counted)
    items = list(range(2_000))
    results = executor.map_ordered(doubled, items, jobs=2)
    taken = []
    for result in results:
        taken.append(result)
        # Results taken so far, the chunk being taken and those queued.
        bound = len(taken) + (2 * (1 + executor.CHUNKS_AHEAD) + 1) * executor.MAX_CHUNKSIZE
        assert sum(submitted) <= bound
    assert taken == [2 * item for item in items]
    assert max(submitted) == executor.MAX_CHUNKSIZE


@pytest.mark.parametrize("value", ["-1", "two"])
def test_bad_jobs_flag_is_a_usage_error(value: str, tmp_path: Path) -> None:
    run = run_cli("--jobs", value, str(tmp_path))
    assert run.code == 2
    assert "--jobs" in run.err


def test_jobs_config_key(tmp_path: Path, corpus: list[Path]) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.factcheck]\npaths = ["{corpus[0].parent.as_posix()}"]\njobs = 2\n',
        encoding="utf-8",
    )
    # Only file-level codes: this is about the key, not the checks.
    configured = run_cli("--format", "json", "--select", "FC0", cwd=tmp_path)
    serial = run_cli("--format", "json", "--select", "FC0", "--jobs", "1", cwd=tmp_path)
    assert configured.code == serial.code
    assert configured.out == serial.out
    (tmp_path / "pyproject.toml").write_text("[tool.factcheck]\njobs = -1\n", encoding="utf-8")
    bad = run_cli(cwd=tmp_path)
    assert bad.code == 2
    assert "pyproject.toml:2: [tool.factcheck] jobs" in bad.err


def _frozen(_: int) -> int:
    return gc.get_freeze_count()


def test_workers_inherit_the_parents_heap_frozen() -> None:
    """The collector never traverses (and so never copies) what the workers
    inherit; the parent collects it again once the pool is done."""
    before = gc.get_freeze_count()
    counts = list(executor.map_ordered(_frozen, range(100), jobs=2))
    assert counts[0] == before  # the first item runs in the parent, before the pool
    assert all(count > before for count in counts[1:])
    assert gc.get_freeze_count() == before
