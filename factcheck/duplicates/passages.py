"""From candidate unit pairs to duplicated passages.

Seeds are candidate pairs that survive exact verification.  Seeds of the same two
documents that follow each other on both sides (allowing a skipped or rewritten
unit) form a chain; the words around a chain are aligned exactly, and each
stretch where the two sides agree becomes a passage, extended to whole units
when that does not lower its similarity (a clause moved inside a sentence).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from factcheck.duplicates.align import common_in_order, matches, similarity
from factcheck.duplicates.fingerprint import Fingerprint
from factcheck.duplicates.shingles import SEED_WORDS
from factcheck.duplicates.units import CorpusUnits, Pair

# A seed is a unit pair whose shorter side is at least this much inside the other,
# in order, and that has at least SEED_WORDS words in common.
SEED_CONTAINMENT = 0.5
# Units a chain may skip on either side (a sentence dropped, added or rewritten).
CHAIN_STEP = 3
# Words that may differ between two agreeing stretches of one passage.
MAX_GAP = 8


@dataclass(frozen=True)
class Passage:
    """Words [a_start, a_end) of document ``a`` and [b_start, b_end) of ``b``.

    Within one document ``a == b`` and the ``a`` span comes first."""

    a: int
    a_start: int
    a_end: int
    b: int
    b_start: int
    b_end: int
    similarity: float
    verbatim: bool

    @property
    def words(self) -> int:
        return min(self.a_end - self.a_start, self.b_end - self.b_start)


def find_passages(
    prints: Sequence[Fingerprint],
    units: CorpusUnits,
    pairs: Iterable[Pair],
    min_words: int,
    min_similarity: float,
) -> list[Passage]:
    """Passages shared by the documents of candidate unit pairs (``units``:
    the words of ``prints``).  Candidates are verified on ``units`` alone:
    only documents with a verified pair are read from ``prints``, in order."""
    seeds = _verified_seeds(units, pairs)
    found: list[Passage] = []
    for (a, b), pair_seeds in sorted(seeds.items()):
        candidates = [
            passage
            for chain in _chains(sorted(pair_seeds))
            # Chance seeds (a few common words in a short clause) are not worth an
            # alignment: a real passage has at least half its words in its seeds.
            if 2 * sum(common for _, _, common in chain) >= min_words
            for passage in _align_chain(prints, a, b, chain, min_words, min_similarity)
        ]
        found.extend(_merge(prints, candidates, min_similarity))
    return found


def coverage(passages: Iterable[Passage], fingerprint: Fingerprint, side: str) -> float:
    """Share of a document's words inside the given passages, on side "a" or "b"."""
    spans = sorted((p.a_start, p.a_end) if side == "a" else (p.b_start, p.b_end) for p in passages)
    covered = 0
    reach = 0
    for start, end in spans:
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered / fingerprint.word_count if fingerprint.word_count else 0.0


Seed = tuple[int, int, int]  # unit of a, unit of b, words in common


def _verified_seeds(units: CorpusUnits, pairs: Iterable[Pair]) -> dict[tuple[int, int], list[Seed]]:
    seeds: defaultdict[tuple[int, int], list[Seed]] = defaultdict(list)
    for first, second in pairs:
        a, unit_a = units.document(first)
        b, unit_b = units.document(second)
        words_a = units.unit_ids(first)
        words_b = units.unit_ids(second)
        shorter = min(len(words_a), len(words_b))
        common = common_in_order(words_a, words_b)
        if common >= SEED_WORDS and common >= SEED_CONTAINMENT * shorter:
            seeds[a, b].append((unit_a, unit_b, common))
    return seeds


def _chains(seeds: list[Seed]) -> list[list[Seed]]:
    chains: list[list[Seed]] = []
    for seed in seeds:
        for chain in reversed(chains):
            last_a, last_b, _ = chain[-1]
            if 0 < seed[0] - last_a <= CHAIN_STEP and 0 < seed[1] - last_b <= CHAIN_STEP:
                chain.append(seed)
                break
        else:
            chains.append([seed])
    return chains


