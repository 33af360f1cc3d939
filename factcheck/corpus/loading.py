"""Read one file into a Document, reporting (never raising) what goes wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from factcheck.codes import Code
from factcheck.corpus import problems
from factcheck.corpus.document import Document
from factcheck.corpus.files import NotLinted, read_document_bytes
from factcheck.corpus.frontmatter import split_front_matter
from factcheck.corpus.manifest import Manifest, SectionNotFound
from factcheck.corpus.reading import BinaryContent, decode
from factcheck.errors import SourceError
from factcheck.findings import Finding


@dataclass
class Loaded:
    document: Document | None
    findings: list[Finding] = field(default_factory=list)


def _file_finding(
    display: str, code: Code, message: str, line: int = 1, column: int = 1
) -> Finding:
    return Finding(
        path=display,
        line=line,
        column=column,
        end_line=line,
        end_column=column,
        code=code.code,
        category=code.category,
        severity=code.severity,
        message=message,
    )


def load_bytes(
    data: bytes, display: str, path: Path | None = None, manifest: Manifest | None = None
) -> Loaded:
    try:
        decoded = decode(data)
    except BinaryContent as exc:
        return Loaded(
            None, [_file_finding(display, problems.BINARY, f"not linted: binary content ({exc})")]
        )
    doc = Document(path=display, text=decoded.text, encoding=decoded.encoding)
    loaded = Loaded(doc)
    if decoded.legacy:
        loaded.findings.append(
            _file_finding(
                display, problems.LEGACY_ENCODING, f"not UTF-8: decoded as {decoded.encoding}"
            )
        )
    try:
        front = split_front_matter(doc.text, display)
    except SourceError as exc:
        loaded.findings.append(
            _file_finding(
                display, problems.FRONT_MATTER, exc.message, exc.line or 1, exc.column or 1
            )
        )
        front = None
    if front is not None:
        doc.metadata = front.metadata
        doc.body_start = front.body_start
    if manifest is not None and path is not None:
        try:
            manifest.apply(doc, path)
        except SectionNotFound as exc:
            loaded.findings.append(_file_finding(display, problems.FRONT_MATTER, str(exc)))
    return loaded


def read_file(path: Path, display: str) -> bytes | Loaded:
    """The bytes of a document, or a Loaded that reports why there are none."""
    try:
        return read_document_bytes(path)
    except NotLinted as exc:
        return Loaded(None, [_file_finding(display, problems.UNREADABLE, f"not linted: {exc}")])


def load_file(path: Path, display: str, manifest: Manifest | None = None) -> Loaded:
    data = read_file(path, display)
    if isinstance(data, Loaded):
        return data
    return load_bytes(data, display, path, manifest)
