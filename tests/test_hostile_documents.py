"""Hostile documents: each is reported with a clear message (a finding on that
file) while the rest of the corpus is still linted, and nothing crashes."""

from __future__ import annotations

import codecs
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from factcheck.corpus import files, loading
from factcheck.corpus.discovery import discover
from factcheck.corpus.loading import load_file
from factcheck.corpus.manifest import Manifest
from factcheck.engine import Linter
from factcheck.project import load_documents
from factcheck.rules.ruleset import RuleSet
from tests.conftest import Run, run_cli

GOOD = "The council approved the budget on Tuesday.\n"


def lint(tmp_path: Path, *args: str) -> Run:
    run = run_cli("--no-color", *args, ".", cwd=tmp_path)
    assert "Traceback" not in run.err
    return run


def findings_for(run: Run, name: str) -> list[str]:
    return [line for line in run.out.splitlines() if line.startswith(f"{name}:")]


def documents_linted(run: Run) -> int:
    last = run.out.strip().splitlines()[-1]
    words = last.split(" in ")[-1].split()
    return int(words[0])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_binary_file_is_reported_and_the_rest_linted(corpus: Path) -> None:
    (corpus / "image.txt").write_bytes(bytes(range(256)) * 4)
    run = lint(corpus)
    assert run.code == 0  # FC003 is a warning: below the default --fail-on
    assert findings_for(run, "image.txt") == [
        "image.txt:1:1: FC003 not linted: binary content (contains NUL bytes)"
    ]
    assert documents_linted(run) == 1


def test_nul_byte_in_text(corpus: Path) -> None:
    (corpus / "nul.txt").write_bytes(b"The mayor said\x00 yes.\n")
    run = lint(corpus)
    assert findings_for(run, "nul.txt") == [
        "nul.txt:1:1: FC003 not linted: binary content (contains NUL bytes)"
    ]


def test_invalid_utf8_is_decoded_as_legacy_and_linted(corpus: Path) -> None:
    (corpus / "latin.txt").write_bytes("Caf\u00e9 owners in Z\u00fcrich.\n".encode("latin-1"))
    run = lint(corpus)
    assert findings_for(run, "latin.txt") == ["latin.txt:1:1: FC002 not UTF-8: decoded as cp1252"]
    assert documents_linted(run) == 2


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_utf16_and_utf32_with_bom_are_text(tmp_path: Path, bom: bytes, encoding: str) -> None:
    text = "---\npublished: 2023-07-06\n---\nZ\u00fcrich voted on Sunday.\n"
    (tmp_path / "wide.txt").write_bytes(bom + text.encode(encoding))
    loaded = load_file(tmp_path / "wide.txt", "wide.txt")
    assert loaded.findings == []
    assert loaded.document is not None
    assert loaded.document.text == text
    assert str(loaded.document.metadata.published) == "2023-07-06"


def test_truncated_utf16_is_binary_not_a_crash(corpus: Path) -> None:
    (corpus / "odd.txt").write_bytes(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00")
    run = lint(corpus)
    [line] = findings_for(run, "odd.txt")
    assert line.startswith("odd.txt:1:1: FC003 not linted: binary content (invalid utf-16")


def test_fifo_socket_and_device_never_block(corpus: Path) -> None:
    os.mkfifo(corpus / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(corpus / "sock.txt"))
        run = run_cli("--no-color", ".", os.devnull, cwd=corpus)
    expected = "not linted: not a regular file (a FIFO, socket or device)"
    assert findings_for(run, "pipe.txt") == [f"pipe.txt:1:1: FC001 {expected}"]
    assert findings_for(run, "sock.txt") == [f"sock.txt:1:1: FC001 {expected}"]
    assert findings_for(run, os.devnull) == [f"{os.devnull}:1:1: FC001 {expected}"]
    assert documents_linted(run) == 1


def test_symlink_loops_and_broken_links(corpus: Path) -> None:
    (corpus / "loop.txt").symlink_to("loop.txt")
    (corpus / "a.txt").symlink_to("b.txt")
    (corpus / "b.txt").symlink_to("a.txt")
    (corpus / "gone.txt").symlink_to("nowhere.txt")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "up").symlink_to("..")  # a directory loop: not followed
    run = lint(corpus)
    assert findings_for(run, "loop.txt") == ["loop.txt:1:1: FC001 not linted: symbolic link loop"]
    assert findings_for(run, "a.txt") == ["a.txt:1:1: FC001 not linted: symbolic link loop"]
    assert findings_for(run, "gone.txt") == ["gone.txt:1:1: FC001 not linted: broken symbolic link"]
    assert documents_linted(run) == 1


