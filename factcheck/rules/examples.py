"""Run the examples every rule carries: ``fail`` texts must produce a finding of
that rule (with the expected ``fix``, if given); ``pass`` texts must not."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.checks import registry
from factcheck.corpus.document import Document, Metadata
from factcheck.corpus.loading import Loaded
from factcheck.engine import Linter
from factcheck.findings import Finding
from factcheck.rules.base import ExampleText, RuleBase
from factcheck.rules.ruleset import RuleSet


@dataclass(frozen=True)
class ExampleFailure:
    rule: RuleBase
    kind: str  # "fail" or "pass"
    index: int
    problem: str

    def __str__(self) -> str:
        origin = self.rule.origin
        where = f"{origin.path}:{origin.line}:{origin.column}: " if origin else ""
        return f"{where}rule {self.rule.id!r}, {self.kind} example {self.index + 1}: {self.problem}"


def _support_rules(rules: RuleSet) -> list[RuleBase]:
    """Rules that other rules lean on (entities), kept in force for every
    rule's examples even when a check of their own (misspelled names) exists."""
    support = registry.support_models()
    return [rule for rule in rules if isinstance(rule, support)]


def example_findings(rule: RuleBase, example: ExampleText, rules: RuleSet) -> list[Finding]:
    checks = [c for c in registry.checks() if type(rule) in c.rule_models]
    support = [r for r in _support_rules(rules) if r is not rule]
    linter = Linter(rules.subset([rule, *support]), check_types=checks)
    doc = Document(
        path=f"<{rule.id}>", text=example.text, metadata=Metadata(published=example.published)
    )
    result = linter.run([Loaded(doc)])
    return [f for f in result.findings if f.rule == rule.id]


def run_examples(rules: RuleSet) -> list[ExampleFailure]:
    failures: list[ExampleFailure] = []
    for rule in rules:
        for index, example in enumerate(rule.examples.fail):
            found = example_findings(rule, example, rules)
            if not found:
                failures.append(ExampleFailure(rule, "fail", index, "no finding was produced"))
            elif example.fix is not None and example.fix not in {f.fix for f in found}:
                fixes = ", ".join(repr(f.fix) for f in found)
                failures.append(
                    ExampleFailure(
                        rule, "fail", index, f"expected fix {example.fix!r}, got {fixes}"
                    )
                )
        for index, example in enumerate(rule.examples.pass_):
            found = example_findings(rule, example, rules)
            if found:
                failures.append(
                    ExampleFailure(rule, "pass", index, f"unexpected finding: {found[0].message}")
                )
    return failures
