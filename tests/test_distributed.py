"""The Dask engine on a local in-process cluster: same output as the local engine."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.checks import registry
from factcheck.corpus.manifest import Manifest
from factcheck.engine import Linter
from tests.conftest import run_cli
from tests.corpus_factory import write_corpus
from tests.sentence_check import RepeatedSentences
from tests.test_group_keys import store_groups
from tests.test_parallel import rendered, repo_rules, rule_flags

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("corpus"), 16)


def test_grouped_run_matches_local_engine(
    scheduler: str, corpus: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck import distributed as engine

    # Small batches and compare tasks, so the test covers several of each.
    monkeypatch.setattr(engine, "FILES_PER_TASK", 7)
    monkeypatch.setattr(engine, "DOCUMENTS_PER_TASK", 5)
    linter = Linter(repo_rules(), check_types=(*registry.checks(), RepeatedSentences))
    local = linter.run_files(corpus, Manifest(), jobs=1)
    on_dask = engine.run_on_dask(linter, corpus, Manifest(), scheduler)
    codes = {f.code for f in local.findings}
    assert {"FC990", "FC991", "FC003"} <= codes
    if any(check.name == "numbers" for check in linter.checks):
        # Compared per key on the cluster (NumberCheck.group_facts).
        assert "FC101" in codes
    assert rendered(on_dask) == rendered(local)


def test_groups_split_facts_by_the_checks_keys() -> None:
    from factcheck.checks.base import Check, CheckContext
    from factcheck.rules.ruleset import RuleSet

    facts = {"a": [("x", 1), ("y", 2)], "b": [("x", 3)], "c": [("y", 4), ("x", 5)], "d": []}

    assert store_groups(RepeatedSentences(CheckContext(RuleSet())), facts) == [
        {"a": [("x", 1)], "b": [("x", 3)], "c": [("x", 5)]},
        {"a": [("y", 2)], "c": [("y", 4)]},
    ]
    # A check that exposes no keys is compared over the whole corpus at once
    # (those with reach keys or tallies need real facts to compute them).
    for cls in registry.checks():
        if all(
            getattr(cls, m) is getattr(Check, m)
            for m in ("group_facts", "reach_keys", "linked_keys", "chain_keys", "tally")
        ):
            assert store_groups(cls(CheckContext(RuleSet())), facts) == [facts]


def test_cli_scheduler_flag_matches_local_engine(
    scheduler: str, corpus: list[Path], tmp_path: Path
) -> None:
    directory = str(corpus[0].parent)
    local = run_cli("--format", "json", *rule_flags(), directory, cwd=tmp_path)
    on_dask = run_cli(
        "--format", "json", "--scheduler", scheduler, *rule_flags(), directory, cwd=tmp_path
    )
    assert on_dask.err == local.err == ""
    assert (on_dask.code, on_dask.out) == (local.code, local.out)


def test_missing_extra_is_a_clear_error(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    run = run_cli("--engine", "dask", str(corpus[0].parent), cwd=tmp_path)
    assert run.code == 2
    assert run.err == (
        "factcheck: error: --engine dask needs the optional extra: "
        "pip install 'factcheck-lint[distributed]'\n"
    )
