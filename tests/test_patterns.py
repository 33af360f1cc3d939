"""User patterns: invalid ones are located rule-file errors, expensive ones are
refused before compiling, and a catastrophic one stops the run in bounded time
with one line (exit 2) instead of hanging it."""

from __future__ import annotations

import pickle
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

import pytest

from factcheck.checks.base import Check, DocumentReport, Location
from factcheck.codes import Code, Example
from factcheck.corpus.document import Document
from factcheck.corpus.loading import Loaded
from factcheck.engine import Linter
from factcheck.errors import SourceErrors
from factcheck.findings import Category, Finding, Severity
from factcheck.rules import patterns
from factcheck.rules.base import RuleBase
from factcheck.rules.patterns import (
    MAX_EXPANSION,
    Pattern,
    PatternTimeout,
    compile_pattern,
    expansion,
)
from factcheck.rules.ruleset import RuleSet
from factcheck.yamlsource import load_yaml, validate
from tests.conftest import run_cli


class PhraseRule(RuleBase):
    """A rule type with a pattern field, declared the way check modules do."""

    type: Literal["phrase"]
    pattern: Pattern
    exception: Pattern | None = None


PHRASE = Code(
    "FC990",
    "test-phrase",
    Category.CONTRADICTION,
    Severity.ERROR,
    "A phrase rule matched.",
    "Used by these tests only.",
    fail=(Example.of("x"),),
    pass_=(Example.of("y"),),
)


class PhraseCheck(Check):
    name: ClassVar[str] = "phrase"
    codes: ClassVar[tuple[Code, ...]] = (PHRASE,)
    rule_models: ClassVar[tuple[type[RuleBase], ...]] = (PhraseRule,)

    def analyze(self, doc: Document) -> DocumentReport:
        report = DocumentReport()
        for rule in self.context.rules.of_type(PhraseRule):
            for match in rule.pattern.finditer(doc.text, doc.body_start):
                location = Location.of(doc, match.start(), match.end())
                report.findings.append(location.finding(PHRASE, "matched", rule=rule))
        return report

    def compare(self, facts: Mapping[str, Any]) -> Iterable[Finding]:
        return ()


def phrase_rule(yaml_text: str) -> PhraseRule:
    source = load_yaml(yaml_text, "rules/phrases.yaml")
    return validate(PhraseRule, source)


BASE = "id: p\ntype: phrase\nexamples: {fail: [], pass: []}\n"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            "'(unclosed'",
            "4:10: field 'pattern': value error, invalid regular expression: missing )",
        ),
        (
            "'[z-a]'",
            "4:10: field 'pattern': value error, invalid regular expression: bad character range",
        ),
        ("'a{1,2}{3}'", "invalid regular expression: multiple repeat"),
        ("'(a{1000}){1000}'", f"pattern expands to more than {MAX_EXPANSION} positions"),
        (
            "'" + "a" * 3000 + "'",
            "4:10: field 'pattern': value error, pattern longer than 2000 characters",
        ),
        ("'" + "(" * 900 + ")" * 900 + "'", "too large or too deeply nested"),
        ("42", "4:10: field 'pattern': value error, expected a regular expression (a string)"),
        ("[a, b]", "4:10: field 'pattern': value error, expected a regular expression"),
    ],
)
def test_invalid_patterns_are_located_errors(pattern: str, message: str) -> None:
    with pytest.raises(SourceErrors) as caught:
        phrase_rule(BASE + f"pattern: {pattern}\n")
    [error] = caught.value.errors
    assert str(error).startswith("rules/phrases.yaml:4:")
    assert message in str(error)


def test_valid_pattern_is_unicode_aware_and_serialises_as_text() -> None:
    rule = phrase_rule(BASE + "pattern: '\\bZ\\w+ich\\b'\nexception: '(?i)ZURICH'\n")
    assert rule.pattern.search("in Zürich today").group() == "Zürich"
    assert rule.exception is not None and rule.exception.search("zurich")
    dumped = rule.model_dump(mode="json")
    assert dumped["pattern"] == "\\bZ\\w+ich\\b"
    assert PhraseRule.model_json_schema()["properties"]["pattern"]["format"] == "regex"
    assert pickle.loads(pickle.dumps(rule.pattern)) == rule.pattern


