"""MinHash sketches of a unit's shingle set and their LSH band keys.

A whole corpus is sketched in numpy batches (``numpy_band_keys``); a few
documents (a run reporting on changed files, each document's keys as the fact
store keeps them) in plain integers (a few microseconds per shingle) until a
process has sketched enough shingles to repay numpy's import, then with numpy.
The permutations come from one fixed stream, so every path gives the same
keys.  Not datasketch, whose import (scipy) alone costs more than a whole
small lint run.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

BANDS = 12
ROWS = 4
# Candidate threshold about (1/BANDS) ** (1/ROWS) = 0.54 bigram Jaccard: pairs at
# 0.7 are found with probability 0.97, at 0.8 with 0.9998, at 0.2 with 0.02.
# Exact verification follows, so a lower threshold would cost time, not
# precision; with three rows the chance collisions of short units grew faster
# than the corpus.
PERMUTATIONS = BANDS * ROWS
_SEED = 0x5EED_F00D
_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_MIX = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB)
# Shingles a process sketches in pure Python before numpy takes over: about
# what numpy's import costs (0.1 s at ~5 microseconds per shingle).
PURE_PYTHON_SHINGLES = 20_000
_sketched = 0


def mix(x: int) -> int:
    """splitmix64's finaliser: spreads structured keys (bigrams) over 64 bits."""
    x ^= x >> 30
    x = (x * _MIX[0]) & _MASK
    x ^= x >> 27
    x = (x * _MIX[1]) & _MASK
    return x ^ (x >> 31)


@functools.cache
def _permutations() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Multipliers (odd) and offsets of the hash permutations: a splitmix64
    stream from a fixed seed, the same in every process and version."""
    stream = [mix((_SEED + n * _GOLDEN) & _MASK) for n in range(1, 2 * PERMUTATIONS + 1)]
    return tuple(v | 1 for v in stream[:PERMUTATIONS]), tuple(stream[PERMUTATIONS:])


def band_keys(shingles: Iterable[int]) -> list[int]:
    """The BANDS 64-bit band keys of one unit's shingles (not empty): equal
    keys mean the units agree on every row of that band."""
    hashed = [mix(s) for s in shingles]
    multipliers, offsets = _permutations()
    signature = [
        min(((h ^ offset) * multiplier) & _MASK for h in hashed)
        for multiplier, offset in zip(multipliers, offsets, strict=True)
    ]
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS]
        key = rows[0]
        for row in rows[1:]:
            key = mix(key) ^ row
        keys.append(mix(key))
    return keys


def units_band_keys(units: Sequence[Sequence[int]]) -> list[int]:
    """The band keys of several units' shingles (none empty), unit after
    unit: ``band_keys`` of each, in pure Python or with numpy."""
    global _sketched
    shingles = sum(map(len, units))
    if _sketched < PURE_PYTHON_SHINGLES:
        _sketched += shingles
        return [key for unit in units for key in band_keys(unit)]
    return _numpy_band_keys(units, shingles)


def _numpy_mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    import numpy as np

    x = x ^ (x >> np.uint64(30))
    x *= np.uint64(_MIX[0])
    x ^= x >> np.uint64(27)
    x *= np.uint64(_MIX[1])
    result: npt.NDArray[np.uint64] = x ^ (x >> np.uint64(31))
    return result


def _numpy_band_keys(units: Sequence[Sequence[int]], shingles: int) -> list[int]:
    import numpy as np

    if not units:
        return []
    values = np.fromiter(itertools.chain.from_iterable(units), dtype=np.uint64, count=shingles)
    starts = np.cumsum([0, *map(len, units[:-1])])
    keys: list[int] = numpy_band_keys(values, starts).T.ravel().tolist()
    return keys


def numpy_band_keys(
    shingles: npt.NDArray[np.uint64], group_starts: npt.NDArray[np.intp]
) -> npt.NDArray[np.uint64]:
    """The band keys (BANDS x groups) of consecutive shingle groups, with
    numpy; ``group_starts`` are the indices where each group begins (none
    empty).  The same keys as ``band_keys``."""
    import numpy as np

    multipliers, offsets = (np.array(v, dtype=np.uint64).reshape(-1, 1) for v in _permutations())
    # One PERMUTATIONS x shingles buffer, multiplied in place: a second
    # temporary as large would double the stage's peak memory.
    permuted = _numpy_mix(shingles).reshape(1, -1) ^ offsets
    with np.errstate(over="ignore"):
        permuted *= multipliers
        rows = np.minimum.reduceat(permuted, group_starts, axis=1).reshape(BANDS, ROWS, -1)
        key = rows[:, 0, :]
        for row in range(1, ROWS):
            key = _numpy_mix(key) ^ rows[:, row, :]
        result: npt.NDArray[np.uint64] = _numpy_mix(key)
    return result
