"""Properties of claim reading on arbitrary text: it never fails, spans point
at what they say, and intervals are well formed."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from factcheck.claims.reading import read_claims
from factcheck.corpus.document import Document, Metadata
from factcheck.partial_date import PartialDate

NEWSY = st.lists(
    st.sampled_from(
        [
            "roughly", "more than", "nearly", "between", "and", "to", "from", "the", "84",
            "100,000", "2019", "two", "dozen", "forty-five", "countries", "deaths", "times",
            "stronger", "than", "morphine", "last", "August", "Friday,", "July", "8,", "early",
            "year", "ago", "a few", "years", "in", "November", "this", "week", "7/8/2023",
            "1.", "\n", ".", ",", "\u2013", "-", "$", "%", "12", "months", "final", "ages", "of",
        ]
    ),
    max_size=40,
).map(" ".join)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(NEWSY, st.text(max_size=200)), day=st.dates())
@example(text="a few years ago, last August, yesterday, on Friday", day=dt.date(1, 1, 1))
@example(text="next year, next week, next Monday, tomorrow", day=dt.date(9999, 12, 31))
def test_reading_never_fails_and_spans_are_exact(text: str, day: object) -> None:
    published = PartialDate.from_date(day)  # type: ignore[arg-type]
    doc = Document("x.txt", text, Metadata(published=published))
    claims = read_claims(doc)
    for number in claims.numbers:
        assert text[number.quantity.span.start : number.quantity.span.end] == number.quantity.text
        bounds = number.quantity.interval
        assert bounds.low <= bounds.high
    for date in claims.dates:
        span = date.expression.span
        assert text[span.start : span.end] == date.expression.text
        value = date.resolved.value
        if value is not None:
            assert value.first <= value.last
