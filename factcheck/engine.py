"""The lint pipeline: documents → per-document analysis → corpus comparison →
selection, scope and suppression → sorted findings.

The two stages are separate methods so that a caller can feed ``finish`` with
per-document results that did not come from ``analyze`` in this run (the
incremental cache stores them), and can lint a few files against a whole corpus:
every document is compared, only the findings in ``scope`` are reported.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from factcheck.checks import registry
from factcheck.checks.base import Check, CheckContext, DocumentReport
from factcheck.corpus.loading import Loaded
from factcheck.corpus.suppression import Suppressions, parse_suppressions
from factcheck.findings import Finding, sort_findings
from factcheck.rules.ruleset import RuleSet
from factcheck.selection import Selection


@dataclass
class LintResult:
    findings: list[Finding]
    documents: int
    suppressed: int = 0
    paths: list[str] = field(default_factory=list)
    # Documents compared against, in scope or not (equal to ``documents`` when
    # the whole corpus is reported).
    corpus: int = 0
    # Findings hidden because a baseline accepts them.
    baselined: int = 0


@dataclass
class DocumentResult:
    """What a run keeps of one document; picklable, so it can be cached."""

    path: str
    linted: bool
    # Problems found while loading the file (encoding, metadata).
    findings: list[Finding]
    suppressions: Suppressions
    # By check name.
    reports: dict[str, DocumentReport]


class Linter:
    def __init__(
        self,
        rules: RuleSet,
        selection: Selection | None = None,
        check_settings: Mapping[str, Mapping[str, Any]] | None = None,
        check_types: Iterable[type[Check]] | None = None,
    ) -> None:
        self.rules = rules
        self.selection = selection or Selection()
        settings = check_settings or {}
        self.checks: list[Check] = [
            cls(CheckContext(rules, settings.get(cls.name, {})))
            for cls in (check_types if check_types is not None else registry.checks())
            if any(self.selection.enabled(code.code) for code in cls.codes)
        ]

    def fingerprint(self) -> str:
        """Identifies what ``analyze`` depends on besides the document: the checks
        that run, their settings and the rules."""
        payload = {
            "rules": self.rules.fingerprint(),
            "checks": {check.name: dict(check.context.settings) for check in self.checks},
        }
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def analyze(self, loaded: Loaded) -> DocumentResult:
        doc = loaded.document
        if doc is None:
            path = loaded.findings[0].path if loaded.findings else ""
            return DocumentResult(path, False, list(loaded.findings), Suppressions(), {})
        return DocumentResult(
            doc.path,
            True,
            list(loaded.findings),
            parse_suppressions(doc),
            {check.name: check.analyze(doc) for check in self.checks},
        )

    def run(self, sources: Iterable[Loaded], scope: Collection[str] | None = None) -> LintResult:
        """Lint documents one at a time; only their facts are kept for comparison."""
        return self.finish((self.analyze(loaded) for loaded in sources), scope)

    def finish(
        self, results: Iterable[DocumentResult], scope: Collection[str] | None = None
    ) -> LintResult:
        """Compare the documents and report the findings located in ``scope``
        (document paths; every document when None)."""
        findings: list[Finding] = []
        facts: dict[str, dict[str, Any]] = {check.name: {} for check in self.checks}
        suppressions: dict[str, Suppressions] = {}
        paths: list[str] = []
        corpus = 0
        for result in results:
            findings.extend(result.findings)
            if not result.linted:
                continue
            corpus += 1
            if scope is None or result.path in scope:
                paths.append(result.path)
            suppressions[result.path] = result.suppressions
            for check in self.checks:
                report = result.reports[check.name]
                findings.extend(report.findings)
                if report.facts is not None:
                    facts[check.name][result.path] = report.facts
        for check in self.checks:
            findings.extend(check.compare(facts[check.name]))
        kept = []
        suppressed = 0
        for finding in findings:
            if scope is not None and finding.path not in scope:
                continue
            if not self.selection.enabled_in(finding.code, finding.path):
                continue
            rules = suppressions.get(finding.path)
            if rules is not None and rules.suppresses(finding):
                suppressed += 1
                continue
            kept.append(finding)
        return LintResult(sort_findings(kept), len(paths), suppressed, paths, corpus)
