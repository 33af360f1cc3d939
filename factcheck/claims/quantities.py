"""Quantity claims: a figure, its hedge, and the noun it counts.

"roughly 100,000 drug overdose deaths" is the interval [90,000, 110,000] of
"drug overdose deaths"; "50 to 100 times stronger than morphine" is the range
[50, 100] of "times stronger than morphine"; "between the ages of 18 and 49" is
the range [18, 49] of "ages".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from factcheck.claims.intervals import Hedge, Interval, interval
from factcheck.claims.numerals import NUMBER, parse_numeral
from factcheck.claims.text import STOPWORDS, Span, normalize_word

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
# A figure may open with a currency sign; it must not continue a word, an
# identifier ("COVID-19") or another number ("3/4", "10:30").
_FIGURE = rf"(?<![\w$.,/:\u2013\u2014-])(?P<cur>\$)?(?P<n1>{NUMBER})(?![\w/:]|[.,]\d)"
_SECOND = rf"(?:\s*(?:-|\u2013|\u2014|to|and)\s*)(?P<cur2>\$)?(?P<n2>{NUMBER})(?![\w/:]|[.,]\d)"
_QUANTITY = re.compile(
    rf"(?:\b(?:{_HEDGE})\s+|\bbetween\s+(?P<between>)|\bfrom\s+(?P<from>))?"
    rf"{_FIGURE}(?P<pct>\s*(?:%|per\s?cent\b))?"
    rf"(?:{_SECOND}(?P<pct2>\s*(?:%|per\s?cent\b))?)?",
    re.I,
)
_AGES = re.compile(
    rf"\b(?:between\s+)?(?:the\s+)?ages?\s+(?:of\s+)?(?P<n1>{NUMBER})\s*(?:-|\u2013|\u2014|to|and)\s*"
    rf"(?P<n2>{NUMBER})\b",
    re.I,
)
_NOUN_WORD = re.compile(r"\s*((?:[A-Z]\.){2,}|[A-Za-z][\w'\u2019\u2013-]*)")
_TIMES = re.compile(
    r"\s*(times\s+(?:(?:more|less|as)\s+)?[a-z]+\s+(?:than|as)\s+(?:an?\s+|the\s+)?[a-z]+)", re.I
)
_REFERENTIAL = re.compile(r"\b(?:the|these|those|both|all|its|their|our)\s*$", re.I)
_LIST_MARKER = re.compile(r"(?:^|\n)[ \t]*$")
# Runs of digits this long are identifiers, phone numbers or file names.
_MAX_DIGITS = 7
_MAX_NOUN_WORDS = 4
_NOUN_STOP = STOPWORDS | {"a", "an", "the", "per", "each", "every", "year", "annually"}


@dataclass(frozen=True)
class Quantity:
    span: Span  # the figure with its hedge
    text: str
    interval: Interval
    noun: str  # the words counted, as written
    referential: bool  # "the two countries": names a set, does not count it

    @property
    def noun_key(self) -> tuple[str, ...]:
        return tuple(normalize_word(w) for w in self.noun.split())

    @property
    def head(self) -> str:
        return self.noun_key[-1] if self.noun_key else ""


def quantities(text: str, start: int, end: int, skip: Sequence[Span] = ()) -> Iterator[Quantity]:
    """Quantity claims in ``text[start:end]``, leaving out spans in ``skip`` (dates)."""
    taken: list[Span] = list(skip)
    for match in _AGES.finditer(text, start, end):
        found = _build(text, match, Hedge.RANGE, match.start(), match.end(), "ages")
        if found is not None:
            taken.append(found.span)
            yield found
    for match in _QUANTITY.finditer(text, start, end):
        figure = Span(match.start("n1"), match.end("n2") if match.group("n2") else match.end("n1"))
        if any(s.start < figure.end and figure.start < s.end for s in taken):
            continue
        if _is_list_marker(text, match.start("n1")) or _is_identifier(match.group("n1")):
            continue
        hedge = _hedge(match)
        if match.group("n2") and (match.group("between") is not None or hedge is Hedge.EXACT):
            hedge = Hedge.RANGE
        elif match.group("n2"):
            continue  # "more than 5 to 10": no reading we can trust
        found = _quantity(text, match, hedge, end)
        if found is not None:
            yield found


def _hedge(match: re.Match[str]) -> Hedge:
    for i, (hedge, _) in enumerate(_HEDGES):
        if match.group(f"h{i}"):
            return hedge
    return Hedge.EXACT


def _quantity(text: str, match: re.Match[str], hedge: Hedge, end: int) -> Quantity | None:
    pct = match.group("pct") or match.group("pct2")
    noun = "percent" if pct else _noun(text, match.end(), end)
    if match.group("cur"):
        noun = f"dollars {noun}".strip()
    if not noun and not match.group("n1")[0].isdigit():
        return None  # "went to zero", "one of them": a word, not a count
    # "from 84 countries": the preposition belongs to the figure only in a range.
    if _hedge_word(match) or match.group("n2"):
        start = match.start()
    else:
        start = match.start("cur") if match.group("cur") else match.start("n1")
    return _build(text, match, hedge, start, match.end(), noun)


def _hedge_word(match: re.Match[str]) -> bool:
    return any(match.group(f"h{i}") for i in range(len(_HEDGES)))


def _build(
    text: str,
    match: re.Match[str],
    hedge: Hedge,
    start: int,
    end: int,
    noun: str,
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
    return Quantity(Span(start, end), text[start:end], bounds, noun, referential)


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
