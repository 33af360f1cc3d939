"""Spun text: fingerprints, phrase rules, the list-free detector and the
document verdict, on sentences that must and must not fire."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from factcheck.checks.spin import SpinCheck
from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.findings import Finding
from factcheck.rules.loader import parse_rule_text
from factcheck.rules.ruleset import RuleSet
from factcheck.selection import Selection
from factcheck.spin.phrase_matcher import PhraseMatcher
from tests.conftest import REPO, SEEDS, run_cli


def lint(text: str, rules: str | None = None, select: str = "FC4") -> list[Finding]:
    ruleset = RuleSet(tuple(parse_rule_text(rules, "<test>"))) if rules else RuleSet()
    loaded = load_bytes(text.encode("utf-8"), "doc.txt")
    return Linter(ruleset, Selection(select=(select,))).run([loaded]).findings


SPUN = [
    ("A White Home spokesperson declined to comment.", "White House"),
    ("Officials opened traces of communication with Beijing.", "lines of communication"),
    ("Shipments of Chinese language chemicals fell.", "Chinese"),
    ("Overdose deaths reached 300 a 12 months in the county.", "a year"),
    ("He called it the foundation explanation for the crisis.", "root cause of"),
    ("The embassy didn't instantly reply to a request for touch upon Monday.", None),
    ("Police were taking motion against the smugglers.", "taking action"),
    ("Tariffs hit several international locations in Asia.", "countries"),
    ("The talks were held in a present of excellent religion.", "show of good faith"),
]

CLEAN = [
    "She spent a decade teaching the Chinese language in Ohio schools.",
    "He enrolled in a Chinese language course at the university.",
    "The player received a 12-month suspension for doping.",
    "Inspections are carried out every 12 months.",
    "The family moved into a white home near the river.",
    "Sales rose over the past 12 months, the company said.",
    "The White House said the president would travel on Friday.",
    "The foreign ministry said the talks would resume next week.",
    "She has lived in the city for years and loves the Chinese language.",
    "Two Navy officers said the ship had left port.",
    "It was the place they called home for 40 years.",
    "He commented on the difficulty of finding staff.",
    "The retailer has international locations in Canada and Mexico.",
    "What is actually important is the price, she said.",
    "Police officers stated that the road was closed.",
    "Analysts warned of urban warfare in the city.",
    "Gasoline costs rose for a third week.",
    "Regardless of that, the vote went ahead.",
    "The cameras were taking motion pictures of the crowd.",
]


@pytest.mark.parametrize(("text", "original"), SPUN)
def test_spun_phrase_fires_with_original(text: str, original: str | None) -> None:
    found = [f for f in lint(text) if f.code == "FC400"]
    assert found, text
    if original:
        assert original in {f.fix for f in found}


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_english_is_not_flagged(text: str) -> None:
    assert lint(text) == []


def test_clean_news_text_has_no_mistranscription_finding() -> None:
    text = (REPO / "benchmarks" / "data" / "clean_news.txt").read_text("utf-8")
    assert lint(text) == []


def test_clean_seeds_have_no_mistranscription_finding() -> None:
    paths = [str(next(SEEDS.glob(f"{p}_*.txt"))) for p in ("000", "002", "003")]
    run = run_cli(*paths, "--select", "FC4", "--format", "json")
    assert run.code == 0, run.out
    report = json.loads(run.out)
    assert report["summary"]["documents"] == 3
    assert report["findings"] == []


def test_seed_004_every_clear_spin_is_flagged_and_the_document_judged_spun() -> None:
    seed = next(SEEDS.glob("004_*.txt"))
    text = seed.read_text("utf-8")
    findings = lint(text)
    assert sum(f.code == "FC402" for f in findings) == 1
    doc = load_bytes(text.encode("utf-8"), "doc.txt").document
    assert doc is not None
    spans = [
        (doc.offset(f.line, f.column), doc.offset(f.end_line, f.end_column))
        for f in findings
        if f.code in ("FC400", "FC401")
    ]
    annotation = yaml.safe_load((REPO / "benchmarks/data/seed004_spins.yaml").read_text("utf-8"))
    for entry in (e for e in annotation if e["clear"]):
        at = text.find(entry["spun"])
        assert at != -1
        while at != -1:
            end = at + len(entry["spun"])
            assert any(s < end and at < e for s, e in spans), entry["spun"]
            at = text.find(entry["spun"], at + 1)


def test_detector_suggests_the_original_for_an_unlisted_spin() -> None:
    found = lint("The metropolis council voted on Tuesday to raise the minimum wage.")
    assert [(f.code, f.fix) for f in found] == [("FC401", "city")]


def test_detector_can_be_switched_off(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.factcheck.spin]\ndetector = false\n")
    (tmp_path / "a.txt").write_text("The metropolis council voted on Tuesday.\n")
    assert run_cli("a.txt", "--select", "FC4", cwd=tmp_path).code == 0


def test_bad_setting_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.factcheck.spin]\nthreshold = -1\n")
    (tmp_path / "a.txt").write_text("Text.\n")
    run = run_cli("a.txt", cwd=tmp_path)
    assert run.code == 2
    assert "[tool.factcheck.spin] threshold" in run.err
    assert "Traceback" not in run.err


def test_one_spin_is_no_verdict() -> None:
    assert not [f for f in lint("The White Home said so.") if f.code == "FC402"]


PHRASE_RULE = """rules:
  - id: spin.fed
    type: phrase
    patterns: [Federal Reserve Financial institution]
    expected: Federal Reserve Bank
    fix: {fix}
    specs:
      - {{from: "the Federal Reserve Financial institution of New York", to: "{to}"}}
    examples:
      fail: ["The Federal Reserve Financial institution raised rates."]
      pass: ["The Federal Reserve Bank raised rates."]
