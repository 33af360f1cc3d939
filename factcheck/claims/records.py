"""What number and date findings and claim records share: JSON locations and
the rule's evidence as a related location."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Protocol, TypeVar

from factcheck.checks.base import Location
from factcheck.codes import Code
from factcheck.findings import Finding, Related
from factcheck.rules.base import RuleBase

# At most this many contradicting places are listed with one finding.
MAX_RELATED = 5


class Located(Protocol):
    @property
    def location(self) -> Location: ...


F = TypeVar("F", bound=Located)


def location_json(location: Location) -> dict[str, int]:
    return {
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
    }


def evidence(rule: RuleBase) -> list[Related]:
    """Where the rule holds its evidence, for a finding's related locations."""
    origin = rule.origin
    if origin is None:
        return []
    return [Related(origin.path, origin.line, origin.column, rule.evidence())]


def twins(facts: Iterable[F], signature: Callable[[F], Hashable]) -> list[list[F]]:
    """Facts that every comparison treats alike, grouped: syndicated copies of
    one sentence are compared once, not once per pair of copies."""
    groups: dict[Hashable, list[F]] = {}
    for fact in facts:
        groups.setdefault(signature(fact), []).append(fact)
    return list(groups.values())


def contradiction_findings(
    pairs: Iterable[tuple[list[F], list[F], bool]],
    code: Code,
    describe: Callable[[F], str],
    reason: str,
) -> Iterator[Finding]:
    """One finding per claim that contradicts claims in other documents.

    ``pairs`` are groups of comparable claims (see ``twins``; a group paired
    with itself holds claims that agree) and whether they clash.  Claims in
    the same document never count.  A figure that disagrees with twenty
    documents is one problem, reported once with the first few places as
    related locations; and a claim whose side (itself and the claims that agree
    with it) outnumbers the claims against it is not reported: the few that
    disagree are.  With two documents, or a tie, both sides are reported.
    """
    paths: dict[int, dict[str, int]] = {}
    against: dict[int, list[list[F]]] = {}
    support: dict[int, list[list[F]]] = {}
    groups: dict[int, list[F]] = {}
    for a, b, clash in pairs:
        for group in (a, b):
            if id(group) not in groups:
                groups[id(group)] = group
                paths[id(group)] = _path_counts(group)
        table = against if clash else support
        table.setdefault(id(a), []).append(b)
        if b is not a:
            table.setdefault(id(b), []).append(a)
    described: dict[int, str] = {}

    def description(fact: F) -> str:
        # The places a claim contradicts are listed with many findings.
        text = described.get(id(fact))
        if text is None:
            text = described[id(fact)] = describe(fact)
        return text

    for key, clashing in against.items():
        for fact in groups[key]:
            path = fact.location.path
            count = sum(len(g) - paths[id(g)].get(path, 0) for g in clashing)
            if count == 0:
                continue
            agreeing = sum(len(g) - paths[id(g)].get(path, 0) for g in support.get(key, ()))
            if agreeing + 1 > count:
                continue  # its side (itself and those that agree) outnumbers the other
            others = (o for g in clashing for o in g if o.location.path != path)
            listed = list(itertools.islice(others, MAX_RELATED))
            first = listed[0]
            more = f" and {count - 1} more" if count > 1 else ""
            message = (
                f"{description(fact)} contradicts {description(first)} in "
                f"{first.location.path}{more} ({reason})"
            )
            related = [o.location.related(f"{description(o)} stated here") for o in listed]
            yield fact.location.finding(code, message, related=related)


def _path_counts(group: Iterable[Located]) -> dict[str, int]:
    """How many claims of a group each document holds."""
    counts: dict[str, int] = {}
    for fact in group:
        path = fact.location.path
        counts[path] = counts.get(path, 0) + 1
    return counts
