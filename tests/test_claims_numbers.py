"""Quantity extraction: hedges as intervals, ranges, spelled-out numbers,
separators, and the noun each figure counts."""

from __future__ import annotations

import math

import pytest

from factcheck.claims.intervals import Hedge, compatible, interval
from factcheck.claims.numerals import parse_numeral
from factcheck.claims.quantities import Quantity, quantities


def read(text: str) -> list[Quantity]:
    return list(quantities(text, 0, len(text)))


def one(text: str) -> Quantity:
    found = read(text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("84", 84, 1),
        ("100,000", 100_000, 100_000),
        ("110,000", 110_000, 10_000),
        ("2.5 million", 2_500_000, 100_000),
        ("forty-five", 45, 1),
        ("fifty", 50, 10),
        ("two dozen", 24, 1),
        ("a dozen", 12, 1),
        ("one hundred and forty-five", 145, 1),
        ("three million", 3_000_000, 1_000_000),
    ],
)
def test_numerals_with_written_precision(text: str, value: float, precision: float) -> None:
    numeral = parse_numeral(text)
    assert numeral is not None
    assert (numeral.value, numeral.precision) == (value, precision)


@pytest.mark.parametrize(
    ("text", "hedge", "low", "high", "noun"),
    [
        ("representatives from 84 countries to discuss", Hedge.EXACT, 84, 84, "countries"),
        ("the roughly 100,000 drug overdose deaths in the U.S.", Hedge.APPROXIMATE, 90_000,
         110_000, "drug overdose deaths"),
        ("nearly 110,000 people died", Hedge.NEARLY, 99_000, 110_000, "people"),
        ("warned of more than 50 precursors that", Hedge.MORE_THAN, 50, math.inf, "precursors"),
        ("warned of greater than 50 precursors that", Hedge.MORE_THAN, 50, math.inf,
         "precursors"),
        ("at least 12 officials", Hedge.AT_LEAST, 12, math.inf, "officials"),
        ("fewer than 20 cases", Hedge.LESS_THAN, -math.inf, 20, "cases"),
        ("up to 30 agents", Hedge.AT_MOST, -math.inf, 30, "agents"),
        ("50 to 100 times stronger than morphine and", Hedge.RANGE, 45, 110,
         "times stronger than morphine"),
        ("between the ages of 18 and 49.", Hedge.RANGE, 18, 49, "ages"),
        ("submitted 145 drug\u2013associated incidents to the", Hedge.EXACT, 145, 145,
         "drug\u2013associated incidents"),
        ("two dozen officials", Hedge.EXACT, 24, 24, "officials"),
        ("some 2,000 troops", Hedge.APPROXIMATE, 1_800, 2_200, "troops"),
        ("a rise of 12% last year", Hedge.EXACT, 12, 12, "percent"),
    ],
)  # fmt: skip
def test_hedged_figures_and_their_nouns(
    text: str, hedge: Hedge, low: float, high: float, noun: str
) -> None:
    quantity = one(text)
    assert quantity.interval.hedge is hedge
    assert (quantity.interval.low, quantity.interval.high) == pytest.approx((low, high))
    assert quantity.noun == noun


def test_open_bounds_are_open() -> None:
    more = one("more than 50 precursors").interval
    assert more.low_open and not more.high_open
    assert not compatible(more, interval(Hedge.EXACT, 50, 1))
    assert compatible(one("at least 50 precursors").interval, interval(Hedge.EXACT, 50, 1))


def test_spun_year_is_not_read_as_a_count_of_deaths() -> None:
    # Machine-spun "a year" -> "a 12 months": the deaths figure keeps its noun and
    # "12" counts months, not deaths.
    found = read("the roughly 100,000 annual U.S. deaths a 12 months linked to fentanyl abuse")
    assert [(q.text, q.noun) for q in found] == [
        ("roughly 100,000", "annual U.S. deaths"),
        ("12", "months"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "1. What is Fentanyl, and Why is it a Problem?",  # a list marker
        "Fentanyl 1031234188 scaled",  # an image file name
        "at least the third time",  # an ordinal
        "chemical substances are sold to 3rd\u2013celebration markets",  # spun "third-party"
        "One is law enforcement actions",  # a pronoun
        "the price fell to zero.",  # a word with no noun
        "COVID-19 restrictions",  # part of a name
    ],
)
def test_not_quantities(text: str) -> None:
    assert read(text) == []


def test_referential_small_numbers_are_marked() -> None:
    assert one("engagement between the two countries on drug trafficking").referential
    assert not one("representatives from 84 countries").referential


def test_ranges_compare_by_their_ends() -> None:
    stated = one("50 to 100 times stronger than morphine").interval
    assert compatible(stated, one("50 to 100 times").interval)
    assert not compatible(stated, one("80 to 100 times").interval)
    assert not compatible(stated, one("50 to 1,000 times").interval)
    # A single figure inside the range agrees with it.
    assert compatible(stated, one("100 times").interval)


def test_overlapping_hedges_agree() -> None:
    roughly = one("roughly 100,000 deaths").interval
    assert compatible(roughly, one("more than 100,000 deaths").interval)
    assert compatible(roughly, one("nearly 110,000 deaths").interval)
    assert not compatible(roughly, one("roughly 150,000 deaths").interval)
    assert not compatible(roughly, one("fewer than 50,000 deaths").interval)
