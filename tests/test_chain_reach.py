"""Reach through keys that chain in corpus order (``Check.chain_keys``): the
duplicate check compared over a document's reach, with the corpus counts of
its keys, reports what the whole corpus reports there, whichever index (exact
shingles or MinHash bands) the corpus size puts in force, crowded keys
included; a run reporting on one document reads only its reach from the store."""

from __future__ import annotations

import pickle
import random
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any, ClassVar

import pytest

from factcheck.checks import duplicates
from factcheck.checks.duplicates import DuplicatesCheck
from factcheck.checks.reach import corpus_tally, reaches
from factcheck.duplicates import candidates, minhash
from factcheck.duplicates import passages as passages_module
from factcheck.duplicates.candidates import CorpusCounts, candidate_pairs, unit_keys
from factcheck.duplicates.fingerprint import Fingerprint
from factcheck.duplicates.passages import Passage
from factcheck.duplicates.shingles import unit_bigrams
from factcheck.duplicates.units import CorpusUnits
from factcheck.factstore import FactStore
from factcheck.rules.ruleset import RuleSet
from tests.corpus_factory import seed_sentences
from tests.test_group_keys import _unique, from_reach, gathered

# Long enough to be indexed, in every document: its shingles and band keys are
# crowded (more units hold them than are all linked together).
NOTICE = "Sign up for the morning newsletter to get every story from our newsroom first."


class SketchedDuplicates(DuplicatesCheck):
    """The duplicate check with its MinHash index in force at any size."""

    exact_index_limit: ClassVar[int] = 0


def copied_corpus(documents: int, seed: int) -> list[tuple[str, str, str | None]]:
    """Articles of four sentences from a pool (so runs of sentences recur in
    a few documents, now and then with a word changed), after a notice every
    document carries."""
    rng = random.Random(seed)
    pool = seed_sentences()[:50]
    texts: list[tuple[str, str, str | None]] = []
    for n in range(documents):
        start = rng.randrange(len(pool) - 4)
        picked = [*pool[start : start + 3], rng.choice(pool)]
        if rng.random() < 0.3:
            words = picked[0].split()
            words[len(words) // 2] = "reportedly"
            picked[0] = " ".join(words)
        texts.append((f"doc{n:03d}.md", f"{NOTICE}\n\n{' '.join(picked)}\n", None))
    return texts


@pytest.mark.parametrize("check_type", [DuplicatesCheck, SketchedDuplicates])
def test_the_reach_reports_what_the_whole_corpus_reports(
    check_type: type[DuplicatesCheck],
) -> None:
    check, facts = gathered(check_type, copied_corpus(90, seed=4), RuleSet())
    whole = _unique(list(check.compare(facts)))
    assert {f.code for f in whole} >= {"FC301", "FC302"}  # not vacuous
    reach = reaches(check, facts)
    assert reach is not None
    assert from_reach(check, facts, reach) == whole
    # The notice links each document only to its neighbours in path order,
    # and its units' rarest shingles (or band keys) bring in the documents
    # that share its sentences: a third of this heavily copied corpus at most.
    assert sum(len(near) for near in reach.values()) < len(facts) ** 2 / 3


def test_the_pure_python_bands_pair_what_numpy_pairs() -> None:
    _, facts = gathered(DuplicatesCheck, copied_corpus(90, seed=5), RuleSet())
    prints = [facts[path] for path in sorted(facts)]
    held: Counter[Hashable] = Counter()
    for fingerprint in prints:
        held.update(unit_keys(fingerprint))
    units = CorpusUnits.of(prints)
    banded = list(candidate_pairs(units, prints, CorpusCounts(indexed=1, held=held), exact_limit=0))
    assert banded == list(candidate_pairs(units, prints, exact_limit=0))
    assert len(banded) > len(prints)


@pytest.mark.parametrize("check_type", [DuplicatesCheck, SketchedDuplicates])
def test_a_scoped_run_reads_only_the_reach_from_the_store(
    check_type: type[DuplicatesCheck],
) -> None:
    check, facts = gathered(check_type, copied_corpus(90, seed=6), RuleSet())
    whole = list(check.compare(facts))
    reach = reaches(check, facts)
    assert reach is not None and corpus_tally(check, facts) is not None
    store = FactStore.temporary([check])
    try:
        store.write(store.rows(path, path, "", {check.name: f}) for path, f in facts.items())
        for path in ("doc000.md", "doc044.md", "doc089.md"):
            store.register((p, p, "", p == path) for p in facts)
            before = store.compared[check.name]
            scoped = [f for f in store.compare(scoped=True) if f.path == path]
            assert scoped == [f for f in whole if f.path == path]
            assert store.compared[check.name] - before == len(reach[path]) < len(facts)
    finally:
        store.close()


def test_a_scoped_run_reads_the_band_keys_stored_with_the_facts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    check, facts = gathered(SketchedDuplicates, copied_corpus(90, seed=6), RuleSet())
    whole = list(check.compare(facts))
    store = FactStore.temporary([check])
    try:
        store.write(store.rows(path, path, "", {check.name: f}) for path, f in facts.items())
        stored = [pickle.loads(payload) for (payload,) in store.connection.execute(_PAYLOADS)]
        assert len(stored) == len(facts)
        for fingerprint in stored:
            # Each indexed unit's keys, as sketching its words gives them.
            fresh = [
                key
                for unit in fingerprint.indexed_units()
                for key in minhash.band_keys(
                    unit_bigrams(fingerprint.ids, *fingerprint.unit_words(unit))
                )
            ]
            assert fresh and fingerprint.bands is not None
            assert fingerprint.bands.tolist() == fresh

        def sketching(units: Sequence[Sequence[int]]) -> list[int]:
            raise AssertionError("a scoped run sketched units the store had sketched")

        monkeypatch.setattr(candidates, "units_band_keys", sketching)
        aligned: list[tuple[str, str]] = []

        def find_passages(prints: Sequence[Fingerprint], *args: Any) -> list[Passage]:
            passages = passages_module.find_passages(prints, *args)
            aligned.extend((prints[p.a].path, prints[p.b].path) for p in passages)
            return passages

        monkeypatch.setattr(duplicates, "find_passages", find_passages)
        for path in ("doc000.md", "doc051.md"):
            store.register((p, p, "", p == path) for p in facts)
            aligned.clear()
            scoped = [f for f in store.compare(scoped=True) if f.path == path]
            assert scoped == [f for f in whole if f.path == path]
            # Only the pairs of documents it is part of are aligned.
            assert aligned and all(path in pair for pair in aligned)
    finally:
        store.close()


def test_a_full_run_without_a_cache_stores_no_band_keys() -> None:
    check, facts = gathered(SketchedDuplicates, copied_corpus(10, seed=6), RuleSet())
    store = FactStore.temporary([check], reach=False)
    try:
        store.write(store.rows(path, path, "", {check.name: f}) for path, f in facts.items())
        stored = [pickle.loads(payload) for (payload,) in store.connection.execute(_PAYLOADS)]
        assert len(stored) == len(facts)
        assert all(fingerprint.bands is None for fingerprint in stored)
    finally:
        store.close()


_PAYLOADS = "SELECT payload FROM facts WHERE key IS NULL"


def test_band_keys_are_the_same_in_pure_python_and_with_numpy() -> None:
    rng = random.Random(3)
    units = [[rng.getrandbits(64) for _ in range(rng.randrange(1, 30))] for _ in range(200)]
    python = [key for unit in units for key in minhash.band_keys(unit)]
    assert minhash._numpy_band_keys(units, sum(map(len, units))) == python
    assert len(set(python)) > len(python) * 0.99
