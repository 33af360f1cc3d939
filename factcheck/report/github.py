"""``--format github``: GitHub Actions workflow commands, one per finding."""

from __future__ import annotations

from factcheck.engine import LintResult
from factcheck.findings import Severity
from factcheck.report import ReportOptions

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: LintResult, options: ReportOptions) -> str:
    lines = []
    for f in result.findings:
        props = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", f.path),
                ("line", f.line),
                ("col", f.column),
                ("endLine", f.end_line),
                ("endColumn", f.end_column),
                ("title", f"{f.code}" + (f" ({f.rule})" if f.rule else "")),
            )
        )
        message = f.message
        for rel in f.related:
            message += f"\n{rel.path}:{rel.line}:{rel.column}: {rel.message}"
        lines.append(f"::{_LEVEL[f.severity]} {props}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)
