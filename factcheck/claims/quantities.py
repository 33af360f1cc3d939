"""Quantity claims: a figure, its hedge, and the noun it counts.

"roughly 100,000 drug overdose deaths" is the interval [90,000, 110,000] of
"drug overdose deaths"; "50 to 100 times stronger than morphine" is the range
[50, 100] of "times stronger than morphine"; "between the ages of 18 and 49" is
the range [18, 49] of "ages".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from factcheck.claims.intervals import Hedge, Interval, interval
from factcheck.claims.numerals import NUMBER, NUMBER_WORDS, parse_numeral
from factcheck.claims.text import STOPWORDS, Span, SpanSet, normalize_word

_HEDGES: tuple[tuple[Hedge, str], ...] = (
    (Hedge.APPROXIMATE, r"about|around|roughly|approximately|an estimated|estimated|some|circa"),
    (Hedge.NEARLY, r"nearly|almost|close to|just under|just shy of|not quite"),
    (Hedge.AT_LEAST, r"at least|no fewer than|no less than|not less than|a minimum of"),
    (
        Hedge.MORE_THAN,
        r"more than|greater than|over|above|in excess of|upwards? of|just over|north of",
    ),
    (Hedge.AT_MOST, r"at most|up to|no more than|not more than|a maximum of"),
    (Hedge.LESS_THAN, r"less than|fewer than|under|below"),
)
_HEDGE = "|".join(f"(?P<h{i}>{words})" for i, (_, words) in enumerate(_HEDGES))
# Words before a figure that bound it, read backwards from the figure.
_PREFIX = re.compile(rf"(?:\b(?:{_HEDGE})\s+|\b(?P<between>between)\s+|\b(?P<from>from)\s+)$", re.I)
_PREFIX_REACH = 30
_PERCENT = r"(?:\s*(?:%|per\s?cent\b))"
# A figure must not continue into a word or another number ("3/4", "10:30").
_END = r"(?![\w/:]|[.,]\d)"
_RANGE_JOIN = r"\s*(?:-|\u2013|\u2014|to|and)\s*"
_CORE = re.compile(
    rf"(?P<cur>\$)?(?P<n1>{NUMBER}){_END}(?P<pct>{_PERCENT})?"
    rf"(?:{_RANGE_JOIN}\$?(?P<n2>{NUMBER}){_END}(?P<pct2>{_PERCENT})?)?",
    re.I,
)
# Where a figure can start: cheap to scan for (case-sensitive alternations scan
# several times faster than case-insensitive ones), then _CORE is tried there.
_NUMBER_WORD_FORMS = sorted(
    {form for word in NUMBER_WORDS.split("|") for form in (word, word.capitalize())},
    key=len,
    reverse=True,
)
# The lookahead on the first character lets the engine skip to where a figure
# can start instead of trying every alternative at every offset (five times
# faster; it changes no match).
_FIRST_CHARACTERS = "".join(sorted({form[0] for form in _NUMBER_WORD_FORMS}))
_FIGURE_START = re.compile(
    rf"(?=[$\d{_FIRST_CHARACTERS}])(?:\$?\d+|\b(?:{'|'.join(_NUMBER_WORD_FORMS)})\b)"
)
# "a dozen", "an hundred": the article starts the figure.
_ARTICLE = re.compile(r"\b[Aa]n?\s+$")
# What may not stand right before a figure: it would continue a word, an
# identifier ("COVID-19") or another number.
_NOT_BEFORE = frozenset("_$.,/:-\u2013\u2014")
_AGES = re.compile(rf"\bage[sd]?\s+(?:of\s+)?(?P<n1>{NUMBER}){_RANGE_JOIN}(?P<n2>{NUMBER})\b", re.I)
_AGES_PREFIX = re.compile(r"\b(?:between\s+)?(?:the\s+)?$", re.I)
_NOUN_WORD = re.compile(r"\s*((?:[A-Z]\.){2,}|[A-Za-z][\w'\u2019\u2013-]*)")
_TIMES = re.compile(
    r"\s*(times\s+(?:(?:more|less|as)\s+)?[a-z]+\s+(?:than|as)\s+(?:an?\s+|the\s+)?[a-z]+)", re.I
)
_REFERENTIAL = re.compile(r"\b(?:the|these|those|both|all|its|their|our)\s*$", re.I)
_LIST_MARKER = re.compile(r"(?:^|\n)[ \t]*$")
# Runs of digits this long are identifiers, phone numbers or file names.
_MAX_DIGITS = 7
_MAX_NOUN_WORDS = 4
# Verbs that end a noun phrase without the "-ed" that gives most away.
_IRREGULAR_PAST_WORDS = """met came went made took gave saw held left sent won lost rose fell
    grew began became paid put set got found kept led ran brought bought thought felt spent
    built hit cut died fled fought flew drew spoke wrote sold told knew"""
_IRREGULAR_PAST = _IRREGULAR_PAST_WORDS.split()
_NOUN_STOP = (
    STOPWORDS
    | {"a", "an", "the", "per", "each", "every", "year", "annually"}
    | set(_IRREGULAR_PAST)
)


@dataclass(frozen=True)
class Quantity:
    span: Span  # the figure with its hedge
    text: str
    interval: Interval
    noun: str  # the words counted, as written
    referential: bool  # "the two countries": names a set, does not count it
    # The noun's words that follow the figure: none for "12%" or "between the
    # ages of 18 and 49", "aid" for "$3 billion aid" (noun "dollars aid").
    noun_after: str

    @property
    def described(self) -> str:
        """The figure and what it counts, as messages quote it ('14 percent',
        not '14 percent percent')."""
        return f"{self.text} {self.noun_after}".strip()

    @functools.cached_property
    def noun_key(self) -> tuple[str, ...]:
        return tuple(normalize_word(w) for w in self.noun.split())


def quantities(text: str, start: int, end: int, skip: Sequence[Span] = ()) -> Iterator[Quantity]:
    """Quantity claims in ``text[start:end]``, leaving out spans in ``skip`` (dates)."""
    taken = SpanSet(skip)
    for ages in _AGES.finditer(text, start, end):
        prefix = _AGES_PREFIX.search(text, max(start, ages.start() - _PREFIX_REACH), ages.start())
        begin = prefix.start() if prefix else ages.start()
        found = _build(text, ages, Hedge.RANGE, begin, ages.end(), "ages", "")
        if found is not None:
            taken.add(found.span)
            yield found
    consumed = start
    for anchor in _FIGURE_START.finditer(text, start, end):
        begin = anchor.start()
        article = anchor.group()[0].isalpha() and _ARTICLE.search(
            text, max(start, begin - 4), begin
        )
        if article:
            begin = article.start()
        before = text[begin - 1] if begin > 0 else ""
        if begin < consumed or before.isalnum() or before in _NOT_BEFORE:
            continue
        match = _CORE.match(text, begin, end)
        if match is None:
            continue
        consumed = match.end()
        figure = Span(match.start("n1"), match.end("n2") if match.group("n2") else match.end("n1"))
        if taken.overlaps(figure):
            continue
        if _is_list_marker(text, begin) or _is_identifier(match.group("n1")):
            continue
        prefix = _PREFIX.search(text, max(start, begin - _PREFIX_REACH), begin)
        found = _quantity(text, match, prefix, end)
        if found is not None:
            yield found


def _quantity(
    text: str, match: re.Match[str], prefix: re.Match[str] | None, end: int
) -> Quantity | None:
    hedge = _hedge(prefix)
    if match.group("n2"):
        if hedge is not Hedge.EXACT:
            return None  # "more than 5 to 10": no reading we can trust
        hedge = Hedge.RANGE
    percent = bool(match.group("pct") or match.group("pct2"))
    after = "" if percent else _noun(text, match.end(), end)
    noun = "percent" if percent else after
    if match.group("cur"):
        noun = f"dollars {noun}".strip()
    if not noun and not match.group("n1")[0].isdigit():
        return None  # "went to zero", "one of them": a word, not a count
    # "from 84 countries": the preposition belongs to the figure only in a range.
    begin = prefix.start() if prefix is not None and hedge is not Hedge.EXACT else match.start()
    return _build(text, match, hedge, begin, match.end(), noun, after)


def _hedge(prefix: re.Match[str] | None) -> Hedge:
    if prefix is None:
        return Hedge.EXACT
    for i, (hedge, _) in enumerate(_HEDGES):
        if prefix.group(f"h{i}"):
            return hedge
    return Hedge.EXACT


def _build(
    text: str,
    match: re.Match[str],
    hedge: Hedge,
    start: int,
    end: int,
    noun: str,
    noun_after: str,
) -> Quantity | None:
    first = parse_numeral(match.group("n1"))
    second = parse_numeral(match.group("n2")) if match.group("n2") else None
    if first is None:
        return None
    if second is not None:
        if second.value < first.value:
            return None  # "10-5" is a score or a vote, not a range
        bounds = interval(Hedge.RANGE, first.value, first.precision, second.value, second.precision)
    else:
        bounds = interval(hedge, first.value, first.precision)
    referential = hedge is Hedge.EXACT and bool(_REFERENTIAL.search(text, max(0, start - 8), start))
    return Quantity(Span(start, end), text[start:end], bounds, noun, referential, noun_after)


def _noun(text: str, position: int, end: int) -> str:
    """The words a figure counts: up to four words, stopping where the noun phrase ends."""
    times = _TIMES.match(text, position, end)
    if times:
        return " ".join(times.group(1).split())
    words: list[str] = []
    last = position
    while len(words) < _MAX_NOUN_WORDS:
        match = _NOUN_WORD.match(text, last, end)
        if match is None:
            break
        word = match.group(1)
        lowered = word.lower()
        if lowered in _NOUN_STOP or (words and lowered.endswith(("ed", "ly", "ing"))):
            break
        words.append(word)
        last = match.start(1) + len(word)
        if word.endswith(("'", "\u2019", "'s", "\u2019s")):  # a possessive ends the phrase
            break
    return " ".join(words)


def _is_list_marker(text: str, start: int) -> bool:
    """'1. What is fentanyl?' numbers an item; it counts nothing."""
    before = _LIST_MARKER.search(text, max(0, start - 8), start)
    after = text[start : start + 12]
    return before is not None and re.match(r"\d+[.)]\s", after) is not None


def _is_identifier(figure: str) -> bool:
    return figure.isdigit() and len(figure) > _MAX_DIGITS
