"""Date rules and checks: event dates against the rules and across documents,
and weekdays that do not match their dates.

A ``date`` rule states when an event happened (China banned fentanyl in 2019);
every date written in a clause that names the event (all of the rule's
``near`` words, or a ``patterns`` slot) is resolved against the publication
date and must overlap the rule's date.  When a clause holds several dates, it
agrees with the rule if any of them does ("In 2016 China agreed ..., and Xi
again agreed ... in 2018" names both promises).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from factcheck.checks.base import Check, DocumentReport, Location
from factcheck.checks.date_index import NEAR_PUBLICATION, OTHER_DATES, SINCE, DateIndex
from factcheck.checks.settings import parse_settings
from factcheck.claims.mentions import MentionRule
from factcheck.claims.proper_names import (
    Name,
    name_words,
    names_json,
    same_subject,
    subject_roles,
)
from factcheck.claims.reading import DateClaim, read_claims
from factcheck.claims.records import contradiction_findings, evidence, location_json
from factcheck.claims.resolve import DateValue
from factcheck.claims.text import Span, content_words
from factcheck.codes import Code, Example
from factcheck.corpus.document import Document
from factcheck.findings import Category, Finding, Severity
from factcheck.rules.base import Date
from factcheck.similarity import blocking_keys, similar_id_pairs, word_rarity

# Event words per blocking key (capped by min_shared_words): a corpus about
# one story has its topic words ("fentanyl") in most dates, so keys of one or
# two words would still gather most documents.
_KEY_WIDTH = 3
# Dates after these words say when something started, not when it happened.
_SINCE = frozenset({"since", "after"})


class DateRule(MentionRule):
    slot_name: ClassVar[str] = "date"
    message_placeholders: ClassVar[frozenset[str] | None] = frozenset(
        {"written", "event", "expected", "resolved"}
    )

    type: Literal["date"]
    event: str = Field(min_length=1, description="What happened, for messages.")
    date: Date = Field(description="When: YYYY, YYYY-MM or YYYY-MM-DD.")

    @model_validator(mode="after")
    def _check_recognition(self) -> DateRule:
        if not self.near and not self.patterns:
            raise ValueError(
                "a date rule needs 'near' words or 'patterns' to recognise its mentions"
            )
        return self


class DateSettings(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")
    date_order: Literal["MDY", "DMY", "YMD"] = Field(
        default="MDY", description="How to read numeric dates such as 7/8/2023."
    )
    min_similarity: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description="How alike (Jaccard, over content words) two clauses must be to name "
        "the same event.",
    )
    min_shared_words: int = Field(
        default=3, ge=1, description="Words two clauses must share to name the same event."
    )
    window_days: int = Field(
        default=7,
        ge=0,
        description="Dates counted from publication ('on Friday', 'this week') are compared "
        "across documents published at most this many days apart.",
    )
    context_chars: int = Field(
        default=100,
        ge=10,
        description="How far around a date (within its clause) the words naming its event "
        "are taken from.",
    )


@dataclass(frozen=True, slots=True)
class DateFact:
    """A date no rule judged, kept for comparison across documents."""

    location: Location
    text: str
    value: DateValue
    since: bool
    event: frozenset[str]  # content words around the date, in its clause
    # Every date in the clause: "a meeting Friday, the department said Thursday"
    # names two days, and another account of it must contradict both.
    clause_dates: tuple[DateValue, ...]
    relative: bool  # resolved against the publication date
    near_publication: bool  # "on Friday", "this week": counted from the publication date
    published: DateValue | None
    names: frozenset[Name]  # whom or where its sentence names


_RULE = """
rules:
  - id: fentanyl-ban
    type: date
    event: China banned the sale of fentanyl
    date: 2019
    near: [[banned, ban, scheduled, prohibited], fentanyl]
    examples: {fail: [], pass: []}
