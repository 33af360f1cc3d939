"""Altered quotations: a quotation that nearly matches a known one but differs
in words (a mistranscription, a misquote, a spinner's synonym).

- FC450: the quotation nearly matches an attribution rule's quotation.
- FC451: the quotation nearly matches the same quotation in another document
  and no rule settles which wording is right (reported on both sides); only
  quotations of ``min-words`` words or more (8 by default) are compared, as
  short stock phrases recur in many mouths.

A rendering that reproduces the known words exactly, or only part of them, or
leaves words out with an ellipsis, is not altered; neither are differences of
quote marks, punctuation, case, contractions or hyphenation.  When the text
credits the quotation to the rule's own speaker, a looser resemblance suffices
(the speaker says whose words they should be); when it credits them to
somebody else, they are another quotation, not an altered one.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

from pydantic import Field, model_validator

from factcheck.checks.base import Check, CheckContext, DocumentReport
from factcheck.checks.quotation_book import (
    AttributionRule,
    IndexedQuotations,
    QuotationBook,
    QuoteFact,
    counted_rarity,
    counted_words,
    same_person,
)
from factcheck.checks.settings import parse_settings
from factcheck.codes import Code, Example
from factcheck.corpus.document import Document
from factcheck.findings import Category, Finding, Related, Severity
from factcheck.quotations.extract import Quotation
from factcheck.quotations.matching import Change, Comparison
from factcheck.quotations.tokens import Words
from factcheck.rules.base import StrictModel
from factcheck.similarity import shared_needed, word_rarity

_MIN_WORDS = 3

_RULE = """\
rules:
  - id: blinken
    type: entity
    kind: person
    name: Antony Blinken
    aliases: [Blinken]
    examples: {pass: ["Antony Blinken arrived in Beijing."]}
  - id: blinken-taking-it-seriously
    type: attribution
    quotation: "They're taking it seriously. But there's a difference between inputs and impacts."
    speaker: blinken
    examples:
      fail: ["Blinken said China was “taking it very seriously.”"]
      pass: ["Blinken said China was “taking it seriously.”"]
