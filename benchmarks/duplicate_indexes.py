"""The duplicates check's two candidate indexes side by side on one corpus.

For each N, the ``compare_scaling.py`` corpus of N documents: its indexed
units, the CPU time and candidate pairs of the exact shingle index and of the
MinHash sketch index (the one ``EXACT_INDEX_LIMIT`` picks by size), and the
pairs of units whose bigram Jaccard reaches ``CANDIDATE_JACCARD``, the pairs
both are documented to find.  Those are counted exactly: identical shingle
sets grouped, then a prefix filter over the distinct sets (no pair dropped).
``--memory`` adds the exact index's peak (``tracemalloc``, slow).
"""

from __future__ import annotations

import argparse
import functools
import gc
import itertools
import math
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from compare_scaling import analysed

from factcheck.checks.duplicates import DuplicatesCheck
from factcheck.duplicates.candidates import CANDIDATE_JACCARD, _exact_pairs, _sketch_pairs
from factcheck.duplicates.shingles import SEED_WORDS, unit_bigrams
from factcheck.duplicates.units import CorpusUnits
from factcheck.engine import Linter
from factcheck.rules.ruleset import RuleSet


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        result = work()
        return time.process_time() - start, result
    finally:
        gc.enable()


def similar_pairs(units: CorpusUnits) -> tuple[list[int], set[tuple[int, int]]]:
    """Each unit's distinct shingle set (a number; -1 when not indexed), and
    the pairs of distinct sets with bigram Jaccard >= CANDIDATE_JACCARD: the
    pairs an index is to find, up to identical units (which it may link in a
    chain)."""
    numbering: dict[frozenset[int], int] = {}
    of_unit = []
    for number in range(units.count):
        start, end = units.words(number)
        shingles = frozenset(unit_bigrams(units.ids, start, end))
        of_unit.append(
            numbering.setdefault(shingles, len(numbering)) if end - start >= SEED_WORDS else -1
        )
    distinct = list(numbering)
    held: Counter[int] = Counter(s for shingles in distinct for s in shingles)
    postings: defaultdict[int, list[int]] = defaultdict(list)
    for number, shingles in enumerate(distinct):
        order = sorted(shingles, key=lambda s: (held[s], s))
        for shingle in order[: len(order) - math.ceil(CANDIDATE_JACCARD * len(order)) + 1]:
            postings[shingle].append(number)
    found: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    for numbers in postings.values():
        for pair in itertools.combinations(numbers, 2):
            if pair not in seen:
                seen.add(pair)
                a, b = (distinct[n] for n in pair)
                common = len(a & b)
                if common >= CANDIDATE_JACCARD * (len(a) + len(b) - common):
                    found.add(pair)
    return of_unit, found


def recalled(
    pairs: list[tuple[int, int]], of_unit: list[int], similar: set[tuple[int, int]]
) -> int:
    """How many of the similar pairs of distinct sets some candidate pair links."""
    linked = {(min(of_unit[a], of_unit[b]), max(of_unit[a], of_unit[b])) for a, b in pairs}
    return len(linked & similar)


def sketch_pairs(units: CorpusUnits, indexed: int) -> list[tuple[int, int]]:
    return list(_sketch_pairs(units, indexed))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[1600, 3200])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--memory", action="store_true", help="the exact index's peak")
    args = parser.parse_args()
    import numpy  # noqa: F401  (its import is not the sketch index's work)

    linter = Linter(RuleSet(), check_types=[DuplicatesCheck])
    print(
        f"{'documents':>9} {'indexed':>8} {'exact s':>8} {'pairs':>8} "
        f"{'sketch s':>9} {'pairs':>8} {'similar':>8} {'exact':>7} {'sketch':>7}"
        + (f" {'exact MB':>9}" if args.memory else "")
    )
    for count in args.documents:
        facts = analysed(count, args.seed, linter)["duplicates"]
        units = CorpusUnits.of(facts[path] for path in sorted(facts))
        indexed = sum(1 for s, e in itertools.pairwise(units.bounds) if e - s >= SEED_WORDS)
        exact_s, exact = timed(functools.partial(_exact_pairs, units, {}))
        sketch_s, sketch = timed(functools.partial(sketch_pairs, units, indexed))
        of_unit, similar = similar_pairs(units)
        line = (
            f"{count:>9,} {indexed:>8,} {exact_s:>8.3f} {len(exact):>8,} {sketch_s:>9.3f} "
            f"{len(sketch):>8,} {len(similar):>8,} {recalled(exact, of_unit, similar):>7,} "
            f"{recalled(sketch, of_unit, similar):>7,}"
        )
        if args.memory:
            tracemalloc.start()
            _exact_pairs(units, {})
            line += f" {tracemalloc.get_traced_memory()[1] / 1e6:>9.1f}"
            tracemalloc.stop()
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
