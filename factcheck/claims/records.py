"""What number and date findings and claim records share: JSON locations and
the rule's evidence as a related location."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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


def contradiction_findings(
    pairs: Iterable[tuple[F, F, bool]], code: Code, describe: Callable[[F], str], reason: str
) -> Iterator[Finding]:
    """One finding per claim that contradicts claims elsewhere, pointing at them.

    ``pairs`` are comparable claims and whether they clash.  A figure that
    disagrees with twenty documents is one problem, reported once with the
    first few places as related locations; and a claim whose side (itself and
    the claims that agree with it) outnumbers the claims against it is not
    reported: the few that disagree are.  With two documents, or a tie, both
    sides are reported.
    """
    against: dict[int, tuple[F, list[F]]] = {}
    support: dict[int, int] = {}
    for a, b, clash in pairs:
        if clash:
            against.setdefault(id(a), (a, []))[1].append(b)
            against.setdefault(id(b), (b, []))[1].append(a)
        else:
            support[id(a)] = support.get(id(a), 0) + 1
            support[id(b)] = support.get(id(b), 0) + 1
    for key, (fact, others) in against.items():
        if support.get(key, 0) + 1 > len(others):
            continue  # its side (itself and those that agree) outnumbers the other
        first = others[0]
        more = f" and {len(others) - 1} more" if len(others) > 1 else ""
        message = (
            f"{describe(fact)} contradicts {describe(first)} in {first.location.path}{more} "
            f"({reason})"
        )
        related = [o.location.related(f"{describe(o)} stated here") for o in others[:MAX_RELATED]]
        yield fact.location.finding(code, message, related=related)
