"""--changed-since REF: only findings on lines changed since a git ref, with a
real git repository."""

from __future__ import annotations

from pathlib import Path

from factcheck.changed_lines import parse_diff
from tests.conftest import run_cli
from tests.gitrepo import commit_all, git, init_repo

BAD = "---\ntitle: T\npublished: last spring\n---\nBody.\n"


def test_only_findings_on_changed_lines_are_reported(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    (repo / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["docs"]\n')
    (repo / "docs").mkdir()
    (repo / "docs" / "old.md").write_text(BAD)  # an old problem, not ours
    (repo / "docs" / "edited.md").write_text("---\ntitle: T\npublished: 2023\n---\nBody.\n")
    commit_all(repo, "corpus")
    (repo / "docs" / "edited.md").write_text(BAD)  # line 3 changes
    (repo / "docs" / "new.md").write_text(BAD)  # untracked: every line is new
    result = run_cli("--changed-since", "HEAD", cwd=repo)
    assert result.code == 1
    located = [line.split(" ")[0] for line in result.out.splitlines() if "FC004" in line]
    assert located == ["docs/edited.md:3:12:", "docs/new.md:3:12:"]
    commit_all(repo, "edit")
    assert run_cli("--changed-since", "HEAD", cwd=repo).code == 0
    since_first = run_cli("--changed-since", "HEAD~1", "--format", "github", cwd=repo)
    assert since_first.out.count("::error file=docs/") == 2
    # From a subdirectory, paths still line up with git's.
    inside = run_cli("edited.md", "--changed-since", "HEAD~1", cwd=repo / "docs")
    assert inside.code == 1 and inside.out.startswith("edited.md:3:12: FC004")


def test_bad_refs_and_no_repository_are_usage_errors(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    (repo / "a.txt").write_text("Text.\n")
    commit_all(repo, "one")
    bad = run_cli("a.txt", "--changed-since", "no-such-ref", cwd=repo)
    assert (bad.code, bad.err) == (
        2,
        "factcheck: error: --changed-since no-such-ref: not a commit\n",
    )
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "a.txt").write_text("Text.\n")
    nogit = run_cli("a.txt", "--changed-since", "HEAD", cwd=outside)
    assert nogit.code == 2 and nogit.err.startswith("factcheck: error: --changed-since HEAD: ")
    assert nogit.err.count("\n") == 1


def test_parse_diff_hunks_deletions_and_quoted_names(tmp_path: Path) -> None:
    diff = (
        "diff --git a/x.txt b/x.txt\n--- a/x.txt\n+++ b/x.txt\n"
        "@@ -3 +3 @@\n-a\n+b\n@@ -10,2 +10,0 @@\n-c\n-d\n@@ -20,0 +19,3 @@\n+e\n+f\n+g\n"
        "diff --git a/gone.txt b/gone.txt\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"
        '--- "a/caf\\303\\251 \\"q\\".txt"\n+++ "b/caf\\303\\251 \\"q\\".txt"\n@@ -1 +1,2 @@\n'
    )
    files = parse_diff(diff, tmp_path)
    assert files == {
        str(tmp_path / "x.txt"): ((3, 3), (19, 21)),
        str(tmp_path / 'café "q".txt'): ((1, 2),),
    }


def test_real_git_diff_of_a_file_with_an_unusual_name(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    name = 'café "q".md'
    (repo / name).write_text("ok\n")
    commit_all(repo, "one")
    (repo / name).write_text(BAD)
    git(repo, "add", "-A")
    result = run_cli(name, "--changed-since", "HEAD", cwd=repo)
    assert result.code == 1 and result.out.startswith(f"{name}:3:12: FC004")
