"""Compare two renderings of a quotation word by word.

A rendering that reproduces a run of the known quotation (or several runs,
separated by an ellipsis or a bracketed insertion) is *exact*: a partial quote.
Otherwise the closest stretch of the known quotation is aligned with it
(rapidfuzz, on words rather than characters) and the word-level differences are
reported: ‘taking it seriously’ → ‘taking it very seriously’.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from factcheck.quotations.tokens import Words, segments

_CONTEXT = 2
_PLANE = 0x10000
_FULL_ALIGNMENT_CELLS = 60_000
_MATCH = 2
# partial_ratio (0-100) below which two renderings are not worth aligning: well
# under any similarity at which a quotation counts as the same or as altered.
_WORTH_ALIGNING = 50.0  # words become characters outside the BMP: no clash with text


@dataclass(frozen=True)
class Change:
    known: str  # the words as the known quotation has them, with context
    found: str  # the same place as the compared rendering has it
    # For a fix: where those found words are (offsets into the found text) and
    # the known text that covers the same words, punctuation included.
    found_span: tuple[int, int] | None = None
    known_text: str | None = None

    def __str__(self) -> str:
        return f"‘{self.known}’ → ‘{self.found}’"


@dataclass(frozen=True)
class Comparison:
    exact: bool
    similarity: float  # 1.0 when exact
    matched: int  # words in common
    changes: tuple[Change, ...] = ()


class Encoder:
    """Maps words to single characters so that string algorithms compare words."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        # Renderings compared again and again (rule quotations) are encoded once.
        self._seen: dict[int, tuple[Words, str]] = {}

    def key(self, words: Words) -> str:
        cached = self._seen.get(id(words))
        if cached is not None and cached[0] is words:
            return cached[1]
        key = self.encode(words.norms())
        if len(self._seen) > 4096:
            self._seen.clear()
        self._seen[id(words)] = (words, key)
        return key

    def encode(self, norms: Sequence[str]) -> str:
        ids = self._ids
        return "".join(ids.setdefault(n, chr(_PLANE + len(ids))) for n in norms)


@dataclass(frozen=True)
class Rendering:
    """A quotation's words and the text their offsets point into."""

    words: Words
    text: str

    def surface(self, first: int, last: int) -> str:
        """The words first..last-1 as written."""
        if first >= last:
            return ""
        chosen = self.words.words[first:last]
        spans = dict.fromkeys((w.start, w.end) for w in chosen)
        return " ".join(self.text[a:b] for a, b in spans)


def _in_order(encoded: str, segments: list[str]) -> bool:
    at = 0
    for segment in segments:
        found = encoded.find(segment, at)
        if found < 0:
            return False
        at = found + len(segment)
    return True


def compare(found: Rendering, known: Rendering, encoder: Encoder) -> Comparison:
    f_key = encoder.key(found.words)
    k_key = encoder.key(known.words)
    comparison, steps = _measured(f_key, found.words.gaps, k_key, known.words.gaps)
    if steps is None:
        return comparison
    changes = _changes(steps, f_key, k_key, found, known)
    return Comparison(False, comparison.similarity, comparison.matched, changes)


def keyed(ids: Iterable[int]) -> str:
    """Words numbered ``ids`` as a key ``resemblance`` compares: one character
    a word, the same for the same number."""
    return "".join([chr(_PLANE + i) for i in ids])


def resemblance(
    found: str, found_gaps: frozenset[int], known: str, known_gaps: frozenset[int]
) -> Comparison:
    """``compare`` without the changes, from the two renderings' keys (one
    character a word, as ``Encoder`` or ``keyed`` make them) and omissions
    (indices of words preceded by one): whether and how closely ``found``
    reproduces ``known`` depends on these alone, not on the text."""
    return _measured(found, found_gaps, known, known_gaps)[0]


def _measured(
    f_key: str, f_gaps: frozenset[int], k_key: str, k_gaps: frozenset[int]
) -> tuple[Comparison, list[_Step] | None]:
    """The comparison without changes and, for an inexact one that matched
    words, the alignment its changes are read from."""
    f_segments = [f_key[a:b] for a, b in segments(len(f_key), f_gaps)]
    if f_key and _in_order(k_key, f_segments):
        return Comparison(True, 1.0, len(f_key)), None
    if k_key and not k_gaps and k_key in f_key:
        return Comparison(True, 1.0, len(k_key)), None
    from rapidfuzz import fuzz

    # A cheap bound first: most candidates share a word or two and nothing more.
    if fuzz.partial_ratio(f_key, k_key) < _WORTH_ALIGNING:
        return Comparison(False, 0.0, 0), None
    steps: list[_Step] = []
    cursor = 0
    for a, b in segments(len(f_key), f_gaps) if f_gaps else [(0, len(f_key))]:
        aligned = _align(f_key, a, b, k_key, cursor)
        steps.extend(aligned)
        used = [k for _, k in aligned if k is not None]
        if used:
            cursor = max(used) + 1
    matched = sum(1 for f, k in steps if f is not None and k is not None and f_key[f] == k_key[k])
    if not matched:
        return Comparison(False, 0.0, 0), None
    f_len = sum(1 for f, _ in steps if f is not None)
    k_len = sum(1 for _, k in steps if k is not None)
    similarity = 2 * matched / (f_len + k_len)
    return Comparison(False, similarity, matched), steps