"""


def test_phrase_rule_finding_is_rule_backed_and_safe() -> None:
    rules = PHRASE_RULE.format(fix="safe", to="the Federal Reserve Bank of New York")
    [finding] = [f for f in lint("The Federal Reserve Financial institution met.", rules)]
    assert finding.rule == "spin.fed"
    assert finding.fix == "Federal Reserve Bank"
    assert finding.fix_safe


def test_phrase_rule_message_placeholders() -> None:
    rules = PHRASE_RULE.format(fix="safe", to="the Federal Reserve Bank of New York").replace(
        "    fix: safe\n", "    fix: safe\n    message: 'spun {found}, not {expected} {x}'\n"
    )
    [finding] = lint("The Federal Reserve Financial institution met.", rules)
    assert finding.message == (
        "spun Federal Reserve Financial institution, not Federal Reserve Bank {x}"
    )


def test_unsafe_phrase_rule_needs_unsafe_fixes() -> None:
    rules = PHRASE_RULE.format(fix="unsafe", to="the Federal Reserve Bank of New York")
    [finding] = lint("The Federal Reserve Financial institution met.", rules)
    assert not finding.fix_safe


def test_failing_spec_is_a_located_rule_error(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(PHRASE_RULE.format(fix="safe", to="something else"))
    (tmp_path / "a.txt").write_text("Text.\n")
    run = run_cli("a.txt", "--rules", "rules.yaml", cwd=tmp_path)
    assert run.code == 2
    assert "rules.yaml:2:" in run.err and "spec 1" in run.err


def test_rule_whose_fix_matches_itself_is_rejected() -> None:
    with pytest.raises(Exception, match="matches one of the rule's patterns"):
        parse_rule_text(
            """rules:
  - id: loop
    type: phrase
    patterns: [Home]
    expected: White Home
    examples: {fail: ["Home."], pass: ["House."]}
