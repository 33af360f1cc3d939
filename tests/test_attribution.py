"""Attribution and altered-quotation checks: rules, cross-document comparison,
the seed corpus, extraction output and configuration errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.findings import Finding
from factcheck.rules.loader import parse_rule_text
from factcheck.rules.ruleset import RuleSet
from factcheck.selection import Selection
from tests.conftest import REPO, run_cli

RULES = """\
rules:
  - id: blinken
    type: entity
    kind: person
    name: Antony Blinken
    aliases: [Blinken, Secretary of State Antony Blinken, the Secretary of State]
    examples: {pass: ["Blinken flew to Beijing."]}
  - id: wang
    type: entity
    kind: person
    name: Wang Wenbin
    aliases: [Wang]
    examples: {pass: ["Wang Wenbin held a briefing."]}
  - id: blinken-inputs-impacts
    type: attribution
    speaker: blinken
    quotation: >-
      They're taking it seriously. But there's a difference, as we would say, between
      inputs and impacts.
    examples:
      fail: ["“There's a difference between inputs and impacts,” Wang said."]
      pass: ["“They’re taking it seriously,” Blinken said."]
"""


def lint(*texts: str, rules: str | None = RULES) -> list[Finding]:
    ruleset = RuleSet(tuple(parse_rule_text(rules, "rules.yaml"))) if rules else RuleSet()
    loaded = [load_bytes(t.encode(), f"doc{i}.txt") for i, t in enumerate(texts)]
    # Two documents quoting the same words are also a shared quotation (FC303,
    # the duplicate check): not what these tests are about.
    return Linter(ruleset, Selection(ignore=("FC3",))).run(loaded).findings


def codes(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.path, f.code) for f in findings]


# --- attribution rules (FC200) -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # Swapped speakers, in every cue shape.
        "“They're taking it seriously,” Wang Wenbin said.",
        "“They're taking it seriously,” said foreign ministry spokesman Wang Wenbin.",
        "Wang said, “But there’s a difference, as we would say, between inputs and impacts.”",
        "Asked about it, Wang responded: “They are taking it seriously.”",
        # Other marks and case: still the same quotation.
        'Wang said: "THEY\'RE TAKING IT SERIOUSLY."',
        # Credited to someone no entity rule knows.
        "“They’re taking it seriously,” Secretary of State Mike Pompeo said.",
    ],
)
def test_misattributed_quotation_is_reported(text: str) -> None:
    (finding,) = [f for f in lint(text) if f.code == "FC200"]
    assert finding.rule == "blinken-inputs-impacts"
    assert "Antony Blinken" in finding.message
    assert finding.related and finding.related[0].path == "rules.yaml"
    assert finding.related[0].line == 14


@pytest.mark.parametrize(
    "text",
    [
        # Right speaker through any alias, partial quotes, other marks.
        "“They’re taking it seriously,” Blinken said.",
        "Secretary of State Antony Blinken said China was “taking it seriously.”",
        "The Secretary of State said: 'But there's a difference.'",
        # An unresolved description or a quotation credited to nobody.
        "“They’re taking it seriously,” a spokesman said.",
        "China is “taking it seriously,” the report said, “between inputs and impacts.”",
        # A faithful paraphrase: no quotation at all.
        "Wang said Beijing took the matter seriously but results mattered more than effort.",
        # Too short to be the rule's quotation (min_words 4).
        "Wang said Beijing was “taking it seriously.”",
    ],
)
def test_correct_or_unknowable_credit_is_not_reported(text: str) -> None:
    assert not [f for f in lint(text) if f.code == "FC200"]


def test_pronoun_after_a_named_speaker_is_that_speaker() -> None:
    text = "Wang Wenbin said the sanctions were unfair. “They’re taking it seriously,” he said."
    assert codes(lint(text)) == [("doc0.txt", "FC200")]


def test_unknown_speaker_entity_is_a_rule_error(tmp_path: Path) -> None:
    rules = RULES.replace("speaker: blinken", "speaker: blinkn")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.yaml").write_text(rules)
    (tmp_path / "doc.txt").write_text("Plain prose.\n")
    result = run_cli("--rules", "rules", "doc.txt", cwd=tmp_path)
    assert result.code == 2
    assert result.err.strip().endswith(
        "rules/a.yaml:14:5: rule 'blinken-inputs-impacts': unknown speaker 'blinkn' "
        "(did you mean 'blinken'?): name an entity rule by id, name or alias, or give "
        "{name, aliases}"
    )


def test_inline_speaker_with_aliases() -> None:
    rules = """\
