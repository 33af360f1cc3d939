"""Output formats for findings: text, json, sarif and github."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Not at run time: the command line imports FORMATS before it knows
    # whether it will lint at all.
    from factcheck.engine import LintResult


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    quiet: bool = False
    statistics: bool = False


Formatter = Callable[["LintResult", ReportOptions], str]


def formatter(name: str) -> Formatter:
    """The formatter for a ``--format`` name (imported on demand)."""
    if name == "text":
        from factcheck.report.text import render
    elif name == "json":
        from factcheck.report.json_format import render
    elif name == "sarif":
        from factcheck.report.sarif import render
    elif name == "github":
        from factcheck.report.github import render
    else:
        raise ValueError(name)
    return render


FORMATS = ("text", "json", "sarif", "github")
