"""Codes for documents that cannot be read as they are (category ``input``)."""

from __future__ import annotations

from factcheck.codes import Code
from factcheck.findings import Category, Severity

UNREADABLE = Code(
    "FC001",
    "unreadable-document",
    Category.INPUT,
    Severity.ERROR,
    "A document could not be read at all.",
    "The file vanished during the run, is not readable by this user, is a broken or looping "
    "symbolic link, is not a regular file (a FIFO, socket or device), is a directory that "
    "cannot be listed, or is larger than 4 MiB. The message says which. The rest of the corpus "
    "is still linted; this document is not.",
)
LEGACY_ENCODING = Code(
    "FC002",
    "legacy-encoding",
    Category.INPUT,
    Severity.INFO,
    "A document is not UTF-8 and was decoded with a legacy encoding.",
    "The bytes are not valid UTF-8, so the document was decoded as Windows-1252 (or Latin-1 "
    "where Windows-1252 leaves a byte undefined). Check that accented letters and quotation "
    "marks came out right, and consider saving the file as UTF-8.",
)
BINARY = Code(
    "FC003",
    "binary-document",
    Category.INPUT,
    Severity.WARNING,
    "A document looks binary (NUL bytes, no text encoding) and was not linted.",
    "The file contains NUL bytes and no UTF-16/UTF-32 byte-order mark, so it is not text. "
    "It is reported rather than skipped silently.",
)
FRONT_MATTER = Code(
    "FC004",
    "invalid-metadata",
    Category.INPUT,
    Severity.ERROR,
    "The front matter of a document, or its corpus-manifest entry, is malformed.",
    "Front matter is a YAML mapping between two `---` lines at the very top of a file, with the "
    "fields title, published (YYYY, YYYY-MM or YYYY-MM-DD), source and url. The document is "
    "still linted, without the metadata that failed.",
)

CODES = (UNREADABLE, LEGACY_ENCODING, BINARY, FRONT_MATTER)
