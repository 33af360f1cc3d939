"""``factcheck explain CODE``: what a check does, with an example."""

from __future__ import annotations

import argparse

from factcheck.checks import registry
from factcheck.codes import Code
from factcheck.errors import FactcheckError


def render_code(code: Code) -> str:
    """Markdown for one code; also the body of its docs page."""
    lines = [
        f"# {code.code} {code.name}",
        "",
        f"Category: {code.category.value}. Default severity: {code.severity.value}."
        + (" Fixable." if code.fixable else ""),
        "",
        code.summary,
        "",
        code.explanation,
    ]
    for title, examples in (("Reported", code.fail), ("Not reported", code.pass_)):
        if not examples:
            continue
        lines += ["", f"## {title}", ""]
        for example in examples:
            if example.rules:
                lines += ["With the rule:", "", "```yaml", example.rules.strip(), "```", ""]
            for doc in example.docs:
                date = f" (published {doc.published})" if doc.published else ""
                lines.append(f"- {doc.name}{date}: {doc.text.strip()}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def run(args: argparse.Namespace) -> int:
    table = registry.codes()
    if args.all:
        for code in table.values():
            print(f"{code.code}\t{code.category.value}\t{code.severity.value}\t{code.name}")
        return 0
    if not args.code:
        raise FactcheckError("explain needs a code (e.g. FC101) or --all")
    key = args.code.upper()
    if key not in table:
        raise FactcheckError(f"unknown code {args.code!r}; `factcheck explain --all` lists them")
    print(render_code(table[key]), end="")
    return 0
