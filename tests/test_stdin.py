"""--stdin-filename: an editor's unsaved buffer, linted under its own path and
against the corpus, without touching the file on disk or the cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, run_cli

BAD = "---\ntitle: T\npublished: last spring\n---\nBody.\n"


def lint_stdin(cwd: Path, text: bytes, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        input=text.decode(),
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def corpus(root: Path) -> Path:
    (root / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["docs"]\n')
    (root / "docs").mkdir()
    (root / "docs" / "a.md").write_text("---\ntitle: T\npublished: 2023\n---\nSaved.\n")
    (root / "docs" / "b.txt").write_text("Another story.\n")
    (root / "docs" / "binary.txt").write_bytes(b"\x00")
    return root


def test_the_buffer_replaces_the_file_on_disk(tmp_path: Path) -> None:
    corpus(tmp_path)
    unsaved = lint_stdin(tmp_path, BAD.encode(), "--stdin-filename", "docs/a.md")
    assert unsaved.returncode == 1, unsaved.stderr
    assert unsaved.stdout.startswith("docs/a.md:3:12: FC004")
    assert "binary.txt" not in unsaved.stdout
    assert "1 document (checked against 2)" in unsaved.stdout
    # The saved file is clean, and what the cache holds is the file, not the buffer.
    assert run_cli("docs/a.md", cwd=tmp_path).code == 0
    saved = lint_stdin(tmp_path, b"Saved.\n", "-", "--stdin-filename", "docs/a.md")
    assert saved.returncode == 0 and saved.stdout.startswith("No findings in 1 document")


def test_a_new_unsaved_file_is_linted_too(tmp_path: Path) -> None:
    corpus(tmp_path)
    result = lint_stdin(
        tmp_path, BAD.encode(), "--stdin-filename", "docs/new.md", "--format", "json"
    )
    assert result.returncode == 1 and '"path": "docs/new.md"' in result.stdout
    assert not (tmp_path / "docs" / "new.md").exists()


def test_stdin_flags_are_checked(tmp_path: Path) -> None:
    corpus(tmp_path)
    both = run_cli("docs/a.md", "--stdin-filename", "docs/a.md", cwd=tmp_path)
    assert both.code == 2 and "give no PATH" in both.err
    dash = run_cli("-", cwd=tmp_path)
    assert (dash.code, dash.err) == (
        2,
        "factcheck: error: reading stdin ('-') needs --stdin-filename PATH\n",
    )
