"""Words with their character offsets, units, and quotations.

Words are normalised (case folded, curly apostrophes made straight) and hashed
to stable 32-bit ids, so a copy that only changed quote marks, dashes or case is
still a verbatim copy.  Punctuation is not a word: hyphens and dashes separate
words whatever their kind.
"""

from __future__ import annotations

import functools
import itertools
import re
import zlib
from dataclasses import dataclass

RIGHT_SINGLE_QUOTE = "\u2019"  # the curly apostrophe of "We\u2019ve"
WORD = re.compile(rf"[^\W_]+(?:['{RIGHT_SINGLE_QUOTE}][^\W_]+)*")
SENTENCE_END = re.compile(r"[.!?…]")
# Tokens after which a full stop does not end a sentence ("U.S. officials", "Dr. Lee").
_ABBREVIATIONS = "mr mrs ms dr st jr sr vs no gen gov sen rep col lt sgt inc co corp ltd jan feb"
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())
# A long sentence is cut at its commas into clauses of at least this many words,
# so a clause copied into another sentence is still most of a unit.
CLAUSE_WORDS = 8
OPENING_QUOTES = "“„«"
CLOSING_QUOTES = "”»"
STRAIGHT_QUOTE = '"'
UNIT_BREAKS = frozenset(';:\n"' + OPENING_QUOTES + CLOSING_QUOTES)
# Words outside quotation marks that say who is being quoted.
_CUES = """said says say told tells stated states added adds according wrote writes asked asks
    noted notes explained explains report reports reported reporting statement labeled
    labelled announced testified insisted argued argues claimed claims declared responded
    replied quoted warned tweeted posted interview concluded acknowledged admitted"""
ATTRIBUTION_CUES = frozenset(_CUES.split())
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
    quote_runs: list[tuple[int, int]] = []  # word ranges inside quotation marks
    open_quote = -1  # first word inside the open quotation, or -1
    # Nearly every gap is one space: only the others can end a unit or a quotation.
    for index in [i for i, gap in enumerate(gaps) if gap != " "]:
        gap = gaps[index]
        if 0 < index < len(tokens) and (
            _ends_unit(gap, tokens[index - 1])
            or ("," in gap and index - unit_starts[-1] >= CLAUSE_WORDS)
        ):
            unit_starts.append(index)
        open_quote = _track_quotes(gap, index, open_quote, quote_runs)
    if open_quote >= 0 and open_quote < len(tokens):
        quote_runs.append((open_quote, len(tokens)))
    if tokens:
        unit_starts.append(len(tokens))
    quoting = bytearray(len(tokens))
    for first, last in quote_runs:
        quoting[first:last] = bytes([QUOTED]) * (last - first)
    ids = list(map(word_id, tokens))
    _mark_attributed(starts, lengths, ids, quoting, quote_runs)
    return Words(ids, starts, lengths, unit_starts, bytes(quoting))


def _ends_unit(gap: str, previous: str) -> bool:
    if UNIT_BREAKS.intersection(gap):
        return True
    if SENTENCE_END.search(gap) and any(c.isspace() for c in gap):
        word = previous.casefold()
        return not (len(word) == 1 or word in ABBREVIATIONS)
    return False


def _track_quotes(gap: str, index: int, open_quote: int, runs: list[tuple[int, int]]) -> int:
    """Update the open quotation at the gap before word ``index``."""
    for char in gap:
        closing = char in CLOSING_QUOTES or (char == STRAIGHT_QUOTE and open_quote >= 0)
        opening = char in OPENING_QUOTES or (char == STRAIGHT_QUOTE and open_quote < 0)
        # A quotation left open at a line break is closed there: a straight quote
        # that lost its partner must not swallow the rest of the document.
        if (closing or char == "\n") and open_quote >= 0:
            if open_quote < index:
                runs.append((open_quote, index))
            open_quote = -1
        elif opening:
            open_quote = index
    return open_quote


def _mark_attributed(
    starts: list[int],
    lengths: list[int],
    ids: list[int],
    quoting: bytearray,
    runs: list[tuple[int, int]],
) -> None:
    """A quotation is attributed when a cue word ("said", "according to", "report")
    stands outside quotation marks close to its start or end."""
    if not runs:
        return
    cues = _cue_ids()
    cue_positions = [
        starts[i] for i, word in enumerate(ids) if word in cues and quoting[i] == NOT_QUOTED
    ]
    for first, last in runs:
        begin = starts[first] - ATTRIBUTION_REACH
        finish = starts[last - 1] + lengths[last - 1] + ATTRIBUTION_REACH
        if any(begin <= position <= finish for position in cue_positions):
            quoting[first:last] = bytes([ATTRIBUTED]) * (last - first)


@functools.cache
def _cue_ids() -> frozenset[int]:
    return frozenset(word_id(cue) for cue in ATTRIBUTION_CUES)
