"""Plurals no English writer produces: what a spinner writes when it adds
"-s" to a synonym without knowing its morphology ("countrys", "expirys",
"termss", "newsmans").

A word is only judged when the language model does not know it, so a real
word that happens to fit a pattern ("guys", "always", "lens") is never
reported; the suggestion must be a word the model knows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Consonant + "ys": "countrys" -> "countries".
_CONSONANT_YS = re.compile(r"[^aeiou]ys$")
# Endings that take "-es": "boxs" -> "boxes", "churchs" -> "churches".
_TAKES_ES = ("ss", "xs", "zs", "chs", "shs")


def proper_plural(word: str, known: Callable[[str], bool]) -> str | None:
    """The plural a spinner meant by ``word`` (lower case), or None when
    ``word`` is not a malformed plural of a word ``known`` accepts."""
    if len(word) < 4 or not word.isalpha() or not word.endswith("s") or known(word):
        return None
    stem = word[:-1]
    if _CONSONANT_YS.search(word) or word.endswith("sss"):
        # No English word ends so: the stem is evidence enough, even one the
        # model does not know ("expiry").
        plural = stem[:-1] + "ies" if word.endswith("ys") else stem + "es"
        return plural if known(stem) or known(plural) else None
    if stem.endswith("s"):
        # "-s" added to a plural: "termss".
        candidates = [stem]
    elif word.endswith(_TAKES_ES):
        candidates = [stem + "es"]
    elif stem.endswith("man"):
        candidates = [stem[:-3] + "men"]
    else:
        return None
    return next((c for c in candidates if known(c) and known(stem)), None)
