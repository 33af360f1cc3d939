"""Resolve date expressions against the publication date in force where they stand.

"last August" in a January 2023 article is August 2022; "in November" in a
January 2024 article is November 2023 (a month named without a year is the
occurrence nearest the publication date); "on Friday" in a Saturday article is
the day before; "a few years ago" is two to five years back.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from factcheck.claims.dates import MONTHS, WEEKDAYS, DateExpression
from factcheck.claims.numerals import parse_numeral
from factcheck.claims.numeric_dates import parse_numeric_date
from factcheck.partial_date import PartialDate

# Parts of a year and of a month, as (first, last) months or days.
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "first half": (1, 6),
               "second half": (7, 12)}  # fmt: skip
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "first half": (1, 15),
                "second half": (16, 31)}  # fmt: skip
# "a few years ago": how many units back, at least and at most.
_VAGUE_COUNTS = {
    "a few": (2, 5),
    "a couple of": (2, 3),
    "several": (3, 7),
    "a": (1, 1),
    "an": (1, 1),
}


@dataclass(frozen=True)
class DateValue:
    """When an expression says something happened: a span of days and how precisely."""

    first: dt.date
    last: dt.date
    # The unit the expression names: "day", "week", "month" ("early February"
    # too: part of a month), "year", or "period" for spans that are no unit
    # ("three weeks ago", a weekday in a month-dated document).
    granularity: str

    def overlaps(self, other: DateValue) -> bool:
        return self.first <= other.last and other.first <= self.last

    def label(self) -> str:
        """'2022-08', '2024-04-26', '2023-01/2023-04' for a span that is no calendar unit."""
        exact = as_partial(self)
        if exact is not None:
            return str(exact)
        return f"{self.first.isoformat()}/{self.last.isoformat()}"

    @classmethod
    def of(cls, partial: PartialDate) -> DateValue:
        return cls(partial.first_day(), partial.last_day(), partial.granularity)


def as_partial(value: DateValue) -> PartialDate | None:
    for candidate in (
        PartialDate.from_date(value.first),
        PartialDate(value.first.year, value.first.month),
        PartialDate(value.first.year),
    ):
        if (candidate.first_day(), candidate.last_day()) == (value.first, value.last):
            return candidate
    return None


@dataclass(frozen=True)
class Resolved:
    value: DateValue | None  # None: relative, and no publication date to resolve it
    relative: bool
    # For "Friday, July 8, 2023": the weekday written, when it is not the date's.
    weekday_written: str | None = None
    weekday_actual: str | None = None


def resolve(
    expression: DateExpression, published: PartialDate | None, date_order: str = "MDY"
) -> Resolved:
    try:
        return _resolve(expression, published, date_order)
    except (ValueError, OverflowError):
        # "last year" in a document dated 0001, "next week" in 9999: no such date.
        return Resolved(None, relative=True)


def _resolve(
    expression: DateExpression, published: PartialDate | None, date_order: str
) -> Resolved:
    fields = expression.fields
    form = expression.form
    if form == "numeric":
        day = parse_numeric_date(expression.text, date_order)
        return Resolved(None if day is None else DateValue(day, day, "day"), relative=False)
    if form in ("month_day", "day_month"):
        return _month_day(fields, published)
    if form == "month":
        return _month(fields, published)
    if form == "year":
        value = _part_of_year(int(fields["year"]), fields.get("part"))
        return Resolved(value, relative=False)
    if published is None:
        return Resolved(None, relative=True)
    if form == "ago":
        return Resolved(_ago(fields, published), relative=True)
    if form == "relative":
        return Resolved(_relative(fields, published), relative=True)
    if form == "today":
        offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[fields["today"].lower()]
        return Resolved(_days_from(published, offset, offset), relative=True)
    if form == "weekday":
        return Resolved(_weekday(fields, published), relative=True)
    raise ValueError(f"unknown date form {form!r}")


def _part(name: str | None) -> str | None:
    if name is None:
        return None
    name = " ".join(name.lower().split())
    for key, part in (("end", "late"), ("beginning", "early"), ("start", "early"),
                      ("middle", "mid"), ("first half", "first half"),
                      ("second half", "second half")):  # fmt: skip
        if key in name:
            return part
    return name


def _part_of_year(year: int, part: str | None) -> DateValue:
    key = _part(part)
    if key is None:
        return DateValue.of(PartialDate(year))
    first, last = _YEAR_PARTS[key]
    return DateValue(dt.date(year, first, 1), PartialDate(year, last).last_day(), "year")


def _part_of_month(year: int, month: int, part: str | None) -> DateValue:
    key = _part(part)
    if key is None:
        return DateValue.of(PartialDate(year, month))
    first, last = _MONTH_PARTS[key]
    last = min(last, calendar.monthrange(year, month)[1])
    return DateValue(dt.date(year, month, first), dt.date(year, month, last), "month")


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".")]


def _nearest_year(month: int, published: PartialDate | None) -> int | None:
    """The year of the occurrence of ``month`` nearest the publication date."""
    if published is None:
        return None
    if published.month is None:
        return published.year
    distance = month - published.month
    if distance > 6:
        return published.year - 1
    if distance < -6:
        return published.year + 1
    return published.year


def _month(fields: dict[str, str], published: PartialDate | None) -> Resolved:
    month = _month_number(fields["month"])
    relative = fields.get("relative", "").lower()
    if "year" in fields:
        return Resolved(_part_of_month(int(fields["year"]), month, fields.get("part")), False)
    if published is None:
        return Resolved(None, relative=True)
    if relative in ("last", "past") and published.month is not None:
        year = published.year if month < published.month else published.year - 1
    elif relative == "next" and published.month is not None:
        year = published.year if month > published.month else published.year + 1
    elif relative == "this":
        year = published.year
    else:
        year = _nearest_year(month, published) or published.year
    return Resolved(_part_of_month(year, month, fields.get("part")), relative=True)


def _month_day(fields: dict[str, str], published: PartialDate | None) -> Resolved:
    month = _month_number(fields["month"])
    day = int(fields["day"])
    year = int(fields["year"]) if "year" in fields else _nearest_year(month, published)
    if year is None:
        return Resolved(None, relative=True)
    if day < 1 or day > calendar.monthrange(year, month)[1]:
        return Resolved(None, relative="year" not in fields)
    date = dt.date(year, month, day)
    value = DateValue(date, date, "day")
    written = fields.get("weekday")
    actual = WEEKDAYS[date.weekday()]
    if written is not None and written != actual:
        return Resolved(value, "year" not in fields, written, actual)
    return Resolved(value, relative="year" not in fields)


def _days_from(published: PartialDate, first: int, last: int) -> DateValue:
    if published.day is None:
        # Without the day of publication, a day-relative expression is only
        # known to lie in (or next to) the month of publication.
        start = published.first_day() + dt.timedelta(days=min(first, 0))
        end = published.last_day() + dt.timedelta(days=max(last, 0))
        return DateValue(start, end, "period")
    base = published.first_day()
    start, end = base + dt.timedelta(days=first), base + dt.timedelta(days=last)
    return DateValue(start, end, "day" if start == end else "period")


def _weekday(fields: dict[str, str], published: PartialDate) -> DateValue:
    target = WEEKDAYS.index(fields["weekday"])
    relative = fields.get("relative", "").lower()
    if published.day is None:
        return _days_from(published, -6, 6)
    base = published.first_day()
    back = (base.weekday() - target) % 7  # days since the last such weekday (0: today)
    if relative in ("last", "past"):
        offset = -(back or 7)
    elif relative == "next":
        offset = (target - base.weekday()) % 7 or 7
    elif back <= 3:
        offset = -back  # news reports mostly look back: "said Monday"
    else:
        offset = 7 - back  # "will meet Friday"
    return _days_from(published, offset, offset)


def _ago(fields: dict[str, str], published: PartialDate) -> DateValue | None:
    count = " ".join(fields["count"].lower().split())
    if count in _VAGUE_COUNTS:
        least, most = _VAGUE_COUNTS[count]
    else:
        numeral = parse_numeral(count)
        if numeral is None:
            return None
        least = most = int(numeral.value)
    unit = fields["unit"].lower()
    base = published.first_day()
    if unit == "year":
        # "two years ago" in mid-2023 is some time around mid-2021: half a year
        # either way, to whole years.
        half_year = dt.timedelta(days=183)
        first = _shift_years(base, -most) - half_year
        last = _shift_years(published.last_day(), -least) + half_year
        return DateValue(dt.date(first.year, 1, 1), dt.date(last.year, 12, 31), "year")
    days = {"month": 31, "week": 7, "day": 1}[unit]
    first = base - dt.timedelta(days=most * days + (days // 2))
    last = published.last_day() - dt.timedelta(days=max(0, least * days - days // 2))
    return DateValue(first, last, "period")


def _shift_years(date: dt.date, years: int) -> dt.date:
    return date.replace(year=date.year + years, day=min(date.day, 28))


def _relative(fields: dict[str, str], published: PartialDate) -> DateValue | None:
    which = " ".join(fields["relative"].lower().split())
    unit = "12 months" if "twelve" in fields else fields["unit"].lower()
    step = {"last": -1, "past": -1, "final": -1, "next": 1}.get(which, 0)
    base = published.first_day()
    if unit in ("year", "12 months"):
        return _part_of_year(base.year + step, fields.get("part"))
    if unit == "month":
        if published.month is None:
            return None
        month_index = base.year * 12 + base.month - 1 + step
        year, month = divmod(month_index, 12)
        return _part_of_month(year, month + 1, fields.get("part"))
    if published.day is None:
        return _days_from(published, 7 * step - 6, 7 * step + 6)
    monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(days=7 * step)
    sunday = monday + dt.timedelta(days=6)
    if which == "earlier this":
        sunday = base
    elif which == "later this":
        monday = base
    return DateValue(monday, sunday, "week")
