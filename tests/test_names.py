"""Misspelled names against entity rules (FC410) and against the corpus (FC411)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.checks.entities import EntityRule
from factcheck.checks.names import NameCheck
from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.findings import Finding
from factcheck.rules.loader import parse_rule_text
from factcheck.rules.ruleset import RuleSet
from factcheck.selection import Selection
from tests.conftest import run_cli

ENTITIES = """rules:
  - id: person.blinken
    type: entity
    kind: person
    name: Antony Blinken
    aliases: [Blinken]
    examples:
      fail: [{text: "Secretary Antony Blinkin spoke.", fix: Antony Blinken}]
      pass: ["Secretary Antony Blinken spoke."]
  - id: person.wang-wenbin
    type: entity
    kind: person
    name: Wang Wenbin
    examples:
      fail: ["Spokesman Wang Wenbim said."]
      pass: ["Spokesman Wang Wenbin said."]
  - id: person.john-smith
    type: entity
    kind: person
    name: John Smith
    examples:
      fail: ["John Smiht said."]
      pass: ["John Smith said."]
"""


def lint(*texts: str, rules: str | None = ENTITIES, select: str = "FC41") -> list[Finding]:
    ruleset = RuleSet(tuple(parse_rule_text(rules, "<test>"))) if rules else RuleSet()
    loaded = [load_bytes(t.encode("utf-8"), f"doc{i}.txt") for i, t in enumerate(texts)]
    findings = Linter(ruleset, Selection(select=(select,))).run(loaded).findings
    return [f for f in findings if f.path == "doc0.txt"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Secretary of State Antony Blinkin landed in Beijing.", "Antony Blinken"),
        ("Antoni Blinken met the foreign minister on Monday.", "Antony Blinken"),
        ("Spokesman Wang Wenbim rejected the report.", "Wang Wenbin"),
        ("The memo was signed by John Smiht last week.", "John Smith"),
        ("Antony Blinkin\u2019s visit was delayed.", "Antony Blinken"),
    ],
)
def test_misspelled_entity_is_flagged_with_a_safe_fix(text: str, name: str) -> None:
    [finding] = lint(text)
    assert (finding.code, finding.fix, finding.fix_safe) == ("FC410", name, True)
    assert finding.rule is not None and finding.rule.startswith("person.")


@pytest.mark.parametrize(
    "text",
    [
        "Secretary of State Antony Blinken landed in Beijing.",
        "Blinken landed in Beijing on Sunday.",
        "Joan Smith, the treasurer, presented the budget.",  # a different person
        "John Smithers and Jane Smith attended.",
        "Wang Wenbin and Wang Yi attended the talks.",
        "The White House said on Monday that the talks had ended.",
    ],
)
def test_exact_names_and_other_people_pass(text: str) -> None:
    assert lint(text) == []


def test_corpus_variant_is_flagged_against_the_usual_spelling() -> None:
    docs = [
        "Foreign ministry spokesman Lin Jain said the visit would go ahead.",
        "Lin Jian told reporters the talks were useful.",
        "Asked about tariffs, Lin Jian declined to comment.",
        "Lin Jian said the meeting was constructive.",
    ]
    [finding] = lint(*docs, rules=None)
    assert (finding.code, finding.fix, finding.fix_safe) == ("FC411", "Lin Jian", False)


def test_rare_names_are_not_compared_with_each_other() -> None:
    docs = ["Lin Jain spoke.", "Lin Jian spoke.", "Lin Jian left."]
    assert lint(*docs, rules=None) == []


def test_entity_rule_fail_examples_run_through_the_name_check(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(ENTITIES)
    run = run_cli("rules", "check", "--rules", "rules.yaml", cwd=tmp_path)
    assert run.code == 0, run.err
    broken = ENTITIES.replace('fail: ["John Smiht said."]', 'fail: ["John Smith said."]')
    (tmp_path / "rules.yaml").write_text(broken)
    run = run_cli("rules", "check", "--rules", "rules.yaml", cwd=tmp_path)
    assert run.code != 0
    assert "person.john-smith" in run.out + run.err


def test_check_consumes_entity_rules() -> None:
    assert NameCheck.rule_models == (EntityRule,)


def test_entity_rules_stay_in_force_for_other_rules_examples() -> None:
    from factcheck.rules.examples import _support_rules

    rules = RuleSet(tuple(parse_rule_text(ENTITIES, "<test>")))
    assert [r.id for r in _support_rules(rules)] == [r.id for r in rules]
