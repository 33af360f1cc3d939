"""The README's rule-file example is a real, passing rule file."""

from __future__ import annotations

import re

from factcheck.rules.examples import run_examples
from factcheck.rules.loader import parse_rule_text
from factcheck.rules.ruleset import RuleSet
from tests.conftest import REPO


def test_readme_rule_examples_load_and_their_examples_pass() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [
        b
        for b in re.findall(r"```yaml\n(.*?)```", readme, re.S)
        if b.lstrip("# \n").startswith(("yaml-language-server", "rules:"))
    ]
    rule_files = [b for b in blocks if "rules:" in b]
    assert rule_files
    for block in rule_files:
        rules = RuleSet(tuple(parse_rule_text(block, "README.md")))
        assert len(rules) >= 1
        assert run_examples(rules) == []
