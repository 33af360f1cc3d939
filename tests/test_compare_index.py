"""The corpus-wide stages pair claims through indexes; on a generated corpus
they must report exactly what pairing every candidate by brute force reports."""

from __future__ import annotations

import itertools
import random
from collections.abc import Hashable, Sequence, Set
from typing import Any

import pytest

from factcheck.checks import dates
from factcheck.checks.altered_quotations import AlteredQuotationCheck
from factcheck.checks.attribution import AttributionCheck
from factcheck.checks.base import Check
from factcheck.checks.dates import DateCheck
from factcheck.checks.quotation_book import WordingIndex
from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.findings import Finding
from factcheck.rules.ruleset import RuleSet
from factcheck.similarity import IdSets, similar

COMMON = ["city", "council", "officials", "county", "agency", "board"]
STOCK = ["we are going to", "at the end of the day", "there is no doubt that"]
NAMES = ["Hart", "Okafor", "Moreau", "Tanaka"]
VOCABULARY = [
    "harbor", "bridge", "levy", "tunnel", "school", "clinic", "budget", "ferry", "library",
    "stadium", "permit", "zoning", "water", "transit", "housing", "park", "tariff", "grant",
]  # fmt: skip


def corpus(documents: int, seed: int) -> list[str]:
    """Stories retold by several documents: dates moved, quotations altered by
    a word, cut short or with an ellipsis, or credited to someone else."""
    rng = random.Random(seed)
    stories = [
        (
            rng.sample(VOCABULARY, 3),
            [*rng.choice(STOCK).split(), *rng.sample(VOCABULARY, 5), "this", "year"],
            (rng.randrange(1, 28), rng.choice([2020, 2021])),
            rng.choice(NAMES),
        )
        for _ in range(documents // 3)
    ]
    texts = []
    for _ in range(documents):
        paragraphs = []
        for topic, quote, (day, year), speaker in rng.sample(stories, 3):
            if rng.random() < 0.3:
                day += 1
            quoted = list(quote)
            if rng.random() < 0.4:
                quoted[rng.randrange(len(quoted))] = rng.choice(VOCABULARY)
            if rng.random() < 0.1:
                quoted[4:6] = ["…"]
            elif rng.random() < 0.2:
                quoted = quoted[rng.randrange(2) :][:9]  # a partial quotation
            credited = speaker if rng.random() > 0.2 else rng.choice(NAMES)
            words = " ".join([*rng.sample(COMMON, 3), "approved", *topic])
            paragraphs.append(
                f"The {words} plan on May {day}, {year}. "
                f"“{' '.join(quoted).capitalize()},” Mayor Dana {credited} said."
            )
        texts.append("\n\n".join(paragraphs) + "\n")
    return texts


def findings(check_type: type[Check]) -> list[Finding]:
    linter = Linter(RuleSet(), check_types=[check_type])
    gathered = Linter.gather(
        linter.analyze(load_bytes(text.encode(), f"doc{n:03d}.md"))
        for n, text in enumerate(corpus(90, seed=3))
    )
    (check,) = linter.checks
    facts: dict[str, Any] = gathered.facts.get(check.name, {})
    return list(check.compare(facts))


def every_similar_pair(
    sets: IdSets,
    *,
    min_jaccard: float,
    min_shared: int,
    tags: Sequence[Set[Hashable]] | None = None,
) -> list[tuple[int, int]]:
    # Not blocked by tag: every similar pair goes on to the full test.
    return [
        (i, j)
        for i, j in itertools.combinations(range(len(sets)), 2)
        if similar(set(sets[i]), set(sets[j]), min_jaccard, min_shared)
    ]


def test_dates_index_finds_what_every_pair_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    indexed = findings(DateCheck)
    monkeypatch.setattr(dates, "similar_id_pairs", every_similar_pair)
    assert indexed
    assert indexed == findings(DateCheck)


@pytest.mark.parametrize("check_type", [AttributionCheck, AlteredQuotationCheck])
def test_quotation_index_finds_what_aligning_every_candidate_finds(
    monkeypatch: pytest.MonkeyPatch, check_type: type[Check]
) -> None:
    indexed = findings(check_type)
    unfiltered = WordingIndex.neighbours

    def every_candidate(
        self: WordingIndex, n: int, similarity: float | None = None, matched: int = 1
    ) -> list[int]:
        return unfiltered(self, n)

    monkeypatch.setattr(WordingIndex, "neighbours", every_candidate)
    assert indexed
    assert indexed == findings(check_type)
