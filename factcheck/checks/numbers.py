"""Number rules and checks: figures against the rules and across documents.

A ``number`` rule states a quantity about a subject (84 countries in the
coalition, as of July 2023); every figure in the text that counts the rule's
noun near the rule's subject words, at a time the rule is valid for, must be
compatible with it.  Figures no rule judges are compared across documents:
the same noun in similar sentences about the same subject (names), at the same
time, must agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from factcheck.checks.base import Check, DocumentReport, Location
from factcheck.checks.settings import parse_settings
from factcheck.claims.intervals import Interval, compatible, with_tolerance
from factcheck.claims.mentions import MentionRule
from factcheck.claims.proper_names import (
    Name,
    name_words,
    names_json,
    same_subject,
    subject_roles,
)
from factcheck.claims.quantities import quantities
from factcheck.claims.reading import NumberClaim, read_claims
from factcheck.claims.records import evidence, listed_contradictions, location_json, twins
from factcheck.claims.resolve import DateValue
from factcheck.claims.text import content_words, normalize_word
from factcheck.codes import Code, Example
from factcheck.corpus.document import Document
from factcheck.findings import Category, Finding, Severity
from factcheck.rules.base import Date


def parse_figure(text: str) -> Interval:
    """A figure as a rule writes it: '84', 'roughly 100,000', '50 to 100', 'more than 50'."""
    text = text.strip()
    found = list(quantities(text, 0, len(text)))
    if len(found) != 1 or found[0].span.start != 0 or found[0].span.end != len(text):
        raise ValueError(
            f"expected a figure such as 84, 'roughly 100,000', '50 to 100' or 'more than 50', "
            f"got {text!r}"
        )
    return found[0].interval


class NumberRule(MentionRule):
    message_placeholders: ClassVar[frozenset[str] | None] = frozenset(
        {"claimed", "subject", "expected", "when"}
    )

    type: Literal["number"]
    subject: str = Field(min_length=1, description="What the figure is about, for messages.")
    value: int | float | str = Field(
        description="The figure: 84, 'roughly 100,000', '50 to 100', 'more than 50'."
    )
    tolerance: int | float | str | None = Field(
        default=None,
        description="How far a figure may stray: a number, or a percentage such as '5%'. "
        "Default: what the figure's written precision implies.",
    )
    unit: list[str] = Field(
        default_factory=list,
        description="The nouns the figure counts ('countries', 'times stronger than morphine').",
    )
    valid_from: Date | None = None
    valid_until: Date | None = None
    _unit_keys: tuple[tuple[str, ...], ...] = PrivateAttr(default=())

    @field_validator("value")
    @classmethod
    def _check_value(cls, value: int | float | str) -> int | float | str:
        parse_figure(str(value))
        return value

    @field_validator("tolerance")
    @classmethod
    def _check_tolerance(cls, value: int | float | str | None) -> int | float | str | None:
        if isinstance(value, str):
            number = value.strip().removesuffix("%")
            if not value.strip().endswith("%") or not _is_number(number):
                raise ValueError(
                    f"tolerance must be a number or a percentage such as '5%', got {value!r}"
                )
        if value is not None and float(str(value).strip().removesuffix("%")) < 0:
            raise ValueError("tolerance must not be negative")
        return value

    @field_validator("unit", mode="before")
    @classmethod
    def _one_unit(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check_recognition(self) -> NumberRule:
        self._unit_keys = tuple(
            tuple(normalize_word(w) for w in unit.split()) for unit in self.unit
        )
        if not self.unit and not self.patterns:
            raise ValueError("a number rule needs a 'unit' or 'patterns' to recognise its mentions")
        if (
            self.valid_from
            and self.valid_until
            and self.valid_until.last_day() < self.valid_from.first_day()
        ):
            raise ValueError("valid_until is before valid_from")
        return self

    def figure(self) -> Interval:
        bounds = parse_figure(str(self.value))
        absolute = self.absolute_tolerance(bounds)
        return bounds if absolute is None else with_tolerance(bounds, absolute)

    def absolute_tolerance(self, bounds: Interval) -> float | None:
        if self.tolerance is None:
            return None
        text = str(self.tolerance).strip()
        if text.endswith("%"):
            return float(text[:-1]) / 100 * max(abs(v) for v in bounds.stated)
        return float(text)

    def validity(self) -> DateValue | None:
        if self.valid_from is None and self.valid_until is None:
            return None
        first = self.valid_from.first_day() if self.valid_from else dt.date.min
        last = self.valid_until.last_day() if self.valid_until else dt.date.max
        return DateValue(first, last, "period")

    def validity_text(self) -> str:
        if self.valid_from and self.valid_until:
            if self.valid_from == self.valid_until:
                return f" as of {self.valid_from}"
            return f" from {self.valid_from} to {self.valid_until}"
        if self.valid_from:
            return f" from {self.valid_from}"
        if self.valid_until:
            return f" until {self.valid_until}"
        return ""

    def counts(self, claim: NumberClaim) -> bool:
        if not self.unit:
            return True
        key = claim.quantity.noun_key
        for wanted in self._unit_keys:
            if any(key[i : i + len(wanted)] == wanted for i in range(len(key) - len(wanted) + 1)):
                return True
        return False


def _plain(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class NumberSettings(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")
    window_days: int = Field(
        default=7,
        ge=0,
        description="Figures with no date of their own are compared across documents "
        "published at most this many days apart.",
    )
    min_shared_words: int = Field(
        default=2,
        ge=0,
        description="Words (besides the noun) two sentences must share to be about the same thing.",
    )


@dataclass(frozen=True, slots=True)
class NumberFact:
    """A figure no rule judged, kept for comparison across documents."""

    location: Location
    described: str  # the figure and its noun, for messages
    key: tuple[str, ...]
    interval: Interval
    as_of: DateValue | None
    as_of_stated: bool
    context: frozenset[str]
    names: frozenset[Name]  # whom or where its sentence names


# The rule the FC100 examples run under.
_INCB_RULE = """
rules:
  - id: incb-incidents
    type: number
    subject: incidents China submitted to the INCB database
    value: 145
    unit: incidents
    near: [[INCB, database, narcotics control board]]
    examples: {fail: [], pass: []}