""",
            "<test>",
        )


def test_rule_examples_run_through_rules_check() -> None:
    run = run_cli("rules", "check")
    assert run.code == 0, run.err


def test_matcher_respects_word_boundaries_and_overlaps() -> None:
    matcher = PhraseMatcher(["white home", "home", "a 12 months"])
    text = "The White Home homework; a 12 monthsx; İstanbul home"
    found = [(text[m.start : m.end]) for m in matcher.find(text)]
    assert found == ["White Home", "Home", "home"]


def test_check_declares_the_phrase_rule_type() -> None:
    assert [m.__name__ for m in SpinCheck.rule_models] == ["PhraseRule"]


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("Officials from both countrys met in Geneva.", "countries"),
        ("Overdose expirys rose again last year.", "expiries"),
        ("The agreement's termss were not published.", "terms"),
        ("Two newsmans were detained at the border.", "newsmen"),
        ("Volunteers repaired three churchs after the storm.", "churches"),
    ],
)
def test_malformed_plural_fires(text: str, fix: str) -> None:
    found = [f for f in lint(text) if f.code == "FC403"]
    assert [(f.fix, f.fix_safe) for f in found] == [(fix, False)]


@pytest.mark.parametrize(
    "text",
    [
        "The guys at the garage always replace the lens on Mondays.",
        "Both countries met the business leaders in the glasses factory.",
        "The Biss and Glass families own the bus company; the Jonesys do not.",
        "Cowboys, days and species: the species list grows.",
        "Officials from both Countrys met in Geneva.",  # capitalised: a name
    ],
)
def test_malformed_plural_quiet_on_real_words(text: str) -> None:
    assert not [f for f in lint(text) if f.code == "FC403"]


def test_malformed_plural_off_with_the_detector() -> None:
    text = "Officials from both countrys met in Geneva."
    loaded = load_bytes(text.encode("utf-8"), "doc.txt")
    linter = Linter(RuleSet(), Selection(select=("FC4",)), {"spin": {"detector": False}})
    assert not [f for f in linter.run([loaded]).findings if f.code == "FC403"]


def test_detector_judges_hyphenated_words() -> None:
    found = [f for f in lint("The ship was well-nigh empty when it docked.") if f.code == "FC401"]
    assert [(f.fix, f.fix_safe) for f in found] == [("almost", False)]


def test_detector_quiet_on_ordinary_hyphenated_words() -> None:
    text = (
        "The long-term plan relies on third-party vendors and a well-known author. "
        "A state-of-the-art lab opened in the run-down district on a year-round basis."
    )
    assert not lint(text)


def test_detector_offers_common_words_for_unknown_ones() -> None:
    # "between" is too common a candidate for a known word, not for "betwixt".
    found = [f for f in lint("The border runs betwixt the two villages.") if f.code == "FC401"]
    assert [f.fix for f in found] == ["between"]


def test_detector_quiet_on_new_vocabulary() -> None:
    text = (
        "The ransomware attack hit cryptocurrency exchanges and telehealth startups. "
        "Lawmakers debated the legislation on livestreaming, podcasts and smartphones."
    )
    assert not lint(text)


def test_frequency_prior_favours_the_commoner_original() -> None:
    from factcheck.spin.detector import SpinDetector
    from factcheck.spin.language_model import english
    from factcheck.spin.thesaurus import synonyms

    model = english()
    detector = SpinDetector(model, synonyms())
    [suspect] = detector.scan("The metropolis council voted on Tuesday.")
    city, metropolis = model.logp("city"), model.logp("metropolis")
    assert suspect.original == "city" and city is not None and metropolis is not None
    prior = detector.settings.prior_weight * (city - metropolis)
    assert prior > 0
    assert suspect.score == pytest.approx(suspect.context_score + prior)


def test_frequency_prior_alone_flags_nothing_in_clean_text() -> None:
    # With the prior, "lives" out-scores "survives" by more than the clean
    # cut-off; in context alone it does not.
    text = "A frog thought extinct for fifty years still survives in a remote forest."
    assert not lint(text)


# Judged spun (FC402) on its own; the sentences below are appended to it.
_SPUN_STORY = (
    "Officials on the White Home stated a 12 months in the past that Chinese language "
    "firms had been taking motion. The international ministry spokesman stated "
    "Beijing opened traces of communication in a present of excellent religion. "
    "The embassy didn't instantly reply to a request for touch upon Sunday. "
)


def test_unknown_word_needs_only_a_better_fit_in_a_spun_document() -> None:
    # "morphine" out-scores "morphia" by about 3 nats: below every cut-off but
    # the one for unknown words in spun copy.
    sentence = "Hospitals ran short of morphia and bandages."
    spun = lint(_SPUN_STORY + sentence)
    assert any(f.code == "FC402" for f in spun)
    assert [f.fix for f in spun if f.code == "FC401" and f.fix == "morphine"] == ["morphine"]
    assert not lint(sentence)


def test_unknown_word_cut_off_spares_acronyms_and_can_be_raised() -> None:
    # "PRC" is outside the vocabulary and "China" fits better, but no spinner
    # writes an acronym.
    found = lint(_SPUN_STORY + "The PRC officials said the talks would resume.")
    assert any(f.code == "FC402" for f in found)
    assert not [f for f in found if f.code == "FC401" and f.fix == "China"]
    text = _SPUN_STORY + "Hospitals ran short of morphia and bandages."
    loaded = load_bytes(text.encode("utf-8"), "doc.txt")
    settings = {"spin": {"spun_unknown_threshold": 4.25}}
    linter = Linter(RuleSet(), Selection(select=("FC4",)), settings)
    assert not [f for f in linter.run([loaded]).findings if f.fix == "morphine"]


def test_detector_unknown_threshold_applies_to_unknown_words_only() -> None:
    from factcheck.spin.detector import DetectorSettings, SpinDetector
    from factcheck.spin.language_model import english
    from factcheck.spin.thesaurus import synonyms

    # "house" fits better than "firm" by about 3 nats too, but "firm" is known.
    text = "Hospitals ran short of morphia and bandages. The firm lost its appeal."
    plain = SpinDetector(english(), synonyms(), DetectorSettings(threshold=4.25))
    lowered = SpinDetector(
        english(), synonyms(), DetectorSettings(threshold=4.25, unknown_threshold=0.0)
    )
    assert plain.scan(text) == []
    [suspect] = lowered.scan(text)
    assert (suspect.text, suspect.original, suspect.unknown) == ("morphia", "morphine", True)
    assert 0.0 <= suspect.score < 4.25


def test_phrase_for_a_single_word_is_reported_in_a_spun_document_only() -> None:
    # "chemicals" fits better than "chemical substances" once the dropped word
    # is no longer charged a typical word's cost: in spun copy only.
    sentence = "Exports of chemical substances to Mexico rose."
    spun = [f for f in lint(_SPUN_STORY + sentence) if f.code == "FC401"]
    assert [f.fix for f in spun if f.fix == "chemicals"] == ["chemicals"]
    assert not lint(sentence)


def test_spun_word_cost_replaces_the_charge_for_dropped_words_in_the_score_only() -> None:
    from factcheck.spin.detector import DetectorSettings, SpinDetector
    from factcheck.spin.language_model import english
    from factcheck.spin.thesaurus import synonyms

    detector = SpinDetector(english(), synonyms(), DetectorSettings(threshold=4.25))
    [suspect] = detector.scan("Exports of chemical substances to Mexico rose.")
    assert (suspect.text, suspect.original) == ("chemical substances", "chemicals")
    refund = 6.0 - detector.settings.spun_word_cost
    assert suspect.score == pytest.approx(suspect.context_score + refund)
    assert suspect.context_score < 4.25 <= suspect.score
