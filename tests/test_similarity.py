"""Prefix-filtered similar pairs are exactly the brute-force pairs."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import similarity
from factcheck.similarity import (
    blocking_keys,
    contained,
    contained_pairs,
    meet,
    similar,
    similar_pairs,
    word_rarity,
)

VOCABULARY = ["said", "minister", "budget", "vote", "march", "council", "a", "b"]
WORDS = st.sampled_from(VOCABULARY)


def brute_force(
    sets: list[frozenset[str]], min_jaccard: float, min_shared: int
) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, j in itertools.combinations(range(len(sets)), 2)
        if similar(sets[i], sets[j], min_jaccard, min_shared)
    ]


# Items from which sets are paired in numpy arrays: always, never.
PAIRINGS = [0, 1 << 62]


@pytest.mark.parametrize("arrays_from", PAIRINGS)
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.frozensets(WORDS, max_size=6), max_size=25),
    st.sampled_from([0.0, 0.1, 0.3, 0.5, 0.6, 2 / 3, 0.7, 1.0]),
    st.integers(min_value=0, max_value=4),
)
def test_same_pairs_as_brute_force(
    arrays_from: int, sets: list[frozenset[str]], min_jaccard: float, min_shared: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(similarity, "ARRAYS_FROM", arrays_from)
        found = list(similar_pairs(sets, min_jaccard=min_jaccard, min_shared=min_shared))
    assert found == brute_force(sets, min_jaccard, min_shared)


TAGS = st.frozensets(st.sampled_from(["laredo", "nogales", "tucson"]), max_size=2)


@pytest.mark.parametrize("arrays_from", PAIRINGS)
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.frozensets(WORDS, max_size=6), TAGS), max_size=25),
    st.sampled_from([0.0, 0.3, 0.5, 2 / 3, 1.0]),
    st.integers(min_value=0, max_value=3),
)
def test_tagged_pairs_as_brute_force(
    arrays_from: int,
    tagged: list[tuple[frozenset[str], frozenset[str]]],
    min_jaccard: float,
    min_shared: int,
) -> None:
    sets = [items for items, _ in tagged]
    tags = [tag for _, tag in tagged]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(similarity, "ARRAYS_FROM", arrays_from)
        found = list(similar_pairs(sets, min_jaccard=min_jaccard, min_shared=min_shared, tags=tags))
    expected = [
        (i, j) for i, j in brute_force(sets, min_jaccard, min_shared) if meet(tags[i], tags[j])
    ]
    assert found == expected


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.frozensets(WORDS, max_size=6), TAGS), max_size=25),
    st.sampled_from([0.3, 0.5, 2 / 3]),
    st.integers(min_value=1, max_value=3),
)
def test_pairs_verified_a_few_candidates_at_a_time(
    tagged: list[tuple[frozenset[str], frozenset[str]]], min_jaccard: float, min_shared: int
) -> None:
    # Batches of one set: a pair found under several keys is still found
    # once, and none is lost between batches.
    sets = [items for items, _ in tagged]
    tags = [tag for _, tag in tagged]
    whole = list(similar_pairs(sets, min_jaccard=min_jaccard, min_shared=min_shared, tags=tags))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(similarity, "ARRAYS_FROM", 0)
        patch.setattr(similarity, "_CANDIDATES", 1)
        patch.setattr(similarity, "_SETS", 1)
        batched = similar_pairs(sets, min_jaccard=min_jaccard, min_shared=min_shared, tags=tags)
        assert list(batched) == whole


def test_tags_block_alike_sets() -> None:
    # Every set alike, each of its own town: no pair, and untagged sets pair
    # with every one.
    event = frozenset({"met", "delegations", "neighbouring", "districts"})
    sets = [event] * 6
    tags = [frozenset({f"town{i}"}) for i in range(5)] + [frozenset()]
    assert list(similar_pairs(sets, min_jaccard=0.5, min_shared=2, tags=tags)) == [
        (i, 5) for i in range(5)
    ]


def test_common_words_alone_do_not_pair() -> None:
    # A thousand sets that all share the common words but each has its own
    # rare ones: only the one repeated set pairs with its twin.
    common = {"the", "said", "on"}
    sets = [frozenset({*common, f"w{i}a", f"w{i}b", f"w{i}c"}) for i in range(1000)]
    sets.append(frozenset({*common, "w7a", "w7b", "w7c"}))
    assert list(similar_pairs(sets, min_jaccard=0.6, min_shared=2)) == [(7, 1000)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.frozensets(WORDS, max_size=6), max_size=25),
    st.sampled_from([0.0, 0.1, 0.5, 2 / 3, 0.7, 1.0]),
    st.integers(min_value=0, max_value=4),
)
def test_contained_pairs_as_brute_force(
    sets: list[frozenset[str]], min_share: float, min_shared: int
) -> None:
    expected = [
        (i, j)
        for i, j in itertools.combinations(range(len(sets)), 2)
        if contained(sets[i], sets[j], min_share, min_shared)
    ]
    assert contained_pairs(sets, min_share=min_share, min_shared=min_shared) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.frozensets(WORDS, max_size=6), max_size=12),
    st.permutations(VOCABULARY),
    st.sampled_from([0.1, 0.3, 0.5, 2 / 3, 1.0]),
    st.integers(min_value=0, max_value=4),
    st.integers(min_value=1, max_value=3),
)
def test_similar_sets_share_a_blocking_key(
    sets: list[frozenset[str]],
    order: list[str],
    min_jaccard: float,
    min_shared: int,
    width: int,
) -> None:
    rank = {word: n for n, word in enumerate(order)}.__getitem__
    keys = [
        blocking_keys(s, rank, min_jaccard=min_jaccard, min_shared=min_shared, width=width)
        for s in sets
    ]
    for i, j in brute_force(sets, min_jaccard, min_shared):
        assert keys[i] & keys[j]
    # Keys are taken from the set's own items only.
    for items, found in zip(sets, keys, strict=True):
        assert all(set(key) <= items for key in found)


def test_common_words_stay_out_of_blocking_keys() -> None:
    # Ordered from rarest to commonest, a set keeps its common words out of
    # its keys when enough rare ones must be shared anyway.
    rare_first = ["harbor", "levy", "tunnel", "ferry", "council", "said", "the"].index
    event = frozenset(["harbor", "levy", "tunnel", "ferry", "said", "the"])
    keys = blocking_keys(event, rare_first, min_jaccard=0.6, min_shared=3, width=2)
    assert keys == {
        ("harbor", "levy"), ("harbor", "tunnel"), ("harbor", "ferry"),
        ("levy", "tunnel"), ("levy", "ferry"), ("tunnel", "ferry"),
    }  # fmt: skip


def test_word_rarity_puts_common_english_words_last() -> None:
    words = ["said", "fentanyl", "harbor", "official", "doe"]
    # Unknown to the model first; "doe" is the singular read of "does".
    assert sorted(words, key=word_rarity) == ["fentanyl", "harbor", "official", "doe", "said"]
