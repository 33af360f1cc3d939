"""Counts shared by the text summary, JSON and ``--statistics``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from factcheck.engine import LintResult
from factcheck.findings import Severity


def summary(result: LintResult) -> dict[str, Any]:
    by_severity = Counter(f.severity.value for f in result.findings)
    by_code = Counter(f.code for f in result.findings)
    return {
        "documents": result.documents,
        "findings": len(result.findings),
        "errors": by_severity[Severity.ERROR.value],
        "warnings": by_severity[Severity.WARNING.value],
        "info": by_severity[Severity.INFO.value],
        "suppressed": result.suppressed,
        "by_code": dict(sorted(by_code.items())),
    }
