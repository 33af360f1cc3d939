"""The lint pipeline: documents → per-document analysis → corpus comparison →
scope, selection and suppression → sorted findings.

The per-document stage (``Linter.analyze``) is independent for every document,
so it runs in a process pool (``factcheck.executor``) or on a cluster
(``factcheck.distributed``); only its ``DocumentResult`` is kept, and the
incremental cache (``factcheck.cache``) stores it.  ``finish`` compares every
document gathered but reports only the findings located in ``scope``, so a few
files can be linted against a whole corpus.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.checks import registry
from factcheck.checks.base import Check, CheckContext
from factcheck.corpus.discovery import display_path
from factcheck.corpus.loading import Loaded, load_file
from factcheck.corpus.manifest import Manifest
from factcheck.corpus.suppression import Suppressions, parse_suppressions
from factcheck.executor import map_ordered
from factcheck.findings import Finding, sort_findings
from factcheck.rules.patterns import on_document
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
    """What the per-document stage keeps of one file: never its text."""

    findings: list[Finding]
    path: str | None = None  # None: the file could not be linted
    facts: dict[str, Any] = field(default_factory=dict)  # check name → facts
    suppressions: Suppressions = field(default_factory=Suppressions)

    def without_facts(self) -> DocumentResult:
        """What is kept of a document once its facts are in a fact store."""
        return DocumentResult(self.findings, self.path, {}, self.suppressions)


@dataclass
class Corpus:
    """The per-document results gathered, ready for the comparison stage."""

    findings: list[Finding] = field(default_factory=list)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)  # check → path → facts
    suppressions: dict[str, Suppressions] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)

    def add(self, result: DocumentResult) -> None:
        self.findings.extend(result.findings)
        if result.path is None:
            return
        self.paths.append(result.path)
        self.suppressions[result.path] = result.suppressions
        for name, facts in result.facts.items():
            self.facts.setdefault(name, {})[result.path] = facts


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
        self.check_settings = dict(check_settings or {})
        self.check_types = tuple(check_types if check_types is not None else registry.checks())
        self.checks: list[Check] = [
            cls(CheckContext(rules, self.check_settings.get(cls.name, {})))
            for cls in self.check_types
            if any(self.selection.enabled(code.code) for code in cls.codes)
        ]

    def __reduce__(self) -> tuple[Any, ...]:
        # Workers rebuild the checks from their configuration rather than
        # unpickling whatever a check compiled (automata, regexes, models).
        return (Linter, (self.rules, self.selection, self.check_settings, self.check_types))

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
        """The per-document stage: every check's ``analyze`` on one document."""
        result = DocumentResult(list(loaded.findings))
        doc = loaded.document
        if doc is None:
            return result
        result.path = doc.path
        result.suppressions = parse_suppressions(doc)
        for check in self.checks:
            with on_document(doc.path):
                report = check.analyze(doc)
            result.findings.extend(report.findings)
            if report.facts is not None:
                result.facts[check.name] = report.facts
        return result

    def compare(self, corpus: Corpus) -> list[Finding]:
        """The corpus-wide stage, from facts only."""
        return [f for check in self.checks for f in check.compare(corpus.facts.get(check.name, {}))]

    def run(self, sources: Iterable[Loaded], scope: Collection[str] | None = None) -> LintResult:
        """Lint documents already loaded (one at a time; only facts are kept)."""
        return self.finish(self.gather(map(self.analyze, sources)), scope=scope)

    def run_files(self, files: list[Path], manifest: Manifest, jobs: int = 0) -> LintResult:
        """Lint files, reading and analysing them in ``jobs`` processes (0: automatic)."""
        return self.finish(
            self.gather(map_ordered(FileAnalysis(self, manifest), sources(files), jobs))
        )

    @staticmethod
    def gather(results: Iterable[DocumentResult]) -> Corpus:
        corpus = Corpus()
        for result in results:
            corpus.add(result)
        return corpus

    def finish(
        self,
        corpus: Corpus,
        compared: Iterable[Finding] | None = None,
        scope: Collection[str] | None = None,
    ) -> LintResult:
        """Compare (unless ``compared`` is given), then keep the findings located
        in ``scope`` (document paths; None: all), select, suppress and sort."""
        findings = [*corpus.findings, *(self.compare(corpus) if compared is None else compared)]
        kept = []
        suppressed = 0
        for finding in findings:
            if scope is not None and finding.path not in scope:
                continue
            if not self.selection.enabled_in(finding.code, finding.path):
                continue
            rules = corpus.suppressions.get(finding.path)
            if rules is not None and rules.suppresses(finding):
                suppressed += 1
                continue
            kept.append(finding)
        paths = corpus.paths if scope is None else [p for p in corpus.paths if p in scope]
        return LintResult(sort_findings(kept), len(paths), suppressed, paths, len(corpus.paths))


@dataclass(frozen=True)
class FileAnalysis:
    """The per-document stage for one file: read it, then analyse it.

    Picklable, so a worker process or a cluster node reads the file itself.
    """

    linter: Linter
    manifest: Manifest

    def __call__(self, source: tuple[Path, str]) -> DocumentResult:
        path, display = source
        return self.linter.analyze(load_file(path, display, self.manifest))


def sources(files: Iterable[Path]) -> list[tuple[Path, str]]:
    """Absolute paths with the names findings show, fixed here so that a worker
    in another directory (or on another machine) reports the same names."""
    return [(path.absolute(), display_path(path)) for path in files]
