"""User regular expressions in rule files, compiled and run so that no pattern
can hang the linter or exhaust its memory.

Rule types with a pattern field declare it as ``Pattern`` (or ``Pattern | None``)::

    class QuoteRule(RuleBase):
        type: Literal["quote"]
        pattern: Pattern

    for match in rule.pattern.finditer(doc.text, doc.body_start):
        ...

An invalid pattern is then a located rule-file error (``rules/x.yaml:7:14:
field 'pattern': value error, invalid regular expression: missing ) at
position 3``), and a
pattern that backtracks catastrophically on some document stops the run with a
one-line error naming it, instead of running for hours.

Patterns use the ``regex`` engine (already required by dateparser) in its
``re``-compatible mode: ``\\w``, ``\\b`` and ``\\d`` are Unicode-aware, which
prose in any language needs and linear-time engines such as RE2 lack, and a
search can be given a time limit.  Two guards come first: a length limit and
a limit on how far counted repeats expand (``(a{1000}){1000}`` would take
gigabytes to compile).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from factcheck.errors import FactcheckError

MAX_PATTERN_LENGTH = 2_000
# Positions the compiled program may hold once counted repeats are expanded.
MAX_EXPANSION = 20_000
# A search may take this long, plus a little more per megabyte of text searched:
# far above what any sane pattern needs, far below "the linter hangs".
BASE_TIMEOUT_SECONDS = 2.0
SECONDS_PER_MEGABYTE = 1.0


class PatternTimeout(FactcheckError):
    """A user pattern ran past its time limit: a rule-file problem, exit 2."""


@contextmanager
def on_document(path: str) -> Iterator[None]:
    """Name the document in a PatternTimeout raised while working on it."""
    try:
        yield
    except PatternTimeout as exc:
        raise PatternTimeout(f"{path}: {exc}") from None


def _quantifier(pattern: str, start: int) -> tuple[int, int] | None:
    """(count, end) for a counted repeat ``{m}``, ``{m,}``, ``{m,n}`` at ``start``."""
    end = pattern.find("}", start)
    if end == -1:
        return None
    low, comma, high = pattern[start + 1 : end].partition(",")
    if not low.isdigit() and not (comma and high.isdigit() and not low):
        return None
    if high and not high.isdigit():
        return None
    return int(high or low or "0"), end + 1


def _class_end(pattern: str, start: int) -> int:
    """Index just past the character class opening at ``start``."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def expansion(pattern: str) -> int:
    """An upper bound on the positions a pattern compiles to once every counted
    repeat is unrolled.  Tolerant of malformed patterns (the compiler reports those)."""
    # Each open group holds [size so far, size of its last item].
    stack: list[list[int]] = [[0, 0]]
    i = 0
    while i < len(pattern):
        char = pattern[i]
        top = stack[-1]
        if char == "(":
            stack.append([0, 0])
            i += 1
            continue
        if char == ")" and len(stack) > 1:
            size = stack.pop()[0]
            stack[-1][0] += size
            stack[-1][1] = size
            i += 1
            continue
        if char == "{":
            counted = _quantifier(pattern, i)
            if counted is not None:
                count, i = counted
                top[0] += top[1] * (count - 1)
                top[1] *= count
                if top[0] > MAX_EXPANSION:
                    return top[0]
                continue
        if char == "[":
            end = _class_end(pattern, i)
        elif char == "\\":
            end = i + 2
        else:
            end = i + 1
        top[0] += 1
        top[1] = 1
        i = end
    while len(stack) > 1:
        size = stack.pop()[0]
        stack[-1][0] += size
    return stack[0][0]


@dataclass(frozen=True, eq=False)
class UserPattern:
    """A compiled user pattern whose searches are time-limited."""

    source: str
    compiled: Any  # regex.Pattern[str]; the regex package ships no type stubs

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UserPattern) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)

    def __reduce__(self) -> tuple[Any, ...]:
        # Worker processes recompile rather than unpickle the engine's state.
        return (compile_pattern, (self.source,))

    def _timeout(self, text: str) -> float:
        return BASE_TIMEOUT_SECONDS + SECONDS_PER_MEGABYTE * len(text) / 1_000_000

    def _timed_out(self) -> PatternTimeout:
        limit = f"{BASE_TIMEOUT_SECONDS:g} s plus {SECONDS_PER_MEGABYTE:g} s per MB"
        return PatternTimeout(
            f"pattern {self.source!r} ran longer than {limit} of text "
            "(catastrophic backtracking?); simplify it, e.g. avoid nested repeats like (a+)+"
        )

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        """The first match in ``text[pos:endpos]`` (a ``regex.Match``) or None."""
        try:
            return self.compiled.search(
                text, pos, len(text) if endpos is None else endpos, timeout=self._timeout(text)
            )
        except TimeoutError:
            raise self._timed_out() from None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        """Every match in ``text[pos:endpos]``; the time limit covers the whole scan."""
        end = len(text) if endpos is None else endpos
        try:
            yield from self.compiled.finditer(text, pos, end, timeout=self._timeout(text))
        except TimeoutError:
            raise self._timed_out() from None


def compile_pattern(source: str, *, ignore_case: bool = False) -> UserPattern:
    """Compile a user pattern; raise ValueError with a one-line reason.

    Pydantic turns the ValueError into an error located at the field in the rule
    file; code outside a model can catch it and raise a SourceError.
    """
    if len(source) > MAX_PATTERN_LENGTH:
        raise ValueError(f"pattern longer than {MAX_PATTERN_LENGTH} characters")
    if expansion(source) > MAX_EXPANSION:
        raise ValueError(
            f"pattern expands to more than {MAX_EXPANSION} positions "
            "(nested counted repeats such as (a{1000}){1000})"
        )
    import regex

    flags = regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0)
    try:
        compiled = regex.compile(source, flags)
    except regex.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from None
    except (OverflowError, RecursionError, MemoryError):
        raise ValueError("invalid regular expression: too large or too deeply nested") from None
    return UserPattern(source, compiled)


def _validate(value: Any) -> UserPattern:
    if isinstance(value, UserPattern):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a regular expression (a string)")
    return compile_pattern(value)


Pattern = Annotated[
    UserPattern,
    PlainValidator(_validate),
    PlainSerializer(lambda pattern: pattern.source, return_type=str),
    WithJsonSchema({"type": "string", "format": "regex"}),
]
"""A rule field holding a user regular expression (see the module docstring)."""
