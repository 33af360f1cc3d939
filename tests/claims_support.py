"""Helpers for the number and date tests: lint small corpora of news sentences."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.corpus.document import Metadata
from factcheck.corpus.loading import Loaded, load_bytes
from factcheck.engine import Linter
from factcheck.findings import Finding
from factcheck.partial_date import PartialDate
from factcheck.rules.loader import load_rules, parse_rule_text
from factcheck.rules.ruleset import RuleSet
from factcheck.selection import Selection
from tests.conftest import REPO

CLAIM_RULE_FILES = [str(REPO / "rules" / "numbers.yaml"), str(REPO / "rules" / "dates.yaml")]


def repo_rules() -> RuleSet:
    return load_rules(CLAIM_RULE_FILES)


def rules_from(text: str) -> RuleSet:
    return RuleSet(tuple(parse_rule_text(text, "<test>")))


def lint(
    docs: Sequence[tuple[str, str | None]],
    rules: RuleSet | None = None,
    settings: dict[str, dict[str, object]] | None = None,
) -> list[Finding]:
    """Findings of codes FC1xx for documents given as (text, published)."""
    loaded: list[Loaded] = []
    for index, (text, published) in enumerate(docs):
        item = load_bytes(text.encode("utf-8"), f"doc{index}.txt")
        assert item.document is not None
        if published:
            item.document.metadata = Metadata(published=PartialDate.parse(published))
        loaded.append(item)
    linter = Linter(rules or RuleSet(), Selection(select=("FC1",)), settings)
    return linter.run(loaded).findings