rules:
  - id: sullivan-progress
    type: attribution
    speaker: {name: Jake Sullivan, aliases: [Sullivan]}
    quotation: We're hoping to see some progress on that issue this coming week.
    examples: {fail: [], pass: []}
"""
    wrong = "“We’re hoping to see some progress on that issue,” Blinken said."
    right = "“We’re hoping to see some progress on that issue,” Sullivan said."
    assert codes(lint(wrong, rules=rules)) == [("doc0.txt", "FC200")]
    assert codes(lint(right, rules=rules)) == []


# --- across documents (FC201) --------------------------------------------

QUOTE = "“We need to see much greater cooperation when it comes to fentanyl,”"


def test_same_quotation_two_speakers_is_reported_on_both_sides() -> None:
    found = lint(f"{QUOTE} Blinken said.", f"Later, {QUOTE} Wang said.", rules=None)
    assert codes(found) == [("doc0.txt", "FC201"), ("doc1.txt", "FC201")]
    assert found[0].related[0].path == "doc1.txt" and found[1].related[0].path == "doc0.txt"
    assert "Blinken" in found[0].message and "Wang" in found[0].message


@pytest.mark.parametrize(
    "second",
    [
        f"{QUOTE} Secretary of State Antony Blinken said.",  # the same person
        f"{QUOTE} a spokesman said.",  # nobody named
        "“We need to see much more respect from Washington,” Wang said.",  # another quotation
        "Wang said cooperation on fentanyl had to improve.",  # paraphrase
    ],
)
def test_no_cross_document_conflict(second: str) -> None:
    found = lint(f"{QUOTE} Blinken said.", second)
    assert "FC201" not in [f.code for f in found]


def test_rule_decides_instead_of_a_cross_document_conflict() -> None:
    right = "“They’re taking it seriously. But there’s a difference,” Blinken said."
    wrong = "“They’re taking it seriously. But there’s a difference,” Wang said."
    assert codes(lint(right, wrong)) == [("doc1.txt", "FC200")]


# --- altered quotations (FC450, FC451) -----------------------------------


def test_altered_quotation_of_a_rule_lists_the_difference() -> None:
    (finding,) = lint("Blinken said China was “taking it very seriously.”")
    assert finding.code == "FC450" and finding.rule == "blinken-inputs-impacts"
    assert finding.message.endswith("‘taking it seriously’ → ‘taking it very seriously’")
    assert finding.severity.value == "warning"


@pytest.mark.parametrize(
    "text",
    [
        "Blinken said China was “taking it seriously.”",  # partial
        "“They are taking it seriously … between inputs and impacts,” Blinken said.",  # ellipsis
        "“[T]hey’re taking it seriously,” Blinken said.",  # bracketed case change
        "BLINKEN: 'THEY ARE TAKING IT SERIOUSLY; BUT THERE IS A DIFFERENCE.'",  # marks, case
    ],
)
def test_faithful_quotations_are_not_altered(text: str) -> None:
    assert lint(text) == []


def test_similar_words_of_someone_else_are_not_an_altered_quotation() -> None:
    assert lint("“They’re taking it very seriously,” Wang said of the inspectors.") == []


def test_quotation_worded_differently_in_two_documents() -> None:
    a = "“We have seen a real change in terms of cooperation from China,” Blinken said."
    b = "“We have seen a real change in terms of collaboration from China,” Blinken said."
    found = lint(a, b, rules=None)
    assert codes(found) == [("doc0.txt", "FC451"), ("doc1.txt", "FC451")]
    # Each side shows the other's wording → its own.
    assert "‘terms of collaboration from China’ → ‘terms of cooperation from China’" in (
        found[0].message
    )
    assert "‘terms of cooperation from China’ → ‘terms of collaboration from China’" in (
        found[1].message
    )


def test_wording_confirmed_elsewhere_is_not_reported() -> None:
    a = "“We have seen a real change in terms of cooperation from China,” Blinken said."
    b = "“We have seen a real change in terms of collaboration from China,” Blinken said."
    found = lint(a, b, a.replace("Blinken said", "the secretary said"), rules=None)
    assert codes(found) == [("doc1.txt", "FC451")]


# --- the seed corpus -----------------------------------------------------

# Every finding `factcheck seeds/` reports, and why it is right.  Seed 004 is a
# machine-spun copy of a Washington Post report: the spinner replaced words
# inside quotations too.  Its quotations of Wang Wenbin are checked against the
# foreign ministry's English transcript of 2023-04-17, and the official's
# "platform" quotation against the wording reported from the 2024-01-28 call.
EXPECTED_SEED_FINDINGS = [
    # “…to assist … with the objective of … the evolving menace of artificial
    # medication”: support → assist, goal → objective, threat of synthetic drugs
    # → menace of artificial medication.
    ("seeds/004_b9860484f37b842b.txt", 3, "FC450", "official-platform"),
    # “…the foundation explanation for its drug issues”: root cause of its drug
    # problems, as the ministry transcript has it.
    ("seeds/004_b9860484f37b842b.txt", 6, "FC450", "wang-root-cause"),
    # “…responsibility to stop such chemical substances … into the arms of…”:
    # duty to prevent such chemicals … into the hands of.
    ("seeds/004_b9860484f37b842b.txt", 6, "FC450", "wang-importers-duty"),
]
# Not reported, on purpose:
# - every quotation of Blinken (000, 001), Sullivan (001), Robinson (002) and
#   Price (003) is credited to its rule's speaker, in trailing, leading, colon
#   ("Blinken responded:" then a paragraph) and no-cue ("That could then open
#   the door…", Sullivan's second sentence) shapes;
# - 004's official and Wang quotations are credited right although spun ("stated a
#   senior White Home administration official", "the official stated", "he stated");
# - the DEA report line appears in 001 (uncredited) and 002 (credited to nobody the
#   text names): no conflict; 001's other DEA line ("primary source countries…") is a
#   different sentence of the same report, not an altered copy;
# - Blinken's CBS "We've seen cooperation from them in the past" and BBC "We've seen
#   a real change in terms of cooperation" are two quotations, not one altered;
# - the FAQ of 003 repeats body text but no quotation.


def test_seed_corpus_reports_exactly_the_real_inconsistencies() -> None:
    result = run_cli("--format", "json", "--select", "FC2,FC45", "seeds/")
    found = [
        (f["path"], f["line"], f["code"], f["rule"]) for f in json.loads(result.out)["findings"]
    ]
    assert found == EXPECTED_SEED_FINDINGS


def _seed_quotations(name: str) -> list[dict[str, object]]:
    result = run_cli("extract", "--format", "json", f"seeds/{name}")
    assert result.code == 0, result.err
    (doc,) = json.loads(result.out)["documents"]
    return [c for c in doc["claims"] if c["kind"] == "quotation"]


@pytest.mark.parametrize(
    ("name", "speakers"),
    [
        (
            "000_ecb10c641053dc9d.txt",
            ["antony-blinken"] * 4 + [None],  # the last quotes a committee report
        ),
        (
            "001_b855940789092e60.txt",
            # headline (no cue), "Blinken said", "the Secretary of State asked for",
            # Brennan, "Blinken responded:" + paragraph, Brennan, Blinken,
            # Sullivan twice (trailing, then no cue), "according to a … DEA
            # report", the uncredited block quote and the Entity List reason.
            [
                None,
                "antony-blinken",
                "antony-blinken",
                "margaret-brennan",
                "antony-blinken",
                "margaret-brennan",
                "antony-blinken",
                "jake-sullivan",
                "jake-sullivan",
                "dea",
                None,
                None,
            ],
        ),
        (
            "002_c94b8ccce979d3e0.txt",
            # the DEA line: "labeled … as" is not a speech cue.
            ["todd-d-robinson", None, "todd-d-robinson", "todd-d-robinson"],
        ),
        ("003_6c50fc142d424041.txt", ["ned-price"]),
        (
            "004_b9860484f37b842b.txt",
            # "stated a senior White Home administration official", "the official
            # stated", Wang, "he stated", the official, "they warned of
            # “entrapment”" (Beijing: a pronoun left unresolved), the official.
            [
                "senior-administration-official",
                "senior-administration-official",
                "wang-wenbin",
                "wang-wenbin",
                "senior-administration-official",
                None,
                "senior-administration-official",
            ],
        ),
    ],
)
def test_every_seed_quotation_has_the_right_speaker(name: str, speakers: list[str | None]) -> None:
    assert [q["speaker_entity"] for q in _seed_quotations(name)] == speakers


def test_extract_shows_unattributed_and_how_each_credit_was_found() -> None:
    quotations = _seed_quotations("001_b855940789092e60.txt")
    headline = quotations[0]
    assert headline["speaker"] == "unattributed" and headline["attribution"] == "unattributed"
    assert headline["location"] == {"line": 5, "column": 78, "end_line": 5, "end_column": 111}
    assert [q["attribution"] for q in quotations[7:9]] == ["trailing", "paragraph"]
    assert quotations[4]["attribution"] == "colon"
    assert quotations[1]["rule"] == "blinken-cbs-greater-cooperation"


def test_repository_rules_and_their_examples_pass() -> None:
    result = run_cli("rules", "check")
    assert result.code == 0, result.out + result.err


# --- settings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "[tool.factcheck.attribution]\nmin-words = 0\n",
            "pyproject.toml:4: [tool.factcheck.attribution] min-words: input should be",
        ),
        (
            "[tool.factcheck.attribution]\nmin-word = 3\n",
            "pyproject.toml:4: [tool.factcheck.attribution] min-word: extra inputs",
        ),
        (
            "[tool.factcheck.altered-quotations]\nsimilarity = 0.6\n"
            "same-speaker-similarity = 0.7\n",
            "pyproject.toml:3: [tool.factcheck.altered-quotations] value error, "
            "same-speaker-similarity cannot exceed similarity",
        ),
    ],
)
def test_bad_check_settings_exit_2(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.factcheck]\nrules = []\n" + table)
    (tmp_path / "doc.txt").write_text("Plain prose.\n")
    result = run_cli("doc.txt", cwd=tmp_path)
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err


def test_settings_change_the_threshold(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.factcheck]\nrules = []\n[tool.factcheck.attribution]\nmin-words = 20\n"
    )
    (tmp_path / "a.txt").write_text(f"{QUOTE} Blinken said.\n")
    (tmp_path / "b.txt").write_text(f"{QUOTE} Wang said.\n")
    assert run_cli("a.txt", "b.txt", cwd=tmp_path).code == 0
    assert REPO.exists()


def test_stock_phrases_are_not_compared_across_documents() -> None:
    a = "“We are looking into it,” the mayor's office said. Blinken said: “We are looking into it.”"
    b = "Wang said: “We are looking into it.” Later Wang said: “We are looking into this.”"
    assert lint(a, b, rules=None) == []


def test_rule_message_placeholders() -> None:
    rules = RULES.replace(
        "    speaker: blinken\n", "    speaker: blinken\n    message: '{credited}, not {speaker}'\n"
    )
    (finding,) = lint("“They’re taking it seriously,” Wang said.", rules=rules)
    assert finding.message == "Wang Wenbin, not Antony Blinken"


def test_unknown_message_placeholder_is_a_rule_error(tmp_path: Path) -> None:
    rules = RULES.replace("    speaker: blinken\n", "    speaker: blinken\n    message: '{who}'\n")
    (tmp_path / "rules.yaml").write_text(rules)
    (tmp_path / "doc.txt").write_text("Plain prose.\n")
    result = run_cli("--rules", "rules.yaml", "doc.txt", cwd=tmp_path)
    assert result.code == 2
    assert "rules.yaml:17:14: field 'message': value error, unknown placeholder {who}" in result.err


def test_every_seed_attribution_rule_catches_a_swapped_speaker() -> None:
    from factcheck.checks.quotation_book import AttributionRule
    from factcheck.rules.examples import example_findings
    from factcheck.rules.loader import load_rules

    rules = load_rules([str(REPO / "rules")])
    attributions = rules.of_type(AttributionRule)
    assert len(attributions) == 16
    for rule in attributions:
        found = {
            f.code for example in rule.examples.fail for f in example_findings(rule, example, rules)
        }
        assert "FC200" in found, rule.id


def test_altered_quotation_offers_the_rules_wording_as_an_unsafe_fix() -> None:
    (finding,) = lint("Blinken said China was “taking it very seriously.”")
    assert finding.code == "FC450"
    assert finding.fix == "“taking it seriously.”"
    (finding,) = lint("Blinken said: “They’re taking it seriously. But there’s a big difference.”")
    assert finding.fix == "“They’re taking it seriously. But there’s a difference.”"
    assert not finding.fix_safe


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("    quotation: '…'\n", "the quotation has no words"),
        (
            "    quotation: Not now.\n    min_words: 5\n",
            "min_words is 5 but the quotation has only 2",
        ),
    ],
)
def test_unusable_quotation_is_a_rule_error(tmp_path: Path, change: str, message: str) -> None:
    rules = RULES.split("    quotation: >-")[0] + change + "    examples: {fail: [], pass: []}\n"
    (tmp_path / "rules.yaml").write_text(rules)
    (tmp_path / "doc.txt").write_text("Plain prose.\n")
    result = run_cli("--rules", "rules.yaml", "doc.txt", cwd=tmp_path)
    assert result.code == 2
    assert f"rules.yaml:14:5: rule 'blinken-inputs-impacts': {message}" in result.err
