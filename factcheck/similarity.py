"""Similar pairs among many word sets without comparing every pair.

Comparing every claim with every other is quadratic: fine for ten documents,
hours for ten thousand.  Prefix filtering (Chaudhuri et al., 2006; Bayardo et
al., 2007, "All-Pairs") finds exactly the pairs a brute-force loop would: order
each set's words from rarest to commonest; two sets sharing at least ``a``
words must share one among the first ``len - a + 1`` words of each, so only
sets meeting in those short prefixes are ever compared.

Only a shorter prefix of each set is indexed (Xiao et al., 2008, "PPJoin"):
sets are indexed from the smallest up, so the indexed set ``y`` of a pair is
never larger than the probing set ``x``, and a Jaccard of ``t`` then means at
least ``2t / (1 + t) * len(y)`` shared words.  The common words of a story
("said", "officials") sit at the end of every set in rarity order and stay out
of the index, so a posting list no longer grows with the whole corpus.
"""

from __future__ import annotations

import functools
import itertools
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T", bound=Hashable)

# ceil() of a product such as 0.3 * 10 can land one above the integer it
# means; a longer prefix only adds candidates, a shorter one would lose pairs.
_EPSILON = 1e-9


def similar(a: Set[Hashable], b: Set[Hashable], min_jaccard: float, min_shared: int) -> bool:
    shared = len(a & b)
    union = len(a) + len(b) - shared
    return shared >= min_shared and union > 0 and shared / union >= min_jaccard