"""

CONTRADICTS_RULE = Code(
    "FC101",
    "date-contradicts-rule",
    Category.CONTRADICTION,
    Severity.ERROR,
    "A date given for an event contradicts a date rule.",
    "Dates are resolved against the publication date in force where they stand ('last "
    "August' in a January 2023 article is August 2022; 'a few years ago' is two to five years "
    "back) and compared with the rule's date at the precision written: 'in 2019' agrees with "
    "2019-05, 'in 2017' does not. A clause with several dates agrees if any of them does. The "
    "rule's evidence is given as a related location.",
    fail=(
        Example.of(
            "China banned the sale of fentanyl in 2017, cutting off direct shipments.",
            published="2024-01-29",
            rules=_RULE,
        ),
        Example.of(
            "Two years ago, Beijing banned fentanyl outright.", published="2024-01-29", rules=_RULE
        ),
    ),
    pass_=(
        Example.of(
            "China banned the sale of fentanyl in 2019, cutting off direct shipments.",
            published="2024-01-29",
            rules=_RULE,
        ),
        Example.of(
            "A few years ago Beijing scheduled fentanyl as a controlled drug.",
            published="2023-06-21",
            rules=_RULE,
        ),
    ),
)

WEEKDAY_MISMATCH = Code(
    "FC102",
    "weekday-mismatch",
    Category.CONTRADICTION,
    Severity.ERROR,
    "A date is given with the wrong day of the week.",
    "'Friday, July 8, 2023' cannot be right: July 8, 2023 was a Saturday. Either the weekday "
    "or the date is wrong; the suggested fix keeps the date and corrects the weekday. When "
    "the year is not written it is the one nearest the publication date.",
    fixable=True,
    fail=(
        Example.of("The summit opened on Friday, July 8, 2023, in Washington."),
        Example.of("Talks resume on Monday, January 30, officials said.", published="2024-01-28"),
    ),
    pass_=(
        Example.of("The summit opened on Saturday, July 8, 2023, in Washington."),
        Example.of("Talks resume on Tuesday, January 30.", published="2024-01-28"),
    ),
)

CONTRADICTS_DOCUMENT = Code(
    "FC104",
    "date-contradicts-document",
    Category.CONTRADICTION,
    Severity.WARNING,
    "Two documents date the same event differently.",
    "Dates that no rule judges are compared across the corpus: two clauses that describe the "
    "same event (mostly the same words) must give dates that overlap once resolved against "
    "each document's publication date. 'last August' in January 2023 and 'in August 2022' "
    "agree. Sentences that both name someone or somewhere must share a name: the Laredo and "
    "the Nogales councils meeting in different months are two events. "
    "Each side is reported and points at the other; "
    "when more documents agree with a claim than contradict it, only the odd ones out are "
    "reported, each listing the places it contradicts.",
    fail=(
        Example.of(
            "Beijing halted its counternarcotics cooperation with Washington in August 2022.",
            "Beijing halted its counternarcotics cooperation with Washington in May 2021.",
            published="2023-01-20",
        ),
        Example.of(
            "The Laredo city council will vote on the port security budget in April 2025.",
            "The Laredo city council will vote on the port security budget in June 2025, the "
            "mayor said.",
            published="2024-11-04",
        ),
    ),
    pass_=(
        Example.of(
            "Beijing halted its counternarcotics cooperation with Washington last August.",
            "Beijing halted its counternarcotics cooperation with Washington in August 2022.",
            published="2023-01-20",
        ),
        Example.of(
            "The Laredo city council will vote on the port security budget in April 2025.",
            "The Nogales city council will vote on the port security budget in June 2025.",
            published="2024-11-04",
        ),
    ),
)


class DateCheck(Check):
    name = "dates"
    codes = (CONTRADICTS_RULE, WEEKDAY_MISMATCH, CONTRADICTS_DOCUMENT)
    rule_models = (DateRule,)
    settings_model = DateSettings
    facts_on_demand = True

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.settings = parse_settings(DateSettings, self.name, self.context.settings)
        self.rules = self.context.rules.of_type(DateRule)

    def analyze(self, doc: Document) -> DocumentReport:
        claims = read_claims(doc, self.settings.date_order).dates
        findings = [f for claim in claims if (f := _weekday_finding(doc, claim)) is not None]
        judged: set[int] = set()
        by_clause: dict[Span, list[DateClaim]] = {}
        for claim in claims:
            by_clause.setdefault(claim.clause, []).append(claim)
        for clause, dated in by_clause.items():
            for rule in self.rules:
                mentions = self._mentions(doc, rule, clause, dated)
                if not mentions:
                    continue
                judged.update(id(m) for m, _ in mentions)
                finding = self._judge(doc, rule, mentions)
                if finding is not None:
                    findings.append(finding)
        facts = [
            DateFact(
                Location.of(doc, c.expression.span.start, c.expression.span.end),
                c.expression.text,
                c.resolved.value,
                c.expression.preposition in _SINCE,
                _event_words(doc.text, c, self.settings.context_chars),
                tuple(d.resolved.value for d in by_clause[c.clause] if d.resolved.value),
                c.resolved.relative,
                _near_publication(c),
                DateValue.of(c.published) if c.published else None,
                c.names,
            )
            for c in claims
            if id(c) not in judged and c.resolved.value is not None
        ]
        return DocumentReport(findings, facts)

    def claims(self, doc: Document) -> list[dict[str, Any]]:
        records = []
        for claim in read_claims(doc, self.settings.date_order).dates:
            span = claim.expression.span
            value = claim.resolved.value
            records.append(
                {
                    "kind": "date",
                    "location": location_json(Location.of(doc, span.start, span.end)),
                    "text": claim.expression.text,
                    "value": value.label() if value else None,
                    "first": value.first.isoformat() if value else None,
                    "last": value.last.isoformat() if value else None,
                    "granularity": value.granularity if value else None,
                    "relative": claim.resolved.relative,
                    "published": str(claim.published) if claim.published else None,
                    "preposition": claim.expression.preposition or None,
                    "weekday_mismatch": claim.resolved.weekday_written is not None,
                    "names": names_json(claim.names),
                    "rules": [
                        rule.id
                        for rule in self.rules
                        if self._mentions(doc, rule, claim.clause, [claim])
                    ],
                }
            )
        return records

    def _mentions(
        self, doc: Document, rule: DateRule, clause: Span, dated: list[DateClaim]
    ) -> list[tuple[DateClaim, list[int]]]:
        """The dates in ``clause`` that name the rule's event, each with where
        its ``near`` words stand."""
        slots = list(rule.slots(doc.text, clause)) if rule.patterns else []
        found = []
        for claim in dated:
            span = claim.expression.span
            if claim.resolved.value is None:
                continue
            if rule.patterns and not any(s.start <= span.start < s.end for s in slots):
                continue
            anchors = rule.near_matches(doc.text, clause, span)
            if anchors is not None:
                found.append((claim, anchors or [span.start]))
        return found

    def _judge(
        self, doc: Document, rule: DateRule, mentions: list[tuple[DateClaim, list[int]]]
    ) -> Finding | None:
        expected = DateValue.of(rule.date)
        values = [(m, m.resolved.value) for m, _ in mentions]
        if any(value is not None and value.overlaps(expected) for _, value in values):
            return None
        claim, _ = min(
            mentions,
            key=lambda item: min(abs(item[0].expression.span.start - a) for a in item[1]),
        )
        value = claim.resolved.value
        assert value is not None
        written = claim.expression.text
        resolved = value.label()
        shown = f"'{written}'" if written == resolved else f"'{written}' ({resolved})"
        message = rule.render_message(
            "{written} contradicts the rule: {event} in {expected}",
            written=shown,
            event=rule.event,
            expected=rule.date,
            resolved=resolved,
        )
        location = Location.of(doc, claim.expression.span.start, claim.expression.span.end)
        return location.finding(CONTRADICTS_RULE, message, rule=rule, related=evidence(rule))

    # No group_facts: a date is reported against every date of the same event
    # (counted, the first few listed, reported only when outnumbered), and
    # "the same event" (word sets alike) is no equivalence: two dates meeting
    # a third may share no word, so no one key holds a date and all its
    # neighbours.

    def reach_keys(self, facts: Any) -> Iterable[Hashable]:
        return self._keys(facts, probe=False)

    def probe_keys(self, facts: Any) -> Iterable[Hashable]:
        return self._keys(facts, probe=True)

    def _keys(self, facts: Any, probe: bool) -> list[tuple[str, ...]]:
        """The keys a document's dates are found under, or look up (``probe``).

        Every date that can be paired with one of this document's dates has a
        blocking key of event words in common with it, and twins (same event
        words) have the same keys, so the documents sharing a key hold every
        date a finding here counts or lists.  Dates whose sentences name
        someone also share a word of their names (a name held within another
        shares all its words): they meet under a name word and a blocking key.
        A date naming no one meets every date of a similar event: looked up in
        the "nameless" role by named dates, found in the "any" role by
        nameless ones."""
        keys: set[tuple[str, ...]] = set()
        for fact in facts:
            blocks = blocking_keys(
                fact.event,
                word_rarity,
                min_jaccard=self.settings.min_similarity,
                min_shared=self.settings.min_shared_words,
                width=_KEY_WIDTH,
            )
            words = name_words(fact.names)
            keys.update(("name", word, *block) for word in words for block in blocks)
            keys.update((role, *block) for role in subject_roles(words, probe) for block in blocks)
        return sorted(keys)

    def compare(self, facts: Mapping[str, Any]) -> Iterable[Finding]:
        index = DateIndex(facts)
        return contradiction_findings(
            self._contradictions(index),
            index,
            CONTRADICTS_DOCUMENT,
            lambda fact: f"'{fact.text}' ({fact.value.label()})",
            "the same event",
        )

    def _contradictions(self, index: DateIndex) -> Iterator[tuple[int, int, bool]]:
        """Groups of dates of the same event (numbers in ``index``), and
        whether they clash, in ascending order."""
        for group in range(len(index)):
            # A group is the same event as itself (the same names, a Jaccard
            # of 1) when it has the words two dates must share.
            if (
                index.repeated(group)
                and index.events.size(group) >= self.settings.min_shared_words
                and self._same_occasion(index, group, group)
            ):
                yield group, group, False
        # Dates whose sentences name someone are the same event only when a
        # name of one is within a name of the other (``same_subject``), so they
        # share a name word: blocking by it keeps one event told of every town
        # from pairing every document with every other.
        pairs = similar_id_pairs(
            index.events,
            min_jaccard=self.settings.min_similarity,
            min_shared=self.settings.min_shared_words,
            tags=index.tags(),
        )
        flags, names, named, value = index.flags, index.names, index.named, index.value
        relative = index.relative
        for i, j in pairs:
            if (flags[i] ^ flags[j]) & SINCE:
                continue
            # ``similar_id_pairs`` has compared their words; a set of names
            # is the same subject as itself.
            if named[i] != named[j] and not same_subject(names[named[i]], names[named[j]]):
                continue
            # Dates neither relative nor counted from publication are of one
            # occasion (``_same_occasion``).
            if (
                relative[i] or (flags[i] | flags[j]) & NEAR_PUBLICATION
            ) and not self._same_occasion(index, i, j):
                continue
            first, last = value[2 * i], value[2 * i + 1]
            start, end = value[2 * j], value[2 * j + 1]
            # A date against every date of the other's clause, its own first.
            agree = (
                (first <= end and start <= last)
                or (
                    flags[j] & OTHER_DATES
                    and any(first <= e and s <= last for s, e in index.clause(j))
                )
                or (
                    flags[i] & OTHER_DATES
                    and any(start <= e and s <= end for s, e in index.clause(i))
                )
            )
            yield i, j, not agree

    def _same_occasion(self, index: DateIndex, a: int, b: int) -> bool:
        """'met on Friday' in two articles a month apart is two meetings: dates
        that count days or weeks from publication only meet across documents
        published within ``window_days`` of each other."""
        relative = index.relative[a]
        if relative and relative == index.relative[b]:
            # The same relative phrase ("early last year") in documents of
            # different dates reads as boilerplate or a recurring event.
            return index.published_days(a) == index.published_days(b)
        if not (index.flags[a] | index.flags[b]) & NEAR_PUBLICATION:
            return True
        published_a, published_b = index.published_days(a), index.published_days(b)
        if published_a is None or published_b is None:
            return False
        gap = max(published_b[0] - published_a[1], published_a[0] - published_b[1], 0)
        return gap <= self.settings.window_days


def _near_publication(claim: DateClaim) -> bool:
    value = claim.resolved.value
    if not claim.resolved.relative or value is None:
        return False
    return claim.expression.form in ("weekday", "today") or (value.last - value.first).days < 28


def _event_words(text: str, claim: DateClaim, reach: int) -> frozenset[str]:
    """What a date is the date of: the words near it in its clause."""
    start = max(claim.clause.start, claim.expression.span.start - reach)
    end = min(claim.clause.end, claim.expression.span.end + reach)
    return content_words(text[start:end]) - content_words(claim.expression.text)


def _weekday_finding(doc: Document, claim: DateClaim) -> Finding | None:
    resolved = claim.resolved
    if (
        resolved.weekday_written is None
        or resolved.weekday_actual is None
        or resolved.value is None
    ):
        return None
    span = claim.expression.span
    fixed = claim.expression.text.replace(resolved.weekday_written, resolved.weekday_actual, 1)
    year_note = " (year taken from the publication date)" if resolved.relative else ""
    message = (
        f"{resolved.value.first:%B} {resolved.value.first.day}, {resolved.value.first.year} was a "
        f"{resolved.weekday_actual}, not a {resolved.weekday_written}{year_note}"
    )
    return Location.of(doc, span.start, span.end).finding(WEEKDAY_MISMATCH, message, fix=fixed)


CHECKS = (DateCheck,)
