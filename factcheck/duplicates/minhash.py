"""MinHash sketches of a unit's shingle set and their LSH band keys.

Computed once per document when it is analysed (in the worker, a few
microseconds per shingle), kept in its fingerprint: the corpus stage only
groups equal keys, and a run comparing a few documents needs no numpy at all.
Plain integers rather than datasketch, whose import (scipy) alone costs more
than a whole small lint run.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

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


def mix(x: int) -> int:
    """splitmix64's finaliser: spreads structured keys (bigrams) over 64 bits."""
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK
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