"""

CONTRADICTS_RULE = Code(
    "FC100",
    "number-contradicts-rule",
    Category.CONTRADICTION,
    Severity.ERROR,
    "A figure contradicts a number rule.",
    "A figure that counts a rule's noun near the rule's subject words, at a time the rule is "
    "valid for, cannot be true together with the rule's value: `145 incidents` where the "
    "rule says 145 is fine, `415 incidents` is not. Hedges are read as intervals: `roughly "
    "100,000` allows ten per cent either side, `more than 50` anything above 50, `nearly "
    "110,000` a little below; a round figure is taken as rounded to its last significant digit "
    "unless the rule sets a `tolerance`. The rule's evidence is given as a related location.",
    fail=(
        Example.of(
            "Officials said Beijing had reported 415 drug-related incidents to the international "
            "database in November.",
            published="2024-02-02",
            rules=_INCB_RULE,
        ),
    ),
    pass_=(
        Example.of(
            "Beijing submitted 145 drug-related incidents to the international database in "
            "November, officials said.",
            published="2024-02-02",
            rules=_INCB_RULE,
        ),
    ),
)

CONTRADICTS_DOCUMENT = Code(
    "FC103",
    "number-contradicts-document",
    Category.CONTRADICTION,
    Severity.WARNING,
    "Two documents give figures for the same thing, at the same time, that cannot both hold.",
    "Figures that no rule judges are compared across the corpus: the same counted noun, in "
    "sentences that share subject words and, when both name someone or somewhere, a name "
    "(`Laredo` and `Nogales` are two places; `Blinken` is `Antony Blinken`), stated for the "
    "same time (a date in the figure's clause, or publication dates at most `window_days` "
    "apart). Hedged figures that overlap "
    "agree (`roughly 100,000` and `more than 100,000`); figures of different nouns never meet "
    "(`50 times more potent than heroin`, `50 to 100 times stronger than morphine`). Each "
    "side is reported and points at the other; "
    "when more documents agree with a claim than contradict it, only the odd ones out are "
    "reported, each listing the places it contradicts.",
    fail=(
        Example.of(
            "Blinken will host envoys from 84 countries on Friday to discuss the synthetic "
            "drug supply chain.",
            "Blinken will host envoys from 48 countries on Friday to discuss the synthetic drug "
            "supply chain, the department said.",
            published="2023-07-06",
        ),
        Example.of(
            "Customs officers in Laredo seized 412 kilograms of methamphetamine at the border "
            "crossing in March.",
            "Border agents at the Laredo crossing seized 214 kilograms of methamphetamine in "
            "March, customs officers said.",
            published="2024-04-15",
        ),
    ),
    pass_=(
        Example.of(
            "Blinken will host envoys from 84 countries on Friday to discuss the synthetic "
            "drug supply chain.",
            "More than 80 countries will send envoys to Blinken's meeting on the synthetic drug "
            "supply chain on Friday.",
            published="2023-07-06",
        ),
        Example.of(
            "Fentanyl is 50 times more potent than heroin, doctors warn.",
            "Fentanyl is 50 to 100 times stronger than morphine, doctors warn.",
            published="2023-07-06",
        ),
        Example.of(
            "Customs officers in Laredo seized 412 kilograms of methamphetamine at the border "
            "crossing in March.",
            "Customs officers in Nogales seized 96 kilograms of methamphetamine at the border "
            "crossing in March.",
            published="2024-04-15",
        ),
    ),
)


class NumberCheck(Check):
    name = "numbers"
    codes = (CONTRADICTS_RULE, CONTRADICTS_DOCUMENT)
    rule_models = (NumberRule,)
    settings_model = NumberSettings

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.settings = parse_settings(NumberSettings, self.name, self.context.settings)
        self.rules = self.context.rules.of_type(NumberRule)
        # Each rule with the period it holds for, worked out once: every figure
        # of every document is tried against every rule.
        self._validities = [(rule, rule.validity()) for rule in self.rules]

    def analyze(self, doc: Document) -> DocumentReport:
        findings: list[Finding] = []
        facts: list[NumberFact] = []
        for claim in read_claims(doc).numbers:
            quantity = claim.quantity
            if quantity.referential:
                continue
            location = Location.of(doc, quantity.span.start, quantity.span.end)
            judged = False
            for rule in self._applicable(doc, claim):
                judged = True
                finding = self._judge(doc, claim, rule, location)
                if finding is not None:
                    findings.append(finding)
            if not judged and quantity.noun:
                facts.append(
                    NumberFact(
                        location,
                        quantity.described,
                        quantity.noun_key,
                        quantity.interval,
                        claim.as_of,
                        claim.as_of_stated,
                        content_words(doc.text[claim.sentence.start : claim.sentence.end])
                        - set(quantity.noun_key),
                        claim.names,
                    )
                )
        return DocumentReport(findings, facts)

    def claims(self, doc: Document) -> list[dict[str, Any]]:
        records = []
        for claim in read_claims(doc).numbers:
            quantity = claim.quantity
            location = Location.of(doc, quantity.span.start, quantity.span.end)
            records.append(
                {
                    "kind": "number",
                    "location": location_json(location),
                    "text": quantity.text,
                    "stated": [_plain(v) for v in sorted(set(quantity.interval.stated))],
                    "interval": quantity.interval.to_json(),
                    "open": [quantity.interval.low_open, quantity.interval.high_open],
                    "hedge": quantity.interval.hedge.value,
                    "noun": quantity.noun,
                    "referential": quantity.referential,
                    "as_of": claim.as_of.label() if claim.as_of else None,
                    "names": names_json(claim.names),
                    "rules": [rule.id for rule in self._applicable(doc, claim)],
                }
            )
        return records

    def _applicable(self, doc: Document, claim: NumberClaim) -> Iterable[NumberRule]:
        """The rules that recognise ``claim`` as a mention and hold at its date."""
        span = claim.quantity.span
        for rule, validity in self._validities:
            if validity is not None and (claim.as_of is None or not validity.overlaps(claim.as_of)):
                continue
            if not rule.counts(claim):
                continue
            if rule.near_matches(doc.text, claim.sentence, span) is None:
                continue
            if rule.patterns and not any(
                s.start <= span.start < s.end for s in rule.slots(doc.text, claim.sentence)
            ):
                continue
            yield rule

    def _judge(
        self, doc: Document, claim: NumberClaim, rule: NumberRule, location: Location
    ) -> Finding | None:
        expected = rule.figure()
        written = claim.quantity.interval
        absolute = rule.absolute_tolerance(expected)
        if absolute is not None:
            written = with_tolerance(written, absolute)
        if compatible(written, expected):
            return None
        message = rule.render_message(
            "'{claimed}' contradicts the rule: {subject} is {expected}{when}",
            claimed=claim.quantity.described,
            subject=rule.subject,
            expected=expected.describe(),
            when=rule.validity_text(),
        )
        return location.finding(CONTRADICTS_RULE, message, rule=rule, related=evidence(rule))

    def group_facts(self, facts: Any) -> Iterable[tuple[Hashable, Any]]:
        # Figures are only ever compared with figures of the same key.
        parts: dict[tuple[str, ...], list[NumberFact]] = {}
        for fact in facts:
            parts.setdefault(fact.key, []).append(fact)
        return parts.items()

    def reach_keys(self, facts: Any) -> Iterable[Hashable]:
        return self._keys(facts, probe=False)

    def probe_keys(self, facts: Any) -> Iterable[Hashable]:
        return self._keys(facts, probe=True)

    def _keys(self, facts: Any, probe: bool) -> set[Hashable]:
        """The keys a document's figures are found under, or look up (``probe``).

        Figures compared share the noun, ``min_shared_words`` context words and
        a subject.  Figures whose sentences name someone meet under the noun and
        each word of their names (a name held within another shares all its
        words).  A figure naming no one meets every figure of its noun whose
        context it shares, named or not: under the noun and pairs of context
        words (blocking keys: "percent" alone is in half of a news corpus),
        looked up in the "nameless" role by named figures and found in the
        "any" role by nameless ones."""
        from factcheck.similarity import blocking_keys, word_rarity

        shared = self.settings.min_shared_words
        keys: set[Hashable] = set()
        for fact in facts:
            if fact.as_of is None:
                continue  # never compared
            context = (
                blocking_keys(fact.context, word_rarity, min_jaccard=0, min_shared=shared, width=2)
                if shared
                else {()}
            )
            words = name_words(fact.names)
            keys.update((fact.key, "name", word) for word in words)
            roles = subject_roles(words, probe)
            keys.update((fact.key, role, words_) for role in roles for words_ in context)
        return keys

    def compare(self, facts: Mapping[str, Any]) -> Iterable[Finding]:
        return listed_contradictions(
            self._contradictions(facts),
            CONTRADICTS_DOCUMENT,
            lambda fact: f"'{fact.described}'",
            "same subject, same time",
        )

    def _contradictions(
        self, facts: Mapping[str, Any]
    ) -> Iterator[tuple[list[NumberFact], list[NumberFact], bool]]:
        """Groups of figures for the same thing at the same time, and whether they clash."""
        by_key: dict[tuple[str, ...], list[NumberFact]] = {}
        for path in sorted(facts):
            for fact in facts[path]:
                if fact.as_of is not None:
                    by_key.setdefault(fact.key, []).append(fact)
        window = dt.timedelta(days=self.settings.window_days)
        for same_noun in by_key.values():
            # Figures only meet when stated for overlapping or nearby times: sort
            # by when they hold and look ahead no further than the window.
            groups = sorted(twins(same_noun, _signature), key=lambda g: _as_of_first(g[0]))
            # Figures naming subjects that share no word are never comparable
            # (``same_subject``); testing that on word sets first keeps a noun
            # that every local story uses from costing a full test per pair.
            words = [name_words(group[0].names) for group in groups]
            for i, group in enumerate(groups):
                a = group[0]
                if len(group) > 1 and self._comparable(a, a):
                    yield group, group, False
                last = _as_of_last(a)
                horizon = last + window if last < dt.date.max - window else dt.date.max
                for j in range(i + 1, len(groups)):
                    other = groups[j]
                    b = other[0]
                    if _as_of_first(b) > horizon:
                        break
                    if words[i] and words[j] and words[i].isdisjoint(words[j]):
                        continue
                    if self._comparable(a, b):
                        yield group, other, not compatible(a.interval, b.interval)

    def _comparable(self, a: NumberFact, b: NumberFact) -> bool:
        if len(a.context & b.context) < self.settings.min_shared_words:
            return False
        if not same_subject(a.names, b.names):
            return False
        if a.as_of is None or b.as_of is None:
            return False
        if a.as_of_stated or b.as_of_stated:
            return a.as_of.overlaps(b.as_of)
        gap = max((b.as_of.first - a.as_of.last).days, (a.as_of.first - b.as_of.last).days, 0)
        return gap <= self.settings.window_days


def _signature(fact: NumberFact) -> Hashable:
    return (fact.key, fact.interval, fact.as_of, fact.as_of_stated, fact.context, fact.names)


def _as_of_first(fact: NumberFact) -> dt.date:
    assert fact.as_of is not None
    return fact.as_of.first


def _as_of_last(fact: NumberFact) -> dt.date:
    assert fact.as_of is not None
    return fact.as_of.last


CHECKS = (NumberCheck,)
