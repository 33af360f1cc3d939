"""Pairs of units worth verifying, without comparing every pair.

Each unit of at least ``SEED_WORDS`` words is the set of its word bigrams.  Two
units are candidates when

- their sets are the same: all together when at most ``CROWD`` units of the
  corpus hold that set, else each with the next unit that holds it (a sentence
  repeated across the corpus costs linear time); or
- their bigram Jaccard is at least ``CANDIDATE_JACCARD`` and they share a
  bigram that at most ``CROWD`` units of the corpus hold.

The second kind is an exact set-similarity join by prefix filtering (Bayardo
et al., 2007): bigrams are ordered from rarest to commonest (their corpus
counts, capped at ``CROWD + 1``, then their value), and two sets reaching the
threshold share one of the first ``size - ceil(t * size) + 1`` bigrams of each
(the first bigram they share, which is the rarest they share).  So only those
prefix bigrams that few units hold are indexed: a posting list never holds more
than ``CROWD`` units, whatever the corpus size, and the pairs found are
verified on whole sets.  Pairs made only of bigrams common across the corpus
("of the", a stock phrase) are not candidates unless identical.

One definition, two implementations with the same pairs: plain Python for a
few units (a pre-commit run, a run comparing a few documents, where numpy's
import would cost more than the work), numpy for a whole large corpus.  A run
comparing part of the corpus gives the corpus counts of the keys of the
documents it reports on (``held``); the pairs involving those documents are
then exactly the whole corpus's, since everything a pair depends on (the
counts of the bigrams the two units share, the holders of the uncrowded ones,
the count and nearest holders of a set) is a key of the documents reported on.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.duplicates.fingerprint import Fingerprint
from factcheck.duplicates.shingles import SEED_WORDS, bigram_array, set_hash, unit_bigrams
from factcheck.duplicates.units import CorpusUnits, Pair
from factcheck.similarity import shared_needed, spread

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# A bigram or a set held by more units than this ("of the", site boilerplate)
# links no pair through the bigram, and each unit holding the set only to the
# next one that holds it, so that posting lists and groups stay bounded.
CROWD = 64
# The candidates' threshold, a bigram Jaccard similarity.  Verification
# follows, so a lower threshold would cost time, not precision; it finds a
# lightly edited sentence of a dozen words (one word changed costs two of its
# eleven bigrams).
CANDIDATE_JACCARD = 0.54
# Indexed units from which a whole corpus is joined with numpy.
NUMPY_FROM = 20_000
# Words of whole units read at a time (numpy), and candidate pairs verified or
# decoded at a time: bounded temporaries.
_BATCH_WORDS = 1 << 18
_BATCH_PAIRS = 1 << 14

# The first byte of a key: a bigram's, a whole set's.
_SHINGLE = 0xFF
_SET = 0xFE


def unit_keys(fingerprint: Fingerprint) -> Counter[bytes]:
    """The keys of a document's indexed units, as bytes, with how many of its
    units hold each: every bigram, and each unit's whole set."""
    keys: Counter[bytes] = Counter()
    for shingles in _unit_sets(fingerprint):
        keys.update(_shingle_key(s) for s in shingles)
        keys[_set_key(shingles)] += 1
    return keys


def probe_keys(fingerprint: Fingerprint, held: Mapping[Hashable, int]) -> set[bytes]:
    """The keys whose holders can pair with a document's units, given how
    many units of the corpus hold each (``held``): each unit's set, and the
    uncrowded bigrams of its prefix (the rarest, so they bring in few
    documents)."""
    keys: set[bytes] = set()
    for shingles in _unit_sets(fingerprint):
        keys.add(_set_key(shingles))
        counts = {s: min(held.get(_shingle_key(s), 0), CROWD + 1) for s in shingles}
        keys.update(
            _shingle_key(s) for s in _indexed(sorted(shingles, key=_rarity(counts)), counts)
        )
    return keys


def _unit_sets(fingerprint: Fingerprint) -> Iterator[frozenset[int]]:
    for unit in fingerprint.indexed_units():
        yield frozenset(unit_bigrams(fingerprint.ids, *fingerprint.unit_words(unit)))


def _rarity(counts: Mapping[int, int]) -> Callable[[int], tuple[int, int]]:
    return lambda shingle: (counts[shingle], shingle)


def _indexed(ordered: list[int], counts: Mapping[int, int]) -> list[int]:
    """The bigrams of a set, rarest first, under which it is indexed: its
    prefix, up to the first crowded one."""
    prefix = ordered[: len(ordered) - shared_needed(len(ordered), CANDIDATE_JACCARD, 1) + 1]
    return list(itertools.takewhile(lambda s: counts[s] <= CROWD, prefix))


