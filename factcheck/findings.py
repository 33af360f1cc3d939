"""The finding: the public unit of output, shared by every check and every format.

Positions are 1-based and counted in characters (code points); ``end_column`` is
exclusive.  A finding may point at other places (``related``): the document it
contradicts, the passage it duplicates, the rule that holds the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Category(StrEnum):
    CONTRADICTION = "contradiction"
    ATTRIBUTION = "attribution"
    DUPLICATE = "duplicate"
    MISTRANSCRIPTION = "mistranscription"
    INPUT = "input"


@dataclass(frozen=True, order=True, slots=True)
class Related:
    path: str
    line: int
    column: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    category: Category
    severity: Severity
    message: str
    fix: str | None = None
    related: tuple[Related, ...] = ()
    rule: str | None = None
    # Only fixes marked safe are applied by a plain ``--fix``; the rest need
    # ``--unsafe-fixes``.  Not serialised: it is a property of the fixer, not of
    # the finding's meaning.
    fix_safe: bool = field(default=False, compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, int, int, str, str, str]:
        return (
            self.path,
            self.line,
            self.column,
            self.end_line,
            self.end_column,
            self.code,
            self.rule or "",
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of a finding (see docs/findings.md)."""
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "category": self.category.value,
            "severity": self.severity.value,
            "message": self.message,
            "rule": self.rule,
            "fix": self.fix,
            "related": [r.to_dict() for r in self.related],
        }
        return data


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Deterministic order: path, then position, then code; exact repeats dropped."""
    unique = {(*f.sort_key, f.related, f.fix or ""): f for f in findings}
    return [unique[k] for k in sorted(unique)]
