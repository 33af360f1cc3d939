"""What the corpus stage knows of one document: its words and where they are.

Kept compact (``array`` of machine integers, no per-word objects) because the
corpus stage holds one per document; about 11 bytes per word.
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass

from factcheck.corpus.document import Document
from factcheck.duplicates.shingles import SEED_WORDS
from factcheck.duplicates.text import words


@dataclass(frozen=True, slots=True)
class Fingerprint:
    path: str
    ids: array[int]  # normalised word ids
    starts: array[int]  # character offset of each word in the file
    lengths: array[int]  # characters in each word
    unit_starts: array[int]  # first word of each unit, then the word count
    quoting: bytes  # per word: text.NOT_QUOTED, QUOTED or ATTRIBUTED
    line_starts: array[int]

    @classmethod
    def of(cls, doc: Document) -> Fingerprint:
        found = words(doc.text, doc.body_start)
        return cls(
            path=doc.path,
            ids=array("I", found.ids),
            starts=array("I", found.starts),
            # A "word" longer than 65535 characters (an encoded blob) is cut short.
            lengths=array("H", _clamp(found.lengths, 0xFFFF)),
            unit_starts=array("I", found.unit_starts),
            quoting=found.quoting,
            line_starts=array("I", doc.line_starts),
        )

    @property
    def word_count(self) -> int:
        return len(self.ids)

    @property
    def unit_count(self) -> int:
        return max(len(self.unit_starts) - 1, 0)

    def indexed_units(self) -> list[int]:
        """The units long enough to seed a match (``SEED_WORDS``), in order."""
        starts = self.unit_starts
        return [u for u in range(self.unit_count) if starts[u + 1] - starts[u] >= SEED_WORDS]

    def unit_words(self, unit: int) -> tuple[int, int]:
        """The word range [start, end) of a unit."""
        return self.unit_starts[unit], self.unit_starts[unit + 1]

    def unit_of(self, word: int) -> int:
        return bisect.bisect_right(self.unit_starts, word) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, as Document.position."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def span(self, first: int, end: int) -> tuple[int, int]:
        """Character offsets of the words [first, end)."""
        return self.starts[first], self.starts[end - 1] + self.lengths[end - 1]


def _clamp(values: list[int], limit: int) -> list[int]:
    if max(values, default=0) <= limit:
        return values
    return [min(value, limit) for value in values]
