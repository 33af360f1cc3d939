"""Every code's own examples, proselint style: a table of texts that must and must
not produce the finding, plus a meta-test that every check has such examples."""

from __future__ import annotations

import pytest

from factcheck.checks import registry
from factcheck.codes import Code, Example
from factcheck.corpus.document import Metadata
from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.findings import Category, Finding
from factcheck.partial_date import PartialDate
from factcheck.rules.loader import parse_rule_text
from factcheck.rules.ruleset import RuleSet
from factcheck.selection import Selection


def lint_example(code: Code, example: Example) -> list[Finding]:
    rules = (
        RuleSet(tuple(parse_rule_text(example.rules, "<example>"))) if example.rules else RuleSet()
    )
    loaded = []
    for doc in example.docs:
        item = load_bytes(doc.text.encode("utf-8"), doc.name)
        assert item.document is not None
        if doc.published:
            item.document.metadata = Metadata(published=PartialDate.parse(doc.published))
        loaded.append(item)
    result = Linter(rules, Selection(select=(code.code,))).run(loaded)
    return [f for f in result.findings if f.code == code.code and f.path == example.docs[0].name]


def _cases(kind: str) -> list[tuple[Code, int, Example]]:
    return [
        pytest.param(code, i, example, id=f"{code.code}-{kind}{i}")  # type: ignore[misc]
        for code in registry.codes().values()
        for i, example in enumerate(code.fail if kind == "fail" else code.pass_)
    ]


@pytest.mark.parametrize(("code", "index", "example"), _cases("fail"))
def test_fail_example_is_reported(code: Code, index: int, example: Example) -> None:
    assert lint_example(code, example), f"{code.code} fail example {index} produced no finding"


@pytest.mark.parametrize(("code", "index", "example"), _cases("pass"))
def test_pass_example_is_not_reported(code: Code, index: int, example: Example) -> None:
    found = lint_example(code, example)
    assert not found, f"{code.code} pass example {index}: {found[0].message}"


def test_every_check_code_has_examples_both_ways() -> None:
    # Input codes describe files that cannot be read; they are exercised with real
    # files in test_documents.py, since an example text is by nature readable.
    missing = [
        code.code
        for code in registry.codes().values()
        if code.category is not Category.INPUT and not (code.fail and code.pass_)
    ]
    assert not missing, f"codes without fail and pass examples: {missing}"


def test_codes_are_unique_and_documented() -> None:
    table = registry.codes()
    names = [code.name for code in table.values()]
    assert len(names) == len(set(names))
    for code in table.values():
        assert code.summary.endswith(".") and len(code.explanation) > 40
