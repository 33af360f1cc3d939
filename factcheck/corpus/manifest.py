"""Corpus manifests: metadata for files that cannot carry front matter.

A manifest is a YAML file listing documents by path (relative to the manifest,
globs allowed) with their metadata, and optionally *sections* for files that
hold several stories, each starting at a line number or at a line beginning
with given text.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ConfigDict, Field, model_validator

from factcheck.corpus.discovery import display_path
from factcheck.corpus.document import Document, Metadata, Section
from factcheck.corpus.files import NotLinted, read_document_bytes
from factcheck.corpus.metadata import MetadataFields
from factcheck.errors import FactcheckError, SourceError
from factcheck.rules.base import StrictModel
from factcheck.yamlsource import load_yaml, validate

# A manifest lists documents, a few lines each: far below this.
MAX_MANIFEST_BYTES = 5 * 1024 * 1024


class StrictMetadata(MetadataFields):
    model_config = ConfigDict(defer_build=True, extra="forbid", populate_by_name=True, frozen=True)


class SectionEntry(StrictMetadata):
    line: int | None = Field(default=None, ge=1, description="First line of the section.")
    starts_with: str | None = Field(
        default=None, description="Text that the section's first line begins with."
    )

    @model_validator(mode="after")
    def _one_anchor(self) -> SectionEntry:
        if (self.line is None) == (self.starts_with is None):
            raise ValueError("a section needs exactly one of 'line' or 'starts_with'")
        return self


class DocumentEntry(StrictMetadata):
    path: str = Field(description="Path or glob, relative to the manifest file.")
    sections: list[SectionEntry] = Field(default_factory=list)


class ManifestFile(StrictModel):
    documents: list[DocumentEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class Manifest:
    entries: tuple[tuple[Path, DocumentEntry], ...] = ()

    def entry_for(self, path: Path) -> DocumentEntry | None:
        """The last entry whose path or glob matches ``path`` (later entries win)."""
        if not self.entries:
            return None
        resolved = str(path.resolve())
        found = None
        for base, entry in self.entries:
            if fnmatch.fnmatchcase(resolved, os.path.normpath(base.resolve() / entry.path)):
                found = entry
        return found

    def fingerprint(self) -> str:
        """Changes whenever any entry changes (for caches)."""
        digest = hashlib.sha256()
        for base, entry in self.entries:
            digest.update(f"{base.resolve()}\x1f{entry.model_dump_json()}\x1e".encode())
        return digest.hexdigest()[:16]

    def apply(self, doc: Document, path: Path) -> Document:
        """Attach manifest metadata (front matter, if any, takes precedence)."""
        entry = self.entry_for(path)
        if entry is None:
            return doc
        base = entry.to_metadata()
        own = doc.metadata
        doc.metadata = Metadata(
            title=own.title or base.title,
            published=own.published or base.published,
            source=own.source or base.source,
            url=own.url or base.url,
        )
        doc.sections = tuple(_sections(doc, entry))
        return doc


def _sections(doc: Document, entry: DocumentEntry) -> list[Section]:
    sections = []
    for section in entry.sections:
        if section.line is not None:
            if section.line > len(doc.line_starts):
                raise SectionNotFound(
                    f"manifest section at line {section.line}: "
                    f"the file has {len(doc.line_starts)} lines"
                )
            start = doc.offset(section.line)
        else:
            assert section.starts_with is not None
            start = _find_line_start(doc, section.starts_with)
        meta = section.to_metadata()
        if meta.published is None:
            meta = Metadata(meta.title, doc.metadata.published, meta.source, meta.url)
        sections.append(Section(start, meta))
    return sorted(sections, key=lambda s: s.start)


def _find_line_start(doc: Document, prefix: str) -> int:
    for number in range(1, len(doc.line_starts) + 1):
        if doc.line_text(number).lstrip().startswith(prefix):
            return doc.offset(number)
    raise SectionNotFound(f"manifest section: no line starts with {prefix!r}")


class SectionNotFound(ValueError):
    pass


def load_manifests(paths: list[Path]) -> Manifest:
    entries: list[tuple[Path, DocumentEntry]] = []
    for path in paths:
        display = display_path(path)
        if not path.exists() and not path.is_symlink():
            raise FactcheckError(f"{display}: manifest not found")
        try:
            text = read_document_bytes(path, MAX_MANIFEST_BYTES).decode("utf-8-sig")
        except NotLinted as exc:
            raise SourceError(display, f"cannot read manifest: {exc}") from None
        except UnicodeDecodeError as exc:
            raise SourceError(
                display, f"manifests must be UTF-8 ({exc.reason} at byte {exc.start})"
            ) from None
        source = load_yaml(text, display)
        if source.data is None:
            continue
        parsed = validate(ManifestFile, source)
        entries.extend((path.parent, entry) for entry in parsed.documents)
    return Manifest(tuple(entries))
