"""Where the time goes: each check's per-document and corpus-wide stage, timed
separately on one core, on the benchmark corpus.

    benchmarks/.env/bin/python benchmarks/check_profile.py --size 2

The table says which check bounds the whole-lint throughput; profile that one
further with ``--profile CHECK`` (cProfile, heaviest functions by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict

from corpus import cached
from lint_throughput import load_phrases, seed_rules
from measure import CACHE, ROOT, corpus_bytes, machine, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=2, help="corpus megabytes (default 2)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", metavar="CHECK", help="cProfile this check's stages")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from factcheck.corpus.discovery import discover, display_path
    from factcheck.corpus.loading import load_file
    from factcheck.corpus.manifest import Manifest
    from factcheck.engine import Linter
    from factcheck.rules.loader import load_rules
    from factcheck.rules.ruleset import RuleSet

    rules = seed_rules()
    phrases, _ = load_phrases(rules)
    corpus = cached(CACHE, args.size, args.seed, [p for p, _ in phrases])
    megabytes = corpus_bytes(corpus) / 1e6
    linter = Linter(load_rules([str(rules)]) if rules.exists() else RuleSet())
    files = discover([str(corpus)], [".md"])
    profiler = cProfile.Profile()

    analyze: dict[str, float] = defaultdict(float)
    facts: dict[str, dict[str, object]] = defaultdict(dict)
    loading = 0.0
    for path in files:
        start = time.perf_counter()
        loaded = load_file(path, display_path(path), Manifest())
        loading += time.perf_counter() - start
        doc = loaded.document
        assert doc is not None
        for check in linter.checks:
            profiling = check.name == args.profile
            if profiling:
                profiler.enable()
            start = time.perf_counter()
            report = check.analyze(doc)
            analyze[check.name] += time.perf_counter() - start
            if profiling:
                profiler.disable()
            if report.facts is not None:
                facts[check.name][doc.path] = report.facts
    compare: dict[str, float] = {}
    for check in linter.checks:
        profiling = check.name == args.profile
        if profiling:
            profiler.enable()
        start = time.perf_counter()
        list(check.compare(facts[check.name]))
        compare[check.name] = time.perf_counter() - start
        if profiling:
            profiler.disable()

    print(f"Machine: {machine()}")
    print(f"Corpus: {megabytes:.1f} MB, {len(files)} articles; one core, in process\n")
    rows = [["read, decode, front matter", f"{loading:.2f}", "", f"{megabytes / loading:.1f}"]]
    for check in linter.checks:
        name = check.name
        total = analyze[name] + compare[name]
        rows.append(
            [name, f"{analyze[name]:.2f}", f"{compare[name]:.2f}", f"{megabytes / total:.1f}"]
        )
    print(table(["stage", "analyze s", "compare s", "MB/s alone"], rows))
    if args.profile:
        print(f"\nHeaviest functions of {args.profile} (own time):\n")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