@pytest.mark.parametrize(
    ("pattern", "bound"),
    [("abc", 3), ("a{5}", 5), ("(ab){3}", 6), ("(a{10}b){10}", 110), ("[a{]{4}", 4)],
)
def test_expansion_bound(pattern: str, bound: int) -> None:
    assert expansion(pattern) == bound


def test_catastrophic_pattern_stops_the_run_with_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(patterns, "BASE_TIMEOUT_SECONDS", 0.2)
    rule = phrase_rule(BASE + "pattern: '(a|aa)+b'\n")
    linter = Linter(RuleSet((rule,)), check_types=[PhraseCheck])
    hostile = Document("news/hostile.txt", "a" * 60 + "\n")
    started = time.perf_counter()
    with pytest.raises(PatternTimeout) as caught:
        linter.run([Loaded(Document("news/ok.txt", "ab aab\n")), Loaded(hostile)])
    assert time.perf_counter() - started < 30  # bounded, not hours
    message = str(caught.value)
    assert message.startswith("news/hostile.txt: pattern '(a|aa)+b' ran longer than 0.2 s")
    assert "\n" not in message
    assert caught.value.exit_code == 2


def test_sane_pattern_finds_every_match_on_a_large_document() -> None:
    rule = phrase_rule(BASE + "pattern: '\\b\\d+(?:\\.\\d+)? (?:million|billion)\\b'\n")
    text = "The fund holds 12.5 million dollars. " * 50_000
    result = Linter(RuleSet((rule,)), check_types=[PhraseCheck]).run([Loaded(Document("a", text))])
    assert len(result.findings) == 50_000


def test_compile_pattern_outside_a_model_raises_value_error() -> None:
    with pytest.raises(ValueError, match="invalid regular expression"):
        compile_pattern("(")
    assert compile_pattern("abc", ignore_case=True).search("xABC") is not None


NUMBER_RULE = """\
rules:
  - id: aid-total
    type: number
    subject: aid pledged
    value: 50
    unit: [countries]
    patterns: ['{pattern}']
    examples: {{fail: [], pass: []}}
"""


def test_number_rule_pattern_that_explodes_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(
        NUMBER_RULE.format(pattern="(a{1000}){1000} {value}"), encoding="utf-8"
    )
    (tmp_path / "doc.txt").write_text("Forty countries joined.\n", encoding="utf-8")
    run = run_cli("--rules", "rules.yaml", "doc.txt", cwd=tmp_path)
    assert run.code == 2
    assert run.err.startswith("factcheck: error: rules.yaml:7:15: field 'patterns'")
    assert "pattern expands to more than 20000 positions" in run.err


def test_number_rule_pattern_that_backtracks_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real rule type end to end: the pattern is compiled through the shared
    helper, so a catastrophic one ends the run with one line, in bounded time."""
    monkeypatch.setattr(patterns, "BASE_TIMEOUT_SECONDS", 0.2)
    (tmp_path / "rules.yaml").write_text(
        NUMBER_RULE.format(pattern="(x|xx)+y {value}"), encoding="utf-8"
    )
    (tmp_path / "doc.txt").write_text(
        "In all, " + "x" * 40 + " 40 countries joined the coalition.\n", encoding="utf-8"
    )
    started = time.perf_counter()
    for command in (["--jobs", "1"], ["extract"]):
        run = run_cli(*command, "--rules", "rules.yaml", "doc.txt", cwd=tmp_path)
        assert run.code == 2, run
        [line] = run.err.splitlines()
        assert line.startswith("factcheck: error: doc.txt: pattern ")
        assert "ran longer than 0.2 s" in line
    assert time.perf_counter() - started < 60
