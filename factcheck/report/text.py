"""The default human format: ``path:line:col: CODE message`` and a summary."""

from __future__ import annotations

from factcheck.checks import registry
from factcheck.engine import LintResult
from factcheck.findings import Severity
from factcheck.printable import printable
from factcheck.report import ReportOptions
from factcheck.report.summary import summary

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def render(result: LintResult, options: ReportOptions) -> str:
    if options.statistics:
        return _statistics(result)
    color = options.color
    out = []
    for f in result.findings:
        where = _paint(f"{printable(f.path)}:{f.line}:{f.column}:", "1", color)
        code = _paint(f.code, _COLORS[f.severity], color)
        rule = f" [{f.rule}]" if f.rule else ""
        out.append(f"{where} {code} {printable(f.message)}{rule}")
        for rel in f.related:
            place = f"{printable(rel.path)}:{rel.line}:{rel.column}"
            out.append(f"    {_paint('-->', '2', color)} {place}: {printable(rel.message)}")
        if f.fix is not None:
            tag = "fix" if f.fix_safe else "unsafe fix"
            out.append(f"    {_paint(tag + ':', '2', color)} replace with {f.fix!r}")
    if not options.quiet:
        out.append(_summary_line(result))
    return "".join(line + "\n" for line in out)


def _summary_line(result: LintResult) -> str:
    s = summary(result)
    docs = f"{s['documents']} document{'s' if s['documents'] != 1 else ''}"
    if result.corpus > result.documents:
        docs += f" (checked against {result.corpus})"
    suppressed = f"; {s['suppressed']} suppressed" if s["suppressed"] else ""
    if result.baselined:
        suppressed += f"; {result.baselined} in the baseline"
    if not s["findings"]:
        return f"No findings in {docs}{suppressed}."
    return (
        f"Found {s['findings']} finding{'s' if s['findings'] != 1 else ''} "
        f"({s['errors']} error{'s' if s['errors'] != 1 else ''}, "
        f"{s['warnings']} warning{'s' if s['warnings'] != 1 else ''}, {s['info']} info) "
        f"in {docs}{suppressed}."
    )


def _statistics(result: LintResult) -> str:
    table = registry.codes()
    counts = summary(result)["by_code"]
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    lines = [
        f"{n:>{width}}\t{code}\t{table[code].name if code in table else ''}" for code, n in rows
    ]
    return "".join(line + "\n" for line in lines)
