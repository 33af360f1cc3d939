"""Word-bigram shingles of units.

Bigrams rather than longer shingles because units are short (a sentence or a
quotation): one changed word costs two bigrams, not three trigrams, so a lightly
edited sentence keeps most of its shingles.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# Units shorter than this are not indexed: they are found only as part of a
# longer passage ("Continue Reading", "Published on" never seed a match).
SEED_WORDS = 4

_MASK = (1 << 64) - 1
_MIX = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB)


def unit_bigrams(ids: Sequence[int], start: int, end: int) -> Iterator[int]:
    """The bigrams of words [start, end) as 64-bit integers."""
    for i in range(start, end - 1):
        yield ids[i] << 32 | ids[i + 1]


def bigram_array(ids: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The same bigram keys as ``unit_bigrams``, for every adjacent pair of ``ids``."""
    import numpy as np

    result: npt.NDArray[np.uint64] = (ids[:-1] << np.uint64(32)) | ids[1:]
    return result


def mix(x: int) -> int:
    """splitmix64's finaliser: spreads structured keys (bigrams) over 64 bits."""
    x ^= x >> 30
    x = (x * _MIX[0]) & _MASK
    x ^= x >> 27
    x = (x * _MIX[1]) & _MASK
    return x ^ (x >> 31)


def numpy_mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """``mix`` of every element."""
    import numpy as np

    x = x ^ (x >> np.uint64(30))
    with np.errstate(over="ignore"):
        x *= np.uint64(_MIX[0])
        x ^= x >> np.uint64(27)
        x *= np.uint64(_MIX[1])
    result: npt.NDArray[np.uint64] = x ^ (x >> np.uint64(31))
    return result


def set_hash(shingles: Collection[int]) -> int:
    """A 64-bit key of a set of bigrams, whatever their order: equal sets,
    equal keys (and different sets, different keys but by a 2**-64 chance)."""
    return mix((sum(map(mix, shingles)) + len(shingles)) & _MASK)
