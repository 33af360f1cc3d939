"""Comparing with facts read on demand: the duplicates check holds only its
compact word index and the fingerprints of the pair it aligns, the
altered-quotation and attribution checks only their wording index and the
quotations of the wordings they compare, the date check only its date index
and the dates its findings report, and each reports exactly what it reports
over every document's facts held at once."""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import pytest

from factcheck import similarity
from factcheck.checks.altered_quotations import ALTERED_ACROSS_DOCUMENTS, AlteredQuotationCheck
from factcheck.checks.attribution import CONFLICTING, AttributionCheck
from factcheck.checks.base import Check
from factcheck.checks.date_index import DateIndex
from factcheck.checks.dates import CONTRADICTS_DOCUMENT, DateCheck, DateFact
from factcheck.checks.duplicates import DuplicatesCheck
from factcheck.checks.quotation_book import IndexedQuotations, QuoteFact
from factcheck.claims.records import MAX_RELATED, twins
from factcheck.corpus.loading import load_bytes, load_file
from factcheck.corpus.manifest import Manifest
from factcheck.duplicates import candidates
from factcheck.duplicates.candidates import candidate_pairs
from factcheck.duplicates.fingerprint import Fingerprint
from factcheck.duplicates.units import CorpusUnits
from factcheck.engine import Linter
from factcheck.factstore import FactStore, StoredFacts
from factcheck.findings import Finding
from factcheck.rules.ruleset import RuleSet
from tests.corpus_factory import write_corpus
from tests.test_compare_index import corpus as quotation_corpus


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


def test_numpy_batches_do_not_change_the_candidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prints = list(fingerprints(tmp_path).values())
    units = CorpusUnits.of(prints)
    monkeypatch.setattr(candidates, "NUMPY_FROM", 0)
    whole = list(candidate_pairs(units))
    assert whole
    # A unit or two per batch of words, a few pairs per batch verified, a
    # bigram or two per part counted.
    monkeypatch.setattr(candidates, "_BATCH_WORDS", 7)
    monkeypatch.setattr(candidates, "_BATCH_PAIRS", 3)
    monkeypatch.setattr(candidates, "_PARTS", 256)
    assert list(candidate_pairs(units)) == whole


def compared_on_demand(
    check: Check, facts: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> list[Finding]:
    """``check``'s findings through a fact store that keeps two documents'
    facts at a time (every other one is read again), checking that it did."""
    store = FactStore.temporary([check])
    store.write(store.rows(path, path, "digest", {check.name: f}) for path, f in facts.items())
    store.register((path, path, "digest", True) for path in facts)
    monkeypatch.setattr(StoredFacts, "KEPT", 2)
    held: list[int] = []
    lookup = StoredFacts.__getitem__

    def recorded(self: StoredFacts, display: str) -> Any:
        found = lookup(self, display)
        held.append(len(self.recent))
        return found

    monkeypatch.setattr(StoredFacts, "__getitem__", recorded)
    try:
        return list(store.compare(scoped=False))
    finally:
        store.close()
        assert held and max(held) <= 2


@pytest.mark.parametrize("numpy", [False, True])
def test_duplicates_read_on_demand_report_what_whole_facts_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, numpy: bool
) -> None:
    if numpy:
        monkeypatch.setattr(candidates, "NUMPY_FROM", 0)
    prints = fingerprints(tmp_path)
    (check,) = Linter(RuleSet(), check_types=[DuplicatesCheck]).checks
    expected = list(check.compare(prints))
    assert expected
    assert compared_on_demand(check, dict(prints), monkeypatch) == expected


def retold_facts(check_type: type[Check]) -> tuple[Check, dict[str, Any]]:
    """A check's facts of the generated corpus of retold stories (dates moved,
    quotations altered, repeated or credited to someone else)."""
    linter = Linter(RuleSet(), check_types=[check_type])
    gathered = Linter.gather(
        linter.analyze(load_bytes(text.encode(), f"doc{n:03d}.md"))
        for n, text in enumerate(quotation_corpus(90, seed=5))
    )
    (check,) = linter.checks
    return check, gathered.facts[check.name]


def grouped_by_wording(
    facts: dict[str, list[QuoteFact]], compared: Callable[[QuoteFact], bool]
) -> list[list[QuoteFact]]:
    """The compared quotations with words, grouped by their words as
    normalised, groups in order of first appearance, paths in sorted order."""
    groups: dict[tuple[str, ...], list[QuoteFact]] = {}
    for path in sorted(facts):
        for fact in facts[path]:
            if fact.words.words and compared(fact):
                groups.setdefault(fact.words.norms(), []).append(fact)
    return list(groups.values())


