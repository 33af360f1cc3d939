"""Named files are checked against the whole configured corpus, and only their
findings are reported unless --all-findings is given."""

from __future__ import annotations

from pathlib import Path

from factcheck.corpus.loading import load_file
from factcheck.engine import Linter
from factcheck.rules.ruleset import RuleSet
from tests.conftest import run_cli
from tests.shared_headline import SharedHeadline


def make_project(root: Path) -> Path:
    (root / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["docs"]\n')
    docs = root / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Coalition meets on fentanyl\nBody.\n")
    (docs / "b.txt").write_text("Coalition meets on fentanyl\nOther body.\n")
    (docs / "c.txt").write_text("Another story\nText.\n")
    (docs / "binary.txt").write_bytes(b"\x00\x01")
    return root


def test_named_file_reports_only_its_own_findings(tmp_path: Path) -> None:
    make_project(tmp_path)
    alone = run_cli("docs/c.txt", "--fail-on", "warning", cwd=tmp_path)
    assert (alone.code, alone.out) == (0, "No findings in 1 document (checked against 3).\n")
    everything = run_cli("docs/c.txt", "--all-findings", "--fail-on", "warning", cwd=tmp_path)
    assert everything.code == 1
    assert "docs/binary.txt:1:1: FC003" in everything.out
    whole = run_cli(cwd=tmp_path)
    assert "docs/binary.txt:1:1: FC003" in whole.out


def test_a_file_outside_the_configured_paths_joins_the_corpus(tmp_path: Path) -> None:
    make_project(tmp_path)
    (tmp_path / "draft.txt").write_bytes(b"caf\xe9\n")  # not UTF-8: FC002
    result = run_cli("draft.txt", "--fail-on", "info", cwd=tmp_path)
    assert result.code == 1
    assert result.out.splitlines()[0].startswith("draft.txt:1:1: FC002")
    assert "binary.txt" not in result.out


def test_cross_document_findings_need_the_corpus_but_only_scope_is_reported(
    tmp_path: Path,
) -> None:
    make_project(tmp_path)
    docs = sorted((tmp_path / "docs").glob("*.txt"))
    linter = Linter(RuleSet(), check_types=[SharedHeadline])
    loaded = [load_file(path, path.name) for path in docs]
    scoped = linter.run(loaded, scope={"a.txt"})
    assert [(f.path, f.code, f.related[0].path) for f in scoped.findings] == [
        ("a.txt", "FC999", "b.txt")
    ]
    assert (scoped.documents, scoped.corpus) == (1, 3)
    assert {f.path for f in linter.run(loaded).findings} == {"a.txt", "b.txt", "binary.txt"}
