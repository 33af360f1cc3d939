"""Spun-phrase fingerprints: a spun form, the original it replaced, and the
context in which the spun form gives itself away.

Context works like the Problematic Paper Screener's tortured-phrase
fingerprints: all ``before``/``after``/``near`` conditions must hold (AND) and
none of the ``not_*`` ones (NOT), so "Chinese language chemicals" is flagged
while "teaching the Chinese language" is not.  The same model serves the list
shipped in ``factcheck/data/spun_phrases.yaml`` and ``type: phrase`` rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator

from factcheck.plain_values import construct
from factcheck.rules.base import StrictModel
from factcheck.spin.phrase_matcher import PhraseMatcher, fold

_WORDS = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
# Context does not reach across a sentence or a line.
_BOUNDARY = re.compile(r"[.!?\n]")
_WINDOW = 80
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "spun_phrases.yaml"


def _words(text: str) -> list[str]:
    return [w.lower().replace("\u2019", "'") for w in _WORDS.findall(text)]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Context(StrictModel):
    """Conditions on the words around a match; each list is any-of, and "$"
    in ``after``/``not_after`` stands for the end of the sentence."""

    before: list[str] = Field(default_factory=list, description="one must come right before")
    after: list[str] = Field(default_factory=list, description="one must come right after")
    near: list[str] = Field(default_factory=list, description="one must be in the sentence")
    not_before: list[str] = Field(default_factory=list)
    not_after: list[str] = Field(default_factory=list)
    not_near: list[str] = Field(default_factory=list)

    @field_validator(
        "before", "after", "near", "not_before", "not_after", "not_near", mode="before"
    )
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return _as_list(value)

    def holds(self, text: str, start: int, end: int) -> bool:
        left = text[max(0, start - _WINDOW) : start]
        right = text[end : end + _WINDOW]
        left = _BOUNDARY.split(left)[-1]
        right = _BOUNDARY.split(right)[0]
        left_words, right_words = _words(left), _words(right)

        def ends(options: list[str]) -> bool:
            return any(_ends_with(left_words, _words(o)) for o in options)

        def starts(options: list[str]) -> bool:
            # "$" is the end of the sentence.
            if "$" in options and not right_words:
                return True
            return any(w and right_words[: len(w)] == w for w in map(_words, options))

        def near(options: list[str]) -> bool:
            sentence = " " + " ".join(left_words + right_words) + " "
            return any(f" {' '.join(_words(o))} " in sentence for o in options)

        return (
            (not self.before or ends(self.before))
            and (not self.after or starts(self.after))
            and (not self.near or near(self.near))
            and not ends(self.not_before)
            and not starts(self.not_after)
            and not near(self.not_near)
        )


def _ends_with(words: list[str], tail: list[str]) -> bool:
    return bool(tail) and words[-len(tail) :] == tail


class Fingerprint(Context):
    """``spun`` is a list of forms sharing one ``original``, or a mapping of
    each spun form to its own original."""

    spun: list[str] | dict[str, str] = Field(
        min_length=1, description="spun forms, matched as whole words"
    )
    original: str | None = Field(default=None, description="what the spinner replaced")

    @field_validator("spun", mode="before")
    @classmethod
    def _spun_list(cls, value: Any) -> Any:
        return _as_list(value)

    @model_validator(mode="after")
    def _has_originals(self) -> Fingerprint:
        if isinstance(self.spun, list) and not self.original:
            raise ValueError("'original' is required when 'spun' is a list")
        return self

    def pairs(self) -> list[tuple[str, str]]:
        if isinstance(self.spun, dict):
            return list(self.spun.items())
        assert self.original is not None
        return [(form, self.original) for form in self.spun]


@dataclass(frozen=True)
class Hit:
    original: str
    owner: object  # the rule that supplied the fingerprint, or None for the shipped list
    start: int
    end: int
    text: str

    @property
    def fix(self) -> str:
        return match_case(self.text, self.original)


def match_case(found: str, replacement: str) -> str:
    """Carry a capital initial over: a sentence-initial spin keeps its capital."""
    if found[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _case_matches(pattern: str, found: str) -> bool:
    # A pattern with capitals is a name ("White Home") and must match as
    # written, bar the first letter; a lower-case one matches any case.
    if pattern == fold(pattern):
        return True
    return found[1:] == pattern[1:] and found[:1].lower() == pattern[:1].lower()


class FingerprintIndex:
    """Fingerprints compiled into one automaton."""

    def __init__(self, entries: Iterable[tuple[Fingerprint, object]]) -> None:
        self._targets: list[tuple[str, str, Fingerprint, object]] = [
            (pattern, original, fingerprint, owner)
            for fingerprint, owner in entries
            for pattern, original in fingerprint.pairs()
        ]
        self._matcher = PhraseMatcher([target[0] for target in self._targets])

    def __len__(self) -> int:
        return len(self._targets)

    def find(self, text: str, start: int = 0) -> list[Hit]:
        """Non-overlapping hits in ``text[start:]`` whose context holds; the
        longest wins where two overlap."""
        hits: list[Hit] = []
        for match in self._matcher.find(text[start:]):
            pattern, original, fingerprint, owner = self._targets[match.index]
            begin, end = match.start + start, match.end + start
            found = text[begin:end]
            if _case_matches(pattern, found) and fingerprint.holds(text, begin, end):
                hits.append(Hit(original, owner, begin, end, found))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start), h.owner is None))
        kept: list[Hit] = []
        for hit in hits:
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return kept


def apply(text: str, hits: Sequence[Hit]) -> str:
    """``text`` with every hit replaced by its original (hits from ``find``)."""
    out, last = [], 0
    for hit in hits:
        out.append(text[last : hit.start])
        out.append(hit.fix)
        last = hit.end
    out.append(text[last:])
    return "".join(out)


def shipped_entries() -> list[dict[str, Any]]:
    """The shipped list as written in its YAML file."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    entries: list[dict[str, Any]] = yaml.load(SHIPPED.read_text("utf-8"), Loader=loader)
    return entries


@functools.cache
def shipped() -> tuple[Fingerprint, ...]:
    """The shipped fingerprints.  The list is package data, validated by a
    test (every entry through ``Fingerprint.model_validate`` gives these), so
    a run constructs them without building the model's validator: that build
    (and pydantic's plugin loader, the first build's) would cost a run on one
    file more than the rest of the spin check's set-up.  Only the validators'
    one-word lists are applied, as the model's ``_as_list`` validators do."""
    return tuple(
        construct(
            Fingerprint,
            {key: value if key == "original" else _as_list(value) for key, value in entry.items()},
        )
        for entry in shipped_entries()
    )