"""

ALTERED_FROM_RULE = Code(
    code="FC450",
    name="altered-quotation",
    category=Category.MISTRANSCRIPTION,
    severity=Severity.WARNING,
    fixable=True,
    summary="A quotation differs in words from the quotation its attribution rule records.",
    explanation=(
        "The quoted words nearly match an attribution rule's quotation but some words "
        "were added, dropped or replaced. The finding lists each difference as "
        "‘rule wording’ → ‘document wording’. Partial quotations, omissions marked "
        "with an ellipsis or brackets, and differences of punctuation, case, "
        "contractions or hyphenation are not reported. The fix puts the rule's "
        "wording back; it is unsafe, as a document may quote another occasion."
    ),
    fail=(
        Example.of("In Beijing, Blinken said China was “taking it very seriously.”", rules=_RULE),
        Example.of(
            "“They're taking it seriously. But there's a big difference between inputs and "
            "impacts,” Blinken told the BBC.",
            rules=_RULE,
        ),
    ),
    pass_=(
        Example.of("Blinken said China was “taking it seriously.”", rules=_RULE),
        Example.of(
            "“They are taking it seriously … between inputs and impacts,” Blinken said.",
            rules=_RULE,
        ),
        Example.of(
            "Blinken told reporters that China was “taking the matter seriously” now.",
            rules=_RULE,
        ),
    ),
)

ALTERED_ACROSS_DOCUMENTS = Code(
    code="FC451",
    name="quotation-differs-across-documents",
    category=Category.MISTRANSCRIPTION,
    severity=Severity.WARNING,
    summary="The same quotation is worded differently in two documents.",
    explanation=(
        "Two documents quote what is nearly the same passage, but the words differ. "
        "With no rule to say which wording is right, both places are reported, each "
        "pointing at the other, with the word-level differences. A quotation that "
        "another document (or a rule) confirms word for word is not reported, nor are "
        "similar words credited to two different people."
    ),
    fail=(
        Example.of(
            "“We have seen a real change in terms of cooperation from China,” Blinken said.",
            "“We have seen a real change in terms of collaboration from China,” Blinken said.",
        ),
    ),
    pass_=(
        Example.of(
            "“We have seen a real change in terms of cooperation,” Blinken said.",
            "Blinken said: “We’ve seen a real change in terms of cooperation from China.”",
        ),
        Example.of(
            "“We have seen a real change,” Blinken said of the talks.",
            "“We have seen a real slowdown in shipments,” Wang Wenbin said.",
        ),
    ),
)


class AlteredSettings(StrictModel):
    similarity: float = Field(default=0.8, ge=0.5, le=1)
    min_words: int = Field(default=8, ge=3, alias="min-words")
    same_speaker_similarity: float = Field(
        default=0.6, ge=0.5, le=1, alias="same-speaker-similarity"
    )

    @model_validator(mode="after")
    def _ordered(self) -> AlteredSettings:
        if self.same_speaker_similarity > self.similarity:
            raise ValueError("same-speaker-similarity cannot exceed similarity")
        return self


class AlteredQuotationCheck(Check):
    name: ClassVar[str] = "altered-quotations"
    codes: ClassVar[tuple[Code, ...]] = (ALTERED_FROM_RULE, ALTERED_ACROSS_DOCUMENTS)
    rule_models = (AttributionRule,)
    settings_model = AlteredSettings
    facts_on_demand = True

    def __init__(self, context: CheckContext) -> None:
        super().__init__(context)
        self.settings = parse_settings(AlteredSettings, self.name, context.settings)
        self.book = QuotationBook.for_rules(context.rules)

    def _altered(self, comparison: Comparison, threshold: float) -> bool:
        return (
            not comparison.exact
            and comparison.matched >= _MIN_WORDS
            and comparison.similarity >= threshold
            and bool(comparison.changes)
        )

    def analyze(self, doc: Document) -> DocumentReport:
        findings: list[Finding] = []
        facts: list[QuoteFact] = []
        for quotation in self.book.quotations(doc):
            fact = QuoteFact.of(doc, quotation)
            location = fact.location
            rendering = fact.rendering()
            if len(rendering.words) < _MIN_WORDS:
                continue
            best = self.book.best_rule(rendering)
            if best is not None:
                known, comparison = best
                threshold = self.settings.similarity
                same = (
                    same_person(fact.speaker, known.speaker, self.book.index)
                    if fact.speaker
                    else None
                )
                if same:
                    threshold = self.settings.same_speaker_similarity
                if comparison.exact:
                    continue  # confirmed by a rule
                # Someone else's words that resemble the rule's are a different
                # quotation (or a misattribution, FC200), not an altered one.
                if same is not False and self._altered(comparison, threshold):
                    rule = known.rule
                    related: list[Related] = []
                    if rule.origin is not None:
                        o = rule.origin
                        related.append(Related(o.path, o.line, o.column, rule.evidence()))
                    changes = "; ".join(str(c) for c in comparison.changes)
                    findings.append(
                        location.finding(
                            ALTERED_FROM_RULE,
                            f"quotation of {known.speaker.name} differs from rule {rule.id}: "
                            f"{changes}",
                            fix=_restored(doc, quotation, comparison.changes),
                            severity=ALTERED_FROM_RULE.severity,
                            related=related,
                            rule=rule,
                        )
                    )
                    continue
            facts.append(fact)
        return DocumentReport(findings, facts)

    # No group_facts: a wording is reported only if no wording elsewhere
    # confirms it and then against the closest one, and "close" is no
    # equivalence.  Reach keys pair words (counted with repeats) in a fixed
    # rarity order, with two roles: the bounds hold on the shorter wording of
    # a pair, which is found under combinations of its rarest words while the
    # longer one looks up every combination of its own.

    def reach_keys(self, facts: Any) -> Iterable[Hashable]:
        return {key for fact in facts for key in self._keys(fact.words, probing=False)}

    def probe_keys(self, facts: Any) -> Iterable[Hashable]:
        # Only wordings long enough to be reported depend on others.
        return {
            key
            for fact in facts
            if len(fact.words) >= self.settings.min_words
            for key in self._keys(fact.words, probing=True)
        }

    def _keys(self, words: Words, probing: bool) -> Iterator[Hashable]:
        """A wording ``n`` is reported or not after the wordings that share
        its words or contain them, and only these can change that:

        - "S"/"L": an alignment reaching ``s`` with ``min_words`` matched
          shares ``max(min_words, s / (2 - s) * L)`` words, ``L`` the shorter
          wording (see ``WordingIndex.neighbours``), and so does a wording
          containing all of ``n`` (``c = L``);
        - "G": a wording with omissions is aligned piece by piece, and only
          the ``min_words`` matched words bound it;
        - "C": a wording of three words or more found whole inside ``n``
          confirms it: found under its rarest words, looked up by every
          stretch of ``n``.
        """
        ordered = sorted(counted_words(words.norms()), key=counted_rarity)
        size = len(ordered)
        share = self.settings.similarity / (2 - self.settings.similarity)
        min_words = self.settings.min_words
        shorter = shared_needed(size, share, min_words)
        as_shorter = _combinations(ordered[: size - shorter + _KEY_WIDTH], shorter <= size)
        as_longer = _combinations(ordered, True)
        gapped = _combinations(ordered[: size - min_words + _KEY_WIDTH], min_words <= size)
        yield from (("L" if probing else "S", key) for key in as_shorter)
        yield from (("S" if probing else "L", key) for key in as_longer)
        if words.gaps or not probing:
            yield from (("G", key) for key in gapped)
        if probing:
            yield from (("C", key) for key in _stretch_keys(words.norms()))
        elif not words.gaps:
            yield "C", _rarest(words.norms())

    def compare(self, facts: Mapping[str, Any]) -> Iterable[Finding]:
        corpus = IndexedQuotations(facts)
        for n in range(len(corpus)):
            if corpus.index.length(n) < self.settings.min_words:
                continue
            if len(corpus.documents(n)) > 1:
                continue  # the same words in another document confirm them
            neighbours = corpus.index.neighbours(n, self.settings.similarity, _MIN_WORDS)
            if not neighbours:
                continue  # nothing to be reported against
            rendering = corpus.rendering(n)
            comparisons = {m: self.book.compare(rendering, corpus.rendering(m)) for m in neighbours}
            for fact in corpus.facts_of(n):
                finding = self._against_corpus(fact, comparisons, corpus)
                if finding is not None:
                    yield finding

    def _against_corpus(
        self, fact: QuoteFact, comparisons: dict[int, Comparison], corpus: IndexedQuotations
    ) -> Finding | None:
        closest: tuple[float, QuoteFact, Comparison] | None = None
        for m, comparison in comparisons.items():
            # The first quotation of the other wording that can speak
            # against this one; the rest are not read.
            other = next(
                (
                    f
                    for f in corpus.facts_of(m)
                    if f.location.path != fact.location.path
                    and not (
                        fact.speaker
                        and f.speaker
                        and same_person(fact.speaker, f.speaker, self.book.index) is False
                    )
                ),
                None,
            )
            if other is None:
                continue
            if comparison.exact and comparison.matched >= _MIN_WORDS:
                return None  # confirmed word for word elsewhere
            if (
                self._altered(comparison, self.settings.similarity)
                and comparison.matched >= self.settings.min_words
            ) and (closest is None or comparison.similarity > closest[0]):
                closest = (comparison.similarity, other, comparison)
        if closest is None:
            return None
        _, other, comparison = closest
        changes = "; ".join(str(c) for c in comparison.changes)
        where = f"{other.location.path}:{other.location.line}"
        return fact.location.finding(
            ALTERED_ACROSS_DOCUMENTS,
            f"quotation worded differently in {where}: {changes}",
            related=[other.related("the other wording")],
        )


# Words per reach key.
_KEY_WIDTH = 2


def _combinations(items: list[tuple[str, int]], enough: bool) -> Iterator[tuple[Any, ...]]:
    return itertools.combinations(items, _KEY_WIDTH) if enough else iter(())


def _rarest(norms: Sequence[str]) -> tuple[str, ...]:
    """The rarest distinct words of a stretch, the same for every stretch of
    the same words."""
    return tuple(sorted(set(norms), key=word_rarity)[:_KEY_WIDTH])


def _stretch_keys(norms: Sequence[str]) -> set[tuple[str, ...]]:
    """``_rarest`` of every stretch of at least ``_MIN_WORDS`` words, each
    stretch grown a word at a time from its start."""
    keys: set[tuple[str, ...]] = set()
    rank = {norm: word_rarity(norm) for norm in norms}
    for start in range(len(norms) - _MIN_WORDS + 1):
        rarest: list[str] = []
        for end in range(start, len(norms)):
            norm = norms[end]
            if norm not in rarest:
                rarest = sorted([*rarest, norm], key=rank.__getitem__)[:_KEY_WIDTH]
            if end - start + 1 >= _MIN_WORDS:
                keys.add(tuple(rarest))
    return keys


def _restored(doc: Document, quotation: Quotation, changes: tuple[Change, ...]) -> str | None:
    """The quotation with the rule's words put back, marks kept: an unsafe fix
    (the document may quote another occasion on purpose)."""
    if len(quotation.pieces) != 1 or any(
        c.found_span is None or c.known_text is None for c in changes
    ):
        return None
    ((start, end),) = quotation.pieces
    closing = doc.text[end : quotation.end]
    if not closing:
        return None  # an unterminated quotation: nothing safe to rewrite
    inner = quotation.text
    curly = "’" in inner  # keep the document's apostrophes
    for change in sorted(changes, key=lambda c: c.found_span or (0, 0), reverse=True):
        assert change.found_span is not None and change.known_text is not None
        a, b = change.found_span
        words = change.known_text.replace("'", "’") if curly else change.known_text
        inner = inner[:a] + words + inner[b:]
    return doc.text[quotation.start : start] + inner + closing


CHECKS = (AlteredQuotationCheck,)
