"""OCR-style garbling: broken hyphenation (FC420) and OCR non-words (FC421)."""

from __future__ import annotations

import pytest

from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.findings import Finding
from factcheck.rules.ruleset import RuleSet
from factcheck.selection import Selection


def lint(text: str) -> list[Finding]:
    loaded = load_bytes(text.encode("utf-8"), "doc.txt")
    return Linter(RuleSet(), Selection(select=("FC42",))).run([loaded]).findings


@pytest.mark.parametrize(
    ("text", "code", "fix"),
    [
        ("Officials gave no informa- tion on the cause.", "FC420", "information"),
        ("Officials gave no infor-\nmation on the cause.", "FC420", "information"),
        ("Officials gave no infor-\r\nmation on the cause.", "FC420", "information"),
        ("The rnodern stadium opened.", "FC421", "modern"),
        ("The c0mpany said profits rose.", "FC421", "company"),
        ("Voters vvanted change.", "FC421", "wanted"),
    ],
)
def test_garbling_fires(text: str, code: str, fix: str) -> None:
    assert [(f.code, f.fix, f.fix_safe) for f in lint(text)] == [(code, fix, False)]


@pytest.mark.parametrize(
    "text",
    [
        "Officials gave no information on the cause.",
        "The well- known author spoke.",
        "Pre- and post-war figures were compared.",
        "A long-\nterm plan was agreed.",
        "Sales rose 12 percent to $1.2bn in 2023 and 4g networks grew.",
        "The mayor met residents of Kyiv and Zaporizhzhia on Monday.",
        "The clerk filed the modern records.",
    ],
)
def test_ordinary_text_passes(text: str) -> None:
    assert lint(text) == []
