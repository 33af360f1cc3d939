"""What number and date findings and claim records share: JSON locations and
the rule's evidence as a related location."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Generic, Protocol, TypeVar

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
G = TypeVar("G", bound=Located, covariant=True)


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


class ClaimGroups(Protocol[G]):
    """Groups of claims that every comparison treats alike (``twins``), by
    number: which document holds each claim, and a claim itself only when a
    finding needs it (a group's claims may stay out of memory until then)."""

    def documents(self, group: int) -> Sequence[Hashable]:
        """The document of each claim of ``group``, in order."""
        ...

    def claim(self, group: int, member: int) -> G:
        """Claim number ``member`` of ``group``."""
        ...


class ListedGroups(Generic[F]):
    """Groups held as lists of claims, numbered as ``contradiction_findings``
    first meets them."""

    def __init__(self) -> None:
        self.groups: list[list[F]] = []
        self._numbers: dict[int, int] = {}

    def numbered(
        self, pairs: Iterable[tuple[list[F], list[F], bool]]
    ) -> Iterator[tuple[int, int, bool]]:
        for a, b, clash in pairs:
            yield self._number(a), self._number(b), clash

    def _number(self, group: list[F]) -> int:
        number = self._numbers.get(id(group))
        if number is None:
            number = self._numbers[id(group)] = len(self.groups)
            self.groups.append(group)
        return number

    def documents(self, group: int) -> Sequence[Hashable]:
        return [fact.location.path for fact in self.groups[group]]

    def claim(self, group: int, member: int) -> F:
        return self.groups[group][member]


def listed_contradictions(
    pairs: Iterable[tuple[list[F], list[F], bool]],
    code: Code,
    describe: Callable[[F], str],
    reason: str,
) -> Iterator[Finding]:
    """``contradiction_findings`` of groups held as lists of claims."""
    groups: ListedGroups[F] = ListedGroups()
    return contradiction_findings(groups.numbered(pairs), groups, code, describe, reason)


def contradiction_findings(
    pairs: Iterable[tuple[int, int, bool]],
    groups: ClaimGroups[G],
    code: Code,
    describe: Callable[[G], str],
    reason: str,
) -> Iterator[Finding]:
    """One finding per claim that contradicts claims in other documents.

    ``pairs`` are numbers of groups of comparable claims (see ``twins``; a
    group paired with itself holds claims that agree) and whether they clash.
    Claims in the same document never count.  A figure that disagrees with
    twenty documents is one problem, reported once with the first few places
    as related locations; and a claim whose side (itself and the claims that
    agree with it) outnumbers the claims against it is not reported: the few
    that disagree are.  With two documents, or a tie, both sides are reported.
    """
    # Of each group met: the document of each claim, and how many claims
    # each document holds.
    documents: dict[int, Sequence[Hashable]] = {}
    counts: dict[int, dict[Hashable, int]] = {}
    against: dict[int, list[int]] = {}
    support: dict[int, list[int]] = {}
    for a, b, clash in pairs:
        for group in (a, b):
            if group not in counts:
                documents[group] = groups.documents(group)
                counts[group] = _counted(documents[group])
        table = against if clash else support
        table.setdefault(a, []).append(b)
        if b != a:
            table.setdefault(b, []).append(a)
    described: dict[tuple[int, int], str] = {}

    def description(group: int, member: int) -> str:
        # The places a claim contradicts are listed with many findings.
        text = described.get((group, member))
        if text is None:
            text = described[group, member] = describe(groups.claim(group, member))
        return text

    for key, clashing in against.items():
        for member, document in enumerate(groups.documents(key)):
            count = sum(sum(counts[g].values()) - counts[g].get(document, 0) for g in clashing)
            if count == 0:
                continue
            agreeing = sum(
                sum(counts[g].values()) - counts[g].get(document, 0) for g in support.get(key, ())
            )
            if agreeing + 1 > count:
                continue  # its side (itself and those that agree) outnumbers the other
            others = (
                (g, m)
                for g in clashing
                for m, elsewhere in enumerate(documents[g])
                if elsewhere != document
            )
            listed = list(itertools.islice(others, MAX_RELATED))
            fact = groups.claim(key, member)
            first = groups.claim(*listed[0])
            more = f" and {count - 1} more" if count > 1 else ""
            message = (
                f"{description(key, member)} contradicts {description(*listed[0])} in "
                f"{first.location.path}{more} ({reason})"
            )
            related = [
                groups.claim(*other).location.related(f"{description(*other)} stated here")
                for other in listed
            ]
            yield fact.location.finding(code, message, related=related)


def _counted(documents: Iterable[Hashable]) -> dict[Hashable, int]:
    """How many claims of a group each document holds."""
    counts: dict[Hashable, int] = {}
    for document in documents:
        counts[document] = counts.get(document, 0) + 1
    return counts
