"""File discovery by strings: the names a run keys on and shows are those of
the general functions, and a walk finds what ``Path`` matching found."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck.corpus.discovery import absolute_name, discover_names, display_path, run_names


@pytest.mark.parametrize(
    "name",
    ["a.md", "docs/a.md", "./a.md", "docs//a.md", "docs/./a.md", "docs/../a.md", "../a.md",
     "..hidden/a.md", "/abs/docs/a.md", "docs/", ".", "a"],
)  # fmt: skip
def test_run_names_are_the_absolute_and_display_names(name: str, tmp_path: Path) -> None:
    cwd = str(tmp_path)
    assert run_names(name, cwd) == (absolute_name(name, cwd), display_path(name, cwd))


def test_the_walk_matches_extensions_as_path_suffixes(tmp_path: Path) -> None:
    names = ["a.md", "b.MD", "c.txt", ".md", "d.md.", "e.tar.md", "f", "noext.", ".hidden.md"]
    for name in names:
        (tmp_path / name).write_text("x")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "g.md").write_text("x")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "h.md").write_text("x")
    found = discover_names([str(tmp_path)], ["md"])
    expected = sorted(
        os.path.normpath(p)
        for p in tmp_path.rglob("*")
        if p.is_file() and p.suffix.lower() == ".md" and "node_modules" not in p.parts
    )
    assert found == expected
    expected_names = [".hidden.md", "a.md", "b.MD", "e.tar.md", "g.md"]
    assert [os.path.basename(f) for f in found] == expected_names


def test_the_current_directory_walks_to_relative_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("x")
    (tmp_path / "b.md").write_text("x")
    monkeypatch.chdir(tmp_path)
    assert discover_names(["."], [".md"]) == ["b.md", "docs/a.md"]
    assert discover_names(["./docs/"], [".md"]) == ["docs/a.md"]


def test_named_files_are_merged_into_the_corpus_in_absolute_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from factcheck.project import Project

    for name in ("docs/b.md", "docs/a.md", "docs/sub/c.md", "other/x.md", "docs-extra/y.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["docs"]\n')
    monkeypatch.chdir(tmp_path)
    project = Project.from_args(argparse.Namespace(config=None))
    corpus = ["docs/a.md", "docs/b.md", "docs/sub/c.md"]
    inside = project.targets(["docs/b.md"])
    assert (inside.files, inside.scope) == (corpus, frozenset({"docs/b.md"}))
    outside = project.targets(["other/x.md", "docs-extra/y.md"])
    assert outside.files == ["docs-extra/y.md", *corpus, "other/x.md"]
    assert project.targets([str(tmp_path / "docs" / "a.md")]).files == [
        str(tmp_path / "docs" / "a.md"),
        "docs/b.md",
        "docs/sub/c.md",
    ]
