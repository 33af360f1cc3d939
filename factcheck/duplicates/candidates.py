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
from collections.abc import Sequence
from typing import TYPE_CHECKING

from factcheck.duplicates.fingerprint import Fingerprint
from factcheck.duplicates.shingles import SEED_WORDS, bigram_array, unit_bigrams

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
# Batch size for sketching, in words (memory: PERMUTATIONS x 8 bytes per
# shingle, 19 MB a batch); larger batches are no faster.
SKETCH_BATCH = 50_000

# About (1 / BANDS) ** (1 / ROWS) for the sketches' banding (see minhash).
CANDIDATE_JACCARD = 0.54

Pair = tuple[int, int]  # global unit numbers, first < second


def unit_offsets(prints: Sequence[Fingerprint]) -> list[int]:
    """Global number of each document's first unit, then the total."""
    return [0, *itertools.accumulate(fp.unit_count for fp in prints)]


def candidate_pairs(prints: Sequence[Fingerprint], force_sketch: bool = False) -> list[Pair]:
    """Candidate pairs of units, each as (global unit, global unit), sorted."""
    indexed = sum(
        1
        for fp in prints
        for unit in range(fp.unit_count)
        if fp.unit_starts[unit + 1] - fp.unit_starts[unit] >= SEED_WORDS
    )
    if indexed <= EXACT_INDEX_LIMIT and not force_sketch:
        return _exact_pairs(prints)
    return _sketch_pairs(prints, indexed)


def _exact_pairs(prints: Sequence[Fingerprint]) -> list[Pair]:
    postings: defaultdict[int, list[int]] = defaultdict(list)
    sizes: dict[int, int] = {}
    number = 0
    for fp in prints:
        for unit in range(fp.unit_count):
            start, end = fp.unit_words(unit)
            if end - start >= SEED_WORDS:
                shingles = set(unit_bigrams(fp.ids, start, end))
                sizes[number] = len(shingles)
                for shingle in shingles:
                    postings[shingle].append(number)
            number += 1
    shared: defaultdict[Pair, int] = defaultdict(int)
    for units in postings.values():
        linked = (
            itertools.combinations(units, 2)
            if len(units) <= COMMON_SHINGLE
            else itertools.pairwise(units)
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


def _sketch_pairs(prints: Sequence[Fingerprint], indexed: int) -> list[Pair]:
    import numpy as np

    from factcheck.duplicates.minhash import BANDS

    units, keys = _band_keys(prints, indexed)
    pairs: list[npt.NDArray[np.int64]] = []
    for band in range(BANDS):
        first, second = _equal_key_pairs(keys[band])
        low = np.minimum(units[first], units[second])
        high = np.maximum(units[first], units[second])
        pairs.append((low << 32) | high)
    encoded = np.unique(np.concatenate(pairs))
    return [(int(code) >> 32, int(code) & 0xFFFFFFFF) for code in encoded.tolist()]


def _band_keys(
    prints: Sequence[Fingerprint], indexed: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """Global unit numbers of the indexed units and their band keys (BANDS x units)."""
    import numpy as np

    from factcheck.duplicates.minhash import BANDS, band_keys, signatures

    units = np.empty(indexed, dtype=np.int64)
    keys = np.empty((BANDS, indexed), dtype=np.uint64)
    filled = 0
    first_unit = 0
    batch: list[Fingerprint] = []
    batch_words = 0

    def sketch_batch() -> None:
        nonlocal filled, first_unit
        ids = np.concatenate([np.frombuffer(fp.ids, dtype=np.uint32) for fp in batch])
        lengths = np.concatenate(
            [np.diff(np.frombuffer(fp.unit_starts, dtype=np.uint32)) for fp in batch]
        ).astype(np.int64)
        numbers = np.arange(first_unit, first_unit + len(lengths), dtype=np.int64)
        word_unit = np.repeat(numbers, lengths)
        keep = (word_unit[:-1] == word_unit[1:]) & (
            lengths[word_unit[:-1] - first_unit] >= SEED_WORDS
        )
        shingles = bigram_array(ids.astype(np.uint64))[keep]
        shingle_unit = word_unit[:-1][keep]
        first_unit += len(lengths)
        if not len(shingles):
            return
        starts = np.flatnonzero(np.r_[True, shingle_unit[1:] != shingle_unit[:-1]])
        found = len(starts)
        units[filled : filled + found] = shingle_unit[starts]
        keys[:, filled : filled + found] = band_keys(signatures(shingles, starts))
        filled += found

    for fp in prints:
        if fp.unit_count:
            batch.append(fp)
            batch_words += fp.word_count
        else:
            continue
        if batch_words >= SKETCH_BATCH:
            sketch_batch()
            batch, batch_words = [], 0
    if batch:
        sketch_batch()
    return units[:filled], keys[:, :filled]


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
