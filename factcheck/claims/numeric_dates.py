"""Numeric dates ("7/8/2023", "08.07.2023", "2023-07-08"), read by dateparser.

dateparser is slow to import, so it is imported here, on the first numeric date
a document actually contains, never at start-up.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from factcheck.claims.resolve import DateValue, Resolved

DATE_ORDERS = ("MDY", "DMY", "YMD")


def resolve_numeric(text: str, date_order: str) -> Resolved | None:
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
    if parsed is None:
        return None
    day: dt.date = parsed.date()
    return Resolved(DateValue(day, day, "day"), relative=False)


@functools.cache
def _parser() -> Any:
    import dateparser

    return dateparser.parse
