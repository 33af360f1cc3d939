"""What number and date findings and claim records share: JSON locations and
the rule's evidence as a related location."""

from __future__ import annotations

from factcheck.checks.base import Location
from factcheck.findings import Related
from factcheck.rules.base import RuleBase


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