# One step of an alignment: a found word and a known word (equal or replaced),
# or a word only one side has.
_Step = tuple[int | None, int | None]


def _semi_global(needle: str, hay: str) -> list[_Step]:
    """Align all of ``needle`` with the stretch of ``hay`` it fits best, as
    index pairs.  A shared word scores 2, a word only one side has costs 1 (a
    replaced word is a dropped one plus an added one), and ``hay`` has free
    ends: the best stretch is the one that shares the most words for the least
    difference, so skipped words are not passed off as replacements."""
    n, m = len(needle), len(hay)
    score = [[0] * (m + 1)] + [[-i] + [0] * m for i in range(1, n + 1)]
    for i in range(1, n + 1):
        row, up, word = score[i], score[i - 1], needle[i - 1]
        for j in range(1, m + 1):
            row[j] = max(
                up[j - 1] + (_MATCH if word == hay[j - 1] else -2), up[j] - 1, row[j - 1] - 1
            )
    j = max(range(m + 1), key=lambda col: (score[n][col], -col))
    steps: list[_Step] = []
    i = n
    while i > 0:
        diagonal = _MATCH if j > 0 and needle[i - 1] == hay[j - 1] else -2
        if j > 0 and score[i][j] == score[i - 1][j - 1] + diagonal:
            steps.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j] - 1:
            steps.append((i - 1, None))
            i -= 1
        else:
            steps.append((None, j - 1))
            j -= 1
    steps.reverse()
    return steps


def _edges(steps: list[_Step], hay_len: int) -> list[_Step]:
    """Words the needle has at either end beyond the aligned stretch were
    replaced, not added: pair them with as many hay words next to the stretch
    (‘drug problems’ → ‘drug issues’, not ‘drug’ → ‘drug issues’)."""
    used = [k for _, k in steps if k is not None]
    if not used:
        return steps
    lead = next((n for n, (_, k) in enumerate(steps) if k is not None), 0)
    tail = next((n for n, (_, k) in enumerate(reversed(steps)) if k is not None), 0)
    before = [(None, k) for k in range(max(0, used[0] - lead), used[0])]
    after = [(None, k) for k in range(used[-1] + 1, min(hay_len, used[-1] + 1 + tail))]
    cut = len(steps) - tail
    return [*steps[:lead], *before, *steps[lead:cut], *after, *steps[cut:]]


def _align(f_key: str, a: int, b: int, k_key: str, cursor: int) -> list[_Step]:
    """Align found[a:b] with the closest stretch of known[cursor:] (or, when the
    found text is the longer, all of the known text with a stretch of it).
    Short texts are aligned whole; in long ones rapidfuzz finds the stretch
    first."""
    from rapidfuzz import fuzz

    seg, hay = f_key[a:b], k_key[cursor:]
    if not seg or not hay:
        return []
    found_is_needle = len(seg) <= len(hay)
    needle, longer = (seg, hay) if found_is_needle else (hay, seg)
    w1, w2 = 0, len(longer)
    if len(needle) * len(longer) > _FULL_ALIGNMENT_CELLS:
        # Long texts: rapidfuzz locates the stretch, widened so that words the
        # needle adds or drops still fall inside, and only that is aligned.
        located = fuzz.partial_ratio_alignment(needle, longer)
        if located is None:
            return []
        pad = max(_CONTEXT, len(needle) // 2)
        reach = max(located.dest_end, located.dest_start + len(needle))
        w1, w2 = max(0, located.dest_start - pad), min(len(longer), reach + pad)
    steps = _edges(_semi_global(needle, longer[w1:w2]), w2 - w1)
    if found_is_needle:
        return [
            (a + f if f is not None else None, cursor + w1 + k if k is not None else None)
            for f, k in steps
        ]
    return [
        (a + w1 + f if f is not None else None, cursor + k if k is not None else None)
        for k, f in steps
    ]


def _changes(
    steps: list[_Step], f_key: str, k_key: str, found: Rendering, known: Rendering
) -> tuple[Change, ...]:
    def same(step: _Step) -> bool:
        f, k = step
        return f is not None and k is not None and f_key[f] == k_key[k]

    diffs = [n for n, step in enumerate(steps) if not same(step)]
    groups: list[list[int]] = []
    for n in diffs:
        if groups and n - groups[-1][-1] <= _CONTEXT + 1:
            groups[-1].append(n)
        else:
            groups.append([n])
    changes = []
    for group in groups:
        first, last = group[0], group[-1]
        while first > 0 and group[0] - first < _CONTEXT and same(steps[first - 1]):
            first -= 1
        while last + 1 < len(steps) and last - group[-1] < _CONTEXT and same(steps[last + 1]):
            last += 1
        window = steps[first : last + 1]
        f_idx = [f for f, _ in window if f is not None]
        k_idx = [k for _, k in window if k is not None]
        f_words, k_words = found.words.words, known.words.words
        changes.append(
            Change(
                known.surface(k_idx[0], k_idx[-1] + 1) if k_idx else "",
                found.surface(f_idx[0], f_idx[-1] + 1) if f_idx else "",
                (f_words[f_idx[0]].start, f_words[f_idx[-1]].end) if f_idx else None,
                known.text[k_words[k_idx[0]].start : k_words[k_idx[-1]].end] if k_idx else None,
            )
        )
    return tuple(changes)
