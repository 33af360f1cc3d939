"""Number and date rules: validation, and must-fire / must-not-fire cases
written as news sentences (mutated seed facts and faithful paraphrases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.errors import SourceErrors
from factcheck.rules.loader import load_rules
from tests.claims_support import lint, repo_rules
from tests.conftest import run_cli

NUMBER_RULE = """\
rules:
  - id: coalition
    type: number
    subject: countries at the coalition launch
    value: 84
    unit: countries
    near: [[coalition, meeting]]
    valid_from: 2023-07
    valid_until: 2023-07
    examples: {}
"""

DATE_RULE = """\
rules:
  - id: ban
    type: date
    event: China banned fentanyl
    date: 2019
    near: [[banned, ban], fentanyl]
    examples: {}
"""


def errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(SourceErrors) as info:
        load_rules([str(path)])
    return [str(e) for e in info.value.errors]


@pytest.mark.parametrize(
    ("base", "old", "new", "expected"),
    [
        (NUMBER_RULE, "value: 84", "value: lots",
         ":5:12: field 'value': value error, expected a figure"),
        (NUMBER_RULE, "value: 84", "value: 84\n    tolerance: 5 percent",
         ":6:16: field 'tolerance': value error, tolerance must be a number or a percentage"),
        (NUMBER_RULE, "    unit: countries\n", "",
         ":2:5: value error, a number rule needs a 'unit'"),
        (NUMBER_RULE, "valid_until: 2023-07", "valid_until: 2023-06",
         ":2:5: value error, valid_until is before valid_from"),
        (NUMBER_RULE, "near: [[coalition, meeting]]", "patterns: ['from (\\d+ countries']",
         ":7:15: field 'patterns': value error, pattern 'from (\\\\d+ countries' must contain"),
        (NUMBER_RULE, "near: [[coalition, meeting]]", "patterns: ['from ({value} countries']",
         ":7:15: field 'patterns': value error, invalid regular expression"),
        (DATE_RULE, "    near: [[banned, ban], fentanyl]\n", "",
         ":2:5: value error, a date rule needs 'near' words or 'patterns'"),
        (DATE_RULE, "date: 2019", "date: 2019-13", ":5:11: field 'date': value error, month 13"),
        (DATE_RULE, "near: [[banned, ban], fentanyl]", "patterns: ['banned in {value}']",
         ":6:15: field 'patterns': value error, pattern 'banned in {value}' must contain {date}"),
    ],
)  # fmt: skip
def test_rule_errors_are_located(
    tmp_path: Path, base: str, old: str, new: str, expected: str
) -> None:
    assert old in base
    messages = errors(tmp_path, base.replace(old, new))
    assert any(expected in m for m in messages), messages


# Each case: a sentence, its publication date, and the rule ids that must fire
# (empty: must not fire).  Mutations of the seed facts first, then faithful
# paraphrases and figures that are legitimately different.
CASES = [
    # coalition countries: 84 at the July 2023 launch, 149 by March 2024
    (
        "Blinken hosts envoys from 85 countries on Friday at a meeting on synthetic drug threats.",
        "2023-07-06",
        {"coalition-countries-2023-07"},
    ),
    (
        "Blinken hosts envoys from 84 countries on Friday at a meeting on synthetic drug threats.",
        "2023-07-06",
        set(),
    ),
    ("The coalition against synthetic drug threats now has 149 countries.", "2024-03-28", set()),
    (
        "The coalition against synthetic drug threats now has 84 countries.",
        "2024-03-28",
        {"coalition-countries-2024-03"},
    ),
    # INCB incidents
    (
        "In November Beijing submitted 154 drug-related incidents to the INCB database.",
        "2024-01-29",
        {"incb-incidents-2023-11"},
    ),
    (
        "In November Beijing submitted 145 drug-related incidents to the INCB database.",
        "2024-01-29",
        set(),
    ),
    # precursors
    (
        "Beijing warned domestic producers of about 30 precursors that exports could be punished.",
        "2024-01-29",
        {"precursors-warned-2023-11"},
    ),
    ("Beijing warned domestic producers of over 50 precursor chemicals.", "2024-01-29", set()),
    # deaths
    (
        "Fentanyl is blamed for most of the roughly 60,000 U.S. drug overdose deaths each year.",
        "2023-07-06",
        {"us-overdose-deaths-annual"},
    ),
    (
        "Fentanyl is blamed for most of the roughly 100,000 U.S. drug overdose deaths each year.",
        "2023-07-06",
        set(),
    ),
    (
        "More than 100,000 Americans die of drug overdoses each year, and fentanyl causes most "
        "overdose deaths.",
        "2024-01-29",
        set(),
    ),
    # potency: a different subject is no contradiction
    (
        "Fentanyl is 50 to 1,000 times stronger than morphine.",
        "2023-01-20",
        {"fentanyl-potency-morphine"},
    ),
    ("Fentanyl is about 50 times more potent than heroin.", "2023-01-20", set()),
    ("Fentanyl is 100 times more potent than morphine.", "2023-01-20", set()),
    # ages
    (
        "Fentanyl is the leading killer of Americans between the ages of 18 and 50.",
        "2023-01-20",
        {"overdose-leading-killer-ages"},
    ),
    ("Fentanyl is the leading killer of Americans aged 18 to 49.", "2023-01-20", set()),
    # dates: shifted years and months
    (
        "Beijing banned the sale of fentanyl in 2018, ending direct shipments.",
        "2024-01-29",
        {"china-fentanyl-ban-2019"},
    ),
    ("Beijing banned the sale of fentanyl in 2019, ending direct shipments.", "2024-01-29", set()),
    (
        "In 2016, China agreed to increase counter-narcotics operations, and Xi again agreed to "
        "launch a crackdown in 2017.",
        "2023-11-13",
        {"china-promise-2018"},
    ),
    (
        "In 2016, China agreed to increase counter-narcotics operations, and Xi again agreed to "
        "launch a crackdown in 2018.",
        "2023-11-13",
        set(),
    ),
    (
        "China is the main source of fentanyl, according to a 2021 DEA intelligence report.",
        "2023-11-13",
        {"dea-report-2020"},
    ),
    ("Beijing suspended its collaboration with the U.S. last August.", "2023-01-20", set()),
    (
        "Beijing suspended its collaboration with the U.S. last August.",
        "2023-10-20",
        {"cooperation-suspended-2022-08"},
    ),
    ("Beijing froze drug cooperation with Washington in August 2022.", "2023-10-20", set()),
    (
        "Biden and Xi are meeting this week at the APEC summit in San Francisco.",
        "2023-11-13",
        set(),
    ),
    (
        "Biden and Xi met at the APEC summit in San Francisco last month.",
        "2024-01-29",
        {"biden-xi-summit-2023-11"},
    ),
    (
        "Beijing responded to U.S. sanctions on Chinese precursor makers in April 2022.",
        "2024-01-29",
        {"precursor-sanctions-2023-04"},
    ),
    (
        "It was the first time since 2018 that Beijing had sent cases to the INCB database.",
        "2024-01-29",
        {"incb-submissions-first-since-2017"},
    ),
    (
        "It was the first time since 2017 that Beijing had sent cases to the INCB database.",
        "2024-01-29",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_repo_rules_fire_on_mutations_only(text: str, published: str, expected: set[str]) -> None:
    found = {f.rule for f in lint([(text, published)], repo_rules()) if f.rule}
    assert found == expected


def test_finding_names_rule_and_points_at_its_evidence() -> None:
    (finding,) = lint(
        [("Beijing banned the sale of fentanyl in 2017.", "2024-01-29")], repo_rules()
    )
    assert finding.code == "FC101"
    assert finding.rule == "china-fentanyl-ban-2019"
    assert (finding.line, finding.column, finding.end_column) == (1, 40, 44)
    assert "'2017' contradicts the rule" in finding.message
    (related,) = finding.related
    assert related.path.endswith("rules/dates.yaml") and related.line > 1
    assert "china-fentanyl-ban-2019" in related.message


def test_number_finding_message() -> None:
    (finding,) = lint(
        [("Blinken met envoys from 85 countries at the coalition meeting on fentanyl.",
          "2023-07-07")],
        repo_rules(),
    )  # fmt: skip
    assert finding.code == "FC100"
    assert finding.message == (
        "'85 countries' contradicts the rule: countries taking part in the launch of the Global "
        "Coalition to Address Synthetic Drug Threats is 84 as of 2023-07"
    )


def test_rule_tolerance_absolute_and_relative() -> None:
    loose = NUMBER_RULE.replace("value: 84", "value: 84\n    tolerance: 2")
    relative = NUMBER_RULE.replace("value: 84", "value: 84\n    tolerance: 5%")
    text = [("Envoys from 86 countries came to the coalition meeting.", "2023-07-07")]
    from tests.claims_support import rules_from

    assert lint(text, rules_from(NUMBER_RULE))
    assert not lint(text, rules_from(loose))
    assert not lint(text, rules_from(relative))
    far = [("Envoys from 95 countries came to the coalition meeting.", "2023-07-07")]
    assert lint(far, rules_from(relative))


def test_rule_outside_its_validity_is_silent() -> None:
    from tests.claims_support import rules_from

    text = "Envoys from 120 countries came to the coalition meeting."
    assert lint([(text, "2023-07-07")], rules_from(NUMBER_RULE))
    assert not lint([(text, "2023-12-01")], rules_from(NUMBER_RULE))
    # A date in the figure's clause says when it held.
    assert lint([("In July 2023, 120 countries came to the coalition meeting.", "2024-05-01")],
                rules_from(NUMBER_RULE))  # fmt: skip


def test_bad_check_settings_exit_2(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.factcheck]\npaths = ["."]\n\n[tool.factcheck.numbers]\nwindow_days = -1\n'
    )
    (tmp_path / "a.txt").write_text("Nothing here.\n")
    result = run_cli(cwd=tmp_path)
    assert result.code == 2
    assert "[tool.factcheck.numbers] window_days: input should be greater than or equal to 0" in (
        result.err
    )
    assert "Traceback" not in result.err


def test_cross_document_majority_reports_the_odd_one_out() -> None:
    right = "Blinken hosts envoys from 84 countries at a meeting on synthetic drugs."
    wrong = "Blinken hosts envoys from 48 countries at a meeting on synthetic drugs."
    two = lint([(right, "2023-07-06"), (wrong, "2023-07-06")])
    assert sorted(f.path for f in two) == ["doc0.txt", "doc1.txt"]
    three = lint([(right, "2023-07-06"), (wrong, "2023-07-06"), (right, "2023-07-07")])
    (finding,) = three
    assert (finding.path, finding.code) == ("doc1.txt", "FC103")
    assert "and 1 more" in finding.message
    assert [r.path for r in finding.related] == ["doc0.txt", "doc2.txt"]


def test_figures_of_different_times_or_far_apart_do_not_meet() -> None:
    first = "Blinken hosts envoys from 84 countries at a meeting on synthetic drugs."
    later = "Blinken hosts envoys from 120 countries at a meeting on synthetic drugs."
    assert not lint([(first, "2023-07-06"), (later, "2023-12-06")])
    assert lint([(first, "2023-07-06"), (later, "2023-07-10")])
    wide: dict[str, dict[str, object]] = {"numbers": {"window_days": 200}}
    assert lint([(first, "2023-07-06"), (later, "2023-12-06")], settings=wide)


def test_weekday_relative_dates_in_documents_months_apart_are_different_days() -> None:
    a = "Negotiators from both governments met in Geneva on Friday to discuss precursor controls."
    b = "Negotiators from both governments met in Geneva on Monday to discuss precursor controls."
    assert not lint([(a, "2023-07-08"), (b, "2023-09-20")])
    assert {f.code for f in lint([(a, "2023-07-08"), (b, "2023-07-08")])} == {"FC104"}


def test_seed_rule_files_examples_all_pass() -> None:
    from factcheck.rules.examples import run_examples

    rules = repo_rules()
    assert len(rules) >= 20
    assert [str(f) for f in run_examples(rules)] == []
    for rule in rules:
        assert rule.examples.fail and rule.examples.pass_, rule.id


def test_number_rule_patterns_place_the_value() -> None:
    from tests.claims_support import rules_from

    rule = rules_from(
        NUMBER_RULE.replace("    unit: countries\n", "").replace(
            "near: [[coalition, meeting]]", "patterns: ['representatives from {value} countries']"
        )
    )
    when = "2023-07-06"
    assert lint([("He met representatives from 85 countries on Friday.", when)], rule)
    assert not lint([("He met representatives from 84 countries on Friday.", when)], rule)
    assert not lint([("He met envoys from 85 countries on Friday.", when)], rule)
    # The slot holds the hedge too: "roughly 90" allows 81 to 99, so 84 agrees.
    assert not lint([("He met representatives from roughly 90 countries.", when)], rule)
    assert lint([("He met representatives from more than 100 countries.", when)], rule)


def test_syndicated_copies_count_as_documents_that_agree() -> None:
    right = "Blinken hosts envoys from 84 countries at a meeting on synthetic drugs."
    wrong = "Blinken hosts envoys from 48 countries at a meeting on synthetic drugs."
    docs = [(right, "2023-07-06")] * 3 + [(wrong, "2023-07-06")]
    (finding,) = lint(docs)
    assert finding.path == "doc3.txt"
    assert "and 2 more" in finding.message
    assert [r.path for r in finding.related] == ["doc0.txt", "doc1.txt", "doc2.txt"]
    halted = "Beijing halted its counternarcotics cooperation with Washington in August 2022."
    moved = "Beijing halted its counternarcotics cooperation with Washington in May 2021."
    (finding,) = lint([(halted, "2023-03-01")] * 2 + [(moved, "2023-03-01")])
    assert (finding.path, finding.code) == ("doc2.txt", "FC104")


def test_dates_compared_by_publication_and_every_date_of_the_clause() -> None:
    # What the date check reads of each pair (relative phrases, publication
    # dates, the other dates of a clause) is copied per date as plain days;
    # each branch decides a finding here.
    early = "The agency reorganised its drug enforcement division early last year, officials said."
    fixed = "The agency reorganised its drug enforcement division in May 2021, officials said."
    # The same relative phrase a year apart reads as boilerplate...
    assert not lint([(early, "2023-03-01"), (early, "2024-03-01")])
    # ...but is resolved and compared against a date written out.
    assert {f.path for f in lint([(early, "2023-03-01"), (fixed, "2023-03-01")])} == {
        "doc0.txt",
        "doc1.txt",
    }
    two = "The agency announced its drug enforcement review on Friday, the ministry said Thursday."
    thursday = (
        "The agency announced its drug enforcement review on July 6, 2023, the ministry said."
    )
    monday = "The agency announced its drug enforcement review on July 3, 2023, the ministry said."
    # A clause dated twice agrees with an account giving either date...
    assert not lint([(two, "2023-07-08"), (thursday, "2023-07-08")])
    # ...and is contradicted by one giving neither.
    (finding,) = [
        f for f in lint([(two, "2023-07-08"), (monday, "2023-07-08")]) if f.path == "doc1.txt"
    ]
    assert "'July 3, 2023' (2023-07-03) contradicts 'Friday' (2023-07-07)" in finding.message
    assert "and 1 more" in finding.message
