"""Word-bigram shingles of units.

Bigrams rather than longer shingles because units are short (a sentence or a
quotation): one changed word costs two bigrams, not three trigrams, so a lightly
edited sentence keeps most of its shingles.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# Units shorter than this are not indexed: they are found only as part of a
# longer passage ("Continue Reading", "Published on" never seed a match).
SEED_WORDS = 4


def unit_bigrams(ids: Sequence[int], start: int, end: int) -> Iterator[int]:
    """The bigrams of words [start, end) as 64-bit integers."""
    for i in range(start, end - 1):
        yield ids[i] << 32 | ids[i + 1]


def bigram_array(ids: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The same bigram keys as ``unit_bigrams``, for every adjacent pair of ``ids``."""
    import numpy as np

    result: npt.NDArray[np.uint64] = (ids[:-1] << np.uint64(32)) | ids[1:]
    return result
