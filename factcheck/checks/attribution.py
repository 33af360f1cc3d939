"""Attribution: who is credited with a quotation.

- FC200: a document credits a rule's quotation to someone other than the
  rule's speaker.
- FC201: two documents credit the same quotation to different people (no rule
  needed; where a rule covers the quotation, the rule decides instead).

A quotation is "the same" when one rendering reproduces at least ``min-words``
words of the other, whatever the quote marks, punctuation or case, or differs
from it only slightly and shares twice as many (short stock phrases recur in
many mouths; the altered-quotation check reports the differences).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any, ClassVar

from pydantic import Field

from factcheck.checks.base import Check, CheckContext, DocumentReport
from factcheck.checks.quotation_book import (
    AttributionRule,
    IndexedQuotations,
    Known,
    QuotationBook,
    QuoteFact,
    counted_rarity,
    counted_words,
    same_person,
    speaker_record,
)
from factcheck.checks.settings import parse_settings
from factcheck.codes import Code, Example
from factcheck.corpus.document import Document
from factcheck.findings import Category, Finding, Related, Severity
from factcheck.quotations.matching import Comparison
from factcheck.quotations.speakers import Speaker
from factcheck.rules.base import StrictModel
from factcheck.similarity import blocking_keys

# Places listed with a conflicting credit; the message counts the rest.
_RELATED_LIMIT = 3

# Similarity from which a slightly different rendering still counts as the
# same quotation (and is reported by the altered-quotation check as well).
SAME_QUOTATION = 0.8

_ENTITIES = """\
rules:
  - id: blinken
    type: entity
    kind: person
    name: Antony Blinken
    aliases: [Blinken, Secretary Blinken, the Secretary of State]
    examples: {pass: ["Antony Blinken arrived in Beijing."]}
  - id: wang-wenbin
    type: entity
    kind: person
    name: Wang Wenbin
    aliases: [Wang]
    examples: {pass: ["Wang Wenbin held a briefing."]}
"""
_RULE = (
    _ENTITIES
    + """\
  - id: blinken-pointing-fingers
    type: attribution
    quotation: "It's not about pointing fingers. It's simply finding a way to cooperate."
    speaker: blinken
    examples:
      fail: ["“It's not about pointing fingers,” Wang said on Tuesday."]
      pass: ["“It's not about pointing fingers,” Blinken said on Tuesday."]
