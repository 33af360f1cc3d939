"""The duplicate check on the seeds and on planted copies, with must-not-fire cases."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from factcheck.checks.base import CheckContext
from factcheck.checks.duplicates import DuplicatesCheck
from factcheck.corpus.loading import Loaded, load_bytes, load_file
from factcheck.corpus.manifest import load_manifests
from factcheck.duplicates import candidates
from factcheck.duplicates.candidates import candidate_pairs
from factcheck.duplicates.fingerprint import Fingerprint
from factcheck.duplicates.passages import find_passages
from factcheck.duplicates.units import CorpusUnits
from factcheck.engine import Linter
from factcheck.errors import FactcheckError
from factcheck.findings import Finding
from factcheck.rules.examples import run_examples
from factcheck.rules.loader import parse_rule_text
from factcheck.rules.ruleset import RuleSet
from factcheck.selection import Selection
from tests.conftest import REPO, SEEDS, run_cli


def lint(
    *texts: str,
    settings: Mapping[str, Any] | None = None,
    rules: RuleSet | None = None,
    names: tuple[str, ...] = (),
) -> list[Finding]:
    loaded = [
        load_bytes(text.encode("utf-8"), names[i] if names else f"doc{i}.txt")
        for i, text in enumerate(texts)
    ]
    return run(loaded, settings, rules)


def run(
    loaded: list[Loaded], settings: Mapping[str, Any] | None = None, rules: RuleSet | None = None
) -> list[Finding]:
    linter = Linter(
        rules or RuleSet(),
        Selection(select=("FC3",)),
        {"duplicates": dict(settings or {})},
        check_types=[DuplicatesCheck],
    )
    return linter.run(loaded).findings


def summary(findings: list[Finding]) -> list[tuple[str, int, str, list[tuple[str, int]]]]:
    return [
        (Path(f.path).name, f.line, f.code, [(Path(r.path).name, r.line) for r in f.related])
        for f in findings
    ]


def seed_findings(settings: Mapping[str, Any] | None = None) -> list[Finding]:
    manifest = load_manifests([REPO / "corpus.yaml"])
    loaded = [
        load_file(path, f"seeds/{path.name}", manifest) for path in sorted(SEEDS.glob("*.txt"))
    ]
    return run(loaded, settings)


S000, S001, S002, S003 = (
    "000_ecb10c641053dc9d.txt",
    "001_b855940789092e60.txt",
    "002_c94b8ccce979d3e0.txt",
    "003_6c50fc142d424041.txt",
)


def test_seed_findings_are_exactly_the_known_duplicates() -> None:
    assert summary(seed_findings()) == [
        # 000: the lead quotes "We've seen a real change in terms of cooperation from
        # China in trying to deal with" (16 words), which the long Blinken quotation
        # below repeats; both are attributed ("stated that", "Blinken said"): FC303.
        (S000, 3, "FC303", [(S000, 1)]),
        # The DEA report's words ("the primary source of fentanyl ... into the United
        # States", 34 words) are quoted in 001 (after "according to a 2020 DEA
        # intelligence report") and in 002 ("in a 2020 intelligence report"): a
        # quotation attributed in both places, reported on both sides as FC303.
        (S001, 48, "FC303", [(S002, 5)]),
        (S002, 5, "FC303", [(S001, 48)]),
        # 003's FAQ answers paste its body: the fentanyl paragraph (49 words) ...
        (S003, 23, "FC300", [(S003, 4)]),
        # ... the first sentence of "The Chinese Connection" (27 words) ...
        (S003, 25, "FC300", [(S003, 6)]),
        # ... "is visiting China in early February to discuss trade, climate change,
        # and regional security" (14 words; "Antony" became "Secretary") ...
        (S003, 27, "FC300", [(S003, 14)]),
        # (Not line 29: its "to prioritize U.S efforts to combat international
        # trafficking of covered synthetic drugs", 12 words, ends a 22-word sentence
        # of line 6 that shares only half its word pairs with it: below the
        # candidate threshold, see docs/duplicates.md "Limits".)
        # ... the conclusion's "The opioid crisis in the United States is a serious
        # public health issue that requires a multilateral solution" (18 words) ...
        (S003, 31, "FC300", [(S003, 20)]),
        # ... and its last sentence, rewritten ("offers" -> "is", a full stop -> ", and").
        (S003, 31, "FC302", [(S003, 20)]),
    ]


def test_seed_messages_give_size_similarity_and_place() -> None:
    by_place = {(Path(f.path).name, f.line, f.code): f for f in seed_findings()}
    near = by_place[S003, 31, "FC302"]
    assert near.message == "near-duplicate passage (22 words, 93% similar) of line 20"
    assert near.severity == "warning"
    quote = by_place[S001, 48, "FC303"]
    assert quote.severity == "info"
    assert (
        quote.message == "quotation of 34 words also quoted at seeds/002_c94b8ccce979d3e0.txt:5:61"
    )
    faq = by_place[S003, 23, "FC300"]
    assert faq.message == "passage of 49 words repeats line 4 verbatim"
    assert (faq.line, faq.column, faq.end_line) == (23, 1, 23)


def test_site_chrome_and_spun_copy_without_original_do_not_fire() -> None:
    # 001's "You may like" / "Continue Reading" / "Published on" appear twice but are
    # far shorter than min-words; 004 (a spun copy) has no original in the corpus.
    lines = {(Path(f.path).name, f.line) for f in seed_findings()}
    assert not {line for name, line in lines if name == S001} - {48}
    assert not any(name.startswith("004") for name, _ in lines)


def test_min_words_setting_drops_shorter_passages() -> None:
    found = summary(seed_findings({"min-words": 20}))
    assert [(name, line, code) for name, line, code, _ in found] == [
        (S001, 48, "FC303"),
        (S002, 5, "FC303"),
        (S003, 23, "FC300"),
        (S003, 25, "FC300"),
        (S003, 31, "FC302"),
    ]


# A news article of our own, and copies of one of its paragraphs with light edits.
ARTICLE = [
    "Harbour officials confirmed on Thursday that the old grain terminal will close at"
    " the end of the year, ending more than a century of shipments from the quay.",
    "The terminal handled about 400,000 tonnes of wheat and barley last season, less than"
    " half of what it moved a decade ago, as exporters shifted to the deep-water berths"
    " further down the coast.",
    "About forty workers will be offered jobs at the new container yard, the port"
    " authority said, and the remaining staff will receive redundancy payments.",
    "Local historians have asked for the terminal's brick silos to be preserved as a"
    " reminder of the town's long trade with the farming districts inland.",
]
OTHER = [
    "The regional council met on Monday to discuss the bus timetable for the coming winter.",
    "Several councillors said that rural routes should run more often in the evenings.",
    "A final decision on the timetable is expected before the end of next month.",
]
PARAGRAPH = ARTICLE[1]
EDITS = {
    "words changed": PARAGRAPH.replace("wheat and barley", "wheat and oats").replace(
        "shifted", "moved"
    ),
    "words added and dropped": PARAGRAPH.replace("last season", "during the last season")
    .replace("further ", "")
    .replace("less than half", "under half"),
    "clauses reordered": "As exporters shifted to the deep-water berths further down the"
    " coast, the terminal handled about 400,000 tonnes of wheat and barley last season,"
    " less than half of what it moved a decade ago.",
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_edited_copy_is_a_near_duplicate_on_both_sides(edit: str) -> None:
    copy = "\n".join([OTHER[0], EDITS[edit], *OTHER[1:]])
    findings = lint("\n".join(ARTICLE), copy)
    assert summary(findings) == [
        ("doc0.txt", 2, "FC302", [("doc1.txt", 2)]),
        ("doc1.txt", 2, "FC302", [("doc0.txt", 2)]),
    ]
    assert findings[0].message.startswith("near-duplicate passage (35 words, ")
    assert findings[0].message.endswith(") of doc1.txt:2:1")
    assert findings[0].related[0].message.startswith("similar passage (")


def test_quote_marks_dashes_and_case_do_not_make_a_copy_different() -> None:
    original = 'The mayor called it "a sad but necessary day" - and promised a museum on the quay.'
    copy = (
        "THE MAYOR called it \u201ca sad but necessary day\u201d \u2014 and promised a museum"
        " on the quay."
    )
    findings = lint(f"{OTHER[0]}\n{original}\n{OTHER[1]}", f"{ARTICLE[0]}\n{copy}\n{ARTICLE[3]}")
    assert [f.code for f in findings] == ["FC301", "FC301"]


def test_common_phrases_and_short_boilerplate_do_not_fire() -> None:
    boilerplate = "Sign up for our newsletter. Follow us on social media."
    phrase = "according to the Centers for Disease Control and Prevention"
    across = [f"{boilerplate}\n{s[:-1]}, {phrase}." for s in [*ARTICLE, *OTHER]]
    within = [
        "Continue Reading\nThe library reopens on Monday after two months of repairs.\n"
        "Continue Reading\nVolunteers restored the reading room.\nContinue Reading"
    ]
    assert lint(*across, *within) == []


def test_attributed_quotation_in_two_articles_is_the_lower_severity_code() -> None:
    statement = (
        "We expect the new berths to handle twice the tonnage of the old terminal within"
        " five years, and every worker who wants a job will have one"
    )
    first = f"{ARTICLE[0]}\n\u201c{statement},\u201d the port authority said in a statement."
    second = f"{OTHER[0]}\nAccording to the harbour master, \u201c{statement}.\u201d\n{OTHER[1]}"
    findings = lint(first, second)
    assert [(f.code, f.severity) for f in findings] == [("FC303", "info"), ("FC303", "info")]
    raised = lint(first, second, settings={"quotation-severity": "warning"})
    assert [(f.code, f.severity) for f in raised] == [("FC303", "warning"), ("FC303", "warning")]
    # The same words copied as narrative, without quotation marks, are copied text.
    copied = f"{OTHER[0]}\nThe harbour master is upbeat. {statement}.\n{OTHER[1]}"
    assert [f.code for f in lint(first, copied)] == ["FC301", "FC301"]


def test_unattributed_quotation_is_not_a_shared_quotation() -> None:
    statement = (
        "We expect the new berths to handle twice the tonnage of the old terminal within five years"
    )
    first = f"{ARTICLE[0]}\n\u201c{statement}.\u201d\n{ARTICLE[3]}"
    second = f"{OTHER[0]}\n\u201c{statement}.\u201d\n{OTHER[2]}"
    assert {f.code for f in lint(first, second)} == {"FC301"}


def test_whole_document_copy_and_containment() -> None:
    article = "\n".join(ARTICLE)
    spun = "\n".join(
        sentence.replace("confirmed", "said").replace("offered", "given") for sentence in ARTICLE
    )
    findings = lint(article, spun, "\n".join([*OTHER, *ARTICLE]))
    assert summary(findings) == [
        ("doc0.txt", 1, "FC304", [("doc1.txt", 1), ("doc2.txt", 1)]),
        ("doc1.txt", 1, "FC304", [("doc0.txt", 1), ("doc2.txt", 1)]),
        ("doc2.txt", 1, "FC304", [("doc0.txt", 1), ("doc1.txt", 1)]),
    ]
    assert findings[0].message == "document duplicates 2 other places (see related)"
    pair = lint(article, "\n".join([*OTHER, *ARTICLE]))
    assert pair[0].message.startswith("document is a copy of doc1.txt: 100% of its words")
    assert pair[1].message.startswith("document contains a copy of doc0.txt (100% of that")
    assert (pair[0].line, pair[0].end_line) == (1, 4)


def test_repeated_paragraph_within_a_document() -> None:
    text = "\n".join([*ARTICLE, "Frequently asked questions", ARTICLE[1]])
    (finding,) = lint(text)
    assert (finding.code, finding.line, finding.related[0].line) == ("FC300", 6, 2)


def test_a_sentence_shared_by_many_documents_links_each_to_a_neighbour() -> None:
    # Site boilerplate above min-words in every document: reported, but linked in
    # a chain rather than all pairwise, so cost stays linear in the corpus.
    notice = (
        "This article is part of our coverage of the harbour and is free to read for every"
        " subscriber and visitor."
    )
    docs = [f"{notice}\nStory number {n} is about {n * 7} tonnes of grain." for n in range(80)]
    findings = lint(*docs)
    assert len(findings) == 80
    assert max(len(f.related) for f in findings) <= 2


def test_the_numpy_join_finds_what_the_python_join_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = load_manifests([REPO / "corpus.yaml"])
    texts = [load_file(path, path.name, manifest).document for path in sorted(SEEDS.glob("*.txt"))]
    prints = [Fingerprint.of(doc) for doc in texts if doc is not None]
    prints.append(
        Fingerprint.of(load_bytes("\n".join(ARTICLE).encode(), "a.txt").document)  # type: ignore[arg-type]
    )
    prints.append(
        Fingerprint.of(load_bytes(EDITS["words changed"].encode(), "b.txt").document)  # type: ignore[arg-type]
    )
    units = CorpusUnits.of(prints)
    python = list(candidate_pairs(units))
    monkeypatch.setattr(candidates, "NUMPY_FROM", 0)
    assert list(candidate_pairs(units)) == python
    found = find_passages(prints, units, python, 12, 0.8)
    # The passages of the seeds, and the planted edited paragraph.
    assert len(found) == 8


def test_bad_settings_are_a_clear_error() -> None:
    with pytest.raises(FactcheckError, match=r"duplicates\] min_word: extra inputs"):
        lint("text", settings={"min_word": 3})
    with pytest.raises(FactcheckError, match=r"duplicates\] similarity: input should be"):
        lint("text", settings={"similarity": 2})


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("min-words = 2", "min-words: input should be greater than or equal to 4"),
        ("min_words = 20", "min_words: extra inputs are not permitted"),
        ('quotation-severity = "loud"', "quotation-severity: input should be 'error',"),
    ],
)
def test_bad_settings_exit_2_from_the_command_line(tmp_path: Path, line: str, error: str) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.factcheck]\npaths = ["a.txt"]\n[tool.factcheck.duplicates]\n{line}\n'
    )
    (tmp_path / "a.txt").write_text("Prose.\n")
    result = run_cli(cwd=tmp_path)
    assert result.code == 2
    (message,) = result.err.strip().splitlines()
    assert message.startswith(
        f"factcheck: error: pyproject.toml:4: [tool.factcheck.duplicates] {error}"
    )


RULES = """\
rules:
  - id: wire-copy
    type: duplicates
    severity: info
    paths: ["wire/*"]
    min_words: 30
    examples:
      fail:
        - "{long}\\nFAQ\\n{long}"
      pass:
        - "{short}\\nFAQ\\n{short}"