def _align_chain(
    prints: Sequence[Fingerprint],
    a: int,
    b: int,
    chain: list[Seed],
    min_words: int,
    min_similarity: float,
) -> Iterable[Passage]:
    doc_a, doc_b = prints[a], prints[b]
    # One unit of context on each side: a copied passage may start or end inside
    # a unit that is itself too different to be a seed.
    a_lo, a_hi = _window(doc_a, chain[0][0], chain[-1][0])
    b_lo, b_hi = _window(doc_b, chain[0][1], chain[-1][1])
    if a == b:
        a_hi = min(a_hi, b_lo)
    ids_a = doc_a.ids[a_lo:a_hi].tolist()
    ids_b = doc_b.ids[b_lo:b_hi].tolist()
    for match in matches(ids_a, ids_b, MAX_GAP):
        core = (match.a_start + a_lo, match.a_end + a_lo, match.b_start + b_lo, match.b_end + b_lo)
        if min(core[1] - core[0], core[3] - core[2]) < min_words:
            continue
        span, score = _best_extent(doc_a, doc_b, core, same_document=a == b)
        if score >= min_similarity:
            a_start, a_end, b_start, b_end = span
            verbatim = doc_a.ids[a_start:a_end] == doc_b.ids[b_start:b_end]
            yield Passage(a, a_start, a_end, b, b_start, b_end, score, verbatim)


def _window(fingerprint: Fingerprint, first_unit: int, last_unit: int) -> tuple[int, int]:
    first = max(first_unit - 1, 0)
    last = min(last_unit + 1, fingerprint.unit_count - 1)
    return fingerprint.unit_starts[first], fingerprint.unit_starts[last + 1]


Span = tuple[int, int, int, int]


def _best_extent(
    doc_a: Fingerprint, doc_b: Fingerprint, core: Span, same_document: bool
) -> tuple[Span, float]:
    """The aligned core, or the same passage widened to whole units when that
    scores at least as well (the words of a moved clause are then counted)."""
    core_score = _score(doc_a, doc_b, core)
    a_start, a_end = _whole_units(doc_a, core[0], core[1])
    b_start, b_end = _whole_units(doc_b, core[2], core[3])
    if same_document and a_end > b_start:
        return core, core_score
    wide = (a_start, a_end, b_start, b_end)
    wide_score = _score(doc_a, doc_b, wide)
    return (wide, wide_score) if wide_score >= core_score else (core, core_score)


def _whole_units(fingerprint: Fingerprint, start: int, end: int) -> tuple[int, int]:
    first = fingerprint.unit_of(start)
    last = fingerprint.unit_of(end - 1)
    return fingerprint.unit_starts[first], fingerprint.unit_starts[last + 1]


def _score(doc_a: Fingerprint, doc_b: Fingerprint, span: Span) -> float:
    return similarity(doc_a.ids[span[0] : span[1]], doc_b.ids[span[2] : span[3]])


def _merge(
    prints: Sequence[Fingerprint], passages: list[Passage], min_similarity: float
) -> list[Passage]:
    """Join passages of the same two documents that touch on both sides, in either
    order (two clauses swapped, a sentence moved), when the union is still similar
    enough; of passages that overlap on both sides, keep the longest."""
    kept: list[Passage] = []
    for passage in sorted(passages, key=lambda p: p.b_start - p.b_end + p.a_start - p.a_end):
        for index, other in enumerate(kept):
            if not (
                _near(passage.a_start, passage.a_end, other.a_start, other.a_end)
                and _near(passage.b_start, passage.b_end, other.b_start, other.b_end)
            ):
                continue
            union = _union(prints, passage, other)
            if union is not None and union.similarity >= min_similarity:
                kept[index] = union
                break
            if _overlap(passage, other):
                break
        else:
            kept.append(passage)
    return sorted(kept, key=lambda p: (p.a_start, p.b_start))


def _near(start: int, end: int, other_start: int, other_end: int) -> bool:
    return max(start, other_start) - min(end, other_end) <= MAX_GAP


def _overlap(first: Passage, second: Passage) -> bool:
    return (
        first.a_start < second.a_end
        and second.a_start < first.a_end
        and first.b_start < second.b_end
        and second.b_start < first.b_end
    )


def _union(prints: Sequence[Fingerprint], first: Passage, second: Passage) -> Passage | None:
    a_start, a_end = min(first.a_start, second.a_start), max(first.a_end, second.a_end)
    b_start, b_end = min(first.b_start, second.b_start), max(first.b_end, second.b_end)
    if first.a == first.b and a_end > b_start:
        return None
    doc_a, doc_b = prints[first.a], prints[first.b]
    span = (a_start, a_end, b_start, b_end)
    verbatim = doc_a.ids[a_start:a_end] == doc_b.ids[b_start:b_end]
    return Passage(
        first.a, a_start, a_end, first.b, b_start, b_end, _score(doc_a, doc_b, span), verbatim
    )
