"""``--changed-since REF``: the lines changed since a git ref, from ``git diff -U0``.

Changed means added or modified in the working tree relative to REF (committed,
staged or not); files git does not track yet count as changed throughout.
Deleted lines leave nothing to report on.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import FactcheckError
from factcheck.findings import Finding

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r"}


def _git(args: list[str], what: str, failure: str | None = None) -> str:
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise FactcheckError(f"{what}: git is not installed") from None
    if proc.returncode != 0:
        reason = proc.stderr.decode(errors="replace").strip().splitlines()
        raise FactcheckError(f"{what}: {failure or (reason[0] if reason else 'git failed')}")
    return proc.stdout.decode("utf-8", errors="surrogateescape")


def _unquote(name: str) -> str:
    """Undo git's C-style quoting of unusual file names."""
    if not (name.startswith('"') and name.endswith('"')):
        return name
    body = name[1:-1]
    raw = bytearray()
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567":
                raw.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            raw += _ESCAPES.get(nxt, nxt).encode()
            i += 2
            continue
        raw += char.encode()
        i += 1
    return raw.decode("utf-8", errors="surrogateescape")


@dataclass(frozen=True)
class ChangedLines:
    # Absolute path → changed line ranges (inclusive); None: the whole file.
    files: dict[str, tuple[tuple[int, int], ...] | None]

    def covers(self, finding: Finding) -> bool:
        if (key := os.path.realpath(finding.path)) not in self.files:
            return False
        ranges = self.files[key]
        end = max(finding.end_line, finding.line)
        return ranges is None or any(a <= end and finding.line <= b for a, b in ranges)

    def keep(self, findings: Iterable[Finding]) -> list[Finding]:
        return [finding for finding in findings if self.covers(finding)]


def parse_diff(diff: str, top: Path) -> dict[str, tuple[tuple[int, int], ...] | None]:
    files: dict[str, list[tuple[int, int]]] = {}
    current: list[tuple[int, int]] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))
            if name == "/dev/null":
                current = None
            else:
                key = os.path.normpath(top / name.removeprefix("b/"))
                current = files.setdefault(key, [])
        elif current is not None and (match := _HUNK.match(line)):
            start, count = int(match[1]), int(match[2] if match[2] is not None else 1)
            if count:
                current.append((start, start + count - 1))
    return {key: tuple(ranges) for key, ranges in files.items()}


def changed_since(ref: str) -> ChangedLines:
    what = f"--changed-since {ref}"
    top = Path(os.path.realpath(_git(["rev-parse", "--show-toplevel"], what).strip()))
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], what, "not a commit")
    diff = _git(
        [
            *("diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames"),
            *("--src-prefix=a/", "--dst-prefix=b/", ref, "--"),
        ],
        what,
    )
    files: dict[str, tuple[tuple[int, int], ...] | None] = dict(parse_diff(diff, top))
    untracked = _git(
        ["ls-files", "--others", "--exclude-standard", "-z", "--full-name", ":/"], what
    )
    for name in filter(None, untracked.split("\0")):
        files[os.path.normpath(top / name)] = None
    return ChangedLines(files)
