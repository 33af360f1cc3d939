"""Baselines: accepted findings are hidden, matched by text rather than line,
counted, stored relative to the baseline file and written atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path

from factcheck.baseline import Baseline, TextSource
from factcheck.findings import Category, Finding, Severity
from tests.conftest import run_cli

BAD_FRONT_MATTER = "---\ntitle: Coalition meets\npublished: last spring\n---\nBody.\n"


def finding(path: str, line: int, column: int, end_column: int, code: str = "FC101") -> Finding:
    return Finding(
        path, line, column, line, end_column, code, Category.CONTRADICTION, Severity.ERROR, "m"
    )


def project(root: Path) -> Path:
    (root / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["docs"]\n')
    (root / "docs").mkdir()
    (root / "docs" / "a.md").write_text(BAD_FRONT_MATTER)
    (root / "docs" / "b.md").write_text(BAD_FRONT_MATTER)
    return root


def test_update_then_hide_then_report_new_findings(tmp_path: Path) -> None:
    project(tmp_path)
    before = run_cli(cwd=tmp_path)
    assert before.code == 1 and before.out.count("FC004") == 2
    update = run_cli("--update-baseline", cwd=tmp_path)
    assert (update.code, update.out) == (
        0,
        ".factcheck-baseline.json: 2 accepted findings in 2 files.\n",
    )
    stored = json.loads((tmp_path / ".factcheck-baseline.json").read_text())
    assert [e["path"] for e in stored["findings"]] == ["docs/a.md", "docs/b.md"]
    assert stored["findings"][0]["excerpt"] == "published: last spring"
    after = run_cli(cwd=tmp_path)
    assert (after.code, after.out) == (0, "No findings in 2 documents; 2 in the baseline.\n")
    # The accepted finding moves down two lines: still accepted.
    (tmp_path / "docs" / "a.md").write_text(
        "---\ntitle: Coalition meets\nsource: Wire\nurl: https://example.org\n"
        "published: last spring\n---\nBody.\n"
    )
    assert run_cli(cwd=tmp_path).code == 0
    # A new problem in an accepted file is reported.
    (tmp_path / "docs" / "b.md").write_text(BAD_FRONT_MATTER.replace("last spring", "soon"))
    new = run_cli(cwd=tmp_path)
    assert new.code == 1 and "docs/b.md:3:12: FC004" in new.out
    assert "1 in the baseline" in new.out
    assert run_cli("--no-baseline", cwd=tmp_path).out.count("FC004") == 2


def test_baseline_paths_do_not_depend_on_the_working_directory(tmp_path: Path) -> None:
    project(tmp_path)
    run_cli("--update-baseline", cwd=tmp_path)
    inside = run_cli("a.md", cwd=tmp_path / "docs")
    assert (inside.code, inside.out) == (
        0,
        "No findings in 1 document (checked against 2); 1 in the baseline.\n",
    )


def test_updating_for_some_files_keeps_the_other_entries(tmp_path: Path) -> None:
    project(tmp_path)
    run_cli("--update-baseline", cwd=tmp_path)
    (tmp_path / "docs" / "a.md").write_text("Fixed.\n")
    update = run_cli("docs/a.md", "--update-baseline", cwd=tmp_path)
    assert update.out == ".factcheck-baseline.json: 1 accepted findings in 1 files.\n"
    stored = json.loads((tmp_path / ".factcheck-baseline.json").read_text())
    assert [e["path"] for e in stored["findings"]] == ["docs/b.md"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".factcheck-baseline.json.")]


def test_a_second_identical_finding_is_new(tmp_path: Path) -> None:
    text = "They said 84 countries met.\nThey said 84 countries met.\n"
    texts = TextSource({"d.txt": text.encode()})
    one = finding("d.txt", 1, 11, 23)
    baseline = Baseline(tmp_path / "baseline.json")
    baseline.update([one], texts, lambda entry: True)
    twin = finding("d.txt", 2, 11, 23)
    assert baseline.filter([one], texts) == ([], 1)
    assert baseline.filter([one, twin], texts) == ([twin], 1)
    other_code = finding("d.txt", 1, 11, 23, code="FC201")
    assert baseline.filter([other_code], texts) == ([other_code], 0)
    baseline.write()
    (entry,) = Baseline.load(tmp_path / "baseline.json").entries.values()
    assert (entry.excerpt, entry.count) == ("84 countries", 1)


def test_the_span_text_matters_not_its_position(tmp_path: Path) -> None:
    baseline = Baseline(tmp_path / "baseline.json")
    old = TextSource({"d.txt": b"84 countries met.\n"})
    baseline.update([finding("d.txt", 1, 1, 13)], old, lambda entry: True)
    moved = TextSource({"d.txt": b"Intro.\n\nOn Friday, 84   countries met.\n"})
    assert baseline.filter([finding("d.txt", 3, 12, 26)], moved)[1] == 1
    edited = TextSource({"d.txt": b"85 countries met.\n"})
    assert baseline.filter([finding("d.txt", 1, 1, 13)], edited)[1] == 0


def test_bad_baselines_are_usage_errors(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / ".factcheck-baseline.json").write_text("{not json")
    broken = run_cli(cwd=tmp_path)
    assert broken.code == 2 and broken.err.startswith(
        "factcheck: error: .factcheck-baseline.json: not a factcheck baseline"
    )
    assert broken.err.count("\n") == 1
    missing = run_cli("--baseline", "nowhere.json", cwd=tmp_path)
    assert (missing.code, missing.err) == (
        2,
        "factcheck: error: nowhere.json: baseline not found\n",
    )
    clash = run_cli("--update-baseline", "--changed-since", "HEAD", cwd=tmp_path)
    assert clash.code == 2 and "cannot be combined" in clash.err


def test_a_new_baseline_follows_the_umask_and_a_rewritten_one_keeps_its_mode(
    tmp_path: Path,
) -> None:
    project(tmp_path)
    baseline = tmp_path / ".factcheck-baseline.json"
    umask = os.umask(0o027)
    try:
        assert run_cli("--update-baseline", cwd=tmp_path).code == 0
    finally:
        os.umask(umask)
    assert baseline.stat().st_mode & 0o777 == 0o640
    baseline.chmod(0o664)
    assert run_cli("--update-baseline", cwd=tmp_path).code == 0
    assert baseline.stat().st_mode & 0o777 == 0o664
