"""Date extraction and resolution against the publication date in force."""

from __future__ import annotations

import subprocess
import sys

import pytest

from factcheck.claims.dates import date_expressions
from factcheck.claims.reading import read_claims
from factcheck.claims.resolve import Resolved, resolve
from factcheck.corpus.loading import load_file
from factcheck.corpus.manifest import load_manifests
from factcheck.partial_date import PartialDate
from tests.conftest import REPO, SEEDS


def resolved(text: str, published: str | None) -> list[tuple[str, str | None]]:
    pub = PartialDate.parse(published) if published else None
    out = []
    for expression in date_expressions(text, 0, len(text)):
        value = resolve(expression, pub).value
        out.append((expression.text, value.label() if value else None))
    return out


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Beijing suspended talks last August.", "2023-01", [("last August", "2022-08")]),
        ("Talks began in November, officials said.", "2024-01-28", [("November", "2023-11")]),
        ("He heads to Beijing in early February.", "2023-01",
         [("early February", "2023-02-01/2023-02-10")]),
        ("The interview was released on Friday.", "2024-04-27", [("Friday", "2024-04-26")]),
        ("He will host a meeting Friday.", "2023-07-06", [("Friday", "2023-07-07")]),
        ("a spy balloon crossed the country early last year.", "2024-01-28",
         [("early last year", "2023-01-01/2023-04-30")]),
        # machine-spun "early last year"
        ("a spy balloon that traversed the US early final 12 months.", "2024-01-28",
         [("early final 12 months", "2023-01-01/2023-04-30")]),
        ("A few years ago, China scheduled fentanyl.", "2023-06-21",
         [("A few years ago", "2017-01-01/2021-12-31")]),
        ("He said so in an interview earlier this week.", "2023-06-21",
         [("earlier this week", "2023-06-19/2023-06-21")]),
        ("The committee meets this week.", "2023-06-21", [("this week", "2023-06-19/2023-06-25")]),
        ("Beijing banned the sale of fentanyl in 2019, ending shipments.", "2024-01-28",
         [("2019", "2019")]),
        ("sanctions on producers in April 2023.", None, [("April 2023", "2023-04")]),
        ("The summit opened on Friday, July 8, 2023.", None,
         [("Friday, July 8, 2023", "2023-07-08")]),
        ("according to a 2020 DEA intelligence report.", None, [("2020", "2020")]),
        ("The first such action since 2017.", None, [("2017", "2017")]),
        ("The order was signed on 7/8/2023.", None, [("7/8/2023", "2023-07-08")]),
        ("last August", None, [("last August", None)]),  # relative, no publication date
    ],
)  # fmt: skip
def test_resolution(text: str, published: str | None, expected: list[tuple[str, str]]) -> None:
    assert resolved(text, published) == expected


@pytest.mark.parametrize(
    "text",
    [
        "May I add one thing?",  # a verb, not the month
        "Troops March on the capital.",
        "Some 2000 people marched.",  # a count, not a year
        "cooperation over the next year",  # a period, not a date
        "Fentanyl 1031234188 scaled",
    ],
)
def test_not_dates(text: str) -> None:
    assert resolved(text, "2023-07-06") == []


def test_weekday_mismatch_is_resolved_with_both_days() -> None:
    text = "The summit opened on Friday, July 8, 2023."
    (expression,) = date_expressions(text, 0, len(text))
    result: Resolved = resolve(expression, None)
    assert (result.weekday_written, result.weekday_actual) == ("Friday", "Saturday")


def test_relative_dates_use_the_section_in_force() -> None:
    # Seed 001 holds two stories five months apart: "Monday" in the second is
    # resolved against 2023-11-13, "earlier this week" in the first against 2023-06-21.
    path = SEEDS / "001_b855940789092e60.txt"
    loaded = load_file(path, "seeds/001.txt", load_manifests([REPO / "corpus.yaml"]))
    assert loaded.document is not None
    dates = {
        c.expression.text: c.resolved.value.label()
        for c in read_claims(loaded.document).dates
        if c.resolved.value
    }
    assert dates["earlier this week"] == "2023-06-19/2023-06-21"
    assert dates["Monday"] == "2023-11-13"
    assert dates["this week"] == "2023-11-13/2023-11-19"


def _modules_after(text: str) -> bool:
    code = (
        "import sys\n"
        "from factcheck.corpus.document import Document\n"
        "from factcheck.claims.reading import read_claims\n"
        f"read_claims(Document('x.txt', {text!r}))\n"
        "print('dateparser' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    return out.stdout.strip() == "True"


def test_dateparser_is_imported_only_for_a_numeric_date() -> None:
    assert not _modules_after("Roughly 100,000 people died. Talks resumed last August.")
    assert _modules_after("The order was signed on 7/8/2023.")
