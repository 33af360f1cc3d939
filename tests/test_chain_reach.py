"""Reach through keys that chain in corpus order (``Check.chain_keys``): the
duplicate check compared over a document's reach, with the corpus counts of
its keys, reports what the whole corpus reports there (joined in Python or
with numpy), crowded keys included; the candidates are exactly the pairs the
index is documented to find; a run reporting on one document reads only its
reach from the store."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

import pytest

from factcheck.checks import duplicates
from factcheck.checks.duplicates import DuplicatesCheck
from factcheck.checks.reach import corpus_tally, reaches
from factcheck.duplicates import candidates
from factcheck.duplicates import passages as passages_module
from factcheck.duplicates.candidates import CANDIDATE_JACCARD, candidate_pairs, unit_keys
from factcheck.duplicates.fingerprint import Fingerprint
from factcheck.duplicates.passages import Passage
from factcheck.duplicates.shingles import SEED_WORDS, unit_bigrams
from factcheck.duplicates.units import CorpusUnits, Pair
from factcheck.factstore import FactStore
from factcheck.rules.ruleset import RuleSet
from tests.corpus_factory import seed_sentences
from tests.test_group_keys import _unique, from_reach, gathered

# Long enough to be indexed, in every document: its bigrams and its set are
# crowded (more units hold them than are all linked together).
NOTICE = "Sign up for the morning newsletter to get every story from our newsroom first."
STOCK = ["we are going to", "at the end of the day", "there is no doubt that"]


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


def stock_phrase_corpus(documents: int, seed: int) -> list[tuple[str, str, str | None]]:
    """Statements that open with a stock phrase and end "this year", each told
    by a few documents, some with a word changed: the phrase's bigrams are
    crowded, the statements' own are not."""
    rng = random.Random(seed)
    pool = [w.lower() for s in seed_sentences() for w in s.split() if w.isalpha() and len(w) > 5]
    statements = [
        [*rng.choice(STOCK).split(), *rng.sample(pool, 6), "this", "year"]
        for _ in range(documents // 3)
    ]
    texts: list[tuple[str, str, str | None]] = []
    for n in range(documents):
        paragraphs = []
        for statement in rng.sample(statements, 3):
            words = list(statement)
            if rng.random() < 0.4:
                words[rng.randrange(len(words))] = rng.choice(pool)
            paragraphs.append(f"“{' '.join(words).capitalize()},” the mayor said.")
        texts.append((f"doc{n:03d}.md", f"{NOTICE}\n\n" + "\n\n".join(paragraphs) + "\n", None))
    return texts


@pytest.mark.parametrize("numpy", [False, True])
@pytest.mark.parametrize("corpus", [copied_corpus, stock_phrase_corpus])
def test_the_reach_reports_what_the_whole_corpus_reports(
    monkeypatch: pytest.MonkeyPatch, numpy: bool, corpus: Any
) -> None:
    if numpy:  # the whole corpus joined with numpy, each reach in Python
        monkeypatch.setattr(candidates, "NUMPY_FROM", 0)
    check, facts = gathered(DuplicatesCheck, corpus(90, seed=4), RuleSet())
    whole = _unique(list(check.compare(facts)))
    assert {f.code for f in whole} >= {"FC301", "FC302"}  # not vacuous
    reach = reaches(check, facts)
    assert reach is not None
    assert from_reach(check, facts, reach) == whole
    # The notice links each document only to its neighbours in path order,
    # and its units' rarest bigrams bring in the documents that share its
    # sentences: a third of this heavily copied corpus at most.
    assert sum(len(near) for near in reach.values()) < len(facts) ** 2 / 3


def defined_pairs(units: CorpusUnits) -> list[Pair]:
    """The candidates as documented, pair by pair: the same set (all pairs
    when at most the crowd holds it, else each unit with the next), or a
    Jaccard of at least the threshold with a bigram few units hold."""
    sets = {
        number: frozenset(unit_bigrams(units.ids, *units.words(number)))
        for number in range(units.count)
        if units.words(number)[1] - units.words(number)[0] >= SEED_WORDS
    }
    held = Counter(shingle for shingles in sets.values() for shingle in shingles)
    same = Counter(sets.values())
    pairs = set()
    for a, b in itertools.combinations(sorted(sets), 2):
        shared = sets[a] & sets[b]
        if sets[a] == sets[b]:
            between = [u for u in sets if a < u < b and sets[u] == sets[a]]
            if same[sets[a]] <= candidates.CROWD or not between:
                pairs.add((a, b))
        elif len(shared) >= CANDIDATE_JACCARD * len(sets[a] | sets[b]) and any(
            held[s] <= candidates.CROWD for s in shared
        ):
            pairs.add((a, b))
    return sorted(pairs)


@pytest.mark.parametrize("crowd", [3, 64])
def test_the_candidates_are_the_documented_pairs(
    monkeypatch: pytest.MonkeyPatch, crowd: int
) -> None:
    monkeypatch.setattr(candidates, "CROWD", crowd)
    _, facts = gathered(DuplicatesCheck, stock_phrase_corpus(24, seed=2), RuleSet())
    units = CorpusUnits.of(facts[path] for path in sorted(facts))
    expected = defined_pairs(units)
    assert list(candidate_pairs(units)) == expected
    monkeypatch.setattr(candidates, "NUMPY_FROM", 0)
    assert list(candidate_pairs(units)) == expected
    # Not vacuous: near-duplicates that are not identical, through crowded
    # stock phrases; with a crowd smaller than the tellings of a statement,
    # identical units only.
    near = sum(units.unit_ids(a) != units.unit_ids(b) for a, b in expected)
    assert near > 10 if crowd == 64 else near == 0


def test_python_and_numpy_pairs_agree_with_crowded_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    _, facts = gathered(DuplicatesCheck, copied_corpus(150, seed=5), RuleSet())
    units = CorpusUnits.of(facts[path] for path in sorted(facts))
    python = list(candidate_pairs(units))
    monkeypatch.setattr(candidates, "NUMPY_FROM", 0)
    assert list(candidate_pairs(units)) == python
    assert len(python) > len(facts)


def test_the_keys_count_each_units_bigrams_and_set() -> None:
    _, facts = gathered(DuplicatesCheck, copied_corpus(3, seed=5), RuleSet())
    fingerprint = facts["doc000.md"]
    keys = unit_keys(fingerprint)
    sets = [
        frozenset(unit_bigrams(fingerprint.ids, *fingerprint.unit_words(unit)))
        for unit in fingerprint.indexed_units()
    ]
    assert sum(keys.values()) == sum(len(s) for s in sets) + len(sets)
    assert len(keys) == len(frozenset().union(*sets)) + len(set(sets))


def test_a_scoped_run_reads_only_the_reach_from_the_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    check, facts = gathered(DuplicatesCheck, stock_phrase_corpus(90, seed=6), RuleSet())
    whole = list(check.compare(facts))
    reach = reaches(check, facts)
    assert reach is not None and corpus_tally(check, facts) is not None
    aligned: list[tuple[str, str]] = []

    def find_passages(prints: Sequence[Fingerprint], *args: Any) -> list[Passage]:
        passages = passages_module.find_passages(prints, *args)
        aligned.extend((prints[p.a].path, prints[p.b].path) for p in passages)
        return passages

    monkeypatch.setattr(duplicates, "find_passages", find_passages)
    store = FactStore.temporary([check])
    try:
        store.write(store.rows(path, path, "", {check.name: f}) for path, f in facts.items())
        for path in ("doc000.md", "doc044.md", "doc089.md"):
            store.register((p, p, "", p == path) for p in facts)
            before = store.compared[check.name]
            aligned.clear()
            scoped = [f for f in store.compare(scoped=True) if f.path == path]
            assert scoped == [f for f in whole if f.path == path]
            assert store.compared[check.name] - before == len(reach[path]) < len(facts)
            # Only the pairs of documents it is part of are aligned.
            assert aligned and all(path in pair for pair in aligned)
    finally:
        store.close()


def test_counts_of_keys_give_the_whole_corpus_pairs() -> None:
    # The keys' corpus counts stand in for the documents not compared.
    _, facts = gathered(DuplicatesCheck, stock_phrase_corpus(60, seed=7), RuleSet())
    paths = sorted(facts)
    held: Counter[Hashable] = Counter()
    for path in paths:
        held.update(unit_keys(facts[path]))
    units = CorpusUnits.of(facts[path] for path in paths)
    whole = list(candidate_pairs(units))
    assert list(candidate_pairs(units, held)) == whole


def test_a_corpus_without_indexed_units_has_no_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    _, facts = gathered(
        DuplicatesCheck, [("a.md", "Short.\n", None), ("b.md", "", None)], RuleSet()
    )
    units = CorpusUnits.of(facts[path] for path in sorted(facts))
    monkeypatch.setattr(candidates, "NUMPY_FROM", 0)
    assert list(candidate_pairs(units)) == []