def _make_chain(base: Path, depth: int, document_at: int) -> None:
    """``base/d/d/.../d`` ``depth`` levels deep, through directory descriptors since
    the full path soon exceeds what the system accepts."""
    fd = os.open(base, os.O_RDONLY)
    for level in range(depth):
        os.mkdir("d", dir_fd=fd)
        child = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = child
        if level == document_at:
            with open(os.open("mid.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w") as handle:
                handle.write(GOOD)
    os.close(fd)


def _remove_chain(base: Path) -> None:
    """Remove what _make_chain made, iteratively (shutil.rmtree recurses)."""
    fds = [os.open(base, os.O_RDONLY)]
    while "d" in os.listdir(fds[-1]):
        fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
    while len(fds) > 1:
        fd = fds.pop()
        for name in os.listdir(fd):
            os.unlink(name, dir_fd=fd)
        os.close(fd)
        os.rmdir("d", dir_fd=fds[-1])
    os.close(fds[0])


def test_deep_directory_tree(tmp_path: Path) -> None:
    """Deeper than the recursion limit and than PATH_MAX: the reachable document is
    linted, the directory the system cannot open is reported, nothing crashes."""
    (tmp_path / "top.txt").write_text(GOOD, encoding="utf-8")
    try:
        _make_chain(tmp_path, 2200, 1500)
        run = lint(tmp_path)
    finally:
        _remove_chain(tmp_path)
    assert documents_linted(run) == 2
    [problem] = [line for line in run.out.splitlines() if "FC001" in line]
    assert problem.endswith("FC001 not linted: path too long for the system")


def _without_root_powers() -> list[str]:
    """A command prefix under which permissions apply: root reads anything, so as
    root the linter runs without the capabilities that bypass file permissions."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all"]


def test_unreadable_file_and_directory(tmp_path: Path) -> None:
    """chmod 000 on a file and on a directory (enforced even when the tests run as root)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    secret = corpus / "secret.txt"
    secret.write_text(GOOD, encoding="utf-8")
    locked = corpus / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(GOOD, encoding="utf-8")
    secret.chmod(0)
    locked.chmod(0)
    corpus.chmod(0o755)
    prefix = _without_root_powers()
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "factcheck", "--no-color", "."],
            cwd=corpus,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        locked.chmod(0o755)
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert "locked:1:1: FC001 not linted: directory cannot be listed: permission denied" in lines
    assert "secret.txt:1:1: FC001 not linted: permission denied" in lines
    assert lines[-1].endswith("in 1 document.")
    assert result.returncode == 1


def test_file_vanishing_during_the_run(tmp_path: Path) -> None:
    """Files are discovered first and read one at a time; one deleted in between
    (or replaced by a directory) is reported, the others are linted."""
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    files = discover([str(tmp_path)], [".txt"])
    assert [f.name for f in files] == ["a.txt", "b.txt", "c.txt", "d.txt"]

    def vanishing() -> Iterator[loading.Loaded]:
        for loaded in load_documents(files, Manifest()):
            if loaded.document is not None and loaded.document.path.endswith("a.txt"):
                (tmp_path / "b.txt").unlink()
                (tmp_path / "c.txt").unlink()
                (tmp_path / "c.txt").mkdir()
            yield loaded

    result = Linter(RuleSet()).run(vanishing())
    assert result.documents == 2
    messages = {Path(f.path).name: f.message for f in result.findings}
    assert messages == {
        "b.txt": "not linted: file vanished before it could be read",
        "c.txt": "not linted: a directory",
    }


