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

# Only the opening is a regular expression; the end of a directive is found by a
# scan (see _directives) so that hostile lines cost linear time.
OPENING = re.compile(r"(?:<!--|\[)\s*factcheck:\s*(?P<verb>ignore-file|ignore-next-line|ignore)\b")
_REASON = re.compile(r"\s--")
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


@dataclass(frozen=True)
class _Match:
    text: str  # the whole directive
    verb: str
    codes: str
    reason: str | None


def _directives(line: str) -> list[_Match]:
    """Directives on one line.  A directive ends at the first ']' or '>' after its
    opening (its body cannot contain either); that stop is found once for every
    opening before it, so the scan stays linear however many openings a line holds."""
    found: list[_Match] = []
    consumed = 0
    stop = -1
    for opening in OPENING.finditer(line):
        if opening.start() < consumed:
            continue
        body_start = opening.end()
        if stop < body_start:
            stop = _next_stop(line, body_start)
        if stop == len(line):
            break
        if line[stop] == "]":
            body = line[body_start:stop]
        elif line.endswith("--", body_start, stop):
            body = line[body_start : stop - 2]
        else:
            continue
        consumed = stop + 1
        separator = _REASON.search(body)
        codes = body[: separator.start()] if separator else body
        reason = body[separator.end() :].strip() if separator else None
        found.append(_Match(line[opening.start() : stop + 1], opening["verb"], codes, reason))
    return found


def _next_stop(line: str, start: int) -> int:
    stops = [i for i in (line.find("]", start), line.find(">", start)) if i != -1]
    return min(stops, default=len(line))


def parse_suppressions(doc: Document) -> Suppressions:
    directives = []
    if "factcheck:" not in doc.text:
        return Suppressions()
    for number in range(1, len(doc.line_starts) + 1):
        line = doc.line_text(number)
        if "factcheck:" not in line:
            continue
        for match in _directives(line):
            codes = tuple(c.upper() for c in re.split(r"[\s,]+", match.codes.strip()) if c)
            if not all(_CODE.match(c) for c in codes):
                continue
            alone = line.strip() == match.text.strip()
            if match.verb == "ignore-file":
                target = 0
            elif match.verb == "ignore-next-line" or alone:
                target = number + 1
            else:
                target = number
            directives.append(Directive(target, codes, match.reason or None))
    return Suppressions(tuple(directives))
