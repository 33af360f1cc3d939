"""The detector's thesaurus: for a word, the words a spinner may have replaced
with it (other lemmas of its WordNet 3.0 synsets, with regular inflections).

Shipped as ``factcheck/data/thesaurus.tsv.gz`` (built by
``scripts/build_thesaurus.py``; WordNet licence in ``factcheck/data/``), one
sorted ``word<TAB>synonym|synonym`` line per word.  Lines are looked up by
binary search instead of being parsed into a dict up front: a short document
asks for a few hundred words, and building 60,000 entries would cost more than
linting it.
"""

from __future__ import annotations

import bisect
import functools
import gzip
from importlib import resources


class Thesaurus:
    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._cache: dict[str, tuple[str, ...] | None] = {}

    def get(self, word: str) -> tuple[str, ...] | None:
        if word in self._cache:
            return self._cache[word]
        key = word + "\t"
        at = bisect.bisect_left(self._lines, key)
        found = None
        if at < len(self._lines) and self._lines[at].startswith(key):
            found = tuple(self._lines[at][len(key) :].split("|"))
        self._cache[word] = found
        return found

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> tuple[str, ...]:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found


@functools.cache
def synonyms() -> Thesaurus:
    raw = (resources.files("factcheck") / "data" / "thesaurus.tsv.gz").read_bytes()
    return Thesaurus(gzip.decompress(raw).decode("utf-8").splitlines())
