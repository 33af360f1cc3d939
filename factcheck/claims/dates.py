"""Date expressions in prose: what is written, before it is resolved.

A cheap pre-filter (`has_date_candidate`) decides whether a text is worth
reading at all; numeric dates ("7/8/2023") are left to dateparser, which is
imported only when one is found (see ``numeric_dates``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from factcheck.claims.numerals import SPELLED
from factcheck.claims.text import Span

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
            ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
            ("September", "Sept", "Sep"), ("October", "Oct"), ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Month and weekday names are matched with their capital: "may" and "march" are verbs.
_MONTH = r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|" \
    r"November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"  # fmt: skip
_WEEKDAY = r"(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
_YEAR = r"(?P<year>(?:1[89]|20|21)\d\d)(?!\d|[,.]\d|%|[\u2013-]\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PART = (
    r"(?:(?P<part>(?i:early|late|mid|the\s+(?:end|beginning|start|middle)\s+of|"
    r"the\s+(?:first|second)\s+half\s+of))(?:-|\s+))"
)
_RELATIVE_WORD = r"(?P<relative>(?i:last|this|next|past|final|earlier\s+this|later\s+this))"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        # "Friday, July 8, 2023", "July 8", "July 8th, 2023"
        ("month_day", rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s*{_DAY}\b(?:,?\s+{_YEAR})?"),
        # "8 July 2023", "Friday 8th of July"
        (
            "day_month",
            rf"(?:{_WEEKDAY},?\s+(?:the\s+)?)?\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?",
        ),
        # "last August", "early February", "April 2023", "in late May"
        ("month", rf"(?:{_PART})?(?:{_RELATIVE_WORD}\s+)?{_MONTH}(?:,?\s+{_YEAR})?"),
        # "a few years ago", "two weeks ago", "a year ago"
        (
            "ago",
            rf"(?i:\b(?P<count>a\s+few|a\s+couple\s+of|several|a|an|\d+|{SPELLED})\s+"
            rf"(?P<unit>year|month|week|day)s?\s+ago\b)",
        ),
        # "early last year", "this week", "earlier this month"; a machine-spun
        # "final 12 months" is "last year"
        (
            "relative",
            rf"(?:{_PART})?\b{_RELATIVE_WORD}\s+(?P<unit>(?i:year|month|week|12\s+months))\b",
        ),
        ("today", r"(?P<today>\b(?i:yesterday|today|tomorrow)\b)"),
        # "on Friday", "last Friday", "Friday"
        ("weekday", rf"(?:\b{_RELATIVE_WORD}\s+)?{_WEEKDAY}"),
        # "in 2019", "since 2017", "early 2023", "a 2020 report"
        ("year", rf"(?:{_PART})?(?<![\w$.,/:-]){_YEAR}"),
    )
)  # fmt: skip
# A numeric date: ISO, or day, month and year with slashes, dots or hyphens.
NUMERIC_DATE = re.compile(
    r"(?<![\w./-])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))(?![\w/-]|\.\d)"
)
_CANDIDATE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|day\b|days\b"
    r"|\b(?:1[89]|20|21)\d\d\b|\d[/.-]\d|(?i:\b(?:ago|years?|months?|weeks?|yesterday|today|tomorrow)\b))"
)
_YEAR_WORDS = "in since by from until till through before after during of early late mid"
_YEAR_PREPOSITIONS = frozenset(_YEAR_WORDS.split())
# A month named alone ("May", "March") is a date only after one of these: both
# are verbs too.
_MONTH_PREPOSITIONS = _YEAR_PREPOSITIONS | {"last", "this", "next", "on", "at", "between", "to"}
_PREPOSITION = re.compile(r"\b([A-Za-z]+)\s*$")


@dataclass(frozen=True)
class DateExpression:
    span: Span
    text: str
    form: str  # which pattern read it
    fields: dict[str, str]  # the named groups that matched
    preposition: str  # the word before it ("in", "since", "on"), lower case


def has_date_candidate(text: str, start: int = 0, end: int | None = None) -> bool:
    return _CANDIDATE.search(text, start, len(text) if end is None else end) is not None


def date_expressions(text: str, start: int, end: int) -> Iterator[DateExpression]:
    """Date expressions in ``text[start:end]``, longest first where they overlap."""
    if not has_date_candidate(text, start, end):
        return
    found: list[DateExpression] = []
    for form, pattern in _PATTERNS:
        for match in pattern.finditer(text, start, end):
            span = Span(match.start(), match.end())
            if any(e.span.start < span.end and span.start < e.span.end for e in found):
                continue
            fields = {k: v for k, v in match.groupdict().items() if v is not None}
            expression = DateExpression(span, match.group(), form, fields, _word_before(text, span))
            if form == "year" and _counts_something(text, expression):
                continue
            if (
                form == "month"
                and len(fields) == 1
                and expression.preposition not in (_MONTH_PREPOSITIONS)
            ):
                continue
            if form == "relative" and expression.preposition == "the":
                continue  # "over the next year", "the past year": a period, not a date
            if form == "day_month" and int(fields["day"]) > 31:
                continue
            found.append(expression)
    for match in NUMERIC_DATE.finditer(text, start, end):
        span = Span(match.start(), match.end())
        if not any(e.span.start < span.end and span.start < e.span.end for e in found):
            found.append(
                DateExpression(span, match.group(), "numeric", {}, _word_before(text, span))
            )
    yield from sorted(found, key=lambda e: e.span.start)


def _word_before(text: str, span: Span) -> str:
    match = _PREPOSITION.search(text, max(0, span.start - 20), span.start)
    return match.group(1).lower() if match else ""


def _counts_something(text: str, expression: DateExpression) -> bool:
    """'2000 people' counts; 'in 2000', 'a 2020 report' and '2019.' are years."""
    if expression.preposition in _YEAR_PREPOSITIONS or "part" in expression.fields:
        return False
    following = re.match(r"\s+([A-Za-z]+)", text[expression.span.end : expression.span.end + 30])
    if following is None:
        return False
    word = following.group(1)
    return word[0].islower() and (word.endswith("s") or word in {"people", "children", "men"})
