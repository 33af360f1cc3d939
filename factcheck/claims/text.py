"""Sentences, clauses and words: the units claims are read in."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket)
# before whitespace, or at a line break.  Abbreviations such as "U.S." are kept
# together by requiring the next sentence to start with an upper-case letter,
# a digit or a quote.  The lookahead on the first character lets the regex
# engine skip to a possible end instead of trying the lookbehinds everywhere.
_SENTENCE_END = re.compile(
    r"(?=[.!?\n])(?:(?<![A-Z])(?<!\b[A-Z][a-z])[.!?][\"'\u201d\u2019)\]]*\s+"
    r"(?=[\"\u201c\u2018(\[]?[A-Z0-9])|\n+)"
)
# Clauses: where a sentence joins independent statements, so that a date in one
# clause is not taken for the date of an event named in the other.
_CLAUSE_END = re.compile(r";|:\s|,\s+(?=(?:and|but|while|whereas|although|though)\b)")
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019.-]*[A-Za-z]|[A-Za-z]")

_STOPWORDS = """
    a an the and or but nor of in on at to for from by with without into onto over under
    about above below between among through during before after since until as than that
    this these those there here which who whom whose what when where why how it its it's
    is are was were be been being has have had do does did will would shall should can
    could may might must not no so such very also just only even still yet more most less
    least he she they them their his her him we us our you your i me my mine ours theirs
    one said says say told tells stated states added according reported announced asked up
    down out off again further then once all any both each few other some own same too s t
    mr ms dr per via amid despite while if because though although whether
"""
STOPWORDS = frozenset(_STOPWORDS.split())


@dataclass(frozen=True)
class Span:
    start: int
    end: int


class SpanSet:
    """Non-overlapping spans, for asking quickly whether a new span overlaps one."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._spans: list[tuple[int, int]] = sorted((s.start, s.end) for s in spans)

    def add(self, span: Span) -> None:
        bisect.insort(self._spans, (span.start, span.end))

    def overlaps(self, span: Span) -> bool:
        index = bisect.bisect_left(self._spans, (span.end, -1))
        return index > 0 and self._spans[index - 1][1] > span.start


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """Sentence spans of ``text[start:end]`` as absolute offsets, stripped of blanks."""
    stop = len(text) if end is None else end
    position = start
    for match in _SENTENCE_END.finditer(text, start, stop):
        yield from _stripped(
            text, position, match.start() + (match.group().startswith((".", "!", "?")))
        )
        position = match.end()
    yield from _stripped(text, position, stop)


def clauses(text: str, span: Span) -> Iterator[Span]:
    position = span.start
    for match in _CLAUSE_END.finditer(text, span.start, span.end):
        yield from _stripped(text, position, match.start())
        position = match.end()
    yield from _stripped(text, position, span.end)


def _stripped(text: str, start: int, end: int) -> Iterator[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield Span(start, end)


@functools.lru_cache(maxsize=1 << 16)
def normalize_word(word: str) -> str:
    """Lower case, straight apostrophes, no possessive, singular: 'Countries' -> 'country'."""
    word = word.lower().replace("\u2019", "'").strip(".'-")
    if word.endswith("'s"):
        word = word[:-2]
    return singular(word)


def singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def content_words(text: str) -> frozenset[str]:
    """The words that carry meaning, normalized, for comparing contexts."""
    words = (normalize_word(w) for w in WORD.findall(text))
    return frozenset(w for w in words if w and w not in STOPWORDS and not w.isdigit())
