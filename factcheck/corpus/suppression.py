"""Inline suppression comments, usable in plain text as well as Markdown/HTML.

Forms (CODES is a comma- or space-separated list of codes or prefixes; without
it every code is suppressed; text after ``--`` is the reason)::

    <!-- factcheck: ignore FC101 -- reason -->     Markdown / HTML
    [factcheck: ignore FC101 -- reason]            plain text

``ignore`` applies to the line the directive stands on; on a line of its own it
applies to the next line instead.  ``ignore-next-line`` always means the next
line, ``ignore-file`` the whole document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.corpus.document import Document
from factcheck.findings import Finding

DIRECTIVE = re.compile(
    r"(?:<!--|\[)\s*factcheck:\s*(?P<verb>ignore-file|ignore-next-line|ignore)\b"
    r"(?P<codes>[^\]>]*?)"
    r"(?:\s+--\s*(?P<reason>[^\]>]*?))?\s*(?:-->|\])"
)
_CODE = re.compile(r"^(?:FC\d{0,3}|ALL)$")


@dataclass(frozen=True)
class Directive:
    line: int  # 1-based line the directive applies to (0: whole file)
    codes: tuple[str, ...]  # empty: every code
    reason: str | None

    def covers(self, code: str) -> bool:
        return not self.codes or any(code.startswith(c) or c == "ALL" for c in self.codes)


@dataclass(frozen=True)
class Suppressions:
    directives: tuple[Directive, ...] = ()

    def suppresses(self, finding: Finding) -> bool:
        return any(d.line in (0, finding.line) and d.covers(finding.code) for d in self.directives)


def parse_suppressions(doc: Document) -> Suppressions:
    directives = []
    if "factcheck:" not in doc.text:
        return Suppressions()
    for number in range(1, len(doc.line_starts) + 1):
        line = doc.line_text(number)
        if "factcheck:" not in line:
            continue
        for match in DIRECTIVE.finditer(line):
            codes = tuple(c for c in re.split(r"[\s,]+", match["codes"].strip()) if c)
            codes = tuple(c.upper() for c in codes)
            if not all(_CODE.match(c) for c in codes):
                continue
            alone = line.strip() == match.group(0).strip()
            verb = match["verb"]
            if verb == "ignore-file":
                target = 0
            elif verb == "ignore-next-line" or alone:
                target = number + 1
            else:
                target = number
            directives.append(Directive(target, codes, (match["reason"] or "").strip() or None))
    return Suppressions(tuple(directives))
