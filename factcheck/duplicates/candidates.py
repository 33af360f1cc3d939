"""Pairs of units worth verifying, without comparing every pair.

Small corpora (a pre-commit run, a few articles) use an exact inverted index of
shingles: no numpy import, no missed pair.  Larger ones use MinHash sketches and
LSH banding: for each band, the units' 64-bit band keys are sorted in one numpy
array and units with equal keys become candidates.  Both return the same kind of
pairs; exact verification follows either way.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from factcheck.duplicates.shingles import SEED_WORDS, bigram_array, unit_bigrams
from factcheck.duplicates.units import CorpusUnits

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# Above this many indexed units, the sketch index is cheaper than the exact one.
EXACT_INDEX_LIMIT = 20_000
# A shingle in more units than this ("of the", site boilerplate) links each unit
# only to the next one that has it, as large groups of equal band keys do, so the
# exact index stays linear.
COMMON_SHINGLE = 64
# Equal band keys shared by more units than this are linked in a chain rather
# than all pairwise, so a sentence repeated across the corpus costs linear time.
SMALL_GROUP = 8
# Candidate pairs decoded to Python at a time.
_DECODED = 1 << 16
# Batch size for sketching, in words (memory: PERMUTATIONS x 8 bytes per
# shingle, 19 MB a batch); larger batches are no faster.
SKETCH_BATCH = 50_000

# About (1 / BANDS) ** (1 / ROWS) for the sketches' banding (see minhash).
CANDIDATE_JACCARD = 0.54

Pair = tuple[int, int]  # global unit numbers, first < second


def candidate_pairs(units: CorpusUnits, force_sketch: bool = False) -> Iterator[Pair]:
    """Candidate pairs of units, each as (global unit, global unit), in
    ascending order."""
    indexed = sum(1 for start, end in itertools.pairwise(units.bounds) if end - start >= SEED_WORDS)
    if indexed <= EXACT_INDEX_LIMIT and not force_sketch:
        return iter(_exact_pairs(units))
    return _sketch_pairs(units, indexed)


def _exact_pairs(units: CorpusUnits) -> list[Pair]:
    postings: defaultdict[int, list[int]] = defaultdict(list)
    sizes: dict[int, int] = {}
    for number in range(units.count):
        start, end = units.words(number)
        if end - start >= SEED_WORDS:
            shingles = set(unit_bigrams(units.ids, start, end))
            sizes[number] = len(shingles)
            for shingle in shingles:
                postings[shingle].append(number)
    shared: defaultdict[Pair, int] = defaultdict(int)
    for numbers in postings.values():
        linked = (
            itertools.combinations(numbers, 2)
            if len(numbers) <= COMMON_SHINGLE
            else itertools.pairwise(numbers)
        )
        for pair in linked:
            shared[pair] += 1
    # The sketches' candidate threshold, measured exactly, so that a corpus gives
    # the same findings whichever index it is large enough for.
    return sorted(
        pair
        for pair, count in shared.items()
        if count >= CANDIDATE_JACCARD * (sizes[pair[0]] + sizes[pair[1]] - count)
    )


def _sketch_pairs(units: CorpusUnits, indexed: int) -> Iterator[Pair]:
    import numpy as np

    from factcheck.duplicates.minhash import BANDS

    numbers, keys = _band_keys(units, indexed)
    pairs: list[npt.NDArray[np.int64]] = []
    for band in range(BANDS):
        first, second = _equal_key_pairs(keys[band])
        low = np.minimum(numbers[first], numbers[second])
        high = np.maximum(numbers[first], numbers[second])
        pairs.append((low << 32) | high)
    del keys
    encoded = np.unique(np.concatenate(pairs))
    del pairs
    # Kept encoded (8 bytes a pair) and decoded a slice at a time.
    for begin in range(0, len(encoded), _DECODED):
        for code in encoded[begin : begin + _DECODED].tolist():
            yield code >> 32, code & 0xFFFFFFFF


def _band_keys(
    units: CorpusUnits, indexed: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """Global unit numbers of the indexed units and their band keys (BANDS x units)."""
    import numpy as np

    from factcheck.duplicates.minhash import BANDS, band_keys, signatures

    ids = np.frombuffer(units.ids, dtype=np.uint32)
    bounds = np.frombuffer(units.bounds, dtype=np.int64)
    lengths = np.diff(bounds)
    numbers = np.empty(indexed, dtype=np.int64)
    keys = np.empty((BANDS, indexed), dtype=np.uint64)
    filled = 0
    first = 0
    # Batches of whole units (bigrams never cross a unit) of about SKETCH_BATCH words.
    while first < units.count:
        last = int(np.searchsorted(bounds, bounds[first] + SKETCH_BATCH, side="left"))
        last = min(max(last, first + 1), units.count)
        word_unit = np.repeat(np.arange(first, last, dtype=np.int64), lengths[first:last])
        batch = ids[bounds[first] : bounds[last]].astype(np.uint64)
        first = last
        keep = (word_unit[:-1] == word_unit[1:]) & (lengths[word_unit[:-1]] >= SEED_WORDS)
        shingles = bigram_array(batch)[keep]
        if not len(shingles):
            continue
        shingle_unit = word_unit[:-1][keep]
        starts = np.flatnonzero(np.r_[True, shingle_unit[1:] != shingle_unit[:-1]])
        found = len(starts)
        numbers[filled : filled + found] = shingle_unit[starts]
        keys[:, filled : filled + found] = band_keys(signatures(shingles, starts))
        filled += found
    return numbers[:filled], keys[:, :filled]


def _equal_key_pairs(
    keys: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Positions of units with equal keys: every pair in a small group, a chain
    of neighbours in a large one."""
    import numpy as np

    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    run = np.cumsum(np.r_[True, ordered[1:] != ordered[:-1]]) - 1
    small = np.bincount(run)[run] <= SMALL_GROUP
    firsts: list[npt.NDArray[np.intp]] = []
    seconds: list[npt.NDArray[np.intp]] = []
    for distance in range(1, SMALL_GROUP):
        same = run[:-distance] == run[distance:]
        if distance > 1:
            same &= small[:-distance]
        where = np.flatnonzero(same)
        if not len(where):
            break
        firsts.append(order[where])
        seconds.append(order[where + distance])
    if not firsts:
        empty = np.empty(0, dtype=np.intp)
        return empty, empty
    return np.concatenate(firsts), np.concatenate(seconds)
