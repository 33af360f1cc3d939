"""Words with their offsets, the unit every spin detector works on."""

from __future__ import annotations

import re
from typing import NamedTuple

# Letters with inner apostrophes or hyphens ("didn't", "near-complete"); digits
# count as words so "12 months" is two tokens.
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-\u2013][^\W_]+)*")
# What ends a stretch of context between two words.
_BREAK = frozenset(',.!?;:\n"“”()—')


# A named tuple: a long document has tens of thousands of tokens, and a tuple
# is built several times faster than a frozen dataclass.
class Token(NamedTuple):
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("\u2019", "'")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)]


def sentence_breaks(text: str, tokens: list[Token]) -> set[int]:
    """Indexes of tokens that start a sentence or follow a break (a comma
    included): "should a deal materialize, it will" must not be scored as if
    "materialize it" were a phrase."""
    breaks = {0} if tokens else set()
    for i in range(1, len(tokens)):
        gap = text[tokens[i - 1].end : tokens[i].start]
        if not _BREAK.isdisjoint(gap):
            breaks.add(i)
    return breaks
