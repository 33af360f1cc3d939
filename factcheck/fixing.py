"""Apply findings' fixes to files: ``--fix``, ``--unsafe-fixes`` and ``--diff``.

Only fixes marked safe (rule-backed, unambiguous) are applied unless unsafe
fixes are asked for.  A file is rewritten atomically (a temporary file in the
same directory, fsync, ``os.replace``) in the encoding it was read in (BOM
kept), with its line endings, mode and owner.  Refused rather than written: a
file that changed since the linter read it, and a symbolic link (replacing it
would turn it into a copy; its target may lie outside the paths given).
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.corpus.document import Document
from factcheck.corpus.loading import Loaded
from factcheck.corpus.manifest import Manifest
from factcheck.corpus.reading import BinaryContent, decode
from factcheck.findings import Finding
from factcheck.project import load_documents

_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class FixError(Exception):
    """A file that could not be fixed; the message names the file."""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Tracker:
    """Remembers, for each document the linter read, its file and content."""

    files: dict[str, tuple[Path, str]] = field(default_factory=dict)

    def load(self, paths: list[Path], manifest: Manifest) -> Iterator[Loaded]:
        for path, loaded in zip(paths, load_documents(paths, manifest), strict=True):
            if loaded.document is not None:
                self.files[loaded.document.path] = (path, _digest(loaded.document.text))
            yield loaded


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    finding: Finding


@dataclass
class FilePlan:
    display: str
    path: Path
    data: bytes
    before: str
    after: str
    applied: list[Finding]


def chosen(findings: Iterable[Finding], unsafe: bool) -> list[Finding]:
    return [f for f in findings if f.fix is not None and (f.fix_safe or unsafe)]


def _edits(doc: Document, findings: list[Finding]) -> list[Edit]:
    """Non-overlapping edits in text order; of two overlapping fixes the first
    (then the longer) wins and the other waits for the next run."""
    edits = sorted(
        (
            Edit(doc.offset(f.line, f.column), doc.offset(f.end_line, f.end_column), f.fix or "", f)
            for f in findings
        ),
        key=lambda e: (e.start, -(e.end - e.start)),
    )
    kept: list[Edit] = []
    for edit in edits:
        if edit.end > edit.start and (not kept or edit.start >= kept[-1].end):
            kept.append(edit)
    return kept


def plan(display: str, path: Path, digest: str, findings: list[Finding]) -> FilePlan | None:
    try:
        data = path.read_bytes()
        text = decode(data).text
    except (OSError, BinaryContent) as exc:
        raise FixError(f"{display}: cannot fix: {exc}") from None
    if _digest(text) != digest:
        raise FixError(f"{display}: changed since it was read; not fixed")
    doc = Document(display, text)
    edits = _edits(doc, findings)
    pieces, last = [], 0
    for edit in edits:
        pieces += [text[last : edit.start], edit.replacement]
        last = edit.end
    after = "".join([*pieces, text[last:]])
    if after == text:
        return None
    return FilePlan(display, path, data, text, after, [e.finding for e in edits])


def encode(text: str, original: bytes) -> bytes:
    """``text`` in the encoding ``original`` was decoded from, BOM included."""
    for bom, name in _BOM_CODECS:
        if original.startswith(bom):
            return bom + text.encode(name)
    encoding = decode(original).encoding
    return text.encode(encoding)


def diff(file_plan: FilePlan) -> str:
    lines = difflib.unified_diff(
        file_plan.before.splitlines(keepends=True),
        file_plan.after.splitlines(keepends=True),
        fromfile=f"a/{file_plan.display.lstrip('/')}",
        tofile=f"b/{file_plan.display.lstrip('/')}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write(file_plan: FilePlan) -> None:
    """Atomically replace the file, refusing if it changed after planning."""
    path = file_plan.path
    try:
        payload = encode(file_plan.after, file_plan.data)
    except UnicodeEncodeError as exc:
        raise FixError(
            f"{file_plan.display}: cannot fix: {exc.object[exc.start : exc.end]!r} "
            f"cannot be written in the file's encoding"
        ) from None
    if path.is_symlink():
        # Replacing the link would turn it into a copy; its target may lie outside
        # the paths given.  The target is fixed when it is linted by its own path.
        raise FixError(f"{file_plan.display}: a symbolic link; not fixed (fix its target)")
    try:
        status = path.stat()
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(payload)
                out.flush()
                _keep_owner(out.fileno(), status)
                os.fsync(out.fileno())
            os.chmod(temporary, stat.S_IMODE(status.st_mode))
            if path.read_bytes() != file_plan.data:
                raise FixError(f"{file_plan.display}: changed while being fixed; not fixed")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _fsync_directory(path.parent)
    except OSError as exc:
        raise FixError(f"{file_plan.display}: cannot fix: {exc.strerror or exc}") from None


def _keep_owner(descriptor: int, status: os.stat_result) -> None:
    """Give the new file the old one's owner and group, where we may."""
    if (status.st_uid, status.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(descriptor, status.st_uid, status.st_gid)
    except PermissionError:
        # Not root: we may still keep the group if we belong to it.
        with contextlib.suppress(PermissionError):
            os.fchown(descriptor, -1, status.st_gid)


def _fsync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # not every platform opens directories; the rename is still atomic
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def plans(tracker: Tracker, findings: list[Finding], unsafe: bool) -> Iterator[FilePlan]:
    """One plan per file with applicable fixes, in path order."""
    by_path: dict[str, list[Finding]] = {}
    for finding in chosen(findings, unsafe):
        by_path.setdefault(finding.path, []).append(finding)
    for display in sorted(by_path):
        if display not in tracker.files:
            continue
        path, digest = tracker.files[display]
        file_plan = plan(display, path, digest, by_path[display])
        if file_plan is not None:
            yield file_plan
