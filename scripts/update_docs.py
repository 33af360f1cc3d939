"""Regenerate the per-code documentation pages under docs/codes/.

Run after adding or changing a code: ``python scripts/update_docs.py``.
The test suite fails when the pages are out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from factcheck.checks import registry
from factcheck.commands.explain import render_code

DOCS = Path(__file__).resolve().parent.parent / "docs" / "codes"


def pages() -> dict[str, str]:
    table = registry.codes()
    index = [
        "# Finding codes",
        "",
        "Stable codes; `factcheck explain CODE` prints the same text.",
        "",
        "| code | name | category | default severity |",
        "| --- | --- | --- | --- |",
    ]
    index += [
        f"| [{c.code}]({c.code}.md) | {c.name} | {c.category.value} | {c.severity.value} |"
        for c in table.values()
    ]
    result = {f"{code.code}.md": render_code(code) for code in table.values()}
    result["README.md"] = "\n".join(index) + "\n"
    return result


def main() -> int:
    DOCS.mkdir(parents=True, exist_ok=True)
    wanted = pages()
    for stale in DOCS.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    for name, text in wanted.items():
        (DOCS / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(wanted)} pages to {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
