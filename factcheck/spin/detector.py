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
from typing import TypeVar

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
# A probability is at most 1, so each trigram term is at most 0 nats and a
# candidate's score only falls as its terms are added: once it is below what
# the cut-off needs, the rest need not be looked up.  The slack covers float
# rounding, so the findings are exactly those of scoring every term.
_SLACK = 1e-6
# Entries each of the detector's memos keeps per process before it is
# cleared: a span's candidates take about a kilobyte, a sentence a hundred
# bytes, so each memo stays within about 16 MB.
_SPAN_MEMO = 1 << 14
_SENTENCE_MEMO = 1 << 15
_WORD_MEMO = 1 << 16


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
    # A single word outside the language model's vocabulary.
    unknown: bool = False


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
    # What each word a candidate drops costs inside a document judged spun,
    # in place of the typical word's cost: a phrase written for a single word
    # ("chemical substances" for "chemicals") is a spinner's habit, so there a
    # shorter original is no longer suspect merely for being shorter.
    # Chosen on the evaluation's tune split (1 nat: recall 0.589 -> 0.603 at
    # precision 0.927; 0 put precision at 0.921).  Like the unigram prior it
    # only counts inside a document judged spun.
    spun_word_cost: float = 1.0
    # The cut-off for a single word outside the model's vocabulary, when lower
    # than ``threshold``: inside spun copy nearly every such word with a
    # thesaurus neighbour that fits better at all is a spinner's.
    unknown_threshold: float | None = None


