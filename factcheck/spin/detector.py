"""The list-free spin detector: a word whose thesaurus neighbour fits its
context far better than it does.

A synonym spinner swaps words without looking at their neighbours, so what it
writes is improbable exactly where its original is common: "White Home
administration" (the model knows "white house"), "taking motion".  For each
word on the page with thesaurus candidates, the detector compares how well the
word and each candidate attach to the neighbouring words under the bigram
model, measured as pointwise mutual information so that frequent words get no
free advantage.  The bigram table is cut at a count threshold, so an absent
bigram only has an upper bound; the comparison uses it, which keeps the
detector silent wherever the model cannot tell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from factcheck.spin.language_model import LanguageModel
from factcheck.spin.tokens import Token, sentence_breaks, tokenize


@dataclass(frozen=True)
class Suspect:
    start: int
    end: int
    word: str
    original: str
    score: float  # nats by which the original out-fits the word


@dataclass(frozen=True)
class DetectorSettings:
    # Minimum advantage of the original, in nats of PMI summed over both sides.
    threshold: float = 2.5
    # The original must be at least this many times more frequent: spinners
    # reach for rarer synonyms, writers for the usual word.
    min_frequency_ratio: float = 1.0
    # Context words this frequent ("the", "of") say little about fit.
    function_words: int = 60


class SpinDetector:
    def __init__(
        self,
        model: LanguageModel,
        synonyms: dict[str, tuple[str, ...]],
        settings: DetectorSettings | None = None,
    ) -> None:
        self.model = model
        self.synonyms = synonyms
        self.settings = settings or DetectorSettings()
        ranked = sorted(model.unigrams, key=model.unigrams.__getitem__, reverse=True)
        self._function_words = frozenset(ranked[: self.settings.function_words])

    def _pmi(self, first: str, second: str) -> tuple[float, bool] | None:
        """PMI of the pair and whether the table has it (else an upper bound)."""
        unigrams = self.model.unigrams
        a, b = unigrams.get(first), unigrams.get(second)
        if not a or not b:
            return None
        pair = self.model.bigrams.get((first, second))
        count = pair if pair else self.model.bigram_floor
        return math.log(count * self.model.total / (a * b)), pair is not None

    def _advantage(self, word: str, candidate: str, left: str | None, right: str | None) -> float:
        total, evidence = 0.0, False
        for pair_word, pair_candidate in (
            ((left, word), (left, candidate)) if left else (None, None),
            ((word, right), (candidate, right)) if right else (None, None),
        ):
            if pair_word is None or pair_candidate is None:
                continue
            spun = self._pmi(*pair_word)
            orig = self._pmi(*pair_candidate)
            if spun is None or orig is None or not (spun[1] or orig[1]):
                continue  # the table knows neither pair: no evidence either way
            total += orig[0] - spun[0]
            evidence = evidence or orig[1]
        return total if evidence else -math.inf

    def _context(self, tokens: list[Token], index: int, breaks: set[int]) -> tuple[str | None, ...]:
        left = tokens[index - 1].lower if index not in breaks else None
        right = (
            tokens[index + 1].lower if index + 1 < len(tokens) and index + 1 not in breaks else None
        )
        return tuple(w if w not in self._function_words else None for w in (left, right))

    def scan(self, text: str, offset: int = 0) -> list[Suspect]:
        tokens = tokenize(text)
        breaks = sentence_breaks(text, tokens)
        unigrams = self.model.unigrams
        found: list[Suspect] = []
        for index, token in enumerate(tokens):
            word = token.lower
            candidates = self.synonyms.get(word)
            if not candidates or word not in unigrams or not word.isalpha():
                continue
            left, right = self._context(tokens, index, breaks)
            if left is None and right is None:
                continue
            best: tuple[float, str] | None = None
            for candidate in candidates:
                if " " in candidate or candidate not in unigrams:
                    continue
                if unigrams[candidate] < self.settings.min_frequency_ratio * unigrams[word]:
                    continue
                score = self._advantage(word, candidate, left, right)
                if best is None or score > best[0]:
                    best = (score, candidate)
            if best is not None and best[0] >= self.settings.threshold:
                found.append(
                    Suspect(token.start + offset, token.end + offset, token.text, best[1], best[0])
                )
        return found
