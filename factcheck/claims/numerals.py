"""Numbers as written: digits with thousands separators and decimals, scale
words ("2.5 million"), and numbers spelled out ("forty-five", "two dozen").

Each value comes with its written *precision*: the unit of its last significant
digit ("100,000" is precise to 100,000, "145" to 1, "2.5 million" to 100,000),
which is how much rounding the writer may have done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "one": 1, "a": 1, "an": 1,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
_DOZEN = 12

_UNIT_WORDS = "|".join(
    sorted((w for w in _UNITS if w not in ("a", "an", "one")), key=len, reverse=True)
)
_TEN_WORDS = "|".join(_TENS)
_SCALE_WORDS = "|".join(_SCALES)
# "one" and "a" alone are pronouns and articles far more often than counts: they
# start a number only before a scale word ("one million", "a dozen").
_SMALL = rf"(?:(?:{_TEN_WORDS})(?:[-\s](?:{_UNIT_WORDS}|one))?|{_UNIT_WORDS})"
SPELLED = (
    rf"(?:(?:{_SMALL}|one|an?)\s+(?:{_SCALE_WORDS}|dozen)"
    rf"(?:(?:\s+and)?\s+(?:{_SMALL}|{_SCALE_WORDS}))*|{_SMALL})"
)
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = rf"(?:\s+(?:{_SCALE_WORDS}))"
# Any word that can start or continue a spelled-out number.
# ("a" and "an" start "a dozen", whose "dozen" is enough to find it.)
NUMBER_WORDS = "|".join(w for w in (*_UNITS, *_TENS, *_SCALES, "dozen") if w not in ("a", "an"))
# A number as written: digits (with an optional scale word) or words.
NUMBER = rf"(?:(?:{DIGITS}){SCALE}?|{SPELLED})"

_NUMBER_RE = re.compile(
    rf"^(?:(?P<digits>{DIGITS})(?P<scale>{SCALE})?|(?P<words>{SPELLED}))$", re.I
)


@dataclass(frozen=True)
class Numeral:
    value: float
    precision: float  # unit of the last significant digit


def parse_numeral(text: str) -> Numeral | None:
    """The value of a number written as ``NUMBER`` matches it, else None."""
    match = _NUMBER_RE.match(text.strip())
    if match is None:
        return None
    if match.group("digits"):
        return _digits(match.group("digits"), match.group("scale"))
    return _words(match.group("words"))


def _digits(digits: str, scale_word: str | None) -> Numeral:
    plain = digits.replace(",", "")
    scale = _SCALES[scale_word.strip().lower()] if scale_word else 1
    if "." in plain:
        precision = 10.0 ** -len(plain.partition(".")[2])
    else:
        stripped = plain.rstrip("0")
        precision = 10.0 ** (len(plain) - len(stripped)) if stripped else 1.0
    return Numeral(float(plain) * scale, precision * scale)


def _words(text: str) -> Numeral:
    total = 0
    current = 0
    last_unit = 1
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
            last_unit = 1
        elif word in _TENS:
            current += _TENS[word]
            last_unit = 10
        elif word == "dozen":
            current = (current or 1) * _DOZEN
            last_unit = _DOZEN
        elif word == "hundred":
            current = (current or 1) * 100
            last_unit = 100
        else:
            scale = _SCALES[word]
            total += (current or 1) * scale
            current = 0
            last_unit = scale
    value = total + current
    # "forty-five" is precise to one, "fifty" to ten, "two million" to a million.
    precision = 1 if value % 10 else last_unit
    return Numeral(float(value), float(precision))
