"""A document as the checks see it: decoded text, metadata and positions."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from factcheck.findings import Category, Finding, Related, Severity
from factcheck.partial_date import PartialDate


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    published: PartialDate | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Section:
    """A stretch of a file with metadata of its own (a page holding two stories)."""

    start: int  # character offset where the section begins
    metadata: Metadata


@dataclass
class Document:
    path: str
    text: str
    metadata: Metadata = field(default_factory=Metadata)
    # Character offset where prose starts: front matter before it is not linted.
    body_start: int = 0
    sections: tuple[Section, ...] = ()
    encoding: str = "utf-8"

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def offset(self, line: int, column: int = 1) -> int:
        return self.line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def metadata_at(self, offset: int) -> Metadata:
        """The metadata in force at ``offset``: its section's, else the document's."""
        current = self.metadata
        for section in self.sections:
            if section.start <= offset:
                current = section.metadata
            else:
                break
        return current

    def published_at(self, offset: int) -> PartialDate | None:
        return self.metadata_at(offset).published or self.metadata.published

    def finding(
        self,
        start: int,
        end: int,
        *,
        code: str,
        category: Category,
        severity: Severity,
        message: str,
        fix: str | None = None,
        fix_safe: bool = False,
        related: tuple[Related, ...] = (),
        rule: str | None = None,
    ) -> Finding:
        line, column = self.position(start)
        end_line, end_column = self.position(max(end, start))
        return Finding(
            path=self.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            code=code,
            category=category,
            severity=severity,
            message=message,
            fix=fix,
            fix_safe=fix_safe,
            related=related,
            rule=rule,
        )

    def related(self, offset: int, message: str) -> Related:
        line, column = self.position(offset)
        return Related(self.path, line, column, message)
