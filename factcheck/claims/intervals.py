"""Quantities as intervals: what a hedged or ranged figure allows.

"roughly 100,000" allows about ten per cent either side, "more than 50" anything
above 50, "50 to 100" states both ends.  Two figures agree when what they allow
overlaps; two stated ranges agree when their ends do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

# How far "roughly", "about" and unhedged round figures may stray, relatively.
APPROXIMATE = 0.10
# A round figure is read as rounded to its last significant digit, but "100,000"
# is not taken to allow 50,000 either side.
MAX_ROUNDING = 0.10


class Hedge(StrEnum):
    EXACT = "exact"  # "84 countries"
    APPROXIMATE = "approximately"  # "roughly", "about", "some", "an estimated"
    NEARLY = "nearly"  # "nearly", "almost", "close to": a little below
    MORE_THAN = "more than"  # "more than", "over", "greater than"
    AT_LEAST = "at least"  # "at least", "no fewer than"
    LESS_THAN = "less than"  # "less than", "fewer than", "under"
    AT_MOST = "at most"  # "at most", "up to", "no more than"
    RANGE = "range"  # "50 to 100", "between 18 and 49"


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    hedge: Hedge = Hedge.EXACT
    # For ranges: the stated ends and how precisely each was written.
    stated: tuple[float, float] = (0.0, 0.0)
    slack: tuple[float, float] = (0.0, 0.0)

    def to_json(self) -> list[float | str | None]:
        def bound(value: float) -> float | str | None:
            if math.isinf(value):
                return None
            return int(value) if value == int(value) else round(value, 6)

        return [bound(self.low), bound(self.high)]

    def describe(self) -> str:
        def show(value: float) -> str:
            return f"{value:,.0f}" if value == int(value) else f"{value:,g}"

        if self.hedge is Hedge.RANGE:
            return f"{show(self.stated[0])} to {show(self.stated[1])}"
        if self.hedge in (Hedge.MORE_THAN, Hedge.AT_LEAST):
            return f"{self.hedge.value} {show(self.stated[0])}"
        if self.hedge in (Hedge.LESS_THAN, Hedge.AT_MOST, Hedge.NEARLY):
            return f"{self.hedge.value} {show(self.stated[1])}"
        if self.hedge is Hedge.APPROXIMATE:
            return f"about {show(self.stated[0])}"
        return show(self.stated[0])


def rounding(value: float, precision: float) -> float:
    """How far an unhedged figure may be from what it rounds."""
    if precision <= 1 and value == int(value):
        return 0.0
    return min(precision / 2, abs(value) * MAX_ROUNDING)


def interval(hedge: Hedge, value: float, precision: float, upper: float | None = None,
             upper_precision: float = 1.0) -> Interval:  # fmt: skip
    """The interval a figure allows; ``upper`` is the second end of a range."""
    stated = (value, value if upper is None else upper)
    if hedge is Hedge.RANGE and upper is not None:
        slack = (rounding(value, precision), rounding(upper, upper_precision))
        return Interval(value - slack[0], upper + slack[1], hedge=hedge, stated=stated, slack=slack)
    if hedge is Hedge.APPROXIMATE:
        spread = abs(value) * APPROXIMATE
        return Interval(value - spread, value + spread, hedge=hedge, stated=stated)
    if hedge is Hedge.NEARLY:
        spread = max(abs(value) * APPROXIMATE, rounding(value, precision))
        return Interval(value - spread, value, hedge=hedge, stated=stated)
    if hedge is Hedge.MORE_THAN:
        return Interval(value, math.inf, low_open=True, hedge=hedge, stated=stated)
    if hedge is Hedge.AT_LEAST:
        return Interval(value, math.inf, hedge=hedge, stated=stated)
    if hedge is Hedge.LESS_THAN:
        return Interval(-math.inf, value, high_open=True, hedge=hedge, stated=stated)
    if hedge is Hedge.AT_MOST:
        return Interval(-math.inf, value, hedge=hedge, stated=stated)
    spread = rounding(value, precision)
    return Interval(
        value - spread, value + spread, hedge=hedge, stated=stated, slack=(spread, spread)
    )


def with_tolerance(bounds: Interval, tolerance: float) -> Interval:
    """The same figure with ``tolerance`` in place of the rounding its writing implies.

    Hedge words keep their meaning: only unhedged figures and range ends change.
    """
    low, high = bounds.stated
    if bounds.hedge is Hedge.EXACT:
        return Interval(low - tolerance, low + tolerance, hedge=bounds.hedge, stated=bounds.stated,
                        slack=(tolerance, tolerance))  # fmt: skip
    if bounds.hedge is Hedge.RANGE:
        return Interval(low - tolerance, high + tolerance, hedge=bounds.hedge,
                        stated=bounds.stated, slack=(tolerance, tolerance))  # fmt: skip
    return bounds


def compatible(a: Interval, b: Interval) -> bool:
    """Whether two figures can both be true of the same thing."""
    if a.hedge is Hedge.RANGE and b.hedge is Hedge.RANGE:
        return all(
            abs(a.stated[i] - b.stated[i]) <= max(a.slack[i], b.slack[i]) + 1e-9 for i in (0, 1)
        )
    return _overlap(a, b)


def _overlap(a: Interval, b: Interval) -> bool:
    if a.high < b.low or b.high < a.low:
        return False
    if a.high == b.low and (a.high_open or b.low_open):
        return False
    return not (b.high == a.low and (b.high_open or a.low_open))
