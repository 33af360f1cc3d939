"""Comparing part of the corpus: which documents a finding in one document can
depend on (``Check.reach_keys``), the corpus tally (``Check.tally``), and
``compare`` over a few documents with both.  What a run that loads only some
documents' facts does, written over facts held in memory."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from factcheck.checks.base import Check
from factcheck.findings import Finding

K = TypeVar("K", bound=Hashable)
# Documents found under some keys: path → (facts, the keys among them it holds).
Lookup = Callable[[set[K]], Mapping[str, tuple[Any, set[K]]]]


def chained(check: Check) -> bool:
    """Whether the check's keys chain in corpus order (``Check.chain_keys``)."""
    return type(check).chain_keys is not Check.chain_keys


def linked(check: Check) -> bool:
    """Whether the check's reach is a closure (``Check.linked_keys``)."""
    return type(check).linked_keys is not Check.linked_keys


def key_holders(check: Check, facts: Mapping[str, Any]) -> dict[Hashable, set[str]] | None:
    """The documents holding each reach key, or None when the check needs
    every document."""
    holders: dict[Hashable, set[str]] = defaultdict(set)
    for path, document_facts in facts.items():
        found = check.reach_keys(document_facts)
        if found is None:
            return None
        for key in found:
            holders[key].add(path)
    return holders


def reaches(check: Check, facts: Mapping[str, Any]) -> dict[str, set[str]] | None:
    """Each document's reach: itself and the documents found under a key it
    looks up (None when the check needs every document)."""
    if chained(check):
        return _chain_reaches(check, facts)
    holders = key_holders(check, facts)
    if holders is None:
        return None
    if linked(check):

        def lookup(keys: set[Hashable]) -> dict[str, tuple[Any, set[Hashable]]]:
            found: dict[str, set[Hashable]] = defaultdict(set)
            for key in keys:
                for path in holders.get(key, ()):
                    found[path].add(key)
            return {path: (facts[path], held) for path, held in found.items()}

        return {
            path: set(closure(check, {path: facts[path]}, lookup, lambda key: key))
            for path in facts
        }
    reach = {}
    for path, document_facts in facts.items():
        probes = check.probe_keys(document_facts)
        if probes is None:
            return None
        reach[path] = {path}.union(*(holders.get(key, ()) for key in probes))
    return reach


def closure(
    check: Check,
    start: Mapping[str, Any],
    lookup: Lookup[K],
    encode: Callable[[Hashable], K],
) -> dict[str, Any]:
    """The facts of the documents ``start`` and of every document reached from
    them through ``Check.linked_keys`` and ``Check.links`` (see there), found
    with ``lookup`` (keys as ``encode`` makes them, so a store can look up its
    own form).  A part found under a key is followed when it links with a
    followed part holding that key, whichever was found first."""
    reached = dict(start)
    parts: dict[str, list[frozenset[K]]] = {}
    Part = tuple[str, int]
    found_under: dict[K, set[Part]] = defaultdict(set)
    followed_under: dict[K, set[Part]] = defaultdict(set)
    followed: set[Part] = set()
    probed: set[K] = set()

    def parts_of(path: str) -> list[frozenset[K]]:
        if path not in parts:
            found = check.linked_keys(reached[path])
            if found is None:
                raise TypeError(f"{check.name}: linked_keys returned None for some facts")
            parts[path] = [frozenset(map(encode, part)) for part in found]
        return parts[path]

    def links(a: Part, b: Part) -> bool:
        return check.links(reached[a[0]], a[1], reached[b[0]], b[1])

    queue: list[Part] = [(path, n) for path in start for n in range(len(parts_of(path)))]
    while queue:
        probes: set[K] = set()
        while queue:
            part = queue.pop()
            if part in followed:
                continue
            followed.add(part)
            for key in parts_of(part[0])[part[1]]:
                followed_under[key].add(part)
                if key not in probed:
                    probes.add(key)
                    continue
                queue.extend(
                    other
                    for other in found_under[key]
                    if other not in followed and links(part, other)
                )
        if not probes:
            break
        probed.update(probes)
        for path, (facts, held) in lookup(probes).items():
            reached.setdefault(path, facts)
            for n, keys in enumerate(parts_of(path)):
                for key in keys & held:
                    found_under[key].add((path, n))
        for key in probes:
            for other in found_under[key] - followed:
                if any(links(part, other) for part in followed_under[key]):
                    queue.append(other)
    return reached


def _chain_reaches(check: Check, facts: Mapping[str, Any]) -> dict[str, set[str]]:
    """Each document's reach through ``Check.chain_keys``."""
    tally = corpus_tally(check, facts)
    keys = {path: _chain_keys(check, facts[path], tally) for path in facts}
    holders: dict[bytes, list[str]] = defaultdict(list)
    totals: Counter[bytes] = Counter()
    for path in sorted(facts):
        for key, n in keys[path].items():
            holders[key].append(path)
            totals[key] += n
    reach = {}
    assert tally is not None
    for path in facts:
        near = {path}
        probes = check.chain_probes(facts[path], tally)
        for key in keys[path]:
            found = holders[key]
            if totals[key] <= check.crowd(key):
                if key in probes:
                    near.update(found)
            else:
                at = bisect.bisect_left(found, path)
                near.update(found[max(at - 1, 0) : at + 2])
        reach[path] = near
    return reach


def _chain_keys(
    check: Check, facts: Any, tally: Counter[Hashable] | None = None
) -> Mapping[bytes, int]:
    keys = check.chain_keys(facts, tally)
    if keys is None:
        raise TypeError(f"{check.name}: chain_keys returned None for some facts")
    return keys


def corpus_tally(check: Check, facts: Mapping[str, Any]) -> Counter[Hashable] | None:
    """The sum of every document's tally (with the counts of its chain keys),
    or None for a check without one."""
    total: Counter[Hashable] = Counter()
    for document_facts in facts.values():
        tally = check.tally(document_facts)
        if tally is None:
            return None
        total.update(tally)
        if chained(check):
            total.update(_chain_keys(check, document_facts))
    return total


def compare_within(
    check: Check, facts: Mapping[str, Any], tally: Counter[Hashable] | None
) -> Iterable[Finding]:
    """``compare`` over some documents' facts, given the corpus tally if the
    check has one: exact for the documents whose reach ``facts`` holds."""
    ordered = {path: facts[path] for path in sorted(facts)}
    return check.compare(ordered) if tally is None else check.compare_tallied(ordered, tally)
