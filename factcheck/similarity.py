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
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterator, Sequence, Set
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
    ascending: bool = True,
) -> Iterator[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of the sets that share at least
    ``min_shared`` items and whose Jaccard similarity is at least
    ``min_jaccard``: exactly what testing every pair with ``similar`` yields,
    in ascending order, or with ``ascending=False`` in the order found, sets
    that share their rarest items close together (a caller that looks into
    each pair's objects then reads them while they are in the processor's
    cache, not scattered over the whole corpus).

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
    # One object per distinct item, and every set copied side by side: the
    # sets compared are then read from a compact stretch of memory, and their
    # items found equal by identity, rather than scattered over the corpus.
    canonical: dict[Hashable, Hashable] = {}
    sets = [frozenset([canonical.setdefault(item, item) for item in items]) for items in sets]
    frequency = Counter(item for items in sets for item in items)
    rank = {
        item: n
        for n, item in enumerate(sorted(frequency, key=lambda item: (frequency[item], repr(item))))
    }
    ranked = [sorted(items, key=rank.__getitem__) for items in sets]
    # Postings by (tag, item); untagged sets under (_UNTAGGED, item), and every
    # set under (_ANY, item) for the untagged ones to look up.
    postings: dict[tuple[Hashable, Hashable], list[int]] = defaultdict(list)
    found: list[tuple[int, int]] = []
    indexed_share = 2 * min_jaccard / (1 + min_jaccard)
    # From the smallest set up (see above); sets of one size by their rarest
    # item, so that sets alike are taken one after another.
    for j in sorted(
        range(len(sets)), key=lambda n: (len(sets[n]), rank[ranked[n][0]] if sets[n] else -1)
    ):
        items = sets[j]
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
            if similar(sets[i], items, min_jaccard, min_shared)
        )
        indexed = len(items) - shared_needed(len(items), indexed_share, min_shared) + 1
        for item in ordered[:indexed]:
            for tag in filed:
                postings[tag, item].append(j)
    yield from sorted(found) if ascending else found


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
