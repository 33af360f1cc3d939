"""Text that is safe to print on one terminal line.

File names and document text can hold newlines, carriage returns and escape
sequences; printed raw they would split a finding over several lines or drive
the terminal (clear it, recolour it, retitle the window).  They are shown as
Python-style escapes instead.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return {"\n": "\\n", "\r": "\\r"}.get(char) or repr(char)[1:-1]


def printable(text: str) -> str:
    """``text`` with control characters (all but tab) escaped."""
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text