"""


def test_duplicates_rule_sets_thresholds_and_severity_per_path() -> None:
    long_text = " ".join(ARTICLE[:2])
    rules = RuleSet(
        tuple(parse_rule_text(RULES.format(long=long_text, short=ARTICLE[0]), "rules.yaml"))
    )
    assert run_examples(rules) == []
    short = "\n".join([*ARTICLE, "FAQ", ARTICLE[0]])
    longer = "\n".join([*ARTICLE, "FAQ", long_text])
    found = [
        (f.path, f.code, f.severity, f.rule)
        for name, text in (("wire/a.txt", short), ("wire/b.txt", longer), ("own/c.txt", short))
        for f in lint(text, rules=rules, names=(name,))
    ]
    assert found == [
        ("wire/b.txt", "FC300", "info", "wire-copy"),
        ("own/c.txt", "FC300", "warning", None),
    ]
    copies = lint(longer, longer, rules=rules, names=("wire/d.txt", "own/e.txt"))
    assert [(f.path, f.code, f.severity, f.rule) for f in copies if f.code == "FC304"] == [
        ("own/e.txt", "FC304", "warning", None),
        ("wire/d.txt", "FC304", "info", "wire-copy"),
    ]


def test_facts_survive_pickling() -> None:
    doc = load_bytes("\n".join(ARTICLE).encode(), "a.txt").document
    assert doc is not None
    facts = DuplicatesCheck(CheckContext(RuleSet())).analyze(doc).facts
    assert pickle.loads(pickle.dumps(facts)) == facts


def test_small_corpus_does_not_import_numpy() -> None:
    # A pre-commit run must stay fast: numpy is for large corpora.
    code = (
        "import sys; from tests.test_duplicates import seed_findings; seed_findings(); "
        "print('numpy' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "False"