def test_too_large_file_is_reported_without_being_read(tmp_path: Path) -> None:
    """A 200 MB single-line file: refused from its size, so memory stays flat (the
    benchmark benchmarks/hostile_inputs.py measures peak RSS on a real one)."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    with (tmp_path / "dump.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk, no time
    run = lint(tmp_path)
    assert findings_for(run, "dump.txt") == [
        "dump.txt:1:1: FC001 not linted: larger than the 4 MiB limit (200.0 MiB)"
    ]
    assert documents_linted(run) == 1


def test_file_growing_past_the_limit_after_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.txt"
    path.write_text("x" * 100, encoding="utf-8")
    real_fstat = os.fstat

    def stale_fstat(fd: int) -> os.stat_result:
        status = real_fstat(fd)
        with path.open("a") as handle:  # the file grows right after it was measured
            handle.write("y" * 100)
        return status

    monkeypatch.setattr("factcheck.corpus.files.os.fstat", stale_fstat)
    with pytest.raises(files.NotLinted, match="larger than"):
        files.read_document_bytes(path, 150)


def test_many_tiny_files(tmp_path: Path) -> None:
    """10 000 files in nested directories (100 000 in benchmarks/hostile_inputs.py):
    every one is discovered and loaded once, in order."""
    for d in range(10):
        directory = tmp_path / f"part{d:02}"
        directory.mkdir()
        parent = os.open(directory, os.O_RDONLY)
        try:
            for i in range(1000):
                flags = os.O_WRONLY | os.O_CREAT
                fd = os.open(f"{i:04}.txt", flags, 0o644, dir_fd=parent)
                os.write(fd, b"Short note %d.\n" % i)
                os.close(fd)
        finally:
            os.close(parent)
    (tmp_path / "part07" / "0500.txt").write_bytes(b"\x00")
    run = lint(tmp_path, "--select", "FC0")
    assert run.out.splitlines() == [
        "part07/0500.txt:1:1: FC003 not linted: binary content (contains NUL bytes)",
        "Found 1 finding (0 errors, 1 warning, 0 info) in 9999 documents.",
    ]


def test_hostile_file_names_print_on_one_line(corpus: Path) -> None:
    name = b"\xff\x1b[2Jcleared\nsecond line.txt"
    with open(os.path.join(os.fsencode(corpus), name), "wb") as handle:
        handle.write(b"\x00")
    for args, expected in (
        ([], "\\udcff\\x1b[2Jcleared\\nsecond line.txt:1:1: FC003 not linted: binary "),
        (["--format", "json"], '"path": "\\udcff\\u001b[2Jcleared\\nsecond line.txt"'),
    ):
        # A real process: its output streams, not a StringIO, must cope.
        result = subprocess.run(
            [sys.executable, "-m", "factcheck", *args, "."],
            cwd=corpus,
            capture_output=True,
            timeout=60,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        assert result.stderr == b""
        assert expected.encode() in result.stdout
        assert b"\x1b" not in result.stdout


def test_hostile_suppression_lines_cost_linear_time(tmp_path: Path) -> None:
    """Lines built to make a backtracking directive pattern quadratic or worse are
    scanned in linear time (the old pattern took hours on these)."""
    lines = [
        "[factcheck: ignore" + " " * 600_000 + "x",
        "[factcheck: ignore " * 30_000,
        "<!-- factcheck: ignore FC1 --" * 30_000,
        "[factcheck: ignore FC101 --" + " -" * 300_000 + "]",
    ]
    (tmp_path / "hostile.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        # Only the input codes: the suppression scan runs whatever is selected.
        [sys.executable, "-m", "factcheck", "--no-color", "--select", "FC0", "hostile.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No findings in 1 document.\n"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "cannot read manifest: not a regular file (a FIFO, socket or"),
        (lambda p: p.write_bytes(b"documents: \xff\n"), "manifests must be UTF-8"),
        (lambda p: p.write_text("documents: &a [*a]\n"), "an alias refers to a value"),
        (lambda p: p.symlink_to("gone.yaml"), "cannot read manifest: broken symbolic link"),
    ],
)
def test_hostile_manifest_is_one_line_and_exit_2(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.factcheck]\npaths = ["."]\nmanifests = ["corpus.yaml"]\n', encoding="utf-8"
    )
    (tmp_path / "doc.txt").write_text(GOOD, encoding="utf-8")
    make(tmp_path / "corpus.yaml")
    run = run_cli(cwd=tmp_path)
    assert run.code == 2
    [line] = run.err.splitlines()
    assert line.startswith("factcheck: error: corpus.yaml")
    assert message in line
