"""Pairs of units worth verifying, without comparing every pair.

Small corpora use an exact inverted index of shingles: no missed pair.  Larger
ones use the units' MinHash band keys (``minhash``): units with equal keys in
some band become candidates, sketched and sorted in numpy arrays for a whole
corpus, grouped in a dictionary for a few documents.  Both return the same kind of pairs; exact
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
from array import array
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from factcheck.duplicates.fingerprint import Fingerprint
from factcheck.duplicates.minhash import BANDS, units_band_keys
from factcheck.duplicates.shingles import SEED_WORDS, bigram_array, unit_bigrams
from factcheck.duplicates.units import CorpusUnits, Pair

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

# The first byte of a shingle's key; a band key's is its band.
_SHINGLE = 0xFF


@dataclass(frozen=True)
class CorpusCounts:
    """What the candidates of some documents need from the whole corpus."""

    indexed: int  # units of the corpus long enough to be indexed
    held: Mapping[Hashable, int]  # units of the corpus holding a key (``unit_keys``)


def unit_keys(fingerprint: Fingerprint, sketched: bool | None = None) -> Counter[bytes]:
    """The keys of a document's indexed units, as bytes, with how many of its
    units hold each: shingles (the exact index's), band keys (the sketch
    index's), or with ``sketched`` None both."""
    keys: Counter[bytes] = Counter()
    if not sketched:
        for unit in fingerprint.indexed_units():
            start, end = fingerprint.unit_words(unit)
            keys.update(_shingle_key(s) for s in set(unit_bigrams(fingerprint.ids, start, end)))
    if sketched is not False:
        bands = unit_band_keys(fingerprint)
        keys.update(_band_key(n % BANDS, key) for n, key in enumerate(bands))
    return keys


def unit_band_keys(fingerprint: Fingerprint) -> Sequence[int]:
    """The band keys of a document's indexed units, unit after unit: those
    kept with it (``sketched``), or sketched now."""
    if fingerprint.bands is not None:
        return fingerprint.bands
    return units_band_keys(
        [
            list(unit_bigrams(fingerprint.ids, *fingerprint.unit_words(unit)))
            for unit in fingerprint.indexed_units()
        ]
    )


def sketched(fingerprint: Fingerprint) -> Fingerprint:
    """The fingerprint with its units' band keys (``unit_band_keys``), as a
    store keeps it for runs comparing a few documents: sketched once when the
    document is stored rather than by every such run over its reach."""
    if fingerprint.bands is not None:
        return fingerprint
    return replace(fingerprint, bands=array("Q", unit_band_keys(fingerprint)))


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
    units: CorpusUnits,
    prints: Iterable[Fingerprint],
    corpus: CorpusCounts | None = None,
    exact_limit: int = EXACT_INDEX_LIMIT,
) -> Iterator[Pair]:
    """Candidate pairs of units, each as (global unit, global unit), in
    ascending order; ``units`` are the words of ``prints`` (read only for
    their band keys, comparing part of the corpus), the whole corpus's unless
    ``corpus`` says otherwise."""
    if corpus is None:
        indexed = sum(
            1 for start, end in itertools.pairwise(units.bounds) if end - start >= SEED_WORDS
        )
        if indexed <= exact_limit:
            return iter(_exact_pairs(units, {}))
        return _sketch_pairs(units, indexed)
    if corpus.indexed <= exact_limit:
        return iter(_exact_pairs(units, corpus.held))
    return iter(_banded_pairs(units, corpus.held, prints))


def _linked(numbers: list[int], holders: int, crowd: int) -> Iterable[Pair]:
    return itertools.combinations(numbers, 2) if holders <= crowd else itertools.pairwise(numbers)


def _exact_pairs(units: CorpusUnits, held: Mapping[Hashable, int]) -> list[Pair]:
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
    for shingle, numbers in postings.items():
        holders = held.get(_shingle_key(shingle), len(numbers)) if held else len(numbers)
        for pair in _linked(numbers, holders, COMMON_SHINGLE):
            shared[pair] += 1
    # The sketches' candidate threshold, measured exactly, so that a corpus gives
    # the same findings whichever index it is large enough for.
    return sorted(
        pair
        for pair, count in shared.items()
        if count >= CANDIDATE_JACCARD * (sizes[pair[0]] + sizes[pair[1]] - count)
    )


def _banded_pairs(
    units: CorpusUnits, held: Mapping[Hashable, int], prints: Iterable[Fingerprint]
) -> list[Pair]:
    """``_sketch_pairs`` for a few documents (``prints``, whose words are
    ``units``), grouped in a dictionary."""
    bounds = units.bounds
    numbers = [
        number for number in range(units.count) if bounds[number + 1] - bounds[number] >= SEED_WORDS
    ]
    bands = [key for fingerprint in prints for key in unit_band_keys(fingerprint)]
    # Grouped under the key and its band as one integer; only a group of
    # several units needs the key as bytes (its corpus count).
    groups: defaultdict[int, list[int]] = defaultdict(list)
    for n, value in enumerate(bands):
        groups[value << 8 | n % BANDS].append(numbers[n // BANDS])
    pairs: set[Pair] = set()
    for key, linked in groups.items():
        if len(linked) > 1:
            holders = held.get(_band_key(key & 0xFF, key >> 8), len(linked))
            pairs.update(_linked(linked, holders, SMALL_GROUP))
    return sorted(pairs)


def _sketch_pairs(units: CorpusUnits, indexed: int) -> Iterator[Pair]:
    import numpy as np

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

    from factcheck.duplicates.minhash import numpy_band_keys

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
        keys[:, filled : filled + found] = numpy_band_keys(shingles, starts)
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
