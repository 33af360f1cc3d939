"""The detector's thesaurus: for a word, the words a spinner may have replaced
with it (other lemmas of its WordNet 3.0 synsets, with regular inflections).

Shipped as ``factcheck/data/thesaurus.tsv`` (built by
``scripts/build_thesaurus.py``; WordNet licence in ``factcheck/data/``), one
``word<TAB>synonym|synonym`` line per word, sorted by word.  The file is
memory-mapped and lines are found by binary search over its bytes (UTF-8 sorts
as the code points do): opening it costs well under a millisecond, where
decompressing and splitting its 100,000 lines cost 30 to 60 ms, and a short
document asks for only a few hundred words.

Beside it, ``thesaurus-phrases.txt`` lists its multi-word entries.  The
detector asks about every two- and three-word span of a text and almost none
is an entry; ruling a span out costs a set look-up instead of a search of the
file (about 10 µs), and such misses are not remembered, so memory does not
grow with the spans of a large corpus.  Ruling spans out by their first word
alone let through nine in ten of them ("the", "of" and "in" head entries):
the 40,000 entries load in about 5 ms and save about a quarter of the
detector's time.
"""

from __future__ import annotations

import functools
import mmap
from collections.abc import Collection, Iterable
from pathlib import Path

# The package's own directory, not importlib.resources: finding the package
# through the import system costs more (3 ms) than opening the file.
DATA = Path(__file__).resolve().parent.parent / "data"
THESAURUS = DATA / "thesaurus.tsv"
PHRASES = DATA / "thesaurus-phrases.txt"
# Words remembered, found or not; emptied when full so a long run stays bounded.
_MEMO = 1 << 16


def phrases(words: Iterable[str]) -> list[str]:
    """The multi-word entries among ``words``, sorted: the content of
    ``thesaurus-phrases.txt``."""
    return sorted({word for word in words if " " in word})


class Thesaurus:
    def __init__(self, data: bytes | mmap.mmap, phrases: Collection[str]) -> None:
        # Bytes (or a map of them) of the thesaurus file, and its multi-word
        # entries.
        self._data = data
        self._phrases = phrases
        self._cache: dict[str, tuple[str, ...] | None] = {}

    def get(self, word: str) -> tuple[str, ...] | None:
        if word in self._cache:
            return self._cache[word]
        if " " in word and word not in self._phrases:
            return None
        found = None
        if "\t" not in word and "\n" not in word:
            found = self._lookup(word.encode("utf-8"))
        if len(self._cache) >= _MEMO:
            self._cache.clear()
        self._cache[word] = found
        return found

    def _lookup(self, key: bytes) -> tuple[str, ...] | None:
        data = self._data
        # Both bounds stay at line starts: every line before ``low`` has a word
        # below ``key``, every line from ``high`` on a word at or above it.
        low, high = 0, len(data)
        while low < high:
            start = data.rfind(b"\n", 0, (low + high) // 2) + 1
            end = data.find(b"\n", start)
            if end < 0:
                end = len(data)
            tab = data.find(b"\t", start, end)
            if data[start : tab if tab >= 0 else end] < key:
                low = end + 1
            else:
                high = start
        stop = data.find(b"\n", low)
        word, separator, rest = data[low : stop if stop >= 0 else len(data)].partition(b"\t")
        if not separator or word != key:
            return None
        return tuple(rest.decode("utf-8").split("|"))

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> tuple[str, ...]:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found


@functools.cache
def synonyms() -> Thesaurus:
    listed = frozenset(PHRASES.read_text("utf-8").splitlines())
    with THESAURUS.open("rb") as file:
        return Thesaurus(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ), listed)
