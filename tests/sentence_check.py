"""A check used by the engine tests: sentences repeated across documents.

It has both stages and exposes group keys, so the tests exercise everything the
engines move around (per-document findings, facts, grouped comparison) whatever
checks are registered.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from factcheck.checks.base import Check, DocumentReport, Location
from factcheck.codes import Code
from factcheck.corpus.document import Document
from factcheck.findings import Category, Finding, Severity

SENTENCE = re.compile(r"[A-Z][^.!?\n]{40,}[.!?]")

REPEATED_IN_DOCUMENT = Code(
    "FC990",
    "sentence-repeated",
    Category.DUPLICATE,
    Severity.INFO,
    "A sentence appears twice in one document.",
    "",
)
REPEATED_ACROSS = Code(
    "FC991",
    "sentence-shared",
    Category.DUPLICATE,
    Severity.WARNING,
    "A sentence appears in another document.",
    "",
)


class RepeatedSentences(Check):
    name = "repeated-sentences"
    codes = (REPEATED_IN_DOCUMENT, REPEATED_ACROSS)

    def analyze(self, doc: Document) -> DocumentReport:
        report = DocumentReport(facts=[])
        seen: set[str] = set()
        for match in SENTENCE.finditer(doc.text, doc.body_start):
            key = match.group(0).lower()
            location = Location.of(doc, match.start(), match.end())
            if key in seen:
                report.findings.append(location.finding(REPEATED_IN_DOCUMENT, "repeated sentence"))
            seen.add(key)
            report.facts.append((key, location))
        return report

    def group_facts(self, facts: Any) -> Iterable[tuple[Hashable, Any]]:
        parts: dict[str, list[tuple[str, Location]]] = defaultdict(list)
        for key, location in facts:
            parts[key].append((key, location))
        return parts.items()

    def compare(self, facts: Mapping[str, Any]) -> Iterable[Finding]:
        where: dict[str, list[Location]] = defaultdict(list)
        for document_facts in facts.values():
            for key, location in document_facts:
                where[key].append(location)
        for locations in where.values():
            for location in locations:
                others = [o for o in locations if o.path != location.path]
                if others:
                    yield location.finding(
                        REPEATED_ACROSS,
                        f"also in {len({o.path for o in others})} other document(s)",
                        related=[o.related("same sentence") for o in others],
                    )
