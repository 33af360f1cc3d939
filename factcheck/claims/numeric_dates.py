"""Numeric dates ("7/8/2023", "08.07.2023", "2023-07-08"), read by dateparser.

dateparser is slow to import, so it is imported here, on the first numeric date
a document actually contains, never at start-up.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any


def parse_numeric_date(text: str, date_order: str) -> dt.date | None:
    """The day a numeric date names, or None when it names none (13/45/2023)."""
    parsed = _parser()(
        text,
        languages=["en"],
        settings={
            "DATE_ORDER": date_order,
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )
    return None if parsed is None else parsed.date()


@functools.cache
def _parser() -> Any:
    import dateparser

    return dateparser.parse