def _shingle_key(shingle: int) -> bytes:
    return bytes([_SHINGLE]) + shingle.to_bytes(8, "big")


def _set_key(shingles: frozenset[int]) -> bytes:
    return bytes([_SET]) + set_hash(shingles).to_bytes(8, "big")


def candidate_pairs(
    units: CorpusUnits, held: Mapping[Hashable, int] | None = None
) -> Iterator[Pair]:
    """Candidate pairs of units, each as (global unit, global unit), in
    ascending order; ``units`` are the whole corpus's unless ``held`` gives
    the corpus counts of the keys (``unit_keys``) of the documents reported
    on."""
    if held is None:
        indexed = sum(
            1 for start, end in itertools.pairwise(units.bounds) if end - start >= SEED_WORDS
        )
        if indexed and indexed >= NUMPY_FROM:
            return _numpy_pairs(units)
    return iter(_python_pairs(units, held or {}))


def _linked(numbers: list[int], holders: int) -> Iterable[Pair]:
    return itertools.combinations(numbers, 2) if holders <= CROWD else itertools.pairwise(numbers)


def _python_pairs(units: CorpusUnits, held: Mapping[Hashable, int]) -> list[Pair]:
    holders: defaultdict[frozenset[int], list[int]] = defaultdict(list)
    counts: Counter[int] = Counter()
    for number in range(units.count):
        start, end = units.words(number)
        if end - start >= SEED_WORDS:
            shingles = frozenset(unit_bigrams(units.ids, start, end))
            holders[shingles].append(number)
            counts.update(shingles)
    if held:
        for shingle in counts:
            counts[shingle] = held.get(_shingle_key(shingle), counts[shingle])
    capped = {shingle: min(count, CROWD + 1) for shingle, count in counts.items()}
    pairs: set[Pair] = set()
    distinct = list(holders)
    postings: defaultdict[int, list[int]] = defaultdict(list)
    for n, shingles in enumerate(distinct):
        numbers = holders[shingles]
        if len(numbers) > 1:
            total = held.get(_set_key(shingles), len(numbers)) if held else len(numbers)
            pairs.update(_linked(numbers, total))
        for shingle in _indexed(sorted(shingles, key=_rarity(capped)), capped):
            postings[shingle].append(n)
    verified: set[Pair] = set()
    for indexed in postings.values():
        for pair in itertools.combinations(indexed, 2):
            if pair in verified:
                continue
            verified.add(pair)
            a, b = distinct[pair[0]], distinct[pair[1]]
            shared = len(a & b)
            if shared >= CANDIDATE_JACCARD * (len(a) + len(b) - shared):
                pairs.update((min(x, y), max(x, y)) for x in holders[a] for y in holders[b])
    return sorted(pairs)


# The numpy implementation.


@dataclass(frozen=True)
class ShingleSets:
    """The distinct bigram sets of a corpus's indexed units (numpy): each
    set's bigrams as ranks (rarest first), and the units holding it."""

    ranks: npt.NDArray[np.int32]  # each unit's distinct ranks, ascending, unit after unit
    starts: npt.NDArray[np.int64]  # where each distinct set's ranks start in ``ranks``
    sizes: npt.NDArray[np.int64]  # each distinct set's size
    rare: npt.NDArray[np.int64]  # how many of each set's bigrams are uncrowded
    units: npt.NDArray[np.int64]  # global unit numbers, set after set, ascending
    holders: npt.NDArray[np.int64]  # where each set's units start, then their count


