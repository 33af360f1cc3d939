"""Pairs of units worth verifying, without comparing every pair.

Small corpora use an exact inverted index of shingles: no missed pair.  Larger
ones use the units' MinHash band keys (computed when each document was
analysed, see ``minhash``): units with equal keys in some band become
candidates, grouped in sorted numpy arrays for a whole corpus and in a
dictionary for a few documents.  Both return the same kind of pairs; exact
verification follows either way.

A key (a shingle, a band key) held by few units links them all; a crowded one
("of the", a sentence repeated across the corpus) links each unit only to the
next one that holds it, so both indexes stay linear.  How many units hold a key
is a corpus figure: comparing part of the corpus (the documents a few changed
ones can meet), the caller gives it for their keys, with the corpus's indexed
units that decide which index is in force (``CorpusCounts``), and the pairs of
those documents are exactly the whole corpus's.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.duplicates.fingerprint import Fingerprint
from factcheck.duplicates.minhash import BANDS
from factcheck.duplicates.shingles import unit_bigrams

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

# About (1 / BANDS) ** (1 / ROWS) for the sketches' banding (see minhash).
CANDIDATE_JACCARD = 0.54

Pair = tuple[int, int]  # global unit numbers, first < second

# The first byte of a shingle's key; a band key's is its band.
_SHINGLE = 0xFF


@dataclass(frozen=True)
class CorpusCounts:
    """What the candidates of some documents need from the whole corpus."""

    indexed: int  # units of the corpus long enough to be indexed
    held: Mapping[Hashable, int]  # units of the corpus holding a key (``unit_keys``)


def unit_offsets(prints: Sequence[Fingerprint]) -> list[int]:
    """Global number of each document's first unit, then the total."""
    return [0, *itertools.accumulate(fp.unit_count for fp in prints)]


def unit_keys(fingerprint: Fingerprint, sketched: bool | None = None) -> Counter[bytes]:
    """The keys of a document's indexed units, as bytes, with how many of its
    units hold each: shingles (the exact index's), band keys (the sketch
    index's), or with ``sketched`` None both."""
    keys: Counter[bytes] = Counter()
    for n, unit in enumerate(fingerprint.indexed_units()):
        if not sketched:
            start, end = fingerprint.unit_words(unit)
            shingles = set(unit_bigrams(fingerprint.ids, start, end))
            keys.update(_shingle_key(s) for s in shingles)
        if sketched is not False:
            bands = fingerprint.bands[n * BANDS : (n + 1) * BANDS]
            keys.update(_band_key(band, key) for band, key in enumerate(bands))
    return keys


def candidate_shingles(fingerprint: Fingerprint, held: Mapping[Hashable, int]) -> set[bytes]:
    """Keys of the shingles through which the exact index finds every
    candidate of a document's units, given how many units of the corpus hold
    each (``held``).  A pair shares at least ``CANDIDATE_JACCARD`` of either
    unit's shingles (its threshold, since the union is no smaller than
    either), so the first shared one in an order common to both units is
    among the first ``size - needed + 1`` of each: rarest first, so that
    these bring in few documents."""
    keys: set[bytes] = set()
    for unit in fingerprint.indexed_units():
        start, end = fingerprint.unit_words(unit)
        shingles = sorted(
            {_shingle_key(s) for s in unit_bigrams(fingerprint.ids, start, end)},
            key=lambda key: (min(held.get(key, 0), COMMON_SHINGLE + 1), key),
        )
        needed = math.ceil(CANDIDATE_JACCARD * len(shingles))
        keys.update(shingles[: len(shingles) - needed + 1])
    return keys


def crowd(key: bytes) -> int:
    """The most units a key (``unit_keys``) may have that are all linked."""
    return COMMON_SHINGLE if key[0] == _SHINGLE else SMALL_GROUP


def _shingle_key(shingle: int) -> bytes:
    return bytes([_SHINGLE]) + shingle.to_bytes(8, "big")


