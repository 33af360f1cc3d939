"""Peak memory of each check's corpus-wide stage, facts read from the fact
store on demand or every document's facts held at once, side by side.

    benchmarks/.env/bin/python benchmarks/compare_memory.py --size 5 [--checkout DIR]

Analyses the benchmark corpus (seed 7, the seed rules) with the chosen checks,
writes their facts to a temporary fact store as a run does, then for each
check runs the store's comparison twice under ``tracemalloc``: as the check
declares (``Check.facts_on_demand``) and with every document's facts loaded
first.  ``--checkout DIR`` measures another checkout's code (main, for a
before and after).  Prints the peak of Python allocations during each (the facts loaded
included), the CPU seconds of each (untraced), and whether the findings are
the same.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus import cached
from lint_throughput import load_phrases, seed_rules
from measure import CACHE, ROOT, corpus_bytes, load, machine, table

CHECKS = ("altered-quotations", "duplicates")


def traced(run: Callable[[], list[Any]]) -> tuple[list[Any], float, float]:
    """What ``run`` returns, its peak traced memory (MB) and, from a second
    run without tracing (which slows Python down), its CPU seconds."""
    tracemalloc.start()
    try:
        result = run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    start = time.process_time()
    run()
    return result, peak / 1e6, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=5, help="corpus megabytes (default 5)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--checks", nargs="+", default=list(CHECKS), metavar="CHECK")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="whose code to measure")
    args = parser.parse_args()
    sys.path.insert(0, str(args.checkout.resolve()))
    from factcheck.checks import registry
    from factcheck.corpus.discovery import discover, display_path
    from factcheck.corpus.loading import load_file
    from factcheck.corpus.manifest import Manifest
    from factcheck.engine import Linter
    from factcheck.factstore import FactStore
    from factcheck.rules.loader import load_rules

    rules = seed_rules()
    phrases, _ = load_phrases(rules)
    corpus = cached(CACHE, args.size, args.seed, [p for p, _ in phrases])
    types = [t for t in registry.checks() if t.name in args.checks]
    unknown = set(args.checks) - {t.name for t in types}
    if unknown:
        parser.error(f"unknown checks: {', '.join(sorted(unknown))}")
    linter = Linter(load_rules([str(rules)]), check_types=types)
    store = FactStore.temporary(linter.checks)
    files = discover([str(corpus)], [".md"])
    names = []
    for path in files:
        result = linter.analyze(load_file(path, display_path(path), Manifest()))
        if result.path is not None:
            names.append(result.path)
            store.write([store.rows(result.path, result.path, "digest", result.facts)])
    store.register((name, name, "digest", True) for name in names)
    checks = store.checks
    rows = []
    for check in checks:
        store.checks = [check]
        on_demand, demand_mb, demand_s = traced(lambda: list(store.compare(scoped=False)))
        declared = type(check).facts_on_demand
        type(check).facts_on_demand = False  # type: ignore[misc]
        try:
            held, held_mb, held_s = traced(lambda: list(store.compare(scoped=False)))
        finally:
            type(check).facts_on_demand = declared  # type: ignore[misc]
        same = "identical" if on_demand == held else "DIFFERENT"
        mode = "on demand" if declared else "held (not on demand)"
        figures = [f"{held_mb:.1f}", f"{demand_mb:.1f}", f"{held_s:.2f}", f"{demand_s:.2f}"]
        rows.append([check.name, mode, *figures, str(len(held)), same])
    store.close()
    print(f"Machine: {machine()}; load {load()}")
    print(f"Code: {args.checkout.resolve()}")
    print(f"Corpus: {corpus_bytes(corpus) / 1e6:.1f} MB, {len(files)} articles\n")
    header = ["check", "declared", "held MB", "as declared MB", "held s", "as declared s"]
    header += ["findings", "same"]
    print(table(header, rows))


if __name__ == "__main__":
    main()
