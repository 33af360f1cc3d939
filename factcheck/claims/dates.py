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
from factcheck.claims.text import Span, SpanSet

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
# A pattern opening with a lookahead on its first character lets the regex
# engine skip to where it can match, several times faster than trying it at
# every offset (the lookaheads below change no match).
_MONTH = r"(?=[JFMASOND])(?P<month>(?:January|February|March|April|May|June|July|August|" \
    r"September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|" \
    r"Dec)\.)"  # fmt: skip
_WEEKDAY = r"(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
_YEAR = r"(?P<year>(?:1[89]|20|21)\d\d)(?!\d|[,.]\d|%|[\u2013-]\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PART = (
    r"(?:\b(?P<part>(?i:early|late|mid|the\s+(?:end|beginning|start|middle)\s+of|"
    r"the\s+(?:first|second)\s+half\s+of))(?:-|\s+))"
)
_RELATIVE_WORD = r"(?P<relative>(?i:last|this|next|past|final|earlier\s+this|later\s+this))"


@dataclass(frozen=True)
class _Form:
    """A kind of date expression: a *core* that is cheap to scan for (it opens
    with a name, a digit or a fixed word), and optional words before it
    ("early", "last", "Friday,") read backwards from the core."""

    name: str
    core: re.Pattern[str]
    prefix: re.Pattern[str] | None = None
    prefix_required: bool = False


def _form(name: str, core: str, prefix: str | None = None, required: bool = False) -> _Form:
    return _Form(
        name, re.compile(core), re.compile(prefix + "$") if prefix else None, required
    )  # fmt: skip


_FORMS = (
    # "Friday, July 8, 2023", "July 8", "July 8th, 2023"
    _form("month_day", rf"{_MONTH}\s*{_DAY}\b(?:,?\s+{_YEAR})?", rf"{_WEEKDAY},?\s+"),
    # "8 July 2023", "Friday 8th of July"
    _form("day_month", rf"(?=\d)\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?",
          rf"{_WEEKDAY},?\s+(?:the\s+)?"),
    # "last August", "early February", "April 2023", "in late May"
    _form("month", rf"{_MONTH}(?:,?\s+{_YEAR})?", rf"(?:{_PART})?(?:{_RELATIVE_WORD}\s+)?"),
    # "a few years ago", "two weeks ago", "a year ago"
    _form("ago", r"(?=[aA])\b(?i:ago)\b",
          rf"(?i:\b(?P<count>a\s+few|a\s+couple\s+of|several|a|an|\d+|{SPELLED})\s+"
          rf"(?P<unit>year|month|week|day)s?\s+)", required=True),
    # "early last year", "this week", "earlier this month"; a machine-spun
    # "final 12 months" is "last year"
    _form("relative", r"(?=[ymwYMW])\b(?P<unit>(?i:years?|months?|weeks?))\b",
          rf"(?:{_PART})?\b{_RELATIVE_WORD}\s+(?P<twelve>12\s+)?", required=True),
    _form("today", r"(?=[yYtT])\b(?P<today>(?i:yesterday|today|tomorrow))\b"),
    # "on Friday", "last Friday", "Friday"
    _form("weekday", _WEEKDAY, rf"\b{_RELATIVE_WORD}\s+"),
    # "in 2019", "since 2017", "early 2023", "a 2020 report"
    _form("year", _YEAR, _PART),
)  # fmt: skip
# How far before its core a date expression may start ("the second half of").
_PREFIX_REACH = 40
# What may not stand right before a year: it would be part of a number or a path.
_NOT_BEFORE_YEAR = frozenset("$.,/:-\u2013")
# A numeric date: ISO, or day, month and year with slashes, dots or hyphens.
NUMERIC_DATE = re.compile(
    r"(?=\d)(?<![\w./-])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))(?![\w/-]|\.\d)"
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
    """Date expressions in ``text[start:end]``; where two overlap, the form
    listed first in ``_FORMS`` wins ("Friday, July 8, 2023" over "Friday")."""
    if not has_date_candidate(text, start, end):
        return
    found: list[DateExpression] = []
    taken = SpanSet()
    for form in _FORMS:
        for match in form.core.finditer(text, start, end):
            expression = _expression(text, start, form, match)
            if expression is None or taken.overlaps(expression.span):
                continue
            found.append(expression)
            taken.add(expression.span)
    for match in NUMERIC_DATE.finditer(text, start, end):
        span = Span(match.start(), match.end())
        if not taken.overlaps(span):
            found.append(
                DateExpression(span, match.group(), "numeric", {}, _word_before(text, span))
            )
    yield from sorted(found, key=lambda e: e.span.start)


def _expression(text: str, start: int, form: _Form, core: re.Match[str]) -> DateExpression | None:
    fields = {k: v for k, v in core.groupdict().items() if v is not None}
    begin = core.start()
    if form.prefix is not None:
        prefix = form.prefix.search(text, max(start, begin - _PREFIX_REACH), begin)
        if prefix is not None and prefix.end() > prefix.start():
            fields.update((k, v) for k, v in prefix.groupdict().items() if v is not None)
            begin = prefix.start()
        elif form.prefix_required:
            return None
    span = Span(begin, core.end())
    expression = DateExpression(span, text[begin : core.end()], form.name, fields,
                                _word_before(text, span))  # fmt: skip
    return expression if _plausible(text, expression) else None


def _plausible(text: str, expression: DateExpression) -> bool:
    """Leave out what the patterns match but is no date."""
    form, fields = expression.form, expression.fields
    if form == "year":
        before = text[expression.span.start - 1 : expression.span.start]
        if "part" not in fields and before and (before.isalnum() or before in _NOT_BEFORE_YEAR):
            return False
        return not _counts_something(text, expression)
    if form == "month" and len(fields) == 1:
        return expression.preposition in _MONTH_PREPOSITIONS
    if form == "relative":
        # "over the next year" is a period; "final 12 months" only with its 12.
        unit = fields["unit"].lower()
        twelve = "twelve" in fields
        if expression.preposition == "the" or twelve != (unit == "months"):
            return False
        return twelve or not unit.endswith("s")
    if form == "day_month":
        return int(fields["day"]) <= 31
    return True


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
