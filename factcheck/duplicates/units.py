"""The word ids of every unit of the corpus, in one compact array.

Picking candidate pairs and verifying them needs only the words of units, not
a document's positions or quoting: gathering those words in one pass (4 bytes
a word) lets the corpus stage read each document's fingerprint when it needs
it instead of holding every one (about 11 bytes a word, plus its lines).
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator

from factcheck.duplicates.fingerprint import Fingerprint

Pair = tuple[int, int]  # global unit numbers, first < second


class CorpusUnits:
    """Units numbered across the corpus in document order (the global unit
    numbers of candidate pairs), with their words."""

    def __init__(self) -> None:
        self.ids: array[int] = array("I")  # every document's word ids, in order
        # Global index of each unit's first word, then the corpus word count.
        self.bounds: array[int] = array("q", [0])
        # Global number of each document's first unit, then the unit count.
        self.document_units: list[int] = [0]

    @classmethod
    def of(cls, prints: Iterable[Fingerprint]) -> CorpusUnits:
        units = cls()
        for fingerprint in prints:
            units.add(fingerprint)
        return units

    def add(self, fingerprint: Fingerprint) -> None:
        base = len(self.ids)
        self.ids.extend(fingerprint.ids)
        # A document's unit starts run from 0 to its word count (none when it
        # has no words), so its units follow the previous document's.
        self.bounds.extend(base + start for start in fingerprint.unit_starts[1:])
        self.document_units.append(len(self.bounds) - 1)

    @property
    def count(self) -> int:
        return len(self.bounds) - 1

    def words(self, unit: int) -> tuple[int, int]:
        """The global word range [start, end) of a unit."""
        return self.bounds[unit], self.bounds[unit + 1]

    def unit_ids(self, unit: int) -> list[int]:
        start, end = self.words(unit)
        return self.ids[start:end].tolist()

    def involving(self, documents: Iterable[int], pairs: Iterable[Pair]) -> Iterator[Pair]:
        """The pairs of units with a side in one of ``documents`` (indices in
        corpus order)."""
        starts = self.document_units
        spans = [(starts[document], starts[document + 1]) for document in documents]
        return (pair for pair in pairs if any(lo <= unit < hi for lo, hi in spans for unit in pair))

    def document(self, unit: int) -> tuple[int, int]:
        """The document (index in corpus order) of a global unit, and the
        unit's number within it."""
        document = bisect.bisect_right(self.document_units, unit) - 1
        return document, unit - self.document_units[document]