def _band_key(band: int, key: int) -> bytes:
    return bytes([band]) + key.to_bytes(8, "big")


def candidate_pairs(
    prints: Sequence[Fingerprint],
    corpus: CorpusCounts | None = None,
    exact_limit: int = EXACT_INDEX_LIMIT,
) -> list[Pair]:
    """Candidate pairs of units, each as (global unit, global unit), sorted;
    ``prints`` are the whole corpus unless ``corpus`` says otherwise."""
    if corpus is None:
        indexed = sum(len(fp.indexed_units()) for fp in prints)
        if indexed <= exact_limit:
            return _exact_pairs(prints, {})
        return _sketch_pairs(prints)
    if corpus.indexed <= exact_limit:
        return _exact_pairs(prints, corpus.held)
    return _banded_pairs(prints, corpus.held)


def _linked(units: list[int], holders: int, crowd: int) -> Iterable[Pair]:
    return itertools.combinations(units, 2) if holders <= crowd else itertools.pairwise(units)


def _exact_pairs(prints: Sequence[Fingerprint], held: Mapping[Hashable, int]) -> list[Pair]:
    postings: defaultdict[int, list[int]] = defaultdict(list)
    sizes: dict[int, int] = {}
    first = 0
    for fp in prints:
        for unit in fp.indexed_units():
            start, end = fp.unit_words(unit)
            shingles = set(unit_bigrams(fp.ids, start, end))
            sizes[first + unit] = len(shingles)
            for shingle in shingles:
                postings[shingle].append(first + unit)
        first += fp.unit_count
    shared: defaultdict[Pair, int] = defaultdict(int)
    for shingle, units in postings.items():
        holders = held.get(_shingle_key(shingle), len(units)) if held else len(units)
        for pair in _linked(units, holders, COMMON_SHINGLE):
            shared[pair] += 1
    # The sketches' candidate threshold, measured exactly, so that a corpus gives
    # the same findings whichever index it is large enough for.
    return sorted(
        pair
        for pair, count in shared.items()
        if count >= CANDIDATE_JACCARD * (sizes[pair[0]] + sizes[pair[1]] - count)
    )


def _banded_pairs(prints: Sequence[Fingerprint], held: Mapping[Hashable, int]) -> list[Pair]:
    """``_sketch_pairs`` for a few documents, without numpy."""
    groups: defaultdict[bytes, list[int]] = defaultdict(list)
    first = 0
    for fp in prints:
        for n, unit in enumerate(fp.indexed_units()):
            for band in range(BANDS):
                groups[_band_key(band, fp.bands[n * BANDS + band])].append(first + unit)
        first += fp.unit_count
    pairs: set[Pair] = set()
    for key, units in groups.items():
        if len(units) > 1:
            pairs.update(_linked(units, held.get(key, len(units)), SMALL_GROUP))
    return sorted(pairs)


def _sketch_pairs(prints: Sequence[Fingerprint]) -> list[Pair]:
    import numpy as np

    numbers: list[npt.NDArray[np.int64]] = []
    rows: list[npt.NDArray[np.uint64]] = []
    first = 0
    for fp in prints:
        indexed = fp.indexed_units()
        if indexed:
            numbers.append(np.asarray(indexed, dtype=np.int64) + first)
            rows.append(np.frombuffer(fp.bands, dtype=np.uint64).reshape(-1, BANDS))
        first += fp.unit_count
    if not numbers:
        return []
    units = np.concatenate(numbers)
    keys = np.concatenate(rows).T
    pairs: list[npt.NDArray[np.int64]] = []
    for band in range(BANDS):
        first_units, second_units = _equal_key_pairs(keys[band])
        low = np.minimum(units[first_units], units[second_units])
        high = np.maximum(units[first_units], units[second_units])
        pairs.append((low << 32) | high)
    encoded = np.unique(np.concatenate(pairs))
    return [(int(code) >> 32, int(code) & 0xFFFFFFFF) for code in encoded.tolist()]


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
