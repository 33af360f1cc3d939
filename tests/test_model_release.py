"""A large full run releases the analysis models (language model, thesaurus,
spin detector) before each check's comparison, and what needs one again
loads it again with the same answers; a resident process keeps them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from factcheck import analysis, models
from factcheck.analysis import lint_files
from factcheck.checks import spin
from factcheck.corpus.discovery import discover
from factcheck.corpus.manifest import Manifest
from factcheck.engine import Linter, LintResult
from factcheck.findings import Finding
from factcheck.rules.loader import load_rules
from factcheck.spin import language_model, thesaurus, vocabulary
from tests.conftest import REPO
from tests.test_fact_store import make_corpus, output

LOADERS: tuple[Any, ...] = (
    spin._detector,
    language_model.english,
    thesaurus.synonyms,
    vocabulary.unigram,
)


def loaded() -> list[bool]:
    return [loader.cache_info().currsize > 0 for loader in LOADERS]


def spied_run(files: list[Path], linter: Linter) -> tuple[LintResult, dict[str, list[bool]]]:
    """A full run through a temporary fact store, with what each check's
    comparison finds loaded when it starts."""
    seen: dict[str, list[bool]] = {}
    with pytest.MonkeyPatch.context() as patch:
        for check in linter.checks:

            def spy(
                facts: Iterable[Any],
                *args: Any,
                _name: str = check.name,
                _compare: Callable[..., Iterable[Finding]] = check.compare,
            ) -> Iterable[Finding]:
                seen.setdefault(_name, loaded())
                return _compare(facts, *args)

            patch.setattr(check, "compare", spy)
        return lint_files(files, Manifest(), linter, jobs=1, spill_above=0), seen


@pytest.fixture
def release_from_two(monkeypatch: pytest.MonkeyPatch) -> None:
    # The seeds are five documents: a run of them counts as large.
    monkeypatch.setattr(analysis, "RELEASE_FROM", 2)
    monkeypatch.setattr(models, "_kept", False)


@pytest.mark.usefixtures("release_from_two")
def test_models_are_released_before_each_comparison_and_reloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = discover([str(make_corpus("seeds", tmp_path))], [".txt"])
    linter = Linter(load_rules([str(REPO / "rules")]))
    released, seen = spied_run(files, linter)
    assert seen and all(not any(state) for state in seen.values()), seen
    # The next run's analysis loads them again, and every answer is the same
    # as with the models kept throughout.
    again, seen_again = spied_run(files, linter)
    assert seen_again == seen
    monkeypatch.setattr(models, "_kept", True)
    kept, seen_kept = spied_run(files, linter)
    assert all(seen_kept["spin"])  # what the analysis loaded
    assert output(released) == output(again) == output(kept)
    assert released.findings


@pytest.mark.usefixtures("release_from_two")
def test_small_runs_keep_the_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = discover([str(make_corpus("seeds", tmp_path))], [".txt"])
    linter = Linter(load_rules([str(REPO / "rules")]))
    monkeypatch.setattr(analysis, "RELEASE_FROM", len(files) + 1)
    _, seen = spied_run(files, linter)
    assert all(seen["spin"])


def test_a_resident_process_keeps_the_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "_kept", False)
    language_model.english()
    models.keep()
    models.release()
    assert loaded()[1]
    monkeypatch.setattr(models, "_kept", False)
    models.release()
    assert not any(loaded())


def test_release_imports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.delitem(sys.modules, "factcheck.spin.thesaurus")
    monkeypatch.setattr(models, "_kept", False)
    models.release()
    assert "factcheck.spin.thesaurus" not in sys.modules