def similar_pairs(
    sets: Sequence[Set[Hashable]],
    *,
    min_jaccard: float,
    min_shared: int = 1,
    tags: Sequence[Set[Hashable]] | None = None,
) -> Iterator[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, in ascending order, of the sets that
    share at least ``min_shared`` items and whose Jaccard similarity is at
    least ``min_jaccard``: exactly what testing every pair with ``similar``
    yields.

    With ``tags`` (one set per set), only pairs that ``meet`` (share a tag, or
    one has none) are yielded: the index is blocked by tag, so sets that are all
    alike but carry different tags (one event told of every town) are never
    paired, instead of being paired and then told apart one pair at a time."""
    if min_shared <= 0 and min_jaccard <= 0:
        # Every pair qualifies (even disjoint ones): nothing to filter on.
        for i, j in itertools.combinations(range(len(sets)), 2):
            if (tags is None or meet(tags[i], tags[j])) and similar(
                sets[i], sets[j], min_jaccard, min_shared
            ):
                yield i, j
        return
    ids: dict[Hashable, int] = {}
    encoded = IdSets()
    for items in sets:
        encoded.add([ids.setdefault(item, len(ids)) for item in items])
    yield from similar_id_pairs(encoded, min_jaccard=min_jaccard, min_shared=min_shared, tags=tags)


class IdSets:
    """Sets of integer ids (no id twice in a set), one after another in an
    ``array``: 4 bytes an item and 8 a set, where a ``frozenset`` of a few
    words costs hundreds of bytes."""

    def __init__(self) -> None:
        self.items = array("I")
        self.bounds = array("Q", [0])  # set ``n`` is ``items[bounds[n]:bounds[n + 1]]``

    def add(self, ids: Iterable[int]) -> int:
        """The number of the set of these ids."""
        self.items.extend(ids)
        self.bounds.append(len(self.items))
        return len(self.bounds) - 2

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def size(self, n: int) -> int:
        return self.bounds[n + 1] - self.bounds[n]

    def __getitem__(self, n: int) -> array[int]:
        return self.items[self.bounds[n] : self.bounds[n + 1]]


# Candidate pairs verified at a time (with repeats: a pair sharing several
# indexed items is found once per item); each costs about 40 bytes of arrays,
# and 30 more per item of its smaller set while verified.
_CANDIDATES = 1 << 12
# Sets whose keys are made at a time.
_SETS = 1 << 11


def similar_id_pairs(
    sets: IdSets,
    *,
    min_jaccard: float,
    min_shared: int = 1,
    tags: Sequence[Set[Hashable]] | None = None,
) -> Iterator[tuple[int, int]]:
    """``similar_pairs`` of sets of ids.  A corpus-wide comparison works on
    numpy arrays (``_sorted_pairs``: a few bytes an item, where Python sets
    and posting lists take about a kilobyte a set); a few documents' sets are
    paired in Python (``_posted_pairs``), which spares a run on one changed
    file importing numpy."""
    if min_shared <= 0 and min_jaccard <= 0:
        raise ValueError("similar pairs of ids need thresholds that demand a shared item")
    if len(sets) < 2:
        return iter(())
    pairing = _sorted_pairs if len(sets.items) >= ARRAYS_FROM else _posted_pairs
    return pairing(sets, min_jaccard, min_shared, tags)


# Items from which sets are paired in numpy arrays: below, importing numpy
# (about 60 ms) costs more than pairing in Python saves.
ARRAYS_FROM = 20_000


def _posted_pairs(
    sets: IdSets, min_jaccard: float, min_shared: int, tags: Sequence[Set[Hashable]] | None
) -> Iterator[tuple[int, int]]:
    """``similar_id_pairs`` with Python sets and a dictionary of posting lists."""
    frozen = [frozenset(sets[n]) for n in range(len(sets))]
    frequency = Counter(item for items in frozen for item in items)
    rank = {item: n for n, item in enumerate(sorted(frequency, key=lambda i: (frequency[i], i)))}
    ranked = [sorted(items, key=rank.__getitem__) for items in frozen]
    # Postings by (tag, item); untagged sets under (_UNTAGGED, item), and every
    # set under (_ANY, item) for the untagged ones to look up.
    postings: dict[tuple[Hashable, int], list[int]] = defaultdict(list)
    found: list[tuple[int, int]] = []
    indexed_share = 2 * min_jaccard / (1 + min_jaccard)
    # From the smallest set up (see above).
    for j in sorted(range(len(frozen)), key=lambda n: len(frozen[n])):
        items = frozen[j]
        needed = shared_needed(len(items), min_jaccard, min_shared)
        if needed > len(items):
            continue  # too small to reach the threshold with anything
        ordered = ranked[j]
        probed, filed = _roles(tags[j] if tags is not None else None)
        candidates = {
            i
            for item in ordered[: len(items) - needed + 1]
            for tag in probed
            for i in postings.get((tag, item), ())
        }
        # Verified as they are found: the candidates of the whole corpus can be
        # many times the pairs that qualify.
        found.extend(
            (i, j) if i < j else (j, i)
            for i in candidates
            if similar(frozen[i], items, min_jaccard, min_shared)
        )
        indexed = len(items) - shared_needed(len(items), indexed_share, min_shared) + 1
        for item in ordered[:indexed]:
            for tag in filed:
                postings[tag, item].append(j)
    return iter(sorted(found))


def _sorted_pairs(
    sets: IdSets, min_jaccard: float, min_shared: int, tags: Sequence[Set[Hashable]] | None
) -> Iterator[tuple[int, int]]:
    """``similar_id_pairs`` in numpy arrays.

    The prefix filter as a sort: every set's items ranked from rarest to
    commonest, sets taken from the smallest up, a set's indexed prefix filed
    under ``(tag, item)`` keys (with its position in that order) and its
    probing prefix looking up the sets filed under the same keys before it:
    one sorted array of filed entries and two binary searches per probe.
    Candidates are verified a batch at a time, by looking each item of the
    smaller set up in the sorted ``(set, item)`` codes of the other."""
    import numpy as np

    n = len(sets)
    items = np.frombuffer(sets.items, dtype=np.uint32)
    bounds = np.frombuffer(sets.bounds, dtype=np.uint64).astype(np.int64)
    sizes = np.diff(bounds)
    frequency = np.bincount(items)
    width = len(frequency)
    rank = np.empty(width, dtype=np.int64)
    rank[np.lexsort((np.arange(width), frequency))] = np.arange(width)
    # Each set's items as ``set * width + rank``, sorted: a set's items stay
    # where they were (between its bounds), rarest first.
    codes = np.repeat(np.arange(n, dtype=np.int64) * width, sizes)
    codes += rank[items]
    codes.sort()
    del rank, frequency
    largest = int(sizes.max())
    indexed_share = 2 * min_jaccard / (1 + min_jaccard)
    needed = np.array([shared_needed(s, min_jaccard, min_shared) for s in range(largest + 1)])
    kept = np.array([shared_needed(s, indexed_share, min_shared) for s in range(largest + 1)])
    # Sets too small to reach the thresholds with anything neither probe nor
    # are filed.
    usable = needed[sizes] <= sizes
    probing = np.where(usable, sizes - needed[sizes] + 1, 0)
    indexed = np.where(usable, sizes - kept[sizes] + 1, 0)
    del usable, needed, kept
    # From the smallest set up (see above).
    order = np.argsort(sizes, kind="stable")
    probed, filed = _tag_roles(tags, n)

    def keyed(prefix: Any, roles: _Roles) -> tuple[Any, Any]:
        """Every set's first ``prefix`` items under each of its ``roles``
        tags: their ``(tag, item)`` keys and the sets' positions, sets from
        the smallest up, made a few sets at a time (the whole corpus's
        temporaries would be several times the result)."""
        total = int((prefix * roles.count).sum())
        keys = np.empty(total, dtype=np.int64)
        positions = np.empty(total, dtype=np.int64)
        done = 0
        for first in range(0, n, _SETS):
            taken, k = spread(prefix[order[first : first + _SETS]])
            at = taken + first  # positions
            taken = order[at]
            item = codes[bounds[taken] + k] - taken * width
            copy, t = spread(roles.count[taken])
            end = done + len(copy)
            keys[done:end] = roles.tags[roles.start[taken[copy]] + t] * width + item[copy]
            positions[done:end] = at[copy]
            done = end
        return keys, positions

    filed_key, filed_position = keyed(indexed, filed)
    del indexed, filed
    if not len(filed_key):
        return
    # By key, and within a key in the order sets were taken (stable): as
    # ``first entry of the key * n + position``, a key's entries before a
    # probing set are one stretch of the sorted ``entries``.
    by_key = np.argsort(filed_key, kind="stable")
    keys = filed_key[by_key]
    del filed_key
    entries = filed_position[by_key]
    del filed_position, by_key
    entries += np.searchsorted(keys, keys) * n
    probe_key, probe_position = keyed(probing, probed)
    del probing, probed
    before = np.minimum(np.searchsorted(keys, probe_key), len(keys) - 1)
    counts = np.where(
        keys[before] == probe_key,
        np.searchsorted(entries, before * n + probe_position) - before,
        0,
    )
    del keys, probe_key
    ends = np.cumsum(counts)
    found: list[Any] = []
    start = 0
    while start < len(counts):
        # A batch of probing sets, each with all its probes (so that a pair
        # found under several keys is told once).
        end = max(
            int(np.searchsorted(ends, ends[start] - counts[start] + _CANDIDATES, "right")),
            start + 1,
        )
        end = int(np.searchsorted(probe_position, probe_position[end - 1], "right"))
        copy, k = spread(counts[start:end])
        first = order[entries[before[start:end][copy] + k] % n]
        second = order[probe_position[start:end][copy]]
        pairs = np.sort(first * n + second)
        repeated = np.zeros(len(pairs), dtype=bool)
        repeated[1:] = pairs[1:] == pairs[:-1]
        first, second = np.divmod(pairs[~repeated], n)
        # ``first`` was filed before ``second`` probed: it is the smaller, and
        # their Jaccard is at most ``|first| / |second|``.
        large = sizes[second]
        close = sizes[first] >= (min_jaccard - _EPSILON) * large
        first, second = first[close], second[close]
        copy, k = spread(sizes[first])
        query = codes[bounds[first][copy] + k] + (second - first)[copy] * width
        at = np.minimum(np.searchsorted(codes, query), len(codes) - 1)
        shared = np.bincount(copy, weights=codes[at] == query, minlength=len(first))
        union = sizes[first] + sizes[second] - shared
        similar_enough = (shared >= min_shared) & (shared / union >= min_jaccard)
        low, high = np.minimum(first, second), np.maximum(first, second)
        found.append((low * n + high)[similar_enough])
        start = end
    if found:
        low, high = np.divmod(np.sort(np.concatenate(found)), n)
        yield from zip(low.tolist(), high.tolist(), strict=True)


@dataclass(frozen=True)
class _Roles:
    """Tags of one role (probed or filed) for every set, one after another."""

    tags: Any  # numpy arrays
    start: Any
    count: Any


def _tag_roles(tags: Sequence[Set[Hashable]] | None, n: int) -> tuple[_Roles, _Roles]:
    """The posting tags every set looks up and those it is filed under
    (``_roles``), as tag numbers."""
    import numpy as np

    if tags is None:  # no blocking: one posting list per item
        none = _Roles(np.zeros(n, dtype=np.int64), np.arange(n), np.ones(n, dtype=np.int64))
        return none, none
    numbers: dict[Hashable, int] = {_ANY: 0, _UNTAGGED: 1}
    of_tags: dict[frozenset[Hashable], tuple[list[int], list[int]]] = {}
    flat: tuple[array[int], array[int]] = (array("I"), array("I"))
    counts: tuple[array[int], array[int]] = (array("I"), array("I"))
    for tagged in tags:
        key = tagged if isinstance(tagged, frozenset) else frozenset(tagged)
        roles = of_tags.get(key)
        if roles is None:
            probed, filed = _roles(key)
            roles = of_tags[key] = (
                [numbers.setdefault(tag, len(numbers)) for tag in probed],
                [numbers.setdefault(tag, len(numbers)) for tag in filed],
            )
        for role, numbered in enumerate(roles):
            flat[role].extend(numbered)
            counts[role].append(len(numbered))
    made = []
    for role in (0, 1):
        count = np.frombuffer(counts[role], dtype=np.uint32).astype(np.int64)
        tags_ = np.frombuffer(flat[role], dtype=np.uint32).astype(np.int64)
        made.append(_Roles(tags_, np.cumsum(count) - count, count))
    return made[0], made[1]


def spread(counts: Any) -> tuple[Any, Any]:
    """For entries each repeated ``counts`` times: which entry each copy is
    of, and its number among that entry's copies."""
    import numpy as np

    entry = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    return entry, np.arange(len(entry), dtype=np.int64) - (np.cumsum(counts) - counts)[entry]


def _roles(tags: Set[Hashable] | None) -> tuple[list[Hashable], list[Hashable]]:
    """The posting tags a set looks up and those it is filed under."""
    if tags is None:  # no blocking: one posting list per item
        return [_ANY], [_ANY]
    if tags:
        return [*tags, _UNTAGGED], [*tags, _ANY]
    return [_ANY], [_UNTAGGED, _ANY]


def meet(a: Set[Hashable], b: Set[Hashable]) -> bool:
    """Whether sets with these tags may pair: one has none, or they share one."""
    return not a or not b or not a.isdisjoint(b)


class _Tag:
    """Tag slots no caller's tag can equal."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_UNTAGGED = _Tag("untagged")
_ANY = _Tag("any")


def blocking_keys(
    items: Set[T],
    order: Callable[[T], Any],
    *,
    min_jaccard: float,
    min_shared: int = 1,
    width: int = 1,
) -> set[tuple[T, ...]]:
    """Keys of ``items`` (tuples of ``width`` items, taken in a fixed
    ``order``) such that every set ``similar`` to it (same thresholds) has a key
    in common with it.

    Both sets share at least ``a = max(min_shared, t * len)`` items, counting
    the length of either, so the ``k``-th rarest shared item stands within the
    first ``len - a + k`` items of each: the ``width`` rarest shared items are
    a combination of the first ``len - a + width`` items of both sets.  No
    corpus statistics are needed, so a document's keys follow from its own
    facts; a combination of words is far rarer than each of them, so the
    documents meeting under a key are few.  ``width`` is capped by
    ``min_shared``; a set too small to reach the thresholds has no key."""
    if min_shared <= 0 and min_jaccard <= 0:
        raise ValueError("blocking keys need thresholds that demand a shared item")
    needed = shared_needed(len(items), min_jaccard, min_shared)
    if needed > len(items):
        return set()
    width = max(1, min(width, min_shared))
    ordered = sorted(items, key=order)
    return set(itertools.combinations(ordered[: len(items) - needed + width], width))


@functools.lru_cache(maxsize=1 << 16)
def word_rarity(word: str) -> tuple[float, str]:
    """An order of words from rarest to commonest fixed in advance (the English
    language model's unigram probability; words it does not know first), so
    that blocking prefixes keep "said" and "officials" out."""
    from factcheck.spin.language_model import english

    model = english()
    # Claim words are singular ("does" became "doe"): the plural is asked too,
    # lest a common word pass for a rare one.
    known = [p for w in (word, word + "s") if (p := model.logp(w)) is not None]
    return (max(known, default=-math.inf), word)


def contained(a: Set[Hashable], b: Set[Hashable], min_share: float, min_shared: int) -> bool:
    """Whether ``a`` and ``b`` share at least ``min_shared`` items and at least
    ``min_share`` of the smaller set."""
    shared = len(a & b)
    return shared >= shared_needed(min(len(a), len(b)), min_share, min_shared)


def contained_pairs(
    sets: Sequence[Set[Hashable]], *, min_share: float, min_shared: int = 1
) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, in ascending order, for which
    ``contained`` holds, found by prefix filtering: exactly the pairs testing
    every pair would yield.

    The threshold depends on the smaller set only, so sets are taken from the
    largest down and each is indexed whole: a later (smaller or equal) set
    ``y`` sharing ``a`` items with an earlier one shares one among its own
    first ``len(y) - a + 1`` items, and only those are looked up."""
    frequency = Counter(item for items in sets for item in items)

    def rarity(item: Hashable) -> tuple[int, str]:
        return frequency[item], repr(item)

    postings: dict[Hashable, list[int]] = defaultdict(list)
    found: list[tuple[int, int]] = []
    for j in sorted(range(len(sets)), key=lambda n: -len(sets[n])):
        items = sets[j]
        needed = shared_needed(len(items), min_share, min_shared)
        if needed <= len(items):
            candidates = {
                i
                for item in sorted(items, key=rarity)[: len(items) - needed + 1]
                for i in postings.get(item, ())
            }
            # Verified as they are found, as in ``similar_pairs``.
            found.extend(
                (i, j) if i < j else (j, i)
                for i in candidates
                if contained(sets[i], items, min_share, min_shared)
            )
        for item in items:
            postings[item].append(j)
    return sorted(found)


def shared_needed(size: int, share: float, min_shared: int) -> int:
    """Items a set of ``size`` must share: ``min_shared`` and ``share`` of it."""
    return max(min_shared, math.ceil(share * size - _EPSILON), 1)
