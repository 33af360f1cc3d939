"""Turn a file's bytes into text: detect the encoding, never crash on odd input."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class BinaryContent(Exception):
    """The bytes are not text in any encoding we accept."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    # Set when the bytes were not UTF-8 and a legacy encoding was assumed.
    legacy: bool = False


def decode(data: bytes) -> Decoded:
    """Decode with BOM detection, then UTF-8, then Windows-1252 / Latin-1.

    UTF-32 BOMs are tested before UTF-16 because the UTF-32-LE BOM starts with
    the UTF-16-LE one.  NUL bytes without a BOM mean binary, not text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise BinaryContent(
                    f"invalid {encoding} ({exc.reason} at byte {exc.start})"
                ) from None
    if b"\x00" in data:
        raise BinaryContent("contains NUL bytes")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(data.decode("cp1252"), "cp1252", legacy=True)
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1", legacy=True)
