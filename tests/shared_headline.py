"""A small cross-document check used by the integration tests: documents whose
first line is the same headline contradict each other's claim to be original.
It is a real two-stage check (facts out of ``analyze``, findings out of
``compare``), so the cache and scope tests exercise the whole pipeline whatever
checks are registered."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from factcheck.checks.base import Check, DocumentReport, Location
from factcheck.codes import Code
from factcheck.corpus.document import Document
from factcheck.findings import Category, Finding, Severity

SHARED = Code(
    "FC999",
    "shared-headline",
    Category.DUPLICATE,
    Severity.ERROR,
    "Two documents open with the same headline.",
    "Test check.",
)
LONG_LINE = Code(
    "FC998",
    "long-line",
    Category.INPUT,
    Severity.WARNING,
    "A line is longer than 200 characters.",
    "Test check.",
)


class SharedHeadline(Check):
    name = "shared_headline"
    codes = (SHARED, LONG_LINE)

    def analyze(self, doc: Document) -> DocumentReport:
        body = doc.body
        first = body.split("\n", 1)[0].strip()
        findings = [
            Location.of(doc, doc.offset(n), doc.offset(n) + 200).finding(
                LONG_LINE, "line longer than 200 characters"
            )
            for n in range(1, len(doc.line_starts) + 1)
            if len(doc.line_text(n)) > 200
        ]
        if not first:
            return DocumentReport(findings)
        start = doc.body_start + body.index(first)
        return DocumentReport(findings, (first, Location.of(doc, start, start + len(first))))

    def compare(self, facts: Mapping[str, Any]) -> Iterable[Finding]:
        by_headline: dict[str, list[Location]] = defaultdict(list)
        for headline, location in facts.values():
            by_headline[headline].append(location)
        for locations in by_headline.values():
            for here in locations:
                others = [o.related("same headline") for o in locations if o is not here]
                if others:
                    yield here.finding(
                        SHARED, "headline shared with another document", related=others
                    )
