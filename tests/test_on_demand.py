"""Comparing with facts read on demand: the duplicates check holds only its
compact word index and the fingerprints of the pair it aligns, and reports
exactly what it reports over every document's facts held at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factcheck.checks.duplicates import DuplicatesCheck
from factcheck.corpus.loading import load_bytes, load_file
from factcheck.corpus.manifest import Manifest
from factcheck.duplicates import candidates
from factcheck.duplicates.candidates import candidate_pairs
from factcheck.duplicates.fingerprint import Fingerprint
from factcheck.duplicates.units import CorpusUnits
from factcheck.engine import Linter
from factcheck.factstore import FactStore, StoredFacts
from factcheck.rules.ruleset import RuleSet
from tests.corpus_factory import write_corpus


def fingerprints(root: Path) -> dict[str, Fingerprint]:
    files = write_corpus(root, 40, seed=11)
    prints = {}
    for path in files:
        document = load_file(path, path.name, Manifest()).document
        if document is not None:
            prints[document.path] = Fingerprint.of(document)
    empty = load_bytes(b"", "empty.md").document
    assert empty is not None
    prints[empty.path] = Fingerprint.of(empty)
    return prints


def test_corpus_units_hold_every_unit_of_every_document(tmp_path: Path) -> None:
    prints = list(fingerprints(tmp_path).values())
    units = CorpusUnits.of(prints)
    assert units.count == sum(fp.unit_count for fp in prints)
    number = 0
    for index, fp in enumerate(prints):
        for unit in range(fp.unit_count):
            start, end = fp.unit_words(unit)
            assert units.document(number) == (index, unit)
            assert units.unit_ids(number) == fp.ids[start:end].tolist()
            number += 1


def test_sketch_batches_do_not_change_the_candidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = CorpusUnits.of(fingerprints(tmp_path).values())
    whole = list(candidate_pairs(units, exact_limit=-1))
    assert whole
    monkeypatch.setattr(candidates, "SKETCH_BATCH", 7)  # a unit or two per batch
    assert list(candidate_pairs(units, exact_limit=-1)) == whole


@pytest.mark.parametrize("sketch", [False, True])
def test_duplicates_read_on_demand_report_what_whole_facts_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sketch: bool
) -> None:
    if sketch:
        monkeypatch.setattr(candidates, "EXACT_INDEX_LIMIT", 0)
    prints = fingerprints(tmp_path)
    (check,) = Linter(RuleSet(), check_types=[DuplicatesCheck]).checks
    expected = list(check.compare(prints))
    assert expected

    store = FactStore.temporary([check])
    store.write(store.rows(path, path, "digest", {check.name: fp}) for path, fp in prints.items())
    store.register((path, path, "digest", True) for path in prints)
    # A cache of two documents: every other one is read again from the store.
    monkeypatch.setattr(StoredFacts, "KEPT", 2)
    held: list[int] = []
    lookup = StoredFacts.__getitem__

    def recorded(self: StoredFacts, display: str) -> Any:
        found = lookup(self, display)
        held.append(len(self.recent))
        return found

    monkeypatch.setattr(StoredFacts, "__getitem__", recorded)
    assert list(store.compare(scoped=False)) == expected
    assert held and max(held) <= 2
    store.close()
