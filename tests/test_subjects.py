"""Claims about different subjects: the names of a claim's sentence keep
figures and dates about different places and people from being compared."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from factcheck.claims.proper_names import name_words, same_subject, sentence_names
from factcheck.claims.text import sentences
from tests.claims_support import lint
from tests.conftest import REPO, run_cli


def names_of(text: str) -> list[set[str]]:
    """The names of each sentence of ``text``, words joined."""
    spans = list(sentences(text))
    found = sentence_names(text, spans)
    return [{" ".join(name) for name in found[span]} for span in spans]


def test_sentence_names_drop_leading_words_and_calendar_words() -> None:
    assert names_of("The Laredo city council met on Friday, March 3, with Mayor Ann Ruiz.") == [
        {"laredo", "ann ruiz"}
    ]
    assert names_of("Officials in East Nogales counted 95 inspectors in April.") == [
        {"east nogales"}
    ]
    # A possessive ends the name, a hyphen does not.
    assert names_of("It was Antony Blinken\u2019s trip to Winston-Salem.") == [
        {"antony blinken", "winston-salem"}
    ]


def test_a_sentence_initial_word_is_a_name_only_if_the_document_capitalises_it_inside() -> None:
    text = "Reloska spoke first. Officials thanked Mayor Dan Reloska. Officials left."
    assert names_of(text) == [{"reloska"}, {"dan reloska"}, set()]
    assert names_of("Blinken will host envoys from 84 countries.") == [set()]
    # A run of several capitalised words at the start is kept whole.
    assert names_of("New Delhi sent 40 envoys.") == [{"new delhi"}]
    # Quotation marks before the first word do not hide the sentence start.
    assert names_of("\u201cPrices rose,\u201d said Ann Ruiz.") == [{"ann ruiz"}]


def test_same_subject_needs_a_shared_name_only_when_both_name_someone() -> None:
    laredo, nogales = {("laredo",)}, {("nogales",)}
    assert not same_subject(laredo, nogales)
    assert same_subject(laredo, set()) and same_subject(set(), nogales)
    assert same_subject({("antony", "blinken")}, {("blinken",), ("beijing",)})
    # A word in common is not a name in common: two Wangs, two New towns.
    assert not same_subject({("wang", "wenbin")}, {("wang", "yi")})
    assert not same_subject({("new", "york")}, {("new", "jersey")})
    assert name_words({("wang", "wenbin"), ("beijing",)}) == {"wang", "wenbin", "beijing"}


PORT = "Customs officers in {town} seized {n} kilograms of cocaine at the port in March."
COUNCIL = "The {town} city council will vote on the harbour levy in {month} 2025."


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (PORT.format(town="Laredo", n=412), PORT.format(town="Nogales", n=96), set()),
        (PORT.format(town="Laredo", n=412), PORT.format(town="Laredo", n=96), {"FC103"}),
        # A sentence naming no one may be about anyone: compared as before.
        (PORT.format(town="Laredo", n=412), PORT.format(town="the town", n=96), {"FC103"}),
        (COUNCIL.format(town="Laredo", month="April"), COUNCIL.format(town="Nogales", month="June"),
         set()),
        (COUNCIL.format(town="Laredo", month="April"), COUNCIL.format(town="Laredo", month="June"),
         {"FC104"}),
        # "Laredo" is a name held within "Laredo Heights"...
        (PORT.format(town="Laredo Heights", n=412), PORT.format(town="Laredo", n=96), {"FC103"}),
        # ...but "East Laredo" and "West Laredo" are two towns.
        (PORT.format(town="East Laredo", n=412), PORT.format(town="West Laredo", n=96), set()),
    ],
)  # fmt: skip
def test_claims_meet_only_about_the_same_subject(
    first: str, second: str, expected: set[str]
) -> None:
    found = lint([(first, "2024-11-04"), (second, "2024-11-04")])
    assert {f.code for f in found} == expected
    if expected:
        assert sorted(f.path for f in found) == ["doc0.txt", "doc1.txt"]


def test_a_percentage_is_quoted_once_with_its_unit() -> None:
    first = "Officials in Laredo said inspections rose 14% in March."
    second = "Officials in Laredo said inspections rose 9 percent in March."
    (finding, _) = lint([(first, "2024-11-04"), (second, "2024-11-04")])
    assert "'14%' contradicts '9 percent'" in finding.message


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "incremental_bench", REPO / "benchmarks" / "incremental_bench.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_local_news_has_no_cross_town_contradiction(tmp_path: Path) -> None:
    # The benchmark corpus: a story per town, every town with its own figures
    # and meetings, the same nouns, years and templates throughout.
    files = _bench().generate(tmp_path, 60)
    first = files[0].read_text(encoding="utf-8")
    port = re.search(r"Officials in (.+?) counted ([\d,]+) (\w+) (.*?) in (\d{4})", first)
    meeting = re.search(r"working group will meet again in (\w+) (\d{4})", first)
    assert port and meeting
    town, figure, noun, tail, year = port.groups()
    month = "January" if meeting.group(1) != "January" else "February"
    published = re.search(r"published: (\S+)", first)
    assert published
    other = int(figure.replace(",", "")) * 3
    # Another outlet's story on the first town: the same count and meeting, told otherwise.
    planted = tmp_path / "corpus" / "000" / "planted.md"
    planted.write_text(
        f"---\ntitle: {town} port\npublished: {published.group(1)}\n---\n\n"
        f"Port figures show {other:,} {noun} {tail} in {year} for {town}, officials in the "
        f"town counted.\n\n"
        f"The {town} working group will meet again in {month} {meeting.group(2)}, "
        f"the town hall said.\n",
        encoding="utf-8",
    )
    result = run_cli("--format", "json", "--select", "FC103,FC104", "--no-cache", cwd=tmp_path)
    assert result.code in (0, 1), result.err
    found = {(Path(f["path"]).name, f["code"]) for f in json.loads(result.out)["findings"]}
    assert found == {
        ("planted.md", "FC103"),
        ("report-00000.md", "FC103"),
        ("planted.md", "FC104"),
        ("report-00000.md", "FC104"),
    }
