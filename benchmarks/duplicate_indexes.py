"""The duplicates check's candidate index against the pairs it is to find.

For each N, the ``compare_scaling.py`` corpus of N documents: its indexed
units, the CPU time and candidate pairs of the index a whole-corpus run uses
(``candidate_pairs``: numpy from ``NUMPY_FROM`` indexed units), and the pairs
of distinct units whose bigram Jaccard reaches ``CANDIDATE_JACCARD``, counted
exactly by the same join with no bigram counted as crowded
(``similar_sets``), with how many of them the index links.  The index links
every such pair that shares a bigram held by at most ``CROWD`` units; the
others are made only of bigrams common across the corpus.  ``--memory`` adds
the index's peak (``tracemalloc``, slow).
"""

from __future__ import annotations

import argparse
import functools
import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from compare_scaling import analysed

from factcheck.checks.duplicates import DuplicatesCheck
from factcheck.duplicates.candidates import candidate_pairs, shingle_sets, similar_sets
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


def recall(units: CorpusUnits, pairs: list[tuple[int, int]]) -> tuple[int, int, int]:
    """Indexed units, similar pairs of distinct sets, and how many of those
    some candidate pair links."""
    sets = shingle_sets(units, None)
    of_unit = {}
    for number in range(len(sets.sizes)):
        for unit in sets.units[sets.holders[number] : sets.holders[number + 1]].tolist():
            of_unit[unit] = number
    similar = set(similar_sets(sets).tolist())
    linked = {
        min(of_unit[a], of_unit[b]) << 32 | max(of_unit[a], of_unit[b])
        for a, b in pairs
        if of_unit[a] != of_unit[b]
    }
    return len(of_unit), len(similar), len(linked & similar)


def pairs_of(units: CorpusUnits) -> list[tuple[int, int]]:
    return list(candidate_pairs(units))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[1600, 3200])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--memory", action="store_true", help="the index's peak")
    args = parser.parse_args()
    import numpy  # noqa: F401  (its import is not the index's work)

    linter = Linter(RuleSet(), check_types=[DuplicatesCheck])
    print(
        f"{'documents':>9} {'indexed':>8} {'index s':>8} {'pairs':>8} {'similar':>8} "
        f"{'linked':>8}" + (f" {'index MB':>9}" if args.memory else "")
    )
    for count in args.documents:
        facts = analysed(count, args.seed, linter)["duplicates"]
        units = CorpusUnits.of(facts[path] for path in sorted(facts))
        seconds, pairs = timed(functools.partial(pairs_of, units))
        indexed, similar, linked = recall(units, pairs)
        line = (
            f"{count:>9,} {indexed:>8,} {seconds:>8.3f} {len(pairs):>8,} {similar:>8,} {linked:>8,}"
        )
        if args.memory:
            tracemalloc.start()
            sum(1 for _ in candidate_pairs(units))
            line += f" {tracemalloc.get_traced_memory()[1] / 1e6:>9.1f}"
            tracemalloc.stop()
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
