"""Find direct quotations: curly and straight, double and single quote marks.

A quotation opened and not closed in its paragraph continues when the next
paragraph opens with a quote mark (the news convention for quotations that run
over several paragraphs); otherwise it ends with its paragraph.  Quote marks
nested inside a quotation belong to its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN_CLOSE = {"“": "”", "‘": "’", '"': '"', "'": "'", "«": "»", "„": "“"}
_OPENING = re.compile("[" + re.escape("".join(_OPEN_CLOSE)) + "]")


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # offset of the opening mark
    end: int  # offset after the closing mark (or the end of the paragraph)
    # Stretches of quoted text, without marks: one per paragraph it covers.
    pieces: tuple[tuple[int, int], ...]


def _opens(text: str, i: int, para_start: int) -> bool:
    c = text[i]
    before = text[i - 1] if i > para_start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace():
        return False
    if c in "“‘«„":
        return c != "‘" or not before.isalnum()
    # Straight marks open only where a word cannot continue: "He said 'no'".
    return not before.isalnum() and before not in ".,;:!?%"


def _closes(text: str, i: int, mark: str) -> bool:
    if text[i] != mark:
        return False
    if mark in "’'":
        # An apostrophe inside a word ("it’s") is not a closing mark.
        after = text[i + 1] if i + 1 < len(text) else " "
        before = text[i - 1]
        return not (before.isalnum() and after.isalnum())
    return True


def find_quotes(text: str, paras: list[tuple[int, int]]) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    index = 0
    while index < len(paras):
        p_start, p_end = paras[index]
        i = p_start
        while (mark := _OPENING.search(text, i, p_end)) is not None:
            i = mark.start()
            if not _opens(text, i, p_start):
                i += 1
                continue
            span, index, i = _read_quote(text, paras, index, i, _OPEN_CLOSE[text[i]])
            if span is not None:
                spans.append(span)
            p_start, p_end = paras[index]
        index += 1
    return spans


def _read_quote(
    text: str, paras: list[tuple[int, int]], index: int, open_at: int, closing: str
) -> tuple[QuoteSpan | None, int, int]:
    """Read one quotation from its opening mark; returns it, the paragraph index
    and the offset where scanning resumes."""
    pieces: list[tuple[int, int]] = []
    piece_start = open_at + 1
    p_start, p_end = paras[index]
    i = piece_start
    opening = text[open_at]
    while True:
        i = text.find(closing, i, p_end)
        while i >= 0 and not _closes(text, i, closing):
            i = text.find(closing, i + 1, p_end)
        if i >= 0:
            pieces.append((piece_start, i))
            return QuoteSpan(open_at, i + 1, tuple(pieces)), index, i + 1
        i = p_end
        pieces.append((piece_start, p_end))
        nxt = index + 1
        if opening in '“"' and nxt < len(paras) and text[paras[nxt][0]] == opening:
            index = nxt
            p_start, p_end = paras[index]
            piece_start = i = p_start + 1
            continue
        if opening in "‘'":
            # An unclosed single mark is far more often an apostrophe than a quote.
            return None, index, open_at + 1
        return QuoteSpan(open_at, p_end, tuple(pieces)), index, p_end
