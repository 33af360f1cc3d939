"""The lint pipeline: documents → per-document analysis → corpus comparison →
selection and suppression → sorted findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from factcheck.checks import registry
from factcheck.checks.base import Check, CheckContext
from factcheck.corpus.loading import Loaded
from factcheck.corpus.suppression import Suppressions, parse_suppressions
from factcheck.findings import Finding, sort_findings
from factcheck.rules.patterns import PatternTimeout
from factcheck.rules.ruleset import RuleSet
from factcheck.selection import Selection


@dataclass
class LintResult:
    findings: list[Finding]
    documents: int
    suppressed: int = 0
    paths: list[str] = field(default_factory=list)


class Linter:
    def __init__(
        self,
        rules: RuleSet,
        selection: Selection | None = None,
        check_settings: Mapping[str, Mapping[str, Any]] | None = None,
        check_types: Iterable[type[Check]] | None = None,
    ) -> None:
        self.selection = selection or Selection()
        settings = check_settings or {}
        self.checks: list[Check] = [
            cls(CheckContext(rules, settings.get(cls.name, {})))
            for cls in (check_types if check_types is not None else registry.checks())
            if any(self.selection.enabled(code.code) for code in cls.codes)
        ]

    def run(self, sources: Iterable[Loaded]) -> LintResult:
        """Lint documents one at a time; only their facts are kept for comparison."""
        findings: list[Finding] = []
        facts: dict[str, dict[str, Any]] = {check.name: {} for check in self.checks}
        suppressions: dict[str, Suppressions] = {}
        paths: list[str] = []
        for loaded in sources:
            findings.extend(loaded.findings)
            doc = loaded.document
            if doc is None:
                continue
            paths.append(doc.path)
            suppressions[doc.path] = parse_suppressions(doc)
            for check in self.checks:
                try:
                    report = check.analyze(doc)
                except PatternTimeout as exc:
                    raise PatternTimeout(f"{doc.path}: {exc}") from None
                findings.extend(report.findings)
                if report.facts is not None:
                    facts[check.name][doc.path] = report.facts
        for check in self.checks:
            findings.extend(check.compare(facts[check.name]))
        kept = []
        suppressed = 0
        for finding in findings:
            if not self.selection.enabled_in(finding.code, finding.path):
                continue
            rules = suppressions.get(finding.path)
            if rules is not None and rules.suppresses(finding):
                suppressed += 1
                continue
            kept.append(finding)
        return LintResult(sort_findings(kept), len(paths), suppressed, paths)
