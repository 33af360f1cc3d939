"""Paragraphs and sentences of prose, as character spans.

Paragraphs are separated by blank lines; a text without any blank line (many
scraped pages) has one paragraph per line.  Sentences are found on a *masked*
copy of a paragraph in which quotations are blanked out, so that full stops
inside a quotation do not end the sentence that carries it.
"""

from __future__ import annotations

import re

_BLANK_LINE = re.compile(r"\n[ \t\r\u00a0]*\n")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s+[\"“‘(\[\w\ufffc])")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "no",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "prof",
        "inc",
        "co",
        "corp",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
    ]
)

# Stands in for quoted text in masked copies: never a word, never punctuation.
MASK = "\ufffc"


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph of ``text[start:end]``."""
    body = text[start:end]
    if _BLANK_LINE.search(body):
        pieces = [
            (m.start(), m.end()) for m in re.finditer(r"(?:[^\n]|\n(?![ \t\r\u00a0]*\n))+", body)
        ]
    else:
        pieces = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", body)]
    result = []
    for a, b in pieces:
        chunk = body[a:b]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            result.append((start + a + lead, start + b - trail))
    return result


def _is_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot]
    if len(word) == 1 and word.isupper():  # an initial: "Todd D. Robinson"
        return True
    if "." in word:  # "U.S", "e.g"
        return True
    return word.lower() in _ABBREVIATIONS


def sentence_starts(masked: str, start: int, end: int, extra: list[int]) -> list[int]:
    """Offsets where sentences of ``masked[start:end]`` begin; ``extra`` holds
    boundaries known from elsewhere (a quotation that ends a sentence)."""
    starts = {start}
    for match in _SENTENCE_END.finditer(masked, start, end):
        if masked[match.start()] == "." and _is_abbreviation(masked, match.start()):
            continue
        nxt = match.end()
        while nxt < end and masked[nxt].isspace():
            nxt += 1
        starts.add(nxt)
    starts.update(b for b in extra if start <= b < end)
    return sorted(starts)
