"""Words with their character offsets, units, and quotations.

Words are normalised (case folded, curly apostrophes made straight) and hashed
to stable 32-bit ids, so a copy that only changed quote marks, dashes or case is
still a verbatim copy.  Punctuation is not a word: hyphens and dashes separate
words whatever their kind.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import zlib
from dataclasses import dataclass

from factcheck.quotations.cues import CUE_WORDS
from factcheck.quotations.layout import paragraphs
from factcheck.quotations.marks import find_quotes

RIGHT_SINGLE_QUOTE = "\u2019"  # the curly apostrophe of "We\u2019ve"
WORD = re.compile(rf"[^\W_]+(?:['{RIGHT_SINGLE_QUOTE}][^\W_]+)*")
SENTENCE_END = re.compile(r"[.!?…]")
# Tokens after which a full stop does not end a sentence ("U.S. officials", "Dr. Lee").
_ABBREVIATIONS = "mr mrs ms dr st jr sr vs no gen gov sen rep col lt sgt inc co corp ltd jan feb"
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())
# A long sentence is cut at its commas into clauses of at least this many words,
# so a clause copied into another sentence is still most of a unit.
CLAUSE_WORDS = 8
QUOTE_MARKS = '"“”„«»'
UNIT_BREAKS = frozenset(";:\n" + QUOTE_MARKS)
# Besides speech verbs, the words that cite a source by name ("according to",
# "a 2020 intelligence report", "in a statement").
_SOURCES = "according report reports reported statement interview labeled labelled announced"
ATTRIBUTION_CUES = CUE_WORDS | frozenset(_SOURCES.split())
# How far (in characters) from a quotation its attribution may stand.
ATTRIBUTION_REACH = 120

NOT_QUOTED, QUOTED, ATTRIBUTED = 0, 1, 2


@functools.lru_cache(maxsize=1 << 17)
def word_id(word: str) -> int:
    """A stable id for a normalised word (the same in every process)."""
    return zlib.crc32(word.casefold().replace(RIGHT_SINGLE_QUOTE, "'").encode("utf-8"))


@dataclass(frozen=True)
class Words:
    """The words of a text from ``offset`` on, with what the duplicate check needs."""

    ids: list[int]
    starts: list[int]  # character offset of each word in the text
    lengths: list[int]
    # Index of the first word of each unit, then len(ids).
    unit_starts: list[int]
    # Per word: NOT_QUOTED, QUOTED or ATTRIBUTED.
    quoting: bytes


def words(text: str, offset: int = 0) -> Words:
    body = text[offset:]
    tokens = WORD.findall(body)
    gaps = WORD.split(body)  # gaps[i] precedes tokens[i]; one more gap at the end
    pieces: list[str] = [""] * (2 * len(tokens) + 1)
    pieces[::2] = gaps
    pieces[1::2] = tokens
    starts = list(itertools.accumulate(map(len, pieces), initial=offset))[1:-1:2]
    lengths = list(map(len, tokens))
    unit_starts: list[int] = [0] if tokens else []
    # Nearly every gap is one space: only the others can end a unit.
    for index in [i for i, gap in enumerate(gaps) if gap != " "]:
        gap = gaps[index]
        if 0 < index < len(tokens) and (
            _ends_unit(gap, tokens[index - 1])
            or ("," in gap and index - unit_starts[-1] >= CLAUSE_WORDS)
        ):
            unit_starts.append(index)
    if tokens:
        unit_starts.append(len(tokens))
    ids = list(map(word_id, tokens))
    return Words(ids, starts, lengths, unit_starts, bytes(_quoting(text, offset, starts, ids)))


def _ends_unit(gap: str, previous: str) -> bool:
    if UNIT_BREAKS.intersection(gap):
        return True
    if SENTENCE_END.search(gap) and any(c.isspace() for c in gap):
        word = previous.casefold()
        return not (len(word) == 1 or word in ABBREVIATIONS)
    return False


def _quoting(text: str, offset: int, starts: list[int], ids: list[int]) -> bytearray:
    """Per word: inside a quotation or not, and whether the quotation is
    attributed, i.e. a cue word ("said", "according to", "report") stands
    outside quotation marks close to its start or end."""
    quoting = bytearray(len(ids))
    quotes = find_quotes(text, paragraphs(text, offset, len(text)))
    for quote in quotes:
        for start, end in quote.pieces:
            first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
            quoting[first:last] = bytes([QUOTED]) * (last - first)
    cues = _cue_ids()
    cue_positions = [
        starts[i] for i, word in enumerate(ids) if word in cues and quoting[i] == NOT_QUOTED
    ]
    for quote in quotes:
        begin = quote.start - ATTRIBUTION_REACH
        finish = quote.end + ATTRIBUTION_REACH
        if any(begin <= position <= finish for position in cue_positions):
            first = bisect.bisect_left(starts, quote.start)
            last = bisect.bisect_left(starts, quote.end)
            quoting[first:last] = bytes([ATTRIBUTED]) * (last - first)
    return quoting


@functools.cache
def _cue_ids() -> frozenset[int]:
    return frozenset(word_id(cue) for cue in ATTRIBUTION_CUES)
