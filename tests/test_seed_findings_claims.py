"""Numbers and dates on the seed corpus: what `factcheck seeds/` must report,
and that mutated copies of the seeds are caught.

The five seeds agree with each other and with rules/numbers.yaml and
rules/dates.yaml on every figure and date, so the expected list of FC1xx
findings on the seeds as they are is empty.  The near misses, each of which a
weaker reading would report, and why none is an inconsistency:

- 002 "roughly 100,000 drug overdose deaths" (2023-07-06) and 004 "roughly
  100,000 annual U.S. deaths a 12 months" (2024-01-28): the same figure; the
  spun "a 12 months" is "a year", and "12" counts months, not deaths.
- 001 "a few years ago, China actually scheduled fentanyl" (2023-06-21: 2017 to
  2021) and 004 "banned the sale of fentanyl in 2019": 2019 is a few years
  before mid-2023; both agree with the 2019 rule.
- 003 "last August" (published January 2023) is August 2022, the date of the
  suspension; 003 "early February" is the planned February 2023 trip.
- 001 holds two stories: "Monday" and "this week" in the second are resolved
  against 2023-11-13 (the APEC summit week), not the first story's 2023-06-21.
- 004 "in November" (published 2024-01-28) is November 2023: the summit, the
  INCB submission of 145 incidents and the warning about more than 50
  precursors; "since 2017" twice, both firsts since 2017.
- 004 "early final 12 months" is a spun "early last year": early 2023.
- 002 "in late May" (Treasury sanctions on individuals and manufacturers) and
  004 "in April 2023" (sanctions on precursor producers): two packages, not one
  event dated twice (OFAC designated precursor suppliers on 14 April 2023 and
  counterfeit-pill enablers in China and Mexico at the end of May 2023); the
  precursor rule names "precursor", which 002's sentence does not.
- 002 "84 countries" at the July 2023 launch; a 2024 document may say 149.
- 003 "the two countries" names the United States and China; it counts nothing.
- 000 "released on Friday" (published Saturday 2024-04-27) is 2024-04-26.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SEEDS, run_cli

EXPECTED_SEED_FINDINGS: list[tuple[str, int, str]] = []

S000 = "seeds/000_ecb10c641053dc9d.txt"
S001 = "seeds/001_b855940789092e60.txt"
S002 = "seeds/002_c94b8ccce979d3e0.txt"
S003 = "seeds/003_6c50fc142d424041.txt"
S004 = "seeds/004_b9860484f37b842b.txt"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the seed corpus with the number and date rules."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copy(REPO / "corpus.yaml", tmp_path / "corpus.yaml")
    (tmp_path / "rules").mkdir()
    for name in ("numbers.yaml", "dates.yaml"):
        shutil.copy(REPO / "rules" / name, tmp_path / "rules" / name)
    (tmp_path / "no-rules").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.factcheck]\npaths = ["seeds"]\nrules = ["rules"]\nmanifests = ["corpus.yaml"]\n'
    )
    return tmp_path


def findings(corpus: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("--format", "json", "--select", "FC1", *args, cwd=corpus)
    assert result.code in (0, 1), result.err
    found: list[dict[str, Any]] = json.loads(result.out)["findings"]
    return found


def mutate(corpus: Path, seed: str, old: str, new: str, count: int = 1) -> None:
    path = corpus / seed
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def add_document(corpus: Path, name: str, text: str, published: str) -> None:
    (corpus / "seeds" / name).write_text(text, encoding="utf-8")
    with (corpus / "corpus.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(f"\n  - path: seeds/{name}\n    published: {published}\n")


def summary(found: list[dict[str, Any]]) -> list[tuple[str, int, str, str | None]]:
    return [(f["path"], f["line"], f["code"], f["rule"]) for f in found]


def test_seeds_report_exactly_the_expected_findings(corpus: Path) -> None:
    assert [(f["path"], f["line"], f["code"]) for f in findings(corpus)] == EXPECTED_SEED_FINDINGS


def test_seeds_without_rules_have_no_cross_document_contradiction(corpus: Path) -> None:
    assert findings(corpus, "--rules", "no-rules") == []


def test_every_seed_rule_mention_is_recognised(corpus: Path) -> None:
    """The rules are not silent by accident: each seed figure and date is matched."""
    result = run_cli("extract", "seeds", cwd=corpus)
    assert result.code == 0, result.err
    matched = {
        (doc["path"], claim["location"]["line"], claim["text"], rule)
        for doc in json.loads(result.out)["documents"]
        for claim in doc["claims"]
        for rule in claim.get("rules", [])
    }
    expected = {
        (S001, 17, "a few years ago", "china-fentanyl-ban-2019"),
        (S001, 46, "2016", "china-promise-2016"),
        (S001, 46, "2018", "china-promise-2018"),
        (S001, 46, "2020", "dea-report-2020"),
        (S001, 50, "this week", "biden-xi-summit-2023-11"),
        (S001, 50, "2020", "entity-list-forensic-institute-2020"),
        (S002, 3, "84", "coalition-countries-2023-07"),
        (S002, 3, "Friday", "coalition-launch-2023-07-07"),
        (S002, 5, "2020", "dea-report-2020"),
        (S002, 6, "roughly 100,000", "us-overdose-deaths-annual"),
        (S003, 4, "50 to 100", "fentanyl-potency-morphine"),
        (S003, 4, "between the ages of 18 and 49", "overdose-leading-killer-ages"),
        (S003, 8, "last August", "cooperation-suspended-2022-08"),
        (S003, 23, "50 to 100", "fentanyl-potency-morphine"),
        (S003, 23, "between the ages of 18 and 49", "overdose-leading-killer-ages"),
        (S004, 2, "November", "cooperation-resumed-2023-11"),
        (S004, 4, "2019", "china-fentanyl-ban-2019"),
        (S004, 5, "roughly 100,000", "us-overdose-deaths-annual"),
        (S004, 6, "April 2023", "precursor-sanctions-2023-04"),
        (S004, 8, "November", "cooperation-resumed-2023-11"),
        (S004, 9, "2017", "enforcement-first-since-2017"),
        (S004, 10, "145", "incb-incidents-2023-11"),
        (S004, 10, "2017", "incb-submissions-first-since-2017"),
        (S004, 11, "greater than 50", "precursors-warned-2023-11"),
    }
    assert matched == expected


@pytest.mark.parametrize(
    ("seed", "old", "new", "expected"),
    [
        # changed numbers
        (S002, "from 84 countries", "from 48 countries",
         [(S002, 3, "FC100", "coalition-countries-2023-07")]),
        (S004, "145 drug", "415 drug", [(S004, 10, "FC100", "incb-incidents-2023-11")]),
        (S004, "greater than 50 precursors", "15 precursors",
         [(S004, 11, "FC100", "precursors-warned-2023-11")]),
        (S002, "roughly 100,000 drug", "roughly 10,000 drug",
         [(S002, 6, "FC100", "us-overdose-deaths-annual")]),
        (S003, "50 to 100 times", "50 to 500 times",
         [(S003, 4, "FC100", "fentanyl-potency-morphine")]),
        (S003, "ages of 18 and 49", "ages of 18 and 45",
         [(S003, 4, "FC100", "overdose-leading-killer-ages")]),
        # shifted years and months
        (S004, "fentanyl in 2019", "fentanyl in 2017",
         [(S004, 4, "FC101", "china-fentanyl-ban-2019")]),
        (S001, "In 2016, China", "In 2015, China", [(S001, 46, "FC101", "china-promise-2016")]),
        (S001, "crackdown in 2018", "crackdown in 2019",
         [(S001, 46, "FC101", "china-promise-2018")]),
        (S003, "last August", "last October",
         [(S003, 8, "FC101", "cooperation-suspended-2022-08")]),
        (S004, "in April 2023", "in April 2022",
         [(S004, 6, "FC101", "precursor-sanctions-2023-04")]),
        (S004, "primary time since 2017", "primary time since 2014",
         [(S004, 10, "FC101", "incb-submissions-first-since-2017")]),
        (S002, "host a meeting Friday", "host a meeting Monday",
         [(S002, 3, "FC101", "coalition-launch-2023-07-07")]),
        # a misdated weekday: April 26, 2024 was a Friday
        (S000, "released on Friday", "released on Thursday, April 26, 2024",
         [(S000, 1, "FC102", None)]),
        # faithful paraphrases
        (S004, "greater than 50 precursors", "more than 50 precursor chemicals", []),
        (S003, "last August", "in August 2022", []),
        (S002, "roughly 100,000 drug", "more than 100,000 drug", []),
        (S001, "a few years ago", "in 2019", []),
    ],
)  # fmt: skip
def test_mutated_seed_is_caught(
    corpus: Path, seed: str, old: str, new: str, expected: list[tuple[str, int, str, str | None]]
) -> None:
    mutate(corpus, seed, old, new)
    assert summary(findings(corpus)) == expected


def test_weekday_fix_keeps_the_date(corpus: Path) -> None:
    mutate(corpus, S000, "released on Friday", "released on Thursday, April 26, 2024")
    (finding,) = findings(corpus)
    assert finding["message"] == "April 26, 2024 was a Friday, not a Thursday"
    assert finding["fix"] == "Friday, April 26, 2024"


def test_cross_document_number_contradiction_points_both_ways(corpus: Path) -> None:
    # A second report of the same briefing, the same day, with the figure changed.
    text = (SEEDS / "002_c94b8ccce979d3e0.txt").read_text(encoding="utf-8")
    add_document(corpus, "005_copy.txt", text.replace("84 countries", "48 countries"), "2023-07-06")
    found = findings(corpus, "--rules", "no-rules")
    assert summary(found) == [
        (S002, 3, "FC103", None),
        ("seeds/005_copy.txt", 3, "FC103", None),
    ]
    assert found[0]["related"][0]["path"] == "seeds/005_copy.txt"
    assert found[1]["related"][0]["path"] == S002
    assert "'84 countries' contradicts '48 countries'" in found[0]["message"]
    # With the rule in force, the rule judges the figure: one finding, on the wrong side.
    assert summary(findings(corpus)) == [
        ("seeds/005_copy.txt", 3, "FC100", "coalition-countries-2023-07")
    ]


def test_cross_document_date_contradiction_points_both_ways(corpus: Path) -> None:
    text = (SEEDS / "003_6c50fc142d424041.txt").read_text(encoding="utf-8")
    add_document(corpus, "005_copy.txt", text.replace("last August", "in May 2022"), "2023-01")
    found = findings(corpus, "--rules", "no-rules")
    assert summary(found) == [(S003, 8, "FC104", None), ("seeds/005_copy.txt", 8, "FC104", None)]
    assert found[0]["related"][0]["path"] == "seeds/005_copy.txt"


@pytest.mark.parametrize(
    ("text", "published"),
    [
        # the value changed over time: both right for their dates
        ("The coalition to counter synthetic drug threats has 149 countries, and Blinken hosts "
         "representatives from the countries to discuss illicit fentanyl supply chains.",
         "2024-03-20"),
        # overlapping hedges
        ("Fentanyl is largely responsible for the more than 100,000 drug overdose deaths in the "
         "U.S., according to the Centers for Disease Control and Prevention.", "2023-07-06"),
        # a different subject
        ("Fentanyl is a synthetic opioid about 50 times more potent than heroin.", "2023-01-20"),
        # the same event, dated the same way in other words
        ("Beijing suspended collaboration with the U.S. in August 2022 in protest of House "
         "Speaker Nancy Pelosi's visit to Taiwan.", "2023-03-01"),
    ],
)  # fmt: skip
def test_not_cross_document_contradictions(corpus: Path, text: str, published: str) -> None:
    add_document(corpus, "005_other.txt", text, published)
    assert findings(corpus, "--rules", "no-rules") == []
    assert findings(corpus) == []


def test_extract_reads_the_spun_seed(corpus: Path) -> None:
    result = run_cli("extract", S004, cwd=corpus)
    assert result.code == 0, result.err
    (doc,) = json.loads(result.out)["documents"]
    claims = {(c["kind"], c["text"]): c for c in doc["claims"]}
    deaths = claims[("number", "roughly 100,000")]
    assert (deaths["noun"], deaths["hedge"], deaths["interval"]) == (
        "annual U.S. deaths",
        "approximately",
        [90000, 110000],
    )
    assert claims[("number", "12")]["noun"] == "months"  # the spun "a year", not deaths
    assert claims[("number", "greater than 50")]["interval"] == [50, None]
    assert claims[("number", "greater than 50")]["open"] == [True, False]
    balloon = claims[("date", "early final 12 months")]
    assert (balloon["value"], balloon["granularity"], balloon["relative"]) == (
        "2023-01-01/2023-04-30",
        "year",
        True,
    )
    november = claims[("date", "November")]
    assert (november["value"], november["published"]) == ("2023-11", "2024-01-28")
    assert claims[("number", "145")]["as_of"] == "2023-11"  # "in November" in its clause


def test_extract_yaml_lists_ranges_with_their_stated_ends(corpus: Path) -> None:
    result = run_cli("extract", S003, "--format", "yaml", cwd=corpus)
    assert result.code == 0, result.err
    assert "text: 50 to 100\n    stated:\n    - 50\n    - 100\n" in result.out
    assert "noun: times stronger than morphine" in result.out