"""
)

MISATTRIBUTED = Code(
    code="FC200",
    name="misattributed-quotation",
    category=Category.ATTRIBUTION,
    severity=Severity.ERROR,
    summary="A quotation is credited to someone other than the speaker its rule names.",
    explanation=(
        "An attribution rule records a quotation and who said it. A document that "
        "reproduces the quotation (in full or in part, with any quote marks, "
        "punctuation or case) but credits it to somebody else is reported, with the "
        "rule as related location. Speakers are compared through entity rules, so "
        "'Blinken', 'Antony Blinken' and 'the Secretary of State' are one person; a "
        "quotation credited to nobody, or to a pronoun or description that cannot be "
        "resolved, is not reported."
    ),
    fail=(
        Example.of(
            "“It’s not about pointing fingers,” Chinese foreign ministry spokesman Wang "
            "Wenbin told reporters in Beijing.",
            rules=_RULE,
        ),
        Example.of(
            "Asked about fentanyl, Wang said: “It's simply finding a way to cooperate.”",
            rules=_RULE,
        ),
    ),
    pass_=(
        Example.of(
            "“It’s not about pointing fingers,” Secretary of State Antony Blinken told CBS.",
            rules=_RULE,
        ),
        Example.of(
            "The Secretary of State said it was “simply finding a way to cooperate.”",
            rules=_RULE,
        ),
        Example.of(
            "Blinken said the dispute was not about blame. Wang said the talks were useful.",
            rules=_RULE,
        ),
    ),
)

CONFLICTING = Code(
    code="FC201",
    name="conflicting-attribution",
    category=Category.ATTRIBUTION,
    severity=Severity.ERROR,
    summary="Two documents credit the same quotation to different people.",
    explanation=(
        "The same quotation (at least `min-words` words in common, 8 by default) is "
        "credited to one person in a document and to another person in a second "
        "document. Both places are reported, each pointing at the other. No rule is "
        "needed; when an attribution rule covers the quotation, FC200 reports the "
        "document that disagrees with the rule instead."
    ),
    fail=(
        Example.of(
            "“We need to see much greater cooperation when it comes to fentanyl,” "
            "Blinken said in Beijing.",
            "“We need to see much greater cooperation when it comes to fentanyl,” "
            "Wang Wenbin said at a briefing.",
        ),
    ),
    pass_=(
        Example.of(
            "“We need to see much greater cooperation,” Blinken said in Beijing.",
            "Antony Blinken told CBS: “We need to see much greater cooperation.”",
        ),
        Example.of(
            "“We need to see much greater cooperation,” Blinken said in Beijing.",
            "“We need to see much greater cooperation,” a spokesman said.",
        ),
    ),
)


class AttributionSettings(StrictModel):
    # Across documents without a rule, short stock phrases ("we are looking
    # into it") are said by many people: only longer quotations are compared.
    min_words: int = Field(default=8, ge=1, alias="min-words")


class AttributionCheck(Check):
    name: ClassVar[str] = "attribution"
    codes: ClassVar[tuple[Code, ...]] = (MISATTRIBUTED, CONFLICTING)
    rule_models = (AttributionRule,)
    settings_model = AttributionSettings
    facts_on_demand = True

    def __init__(self, context: CheckContext) -> None:
        super().__init__(context)
        self.settings = parse_settings(AttributionSettings, self.name, context.settings)
        self.book = QuotationBook.for_rules(context.rules)
        # Any word of an entity's names identifies it for an unresolved name
        # ("Mr. Blinken"); the first entity listed wins a shared word.
        self._by_name_word: dict[str, str] = {}
        for entity in self.book.index.entities.values():
            for name in entity.names():
                for word in name.split():
                    self._by_name_word.setdefault(word.strip(".,").lower(), entity.id)

    def analyze(self, doc: Document) -> DocumentReport:
        findings: list[Finding] = []
        facts: list[QuoteFact] = []
        for quotation in self.book.quotations(doc):
            fact = QuoteFact.of(doc, quotation)
            match = self._rule_for(fact)
            if match is not None:
                known, _ = match
                fact = replace(fact, rule=known.rule.id)
                finding = self._check_rule(fact, known)
                if finding is not None:
                    findings.append(finding)
            facts.append(fact)
        return DocumentReport(findings, facts)

    def _rule_for(self, fact: QuoteFact) -> tuple[Known, Comparison] | None:
        best = self.book.best_rule(fact.rendering())
        if best is None:
            return None
        known, comparison = best
        return best if _same_quotation(comparison, known.rule.min_words) else None

    def _check_rule(self, fact: QuoteFact, known: Known) -> Finding | None:
        speaker = fact.speaker
        if speaker is None or same_person(speaker, known.speaker, self.book.index) is not False:
            return None
        rule = known.rule
        values = {
            "quotation": rule.quotation,
            "speaker": known.speaker.name,
            "credited": speaker.label,
        }
        message = rule.render_message(
            "quotation credited to {credited}, but it is {speaker}'s (rule {rule})",
            rule=rule.id,
            **values,
        )
        related: list[Related] = []
        if rule.origin is not None:
            origin = rule.origin
            related.append(Related(origin.path, origin.line, origin.column, rule.evidence()))
        return fact.location.finding(MISATTRIBUTED, message, related=related, rule=rule)

    # No group_facts: a cluster is closed under "the same quotation", which
    # is no equivalence (a partial quote links two longer ones that differ).
    # Every link, exact or similar, has ``min-words`` words (counted with
    # repeats) in common, so two linked wordings share a pair of words among
    # the first ``len - min-words + 2`` of each in a fixed rarity order.

    def linked_keys(self, facts: Any) -> Iterable[Collection[Hashable]]:
        min_words = self.settings.min_words
        return [
            blocking_keys(
                counted_words(fact.words.norms()),
                counted_rarity,
                min_jaccard=0,
                min_shared=min_words,
                width=2,
            )
            for fact in _compared(facts)
        ]

    def links(self, facts_a: Any, part_a: int, facts_b: Any, part_b: int) -> bool:
        # Either may be the found rendering in ``compare``: both are asked.
        a = _compared(facts_a)[part_a].rendering()
        b = _compared(facts_b)[part_b].rendering()
        min_words = self.settings.min_words
        return _same_quotation(self.book.compare(a, b), min_words) or _same_quotation(
            self.book.compare(b, a), min_words
        )

    def compare(self, facts: Mapping[str, Any]) -> Iterable[Finding]:
        corpus = IndexedQuotations(facts, _is_compared)
        index = corpus.index
        min_words = self.settings.min_words
        # Wordings that are the same quotation (one quotes part of the other)
        # form one cluster.
        parent = list(range(len(corpus)))

        def root(n: int) -> int:
            while parent[n] != n:
                parent[n] = parent[parent[n]]
                n = parent[n]
            return n

        for n in range(len(corpus)):
            for m in index.neighbours(n, SAME_QUOTATION, min_words):
                if m > n and root(m) != root(n):
                    comparison = index.resemblance(n, m)
                    if _same_quotation(comparison, min_words):
                        parent[root(m)] = root(n)
        clusters: dict[int, list[int]] = {}
        for n in range(len(corpus)):
            if index.length(n) >= min_words:
                clusters.setdefault(root(n), []).append(n)
        for cluster in clusters.values():
            # Credits in one document conflict with none elsewhere: the
            # quotations of such a cluster are not read.
            if len(set().union(*(corpus.documents(n) for n in cluster))) > 1:
                yield from self._conflicts([f for n in cluster for f in corpus.facts_of(n)])

    def _person(self, speaker: Speaker) -> str:
        """A key equal for credits of one person (through entity aliases)."""
        if speaker.entity is not None:
            return speaker.entity
        surname = (speaker.name or speaker.text).split()[-1].strip(".,").lower()
        return self._by_name_word.get(surname, f"name:{surname}")

    def _conflicts(self, cluster: list[QuoteFact]) -> Iterator[Finding]:
        """One finding per quotation credited to someone whom another document
        does not credit, pointing at (up to three of) those documents."""
        by_person: dict[str, list[QuoteFact]] = {}
        for fact in cluster:
            assert fact.speaker is not None
            by_person.setdefault(self._person(fact.speaker), []).append(fact)
        if len(by_person) < 2:
            return
        for facts in by_person.values():
            facts.sort(key=_place)
        for person, facts in by_person.items():
            rivals = [f for p, group in by_person.items() if p != person for f in group]
            rivals.sort(key=_place)
            for fact in facts:
                assert fact.speaker is not None
                others = [o for o in rivals if o.location.path != fact.location.path]
                if not others:
                    continue
                first = others[0]
                assert first.speaker is not None
                more = f" and {len(others) - 1} more" if len(others) > 1 else ""
                yield fact.location.finding(
                    CONFLICTING,
                    f"quotation credited to {fact.speaker.label} here but to "
                    f"{first.speaker.label} in {first.location.path}:{first.location.line}{more}",
                    related=[
                        o.related(f"credited to {o.speaker.label if o.speaker else 'nobody'}")
                        for o in others[:_RELATED_LIMIT]
                    ],
                )

    def claims(self, doc: Document) -> list[dict[str, Any]]:
        records = []
        for fact in self.analyze(doc).facts:
            loc = fact.location
            records.append(
                {
                    "kind": "quotation",
                    "text": fact.text,
                    **speaker_record(fact.speaker),
                    "attribution": fact.attribution,
                    "rule": fact.rule,
                    "location": {
                        "line": loc.line,
                        "column": loc.column,
                        "end_line": loc.end_line,
                        "end_column": loc.end_column,
                    },
                }
            )
        return records


def _place(fact: QuoteFact) -> tuple[str, int, int]:
    return (fact.location.path, fact.location.line, fact.location.column)


def _same_quotation(comparison: Comparison, min_words: int) -> bool:
    if comparison.exact:
        return comparison.matched >= min_words
    return comparison.similarity >= SAME_QUOTATION and comparison.matched >= 2 * min_words


def _compared(quotes: Iterable[QuoteFact]) -> list[QuoteFact]:
    return [f for f in quotes if _is_compared(f)]


def _is_compared(fact: QuoteFact) -> bool:
    """Whether a quotation is compared across documents: a rule decides the
    others, and a credit to nobody conflicts with no one."""
    return fact.rule is None and fact.speaker is not None and fact.speaker.name is not None


CHECKS = (AttributionCheck,)