@pytest.mark.parametrize("check_type", [AlteredQuotationCheck, AttributionCheck])
def test_indexed_quotations_group_wordings_in_path_order(check_type: type[Check]) -> None:
    _, facts = retold_facts(check_type)
    speakers = sorted({f.speaker.label for quotes in facts.values() for f in quotes if f.speaker})
    for compared in (None, lambda fact: bool(fact.speaker and fact.speaker.label in speakers[::2])):
        indexed = IndexedQuotations(facts, compared)
        expected = grouped_by_wording(facts, compared or (lambda fact: True))
        assert len(indexed) == len(expected) > 0
        assert any(len(group) > 1 for group in expected)
        assert any(group[0].words.gaps for group in expected)
        for n, group in enumerate(expected):
            assert list(indexed.facts_of(n)) == group
            assert indexed.rendering(n) == group[0].rendering()
            assert {indexed.paths[d] for d in indexed.documents(n)} == {
                f.location.path for f in group
            }
            assert indexed.index.length(n) == len(group[0].words)


def test_wordings_resemble_each_other_as_their_quotations_compare() -> None:
    check, facts = retold_facts(AttributionCheck)
    assert isinstance(check, AttributionCheck)
    indexed = IndexedQuotations(facts)
    compared = 0
    for n in range(len(indexed)):
        for m in indexed.index.neighbours(n):
            full = check.book.compare(indexed.rendering(n), indexed.rendering(m))
            measured = indexed.index.resemblance(n, m)
            assert (measured.exact, measured.similarity, measured.matched) == (
                full.exact,
                full.similarity,
                full.matched,
            )
            compared += not full.exact and full.matched > 0
    assert compared > 100


@pytest.mark.parametrize(
    ("check_type", "code"),
    [
        (AlteredQuotationCheck, ALTERED_ACROSS_DOCUMENTS.code),
        (AttributionCheck, CONFLICTING.code),
        (DateCheck, CONTRADICTS_DOCUMENT.code),
    ],
)
def test_read_on_demand_report_what_whole_facts_report(
    check_type: type[Check], code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    check, facts = retold_facts(check_type)
    expected = list(check.compare(facts))
    assert any(f.code == code for f in expected)
    assert compared_on_demand(check, facts, monkeypatch) == expected


@pytest.mark.parametrize("arrays_from", [0, 1 << 62])
def test_dates_compare_holds_no_more_dates_than_the_store_keeps(
    arrays_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    check, facts = retold_facts(DateCheck)
    expected = list(check.compare(facts))
    # Dates paired in numpy arrays or in Python (``similarity.ARRAYS_FROM``).
    monkeypatch.setattr(similarity, "ARRAYS_FROM", arrays_from)
    assert len(expected) > 10
    store = FactStore.temporary([check])
    store.write(store.rows(path, path, "digest", {check.name: f}) for path, f in facts.items())
    store.register((path, path, "digest", True) for path in facts)
    most = max(len(dates) for dates in facts.values())
    total = sum(len(dates) for dates in facts.values())
    del facts
    monkeypatch.setattr(StoredFacts, "KEPT", 2)
    try:
        findings = store.compare(scoped=False)
        # The first finding comes once every pair of dates is judged.
        found = [next(findings)]
        gc.collect()
        held = sum(isinstance(o, DateFact) for o in gc.get_objects())
        found.extend(findings)
    finally:
        store.close()
    assert found == expected
    # The dates of the documents the store keeps, and those of the finding
    # being made (its own and the places it lists).
    assert held <= 2 * most + 1 + MAX_RELATED < total // 10


def compared_fields(fact: DateFact) -> Hashable:
    """Every field a comparison of two dates reads."""
    counted = fact.relative or fact.near_publication
    return (
        fact.event,
        fact.since,
        fact.value,
        fact.clause_dates,
        fact.relative,
        fact.near_publication,
        fact.published if counted else None,
        fact.text.lower() if fact.relative else None,
        fact.names,
    )


def test_date_index_groups_the_dates_every_comparison_treats_alike() -> None:
    _, facts = retold_facts(DateCheck)
    index = DateIndex(facts)
    expected = twins((fact for path in sorted(facts) for fact in facts[path]), compared_fields)
    assert len(index) == len(expected)
    assert any(len(group) > 1 for group in expected)
    for n, group in enumerate(expected):
        documents = index.documents(n)
        assert [index.paths[d] for d in documents] == [f.location.path for f in group]
        assert [index.claim(n, m) for m in range(len(documents))] == group
        assert index.repeated(n) == (len(group) > 1)
