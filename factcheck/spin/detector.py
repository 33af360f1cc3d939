"""The list-free spin detector: a word (or two-word lemma) whose thesaurus
neighbour fits its sentence far better than it does.

A synonym spinner swaps words without looking at their neighbours, so what it
writes is improbable exactly where its original is common: "the White Home
administration", "taking motion", "metropolis council".  For each span with
thesaurus candidates, the detector scores the span and the two words after it
under a trigram language model, once as written and once with each candidate
in its place; a candidate that raises the log probability by ``threshold``
nats or more is reported as the likely original.  Measured on spun text, this
trigram model (pocketsphinx's) separates spins from ordinary word choice far
better than the thresholded bigram table that ships with symspellpy: at 0.9+
precision it finds ten times as many spins (see docs/mistranscriptions.md).

Thresholds were chosen on spun copies of the clean seeds and checked on
separate text (``benchmarks/spin_eval.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.spin.language_model import LanguageModel
from factcheck.spin.thesaurus import Thesaurus
from factcheck.spin.tokens import Token, sentence_breaks, tokenize

# Longest thesaurus entry tried as one span ("side by side"; four words gain
# nothing in the evaluation).
_MAX_SPAN = 3
# Words scored after the span: the trigram model sees the span in both.
_AFTER = 2
# What a word in context typically costs, in nats (the model's mean on the
# clean seeds is 5.8).
_WORD_COST = 6.0


@dataclass(frozen=True)
class Suspect:
    start: int
    end: int
    text: str
    original: str
    score: float  # nats by which the original out-scores the text
    # The same in context alone, without the unigram prior: the evidence a
    # clean document must show before any line item.
    context_score: float


@dataclass(frozen=True)
class DetectorSettings:
    threshold: float = 8.0
    # Candidates more frequent than this (ln unigram probability: "new",
    # "good", "take", "have") are skipped for a word the model knows: their
    # synsets are so broad that "fits better" says nothing about spinning.
    max_candidate_logp: float = -7.0
    # What a single word outside the model's vocabulary scores, in nats: rarer
    # than nearly every word it knows.
    unknown_logp: float = -13.0
    # Share of the unigram log-probability ratio (candidate over word on the
    # page) added to a single word's score: a spinner's choice is usually the
    # rarer word, which the trigram context alone under-weights.  0.25 was
    # chosen on the evaluation's tune split (0.5 put a finding on clean text).
    # It only counts inside a document judged spun: with it, the clean cut-off
    # flagged "survives" for "lives" in a held-out clean story.
    prior_weight: float = 0.25


class SpinDetector:
    def __init__(
        self,
        model: LanguageModel,
        synonyms: Thesaurus,
        settings: DetectorSettings | None = None,
    ) -> None:
        self.model = model
        self.synonyms = synonyms
        self.settings = settings or DetectorSettings()
        self._too_common: dict[str, bool] = {}

    def _usable(self, candidate: str) -> bool:
        skip = self._too_common.get(candidate)
        if skip is None:
            logp = self.model.logp(candidate.split()[0])
            skip = logp is None or logp > self.settings.max_candidate_logp
            self._too_common[candidate] = skip
        return not skip

    def scan(self, text: str, offset: int = 0) -> list[Suspect]:
        tokens = tokenize(text)
        breaks = sentence_breaks(text, tokens)
        found: list[Suspect] = []
        start = 0
        for end in [*sorted(breaks - {0}), len(tokens)]:
            found += self._sentence(text, tokens[start:end], offset)
            start = end
        return found

    def _sentence(self, text: str, tokens: list[Token], offset: int) -> list[Suspect]:
        words = [t.lower for t in tokens]
        found: list[Suspect] = []
        index = 0
        while index < len(tokens):
            suspect = None
            for length in range(_MAX_SPAN, 0, -1):
                if index + length > len(tokens):
                    continue
                span = " ".join(words[index : index + length])
                if span in self.synonyms and all(
                    w.replace("-", "").isalpha() for w in words[index : index + length]
                ):
                    suspect = self._judge(words, index, length, span)
                    if suspect is not None:
                        first, last = tokens[index], tokens[index + length - 1]
                        found.append(
                            Suspect(
                                first.start + offset,
                                last.end + offset,
                                text[first.start : last.end],
                                suspect[1],
                                suspect[0],
                                suspect[2],
                            )
                        )
                        index += length - 1
                    break
            index += 1
        return found

    def _prior(self, word: str, candidate: str) -> float:
        if " " in word or " " in candidate:
            return 0.0
        written, original = self.model.logp(word), self.model.logp(candidate)
        if written is None or original is None:
            return 0.0
        return self.settings.prior_weight * (original - written)

    def _judge(
        self, words: list[str], index: int, length: int, span: str
    ) -> tuple[float, str, float] | None:
        before = words[max(0, index - 2) : index]
        after = words[index + length : index + length + _AFTER]
        written = [*before, *words[index : index + length], *after]
        unknown = self.settings.unknown_logp if length == 1 else None
        base = self.model.sequence_logp(written, len(before), len(written), unknown)
        if base is None:
            return None
        # A word the model has never seen is no broad everyday word: its
        # synonyms may be as common as they come ("betwixt" -> "between").
        rare = length == 1 and self.model.logp(span) is None
        best: tuple[float, str, float] | None = None
        for candidate in self.synonyms[span]:
            if not rare and not self._usable(candidate):
                continue
            replaced = [*before, *candidate.split(), *after]
            score = self.model.sequence_logp(replaced, len(before), len(replaced))
            if score is None:
                continue
            # A shorter sequence is more probable for being shorter: each word
            # a candidate drops ("motion pictures" -> "pictures") is charged its
            # typical cost.  Words a candidate adds get no credit (crediting
            # them put 102 findings on clean text in the evaluation).
            context = score - base - _WORD_COST * max(0, length - len(candidate.split()))
            gain = context + self._prior(span, candidate)
            if best is None or gain > best[0]:
                best = (gain, candidate, context)
        if best is None or best[0] < self.settings.threshold:
            return None
        return best
