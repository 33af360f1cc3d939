"""A bigram language model over the word and bigram counts that ship with
symspellpy (Google Web 1T derived: 82,765 words, 243,342 bigrams).

The counts are read from the installed package's data files (never its code,
never the network); parsing takes about a quarter of a second, so the model is
built once per process, on first use.
"""

from __future__ import annotations

import functools
import math
from importlib import resources

_UNIGRAMS = "frequency_dictionary_en_82_765.txt"
_BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"
# Stupid-backoff weight for a bigram the table lacks (Brants et al. 2007).
BACKOFF = 0.4


class LanguageModel:
    def __init__(self, unigrams: dict[str, int], bigrams: dict[tuple[str, str], int]) -> None:
        self.unigrams = unigrams
        self.bigrams = bigrams
        self.total = sum(unigrams.values())
        # The bigram table stops at a count threshold; an absent bigram is
        # known to be rarer than that, which bounds its estimate from above.
        self.bigram_floor = min(bigrams.values()) if bigrams else 1

    def known(self, word: str) -> bool:
        return word in self.unigrams

    def unigram_logp(self, word: str) -> float:
        return math.log((self.unigrams.get(word, 0) + 1) / self.total)

    def logp(self, word: str, previous: str | None) -> float:
        """log P(word | previous) with stupid backoff to the unigram estimate."""
        if previous is None:
            return self.unigram_logp(word)
        pair = self.bigrams.get((previous, word))
        head = self.unigrams.get(previous)
        if pair and head:
            return math.log(pair / head)
        backed = math.log(BACKOFF) + self.unigram_logp(word)
        if head:
            # Absent from a table cut at ``bigram_floor``: at most that often.
            backed = min(backed, math.log(self.bigram_floor / head))
        return backed

    def has_bigram(self, first: str, second: str) -> bool:
        return (first, second) in self.bigrams


def _read(name: str) -> list[tuple[str, int]]:
    text = (resources.files("symspellpy") / name).read_text("utf-8")
    rows = []
    for line in text.splitlines():
        words, _, count = line.rpartition(" ")
        rows.append((words, int(count)))
    return rows


@functools.cache
def english() -> LanguageModel:
    unigrams = dict(_read(_UNIGRAMS))
    bigrams: dict[tuple[str, str], int] = {}
    for words, count in _read(_BIGRAMS):
        first, _, second = words.partition(" ")
        bigrams[(first, second)] = count
    return LanguageModel(unigrams, bigrams)
