"""How a rule recognises its mentions: subject words near a claim and patterns
with a slot for the claim.

``near`` lists words or phrases that must all stand in the claim's sentence (or
clause, for dates) within ``window`` characters of it; an entry that is a list
is satisfied by any one of its members.  ``patterns`` are regular expressions
with one slot (``{value}`` for numbers, ``{date}`` for dates): a claim is a
mention when it starts inside the slot of a match (the slot is lazy, so in
"since {date}" it holds just the start of the date).  Patterns are compiled
when the rule file is validated, so a bad pattern is an error located in the
rule file, not a crash mid-run; ``near`` phrases, escaped and so always valid,
are compiled on first use.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Annotated, ClassVar

from pydantic import Field, PrivateAttr, field_validator, model_validator

from factcheck.claims.text import Span
from factcheck.rules.base import RuleBase
from factcheck.rules.patterns import UserPattern, compile_pattern

MAX_PATTERN_LENGTH = 300
# What a slot may hold: a date or a figure with its hedge, never a whole sentence.
SLOT = r"(?P<slot>[^.;!?\n]{1,60}?)"

Phrase = Annotated[str, Field(min_length=1, max_length=100)]


def phrase_pattern(phrase: str) -> str:
    """A word or phrase matched case-insensitively as whole words, plural or not."""
    body = r"\s+".join(re.escape(w) for w in phrase.split())
    start = r"\b" if phrase[0].isalnum() else ""
    end = r"(?:s|es)?\b" if phrase[-1].isalnum() else ""
    return start + body + end


class MentionRule(RuleBase):
    """Fields shared by rule types whose mentions are claims in the text."""

    slot_name: ClassVar[str] = "value"

    near: list[Phrase | list[Phrase]] = Field(
        default_factory=list,
        description="Words or phrases that must all appear near the claim; "
        "a list entry is satisfied by any of its members.",
    )
    window: int = Field(
        default=150,
        ge=1,
        le=2000,
        description="How many characters from the claim a 'near' word may stand "
        "(within the same sentence, or clause for dates).",
    )
    patterns: list[str] = Field(
        default_factory=list,
        description="Regular expressions with one slot ({value} or {date}) where the claim stands.",
    )
    _pattern_res: tuple[UserPattern, ...] = PrivateAttr(default=())

    @field_validator("patterns")
    @classmethod
    def _check_patterns(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            compile_slot_pattern(pattern, cls.slot_name)
        return patterns

    @model_validator(mode="after")
    def _compile(self) -> MentionRule:
        self._pattern_res = tuple(compile_slot_pattern(p, self.slot_name) for p in self.patterns)
        return self

    def near_matches(self, text: str, span: Span, claim: Span) -> list[int] | None:
        """Offsets of the first match of each ``near`` entry in ``span`` within
        ``window`` characters of ``claim``, or None if one is missing."""
        start = max(span.start, claim.start - self.window)
        end = min(span.end, claim.end + self.window)
        offsets = []
        for group in self.near:
            pattern = _near_pattern((group,) if isinstance(group, str) else tuple(group))
            match = pattern.search(text, start, end)
            if match is None:
                return None
            offsets.append(match.start())
        return offsets

    def slots(self, text: str, span: Span) -> Iterator[Span]:
        for pattern in self._pattern_res:
            for match in pattern.finditer(text, span.start, span.end):
                yield Span(match.start("slot"), match.end("slot"))


@functools.cache
def _near_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One ``near`` entry (any of its phrases), compiled on first use: most
    rules never meet a claim of theirs in a document, and rules loaded from the
    cache would otherwise compile them again on every run."""
    return re.compile("|".join(phrase_pattern(p) for p in phrases), re.I)


def compile_slot_pattern(pattern: str, slot: str) -> UserPattern:
    """Compile a user pattern with its one ``{slot}``; ValueError says what is wrong."""
    marker = "{" + slot + "}"
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"pattern longer than {MAX_PATTERN_LENGTH} characters")
    if pattern.count(marker) != 1:
        raise ValueError(f"pattern {pattern!r} must contain {marker} exactly once")
    if "(?P<slot>" in pattern:
        raise ValueError("the group name 'slot' is reserved")
    before, after = pattern.split(marker)
    # Guarded like every user pattern: bounded compile, time-limited searches.
    return compile_pattern(f"{before}{SLOT}{after}", ignore_case=True)