def shingle_sets(units: CorpusUnits, crowd: int | None) -> ShingleSets:
    """The distinct sets of ``units``, bigrams ranked by their corpus counts
    of units (capped at ``crowd + 1``; None: not capped) then their value."""
    import numpy as np

    numbers, offsets = _indexed_units(units)
    ranks, uncrowded = _ranks(units, offsets, crowd)
    # Each unit's set: its distinct ranks in ascending order, written over
    # ``ranks`` (never ahead of what is read), and a hash of them.
    lengths = np.empty(len(numbers), dtype=np.int64)
    rare = np.empty(len(numbers), dtype=np.int64)
    hashes = np.empty(len(numbers), dtype=np.uint64)
    written = 0
    for first, last in _batches(offsets, _BATCH_WORDS):
        low, high = offsets[first], offsets[last]
        part = ranks[low:high].astype(np.int64)
        row = np.repeat(np.arange(last - first, dtype=np.int64), np.diff(offsets[first : last + 1]))
        kept = part >= 0
        lengths[first:last] = np.bincount(row[kept], minlength=last - first)
        rare[first:last] = np.bincount(row[kept & (part < uncrowded)], minlength=last - first)
        keyed = row[kept] << 32 | part[kept]
        del row, part, kept
        keyed.sort()
        ranked = keyed & 0xFFFFFFFF
        hashes[first:last] = _numpy_set_hashes(ranked.astype(np.uint64), lengths[first:last])
        ranks[written : written + len(keyed)] = ranked
        written += len(keyed)
    ranks = ranks[:written]
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    # Units with the same set together (in corpus order), one copy of each set.
    grouping = np.argsort(hashes, kind="stable")
    grouped = hashes[grouping]
    firsts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    del grouped, hashes
    representatives = grouping[firsts]
    return ShingleSets(
        ranks=ranks,
        starts=starts[representatives],
        sizes=lengths[representatives],
        rare=rare[representatives],
        units=numbers[grouping],
        holders=np.r_[firsts, len(grouping)],
    )