# A span's candidate original: its text, its words (last first), the charge
# for the words it drops, and its prior.
_Candidate = tuple[str, tuple[str, ...], float, float]
# A suspect in a sentence: its first word, its length in words, and its (gain,
# original, context score).
_Judged = tuple[int, int, tuple[float, str, float]]
_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


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
        self._unigrams: dict[str, float | None] = {}
        # Per span: its usable candidates.
        self._candidates: dict[str, tuple[_Candidate, ...]] = {}
        # Per sentence (its words, lower case): what was found in it.  Wire
        # copy and boilerplate repeat sentences across documents.
        self._sentences: dict[str, tuple[_Judged, ...]] = {}

    def _unigram(self, word: str) -> float | None:
        try:
            return self._unigrams[word]
        except KeyError:
            return _remember(self._unigrams, word, self.model.logp(word), _WORD_MEMO)

    def _usable(self, candidate: str) -> bool:
        logp = self._unigram(candidate.split()[0])
        return logp is not None and logp <= self.settings.max_candidate_logp

    def scan(self, text: str, offset: int = 0, tokens: list[Token] | None = None) -> list[Suspect]:
        """Suspects in ``text``, their offsets shifted by ``offset``;
        ``tokens``, if given, are ``tokenize(text)``."""
        if tokens is None:
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
        key = "\n".join(words)
        judged = self._sentences.get(key)
        if judged is None:
            judged = _remember(self._sentences, key, self._judge_sentence(words), _SENTENCE_MEMO)
        found = []
        for index, length, (gain, original, context) in judged:
            first, last = tokens[index], tokens[index + length - 1]
            found.append(
                Suspect(
                    first.start + offset,
                    last.end + offset,
                    text[first.start : last.end],
                    original,
                    gain,
                    context,
                    length == 1 and self._unigram(words[index]) is None,
                )
            )
        return found

    def _judge_sentence(self, words: list[str]) -> tuple[_Judged, ...]:
        # Each word's score in the sentence as written, shared by every span
        # whose window covers it.
        backwards = tuple(reversed(words))
        written = [self.model.query(backwards[i : i + 3]) for i in range(len(words) - 1, -1, -1)]
        # Numbers and codes are not judged.
        alphabetic = [w.replace("-", "").isalpha() for w in words]
        found: list[_Judged] = []
        index = 0
        while index < len(words):
            for length in range(_MAX_SPAN, 0, -1):
                if index + length > len(words):
                    continue
                # Words first: a thesaurus look-up costs more.
                if not all(alphabetic[index : index + length]):
                    continue
                span = " ".join(words[index : index + length])
                candidates = self._span_candidates(span, length)
                if candidates is not None:
                    suspect = self._judge(words, written, index, length, candidates)
                    if suspect is not None:
                        found.append((index, length, suspect))
                        index += length - 1
                    break
            index += 1
        return tuple(found)

    def _prior(self, word: str, candidate: str) -> float:
        if " " in word or " " in candidate:
            dropped = max(0, len(word.split()) - len(candidate.split()))
            return (_WORD_COST - self.settings.spun_word_cost) * dropped
        written, original = self._unigram(word), self._unigram(candidate)
        if written is None or original is None:
            return 0.0
        return self.settings.prior_weight * (original - written)

    def candidates(self, span: str) -> tuple[str, ...]:
        """The candidate originals the detector scores for ``span`` (lower
        case, words separated by single spaces)."""
        return tuple(c[0] for c in self._span_candidates(span, span.count(" ") + 1) or ())

    def _span_candidates(self, span: str, length: int) -> tuple[_Candidate, ...] | None:
        """The usable candidates for ``span``; None when the thesaurus does
        not list it."""
        found = self._candidates.get(span)
        if found is None:
            listed = self.synonyms.get(span)
            if listed is None:
                return None
            # A word the model has never seen is no broad everyday word: its
            # synonyms may be as common as they come ("betwixt" -> "between").
            rare = length == 1 and self._unigram(span) is None
            found = tuple(
                (
                    candidate,
                    tuple(reversed(candidate.split())),
                    # A shorter sequence is more probable for being shorter:
                    # each word a candidate drops ("motion pictures" ->
                    # "pictures") is charged its typical cost.  Words a
                    # candidate adds get no credit (crediting them put 102
                    # findings on clean text in the evaluation).
                    _WORD_COST * max(0, length - len(candidate.split())),
                    self._prior(span, candidate),
                )
                for candidate in listed
                if rare or self._usable(candidate)
            )
            _remember(self._candidates, span, found, _SPAN_MEMO)
        return found

    def _judge(
        self,
        words: list[str],
        written: list[float | None],
        index: int,
        length: int,
        candidates: tuple[_Candidate, ...],
    ) -> tuple[float, str, float] | None:
        if not candidates:
            return None
        end = min(len(words), index + length + _AFTER)
        unknown = self.settings.unknown_logp if length == 1 else None
        threshold = self.settings.threshold
        if length == 1 and self.settings.unknown_threshold is not None and written[index] is None:
            threshold = min(threshold, self.settings.unknown_threshold)
        base = 0.0
        for value in written[index:end]:
            if value is None:
                if unknown is None:
                    return None
                value = unknown
            base += value
        # The window backwards, as the model takes a word and its history.
        after = tuple(reversed(words[index + length : end]))
        before = tuple(reversed(words[max(0, index - 2) : index]))
        query = self.model.query
        best: tuple[float, str, float] | None = None
        # The lowest gain that changes the outcome: the cut-off, or the best
        # candidate's once one passes it.
        bar = threshold
        for candidate, replacing, dropped, prior in candidates:
            # The score a candidate needs to reach the bar.
            floor = bar + base + dropped - prior - _SLACK
            if floor > 0:
                continue
            sequence = after + replacing + before
            score = 0.0
            for at in range(len(after) + len(replacing) - 1, -1, -1):
                value = query(sequence[at : at + 3])
                if value is None:
                    break
                score += value
                if score < floor:
                    break
            else:
                context = score - base - dropped
                gain = context + prior
                if best is None or gain > best[0]:
                    best = (gain, candidate, context)
                    bar = max(bar, gain)
        if best is None or best[0] < threshold:
            return None
        return best


def _remember(memo: dict[_Key, _Value], key: _Key, value: _Value, size: int) -> _Value:
    """Store ``value`` in ``memo``, emptied first when it holds ``size``
    entries: a long run keeps what recent documents share in bounded memory."""
    if len(memo) >= size:
        memo.clear()
    memo[key] = value
    return value
