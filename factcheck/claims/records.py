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
    pairs: Iterable[tuple[F, F]], code: Code, describe: Callable[[F], str], reason: str
) -> Iterator[Finding]:
    """One finding per claim that contradicts claims elsewhere, pointing at them.

    A figure that disagrees with twenty other documents is one problem, not
    twenty: it is reported once, with the first few places as related locations.
    """
    against: dict[int, tuple[F, list[F]]] = {}
    for a, b in pairs:
        against.setdefault(id(a), (a, []))[1].append(b)
        against.setdefault(id(b), (b, []))[1].append(a)
    for fact, others in against.values():
        first = others[0]
        more = f" and {len(others) - 1} more" if len(others) > 1 else ""
        message = (
            f"{describe(fact)} contradicts {describe(first)} in {first.location.path}{more} "
            f"({reason})"
        )
        related = [o.location.related(f"{describe(o)} stated here") for o in others[:MAX_RELATED]]
        yield fact.location.finding(code, message, related=related)
