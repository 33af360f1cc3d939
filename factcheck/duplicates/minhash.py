"""MinHash sketches of shingle sets and their LSH band keys, with numpy.

A few dozen lines of numpy rather than datasketch, whose import (scipy) alone
costs more than a whole small lint run.  Sketches are computed for many units
at once: one vectorised pass per batch instead of a Python call per unit.
"""

from __future__ import annotations

import functools

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

U64 = npt.NDArray[np.uint64]


def mix(x: U64) -> U64:
    """splitmix64's finaliser: spreads structured keys (bigrams) over 64 bits."""
    x = x.copy()
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


@functools.cache
def _permutations() -> tuple[U64, U64]:
    rng = np.random.default_rng(_SEED)
    high = np.iinfo(np.uint64).max
    multipliers = rng.integers(1, high, PERMUTATIONS, dtype=np.uint64, endpoint=True) | np.uint64(1)
    offsets = rng.integers(0, high, PERMUTATIONS, dtype=np.uint64, endpoint=True)
    return multipliers.reshape(-1, 1), offsets.reshape(-1, 1)


def signatures(shingles: U64, group_starts: npt.NDArray[np.intp]) -> U64:
    """MinHash signatures (PERMUTATIONS x groups) of consecutive shingle groups;
    ``group_starts`` are the indices where each group begins (none empty)."""
    multipliers, offsets = _permutations()
    hashed = mix(shingles)
    # One PERMUTATIONS x shingles buffer, multiplied in place: a second
    # temporary as large would double the stage's peak memory.
    permuted = hashed.reshape(1, -1) ^ offsets
    with np.errstate(over="ignore"):
        permuted *= multipliers
    result: U64 = np.minimum.reduceat(permuted, group_starts, axis=1)
    return result


def band_keys(sketches: U64) -> U64:
    """One 64-bit key per band (BANDS x groups): equal keys mean the units agree
    on every row of that band."""
    rows = sketches.reshape(BANDS, ROWS, -1)
    key = rows[:, 0, :].copy()
    with np.errstate(over="ignore"):
        for row in range(1, ROWS):
            key = mix(key) ^ rows[:, row, :]
    return mix(key)
