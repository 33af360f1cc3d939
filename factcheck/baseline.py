"""Baselines: findings accepted once, then hidden from later reports.

A finding is recognised by its file, code and rule and by the normalised text it
points at (its span, or its whole line when the span is empty), never by its
line number, so an accepted finding stays accepted when text above it moves.
Entries are counted: a baseline that accepts one occurrence hides one, and a
second identical finding is reported as new.  Paths are stored relative to the
baseline file, so runs from any directory agree.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.corpus.discovery import display_path
from factcheck.corpus.loading import load_bytes, load_file
from factcheck.errors import FactcheckError
from factcheck.findings import Finding

FORMAT_VERSION = 1
# Entries show this much of the accepted text, for reviewers of the file.
EXCERPT_CHARS = 80


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


class TextSource:
    """Document texts, read on demand (only files that have findings are read)."""

    def __init__(self, unsaved: dict[str, bytes] | None = None) -> None:
        # Display path → content of documents that are not read from disk (stdin).
        self._unsaved = unsaved or {}
        self._texts: dict[str, str | None] = {}

    def text(self, path: str) -> str | None:
        if path not in self._texts:
            data = self._unsaved.get(path)
            loaded = load_file(Path(path), path) if data is None else load_bytes(data, path)
            self._texts[path] = loaded.document.text if loaded.document else None
        return self._texts[path]

    def context(self, finding: Finding) -> str:
        """The normalised text a finding points at."""
        text = self.text(finding.path)
        if text is None:
            return ""
        lines = text.split("\n")
        if not 1 <= finding.line <= len(lines):
            return ""
        last = min(max(finding.end_line, finding.line), len(lines))
        span = "\n".join(lines[finding.line - 1 : last])
        end = len(span) - len(lines[last - 1]) + finding.end_column - 1
        snippet = normalise(span[finding.column - 1 : max(end, finding.column - 1)])
        return snippet or normalise(lines[finding.line - 1])


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the baseline file, with forward slashes
    code: str
    rule: str | None
    fingerprint: str
    count: int
    excerpt: str
    message: str

    def key(self) -> tuple[str, str]:
        return (self.path, self.fingerprint)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "code": self.code,
            "rule": self.rule,
            "fingerprint": self.fingerprint,
            "count": self.count,
            "excerpt": self.excerpt,
            "message": self.message,
        }


class Baseline:
    def __init__(self, file: Path, entries: Iterable[Entry] = ()) -> None:
        self.file = file
        self.entries = {entry.key(): entry for entry in entries}

    def relative(self, path: str) -> str:
        return Path(os.path.relpath(os.path.abspath(path), self.file.parent.resolve())).as_posix()

    def describe(self, finding: Finding, texts: TextSource) -> tuple[str, str, str]:
        """(relative path, fingerprint, context) of a finding."""
        context = texts.context(finding)
        key = "\x1f".join((finding.code, finding.rule or "", context))
        digest = hashlib.sha256(key.encode()).hexdigest()[:20]
        return self.relative(finding.path), digest, context

    @classmethod
    def load(cls, file: Path) -> Baseline:
        display = display_path(file)
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise FactcheckError(f"{display}: cannot read baseline: {exc.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FactcheckError(f"{display}: not a factcheck baseline: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise FactcheckError(
                f"{display}: not a factcheck baseline of version {FORMAT_VERSION}; "
                "write a new one with --update-baseline"
            )
        try:
            entries = [
                Entry(
                    str(e["path"]),
                    str(e["code"]),
                    e.get("rule"),
                    str(e["fingerprint"]),
                    int(e["count"]),
                    str(e.get("excerpt", "")),
                    str(e.get("message", "")),
                )
                for e in data.get("findings", [])
            ]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise FactcheckError(f"{display}: malformed baseline entry ({exc!r})") from None
        return cls(file, entries)

    def filter(self, findings: list[Finding], texts: TextSource) -> tuple[list[Finding], int]:
        """The findings the baseline does not accept, and how many it hid."""
        left = Counter({key: entry.count for key, entry in self.entries.items()})
        kept: list[Finding] = []
        for finding in findings:
            path, digest, _ = self.describe(finding, texts)
            if left[(path, digest)] > 0:
                left[(path, digest)] -= 1
            else:
                kept.append(finding)
        return kept, len(findings) - len(kept)

    def update(
        self,
        findings: list[Finding],
        texts: TextSource,
        replaces: Callable[[Entry], bool],
    ) -> None:
        """Record ``findings``, dropping the entries ``replaces`` says this run covered."""
        entries = {k: e for k, e in self.entries.items() if not replaces(e)}
        for finding in findings:
            path, digest, context = self.describe(finding, texts)
            old = entries.get((path, digest))
            if old is None:
                excerpt = (
                    context if len(context) <= EXCERPT_CHARS else context[:EXCERPT_CHARS] + "…"
                )
                entries[(path, digest)] = Entry(
                    path, finding.code, finding.rule, digest, 1, excerpt, finding.message
                )
            else:
                entries[(path, digest)] = Entry(
                    old.path, old.code, old.rule, digest, old.count + 1, old.excerpt, old.message
                )
        self.entries = entries

    def write(self) -> None:
        """Atomically: a reader never sees a half-written baseline."""
        ordered = sorted(
            self.entries.values(), key=lambda e: (e.path, e.code, e.excerpt, e.fingerprint)
        )
        payload = {"version": FORMAT_VERSION, "findings": [e.to_dict() for e in ordered]}
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
        directory = self.file.parent
        directory.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(self.file)
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{self.file.name}.")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                # mkstemp makes the file private; a baseline is shared like any
                # file of the repository.
                os.fchmod(handle.fileno(), mode)
                os.fsync(handle.fileno())
            os.replace(temporary, self.file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def total(self) -> int:
        return sum(entry.count for entry in self.entries.values())


def _mode_for(file: Path) -> int:
    """The mode a rewritten ``file`` keeps, or a new file's under the umask."""
    try:
        return stat.S_IMODE(file.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)  # read by setting it: there is no other way
        os.umask(umask)
        return 0o666 & ~umask
