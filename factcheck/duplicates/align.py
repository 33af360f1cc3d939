"""Exact comparison of two word sequences: verification, alignment, similarity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel


def common_in_order(a: Sequence[int], b: Sequence[int]) -> int:
    """Length of the longest common subsequence of words."""
    return (len(a) + len(b) - Indel.distance(a, b)) // 2


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Share of words the two passages have in common, counted with repeats
    (Dice).  Word order does not matter, so reordered clauses still count as
    the same words; the alignment that found the passage already asked for
    order."""
    if not a or not b:
        return 0.0
    if a == b:  # a verbatim copy, the commonest case, without counting
        return 1.0
    shared = sum((Counter(a) & Counter(b)).values())
    return 2 * shared / (len(a) + len(b))


@dataclass(frozen=True)
class Match:
    """Aligned word ranges [a_start, a_end) and [b_start, b_end)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


def matches(a: Sequence[int], b: Sequence[int], max_gap: int) -> list[Match]:
    """Stretches where ``a`` and ``b`` agree: runs of equal words from their
    alignment, joined across small edits.  A gap on one side only (words added
    or dropped, or a clause moved elsewhere) may be up to ``max_gap`` words; a
    gap on both sides (words changed) up to ``CHANGED_GAP``, so a rewritten
    heading between two copied paragraphs splits them.  Short runs stranded at
    the edges ("the", "report") are trimmed."""
    runs: list[list[tuple[int, int, int, int]]] = []
    for op in Indel.opcodes(a, b):
        if op.tag != "equal":
            continue
        block = (op.src_start, op.src_end, op.dest_start, op.dest_end)
        if runs and _joins(runs[-1][-1], block, max_gap):
            runs[-1].append(block)
        else:
            runs.append([block])
    found = []
    for blocks in runs:
        _trim_edges(blocks)
        found.append(Match(blocks[0][0], blocks[-1][1], blocks[0][2], blocks[-1][3]))
    return found


CHANGED_GAP = 3
# An edge run this short next to a gap at least as long is noise, not copy.
STRANDED = 3

Block = tuple[int, int, int, int]


def _joins(previous: Block, block: Block, max_gap: int) -> bool:
    gap_a = block[0] - previous[1]
    gap_b = block[2] - previous[3]
    if gap_a == 0 or gap_b == 0:
        return max(gap_a, gap_b) <= max_gap
    return max(gap_a, gap_b) <= CHANGED_GAP


def _trim_edges(blocks: list[Block]) -> None:
    def stranded(block: Block, neighbour: Block) -> bool:
        size = block[1] - block[0]
        # The neighbour is on one side or the other: one of each pair is the gap.
        gap = max(
            block[0] - neighbour[1],
            neighbour[0] - block[1],
            block[2] - neighbour[3],
            neighbour[2] - block[3],
        )
        return size <= STRANDED and gap >= size

    while len(blocks) > 1 and stranded(blocks[0], blocks[1]):
        del blocks[0]
    while len(blocks) > 1 and stranded(blocks[-1], blocks[-2]):
        del blocks[-1]
