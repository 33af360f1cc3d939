"""Quotation text as comparable words.

Two renderings of one quotation differ in quote marks, punctuation, case,
contractions ("It's" / "It is"), hyphenation ("drug-makers" / "drugmakers"),
initialisms ("U.S." / "US") and editorial marks: an ellipsis or a bracketed
insertion ("[China] is") stands for words left out, brackets inside a word
("[T]he") only change its case.  Words keep their offsets so differences can be
shown as written.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_BRACKETS = re.compile(r"\[[^\[\]\n]*\]")
_ELLIPSIS = re.compile(r"\.\s?\.\s?\.|…")
_WORD = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 100,000
    r"|(?:[A-Za-z]\.){2,}|[A-Za-z]\.[A-Za-z]\b"  # U.S. / U.S
    r"|[^\W_]+(?:[-‐‑–'’][^\W_]+)*"  # words, hyphenated words, contractions
)
_JOINERS = str.maketrans("", "", "-‐‑–.,")
_PRONOUN_IS = frozenset(
    [
        "it",
        "that",
        "there",
        "here",
        "what",
        "who",
        "where",
        "how",
        "he",
        "she",
        "this",
        "when",
        "why",
    ]
)
_IRREGULAR = {"won't": ["will", "not"], "can't": ["can", "not"], "shan't": ["shall", "not"]}
_SUFFIXES = {"'re": "are", "'ve": "have", "'ll": "will", "'m": "am", "'d": "would"}


@dataclass(frozen=True, slots=True)
class Word:
    norm: str
    start: int  # offsets in the text the word was read from
    end: int


@dataclass(frozen=True, slots=True)
class Words:
    words: tuple[Word, ...]
    # Indices of words preceded by an omission (ellipsis, bracketed insertion).
    gaps: frozenset[int] = frozenset()

    def __len__(self) -> int:
        return len(self.words)

    def norms(self) -> tuple[str, ...]:
        return tuple(w.norm for w in self.words)

    def segments(self) -> list[tuple[int, int]]:
        """Runs of words between omissions, as (start, end) word indices."""
        return segments(len(self.words), self.gaps)


def segments(length: int, gaps: frozenset[int]) -> list[tuple[int, int]]:
    """Runs of ``length`` words between omissions (``Words.gaps``), as
    (start, end) word indices."""
    cuts = sorted(i for i in gaps if 0 < i < length)
    bounds = [0, *cuts, length]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _expand(word: str) -> list[str]:
    low = word.lower().replace("’", "'")
    if "'" not in low:
        return [low.translate(_JOINERS)]
    if low in _IRREGULAR:
        return list(_IRREGULAR[low])
    if low.endswith("n't"):
        return [low[:-3].translate(_JOINERS), "not"]
    for suffix, full in _SUFFIXES.items():
        if low.endswith(suffix):
            return [low[: -len(suffix)].translate(_JOINERS), full]
    if low.endswith("'s"):
        head = low[:-2]
        if head in _PRONOUN_IS:
            return [head, "is"]
    return [low.replace("'", "").translate(_JOINERS)]


def words(text: str, base: int = 0) -> Words:
    """The comparable words of ``text``; offsets are ``base`` + position in it."""
    # Work on a copy of the same length so offsets stay valid: marks that only
    # edit a word become spaces-free deletions, omissions become a gap marker.
    chars = list(text)
    gap_at: set[int] = set()
    for match in _BRACKETS.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before.isalnum() or after.isalnum():
            chars[start] = chars[end - 1] = "\x00"  # "[T]he": drop the brackets only
        else:
            chars[start:end] = " " * (end - start)
            gap_at.add(start)
    for match in _ELLIPSIS.finditer(text):
        chars[match.start() : match.end()] = " " * (match.end() - match.start())
        gap_at.add(match.start())
    cleaned = "".join(chars)
    found: list[Word] = []
    gaps: set[int] = set()
    pending = sorted(gap_at)
    # Bracket characters inside a word are removed by joining around them.
    squeezed = cleaned.replace("\x00", "")
    offsets = [i for i, c in enumerate(cleaned) if c != "\x00"]
    for match in _WORD.finditer(squeezed):
        start, end = offsets[match.start()], offsets[match.end() - 1] + 1
        while pending and pending[0] < start:
            pending.pop(0)
            if found:
                gaps.add(len(found))
        for norm in _expand(match.group()):
            if norm:
                found.append(Word(norm, base + start, base + end))
    return Words(tuple(found), frozenset(gaps))
