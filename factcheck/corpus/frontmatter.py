"""YAML front matter: metadata between ``---`` lines at the top of a document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.corpus.document import Metadata
from factcheck.corpus.metadata import MetadataFields
from factcheck.errors import SourceError, SourceErrors
from factcheck.plain_values import construct_plain
from factcheck.yamlsource import load_yaml, validate

_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


@dataclass(frozen=True)
class FrontMatter:
    metadata: Metadata
    body_start: int  # offset of the first character after the closing line


def split_front_matter(text: str, path: str) -> FrontMatter | None:
    """Parse front matter if the text starts with it; raise SourceError if it is bad.

    Positions in errors are those of the file, so the YAML is parsed with a line
    offset of one (the opening ``---``).
    """
    opening = _OPEN.match(text)
    if not opening:
        return None
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        raise SourceError(path, "front matter has no closing '---' line", 1, 1)
    block = text[opening.end() : closing.start()]
    source = load_yaml(block, path, line_offset=1)
    if source.data is None:
        fields = MetadataFields()
    elif not isinstance(source.data, dict):
        raise SourceError(path, "front matter must be a YAML mapping", 2, 1)
    else:
        try:
            fields = construct_plain(MetadataFields, source.data) or validate(
                MetadataFields, source
            )
        except SourceErrors as exc:
            raise exc.errors[0] from None
    return FrontMatter(fields.to_metadata(), closing.end())