def _indexed_units(units: CorpusUnits) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The global numbers of the indexed units, and where each one's bigrams
    start (``_bigrams``), then their count."""
    import numpy as np

    lengths = np.diff(np.frombuffer(units.bounds, dtype=np.int64))
    numbers = np.flatnonzero(lengths >= SEED_WORDS)
    return numbers, np.r_[0, np.cumsum(lengths[numbers] - 1)]


def _bigrams(units: CorpusUnits, count: int) -> npt.NDArray[np.uint64]:
    """The ``count`` bigrams of the indexed units (repeats included), unit
    after unit."""
    import numpy as np

    ids = np.frombuffer(units.ids, dtype=np.uint32)
    bounds = np.frombuffer(units.bounds, dtype=np.int64)
    lengths = np.diff(bounds)
    shingles = np.empty(count, dtype=np.uint64)
    filled = 0
    for first, last in _batches(bounds, _BATCH_WORDS):
        word_unit = np.repeat(np.arange(first, last, dtype=np.int64), lengths[first:last])
        keep = (word_unit[:-1] == word_unit[1:]) & (lengths[word_unit[:-1]] >= SEED_WORDS)
        part = bigram_array(ids[bounds[first] : bounds[last]].astype(np.uint64))[keep]
        shingles[filled : filled + len(part)] = part
        filled += len(part)
    return shingles


# Bigrams are counted in this many parts, ranges of their values about even
# in size: bounded temporaries.
_PARTS = 32  # at most 256


def _parts(shingles: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint8]:
    """Each bigram's part: ranges of values cut at quantiles of a sample (a
    common first word, "the", would crowd a part cut by the values' top bits)."""
    import numpy as np

    sample = np.sort(shingles[:: max(len(shingles) // (64 * _PARTS), 1)])
    cuts = sample[np.arange(1, _PARTS) * len(sample) // _PARTS] if len(sample) else sample
    part_of = np.empty(len(shingles), dtype=np.uint8)
    for begin in range(0, len(shingles), _BATCH_WORDS):
        part_of[begin : begin + _BATCH_WORDS] = np.searchsorted(
            cuts, shingles[begin : begin + _BATCH_WORDS], side="right"
        )
    return part_of


def _ranks(
    units: CorpusUnits, offsets: npt.NDArray[np.int64], crowd: int | None
) -> tuple[npt.NDArray[np.int32], int]:
    """Each bigram's rank (``_bigrams``), rarest first (units holding it,
    capped at ``crowd + 1``, then its value), or -1 where it repeats one of
    its unit's; and the number of ranks of uncrowded bigrams."""
    import numpy as np

    shingles = _bigrams(units, int(offsets[-1]))
    part_of = _parts(shingles)
    longest = int(np.diff(offsets).max()) if len(offsets) > 1 else 0
    runs = np.empty(len(shingles), dtype=np.int32)
    counts: list[npt.NDArray[np.int64]] = []
    for part in range(_PARTS):
        where = np.flatnonzero(part_of == part)
        if not len(where):
            continue
        order = np.argsort(shingles[where], kind="stable")
        where = where[order]
        values = shingles[where]
        del order
        new = np.r_[True, values[1:] != values[:-1]]
        del values
        # A repeat within a unit: the same bigram as the previous position
        # (positions ascend within a bigram), in the same unit.
        again = np.flatnonzero(~new)
        # Only positions closer than the longest unit can share a unit.
        again = again[where[again] - where[again - 1] < longest]
        unit = np.searchsorted(offsets, where[again], side="right")
        repeated = again[unit == np.searchsorted(offsets, where[again - 1], side="right")]
        run = np.cumsum(new, dtype=np.int64) - 1
        del new
        held = np.bincount(run)
        held -= np.bincount(run[repeated], minlength=len(held))
        if crowd is not None:
            np.minimum(held, crowd + 1, out=held)
        counts.append(held.astype(np.int32))
        run[repeated] = -1
        runs[where] = run
    del shingles
    capped = np.concatenate(counts)
    del counts
    rank_of = np.empty(len(capped), dtype=np.int32)
    if crowd is None:
        rank_of[np.argsort(capped, kind="stable")] = np.arange(len(capped), dtype=np.int32)
        uncrowded = len(capped)
    else:
        # Ranked count by count (a counting sort: no index of every bigram).
        uncrowded = int(np.count_nonzero(capped <= crowd))
        ranked = 0
        for count in range(1, crowd + 2):
            these = np.flatnonzero(capped == count)
            rank_of[these] = np.arange(ranked, ranked + len(these), dtype=np.int32)
            ranked += len(these)
    base = 0
    for part in range(_PARTS):
        where = np.flatnonzero(part_of == part)
        if not len(where):
            continue
        local = runs[where]
        found = int(local.max()) + 1
        runs[where] = np.where(local < 0, -1, rank_of[base + np.maximum(local, 0)])
        base += found
    return runs, uncrowded


def _batches(bounds: npt.NDArray[np.int64], size: int) -> Iterator[tuple[int, int]]:
    """Consecutive ranges [first, last) of rows whose ``bounds`` span about
    ``size`` (at least one row each)."""
    import numpy as np

    rows = len(bounds) - 1
    first = 0
    while first < rows:
        last = int(np.searchsorted(bounds, bounds[first] + size, side="left"))
        last = min(max(last, first + 1), rows)
        yield first, last
        first = last


def _rows(
    values: npt.NDArray[np.int32], starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
) -> npt.NDArray[np.int32]:
    """The slices ``values[start:start + length]``, concatenated."""
    row, within = spread(lengths)
    result: npt.NDArray[np.int32] = values[starts[row] + within]
    return result


def _numpy_set_hashes(
    values: npt.NDArray[np.uint64], sizes: npt.NDArray[np.int64]
) -> npt.NDArray[np.uint64]:
    """A hash of each of the consecutive rows of distinct ``values``, of
    ``sizes`` (none empty), whatever their order: equal rows, equal hashes."""
    import numpy as np

    from factcheck.duplicates.shingles import numpy_mix

    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    with np.errstate(over="ignore"):
        total = np.add.reduceat(numpy_mix(values), starts) + sizes.astype(np.uint64)
    return numpy_mix(total)


def similar_sets(sets: ShingleSets) -> npt.NDArray[np.int64]:
    """Pairs of distinct sets (a << 32 | b, a < b, ascending) with bigram
    Jaccard at least ``CANDIDATE_JACCARD`` that share an uncrowded bigram."""
    import numpy as np

    sizes = sets.sizes
    # Each set's prefix (as ``shared_needed``), up to its first crowded
    # bigram: ranks ascend, and the uncrowded come first.
    prefix = sizes - np.ceil(CANDIDATE_JACCARD * sizes - 1e-9).astype(np.int64) + 1
    indexed = np.minimum(prefix, sets.rare)
    edges = np.zeros(len(sets.ranks) + 1, dtype=np.int8)
    np.add.at(edges, sets.starts, 1)
    np.add.at(edges, sets.starts + indexed, -1)
    in_prefix = np.cumsum(edges[:-1], dtype=np.int8).view(np.bool_)
    del edges
    by_start = np.argsort(sets.starts)
    starts = sets.starts[by_start]
    found: list[npt.NDArray[np.int64]] = []
    top = int(sets.ranks.max()) + 1 if len(sets.ranks) else 0
    # A posting list lies within one range of ranks: one range at a time.
    step = -(-top // _PARTS)
    for low in range(0, top, step):
        where = np.flatnonzero(in_prefix & (sets.ranks >= low) & (sets.ranks < low + step))
        row = np.searchsorted(starts, where, side="right") - 1
        tokens, owner, position = sets.ranks[where], by_start[row], where - starts[row]
        del where, row
        order = np.argsort(tokens, kind="stable")
        tokens, owner, position = tokens[order], owner[order], position[order]
        del order
        found.extend(_posting_pairs(tokens, owner, position, sizes))
    candidates = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
    del found
    candidates.sort()
    if len(candidates):
        candidates = candidates[np.r_[True, candidates[1:] != candidates[:-1]]]
    verified = [
        _verified(sets, candidates[begin : begin + _BATCH_PAIRS])
        for begin in range(0, len(candidates), _BATCH_PAIRS)
    ]
    return np.concatenate(verified) if verified else candidates


def _posting_pairs(
    tokens: npt.NDArray[np.int32],
    owner: npt.NDArray[np.int64],
    position: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
) -> Iterator[npt.NDArray[np.int64]]:
    """The pairs of sets (a << 32 | b) found together in a posting list
    (entries sorted by token, sets ascending within one) that may reach the
    threshold."""
    import numpy as np

    for distance in itertools.count(1):
        same = np.flatnonzero(tokens[:-distance] == tokens[distance:])
        if not len(same):
            return
        a, b = owner[same], owner[same + distance]
        size_a, size_b = sizes[a], sizes[b]
        # If this is the first bigram they share, they share at most one
        # more than either has after it, and a Jaccard of t needs t / (1 + t)
        # of both sizes together (PPJoin's positional filter).  A pair's
        # first shared bigram is in both prefixes, so no pair is lost.
        bound = 1 + np.minimum(size_a - position[same], size_b - position[same + distance]) - 1
        fits = bound >= CANDIDATE_JACCARD / (1 + CANDIDATE_JACCARD) * (size_a + size_b) - 1e-9
        yield np.minimum(a, b)[fits] << 32 | np.maximum(a, b)[fits]


def _verified(sets: ShingleSets, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The pairs (a << 32 | b) whose sets reach ``CANDIDATE_JACCARD``: both
    sets' ranks side by side, sorted per pair, equal neighbours shared."""
    import numpy as np

    a, b = pairs >> 32, pairs & 0xFFFFFFFF
    sizes = sets.sizes
    both = np.empty(2 * len(pairs), dtype=np.int64)
    both[0::2], both[1::2] = a, b
    words = _rows(sets.ranks, sets.starts[both], sizes[both]).astype(np.int64)
    pair_of = np.repeat(np.arange(len(pairs), dtype=np.int64), sizes[a] + sizes[b])
    words |= pair_of << 32
    words.sort()
    repeated = np.flatnonzero(words[1:] == words[:-1])
    shared = np.bincount(pair_of[repeated], minlength=len(pairs))
    union = sizes[a] + sizes[b] - shared
    result: npt.NDArray[np.int64] = pairs[shared >= CANDIDATE_JACCARD * union]
    return result


def _numpy_pairs(units: CorpusUnits) -> Iterator[Pair]:
    import numpy as np

    sets = shingle_sets(units, CROWD)
    similar = similar_sets(sets)
    pairs = [_same_set_pairs(sets), _holder_pairs(sets, similar)]
    del similar, sets
    encoded = np.concatenate(pairs)
    del pairs
    encoded.sort()
    encoded = encoded[np.r_[True, encoded[1:] != encoded[:-1]]] if len(encoded) else encoded
    # Kept encoded (8 bytes a pair) and decoded a slice at a time.
    for begin in range(0, len(encoded), _BATCH_PAIRS):
        for code in encoded[begin : begin + _BATCH_PAIRS].tolist():
            yield code >> 32, code & 0xFFFFFFFF


def _same_set_pairs(sets: ShingleSets) -> npt.NDArray[np.int64]:
    """Units holding the same set: every pair of a set held by at most the
    crowd, each with the next otherwise (``a << 32 | b``, a < b)."""
    import numpy as np

    units = sets.units
    held = np.diff(sets.holders)
    group = np.repeat(np.arange(len(held)), held)
    small = held[group] <= CROWD
    found: list[npt.NDArray[np.int64]] = []
    for distance in range(1, CROWD):
        same = group[:-distance] == group[distance:]
        if distance > 1:
            same &= small[:-distance]
        where = np.flatnonzero(same)
        if not len(where):
            break
        found.append(units[where] << 32 | units[where + distance])
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _holder_pairs(sets: ShingleSets, similar: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Every pair of units holding two similar sets (``a << 32 | b``, a < b)."""
    import numpy as np

    a, b = similar >> 32, similar & 0xFFFFFFFF
    held = np.diff(sets.holders)
    pair, within = spread(held[a] * held[b])
    first = sets.units[sets.holders[a[pair]] + within // held[b[pair]]]
    second = sets.units[sets.holders[b[pair]] + within % held[b[pair]]]
    result: npt.NDArray[np.int64] = np.minimum(first, second) << 32 | np.maximum(first, second)
    return result
