"""Proper names: runs of capitalised words ("Antony Blinken", "Nogales"), and
the names a sentence is about.

A figure or a date is a claim about whoever or wherever its sentence names:
"Officials in Laredo counted 120 inspectors" and "Officials in Nogales counted
95 inspectors" count two ports' inspectors, so the cross-document comparisons
keep claims about different subjects apart (see ``same_subject``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence, Set

from factcheck.claims.text import Span

# A run of capitalised words ("Antony Blinkin", "Wang Wenbim", "Mary O'Brien");
# a possessive "'s" is not part of the name.
NAME = re.compile(
    r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+|['\u2019][A-Z][a-z]+)*"
    r"(?:\s+[A-Z][a-z]+(?:-[A-Z]?[a-z]+|['\u2019][A-Z][a-z]+)*)*"
)
# Capitalised words that open sentences or titles, never part of a name.
_LEADING = """
    The A An In On At By For From With And But Or If As Of To This That These Those
    It He She They We His Her Their Our Its Mr Mrs Ms Dr President Secretary Minister
    Spokesman Spokeswoman Senator Governor Mayor Judge General Chairman Prime Foreign
"""
LEADING = frozenset(_LEADING.split())
# Capitalised but no subject: "in April", "on Friday" say when, not who or where.
_CALENDAR_WORDS = """
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
"""
_CALENDAR = frozenset(_CALENDAR_WORDS.split())
_WORD = re.compile(r"\S+")
# What may stand between a sentence's start and its first word: quotation
# marks, brackets, dashes.
_OPENING = re.compile(r"[^A-Za-z0-9]*")

# A name as compared: its words, lower case, apostrophes straight.
Name = tuple[str, ...]


def name_runs(text: str, start: int, end: int) -> Iterator[list[tuple[str, int]]]:
    """Every run of capitalised words in ``text[start:end]`` as its words with
    their offsets, leading title words ("The", "Secretary") dropped."""
    for match in NAME.finditer(text, start, end):
        if " " in (found := match.group()) or "\n" in found or "\t" in found:
            words = [(m.group(), m.start()) for m in _WORD.finditer(text, *match.span())]
        else:
            words = [(found, match.start())]  # most runs are one word
        while words and words[0][0] in LEADING:
            words.pop(0)
        if words:
            yield words


def sentence_names(text: str, sentences: Sequence[Span]) -> dict[Span, frozenset[Name]]:
    """The names each sentence of one document is about.

    Runs are split at months and weekdays.  A sentence's first word is
    capitalised whatever it is ("Officials said", "Blinken said"): on its own
    it counts as a name only when the document also capitalises it inside a
    sentence ("Antony Blinken" elsewhere makes "Blinken said" name him).
    """
    runs: dict[Span, list[tuple[list[str], bool]]] = {}
    inside: set[str] = set()
    for sentence in sentences:
        opening = _OPENING.match(text, sentence.start, sentence.end)
        first = opening.end() if opening else sentence.start
        found = runs.setdefault(sentence, [])
        for words in name_runs(text, sentence.start, sentence.end):
            for run in _split_at_calendar(words):
                initial = run[0][1] == first
                found.append(([word for word, _ in run], initial))
                inside.update(word for word, _ in run[initial:])
    names: dict[Span, frozenset[Name]] = {}
    for sentence, found in runs.items():
        names[sentence] = frozenset(
            _normalized(words)
            for words, initial in found
            if not (initial and len(words) == 1 and words[0] not in inside)
        )
    return names


def _split_at_calendar(words: list[tuple[str, int]]) -> Iterator[list[tuple[str, int]]]:
    if not any(word in _CALENDAR for word, _ in words):
        yield words
        return
    run: list[tuple[str, int]] = []
    for word in words:
        if word[0] in _CALENDAR:
            if run:
                yield run
            run = []
        else:
            run.append(word)
    if run:
        yield run


def _normalized(words: list[str]) -> Name:
    return tuple(word.lower().replace("\u2019", "'") for word in words)


def same_subject(a: Set[Name], b: Set[Name]) -> bool:
    """Whether two claims may be about the same subject: one of them names no
    one, or a name of one is, or holds, a name of the other ("Blinken" and
    "Antony Blinken"; "Laredo" and "Nogales" are two places)."""
    if not a or not b:
        return True
    return any(_within(x, y) or _within(y, x) for x in a for y in b)


def _within(part: Name, name: Name) -> bool:
    size = len(part)
    return any(name[i : i + size] == part for i in range(len(name) - size + 1))


def name_words(names: Set[Name]) -> frozenset[str]:
    """The words of a claim's names: claims about the same subject share one
    (``same_subject`` needs a whole name within another)."""
    return frozenset(word for name in names for word in name)


def subject_roles(words: Set[str], probe: bool) -> tuple[str, ...]:
    """The roles under which a claim with these name words meets claims of any
    subject, in a check's keys: a claim naming no one may be compared with every
    claim, named or not, so it is found in the "any" role (looked up by nameless
    claims) and the "nameless" role (looked up by named ones); a named claim is
    found in "any" and looks up "nameless", and meets other named claims under
    its name words instead.  ``probe``: the roles looked up, else those found in."""
    if words:
        return ("nameless",) if probe else ("any",)
    return ("any",) if probe else ("any", "nameless")


def names_json(names: Set[Name]) -> list[str]:
    """A claim's names as ``factcheck extract`` lists them."""
    return sorted(" ".join(name) for name in names)
