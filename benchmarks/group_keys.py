"""How far the corpus-wide stage must look for one document: the keys of each
check (``Check.group_facts``, ``reach_keys``/``probe_keys``, ``tally``) on a
generated corpus.

For each check it prints the largest key group a document looks up and a
document's reach (the documents found under the keys it looks up: what a run
on one changed file must load), as counts and shares of the corpus, and, side
by side, ``compare`` over the whole corpus and over one document's reach (mean
over a sample of documents).  A check without keys reaches every document.

    .venv/bin/python benchmarks/group_keys.py [--size 2] [--seed 7] [--sample 50]
"""

from __future__ import annotations

import argparse
import functools
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import cached
from measure import table

from factcheck.checks import registry
from factcheck.checks.base import Check
from factcheck.checks.reach import chained, compare_within, corpus_tally, key_holders, reaches
from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.rules.ruleset import RuleSet


def timed(run: Any) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def row(check: Check, facts: dict[str, Any], sample: list[str]) -> list[object]:
    documents = len(facts)
    tally = corpus_tally(check, facts)
    whole = timed(lambda: list(check.compare(facts)))
    reach = reaches(check, facts)
    if reach is None:
        return [check.name, "-", "every document", f"{whole:.3f} s", "-", "-"]
    sizes = [len(r) for r in reach.values()]

    def one(path: str) -> None:
        list(compare_within(check, {p: facts[p] for p in reach[path]}, tally))

    per_document = statistics.mean(timed(functools.partial(one, p)) for p in sample)
    return [
        check.name,
        _largest_group(check, facts),
        f"{statistics.mean(sizes):.1f} / {max(sizes)} ({max(sizes) / documents:.1%})",
        f"{whole:.3f} s",
        f"{per_document * 1000:.2f} ms",
        f"{len(tally):,} counts" if tally is not None else "-",
    ]


def _largest_group(check: Check, facts: dict[str, Any]) -> str:
    """The largest group of documents under one key a reach takes in: keys
    only found under (the long wording's side of a containment key) are never
    looked up; chain keys (duplicates) bring in the nearest holders of a
    crowded key, so their groups are not counted."""
    holders = None if chained(check) else key_holders(check, facts)
    if holders is None:
        return "-"
    probed = {
        key for document_facts in facts.values() for key in check.probe_keys(document_facts) or ()
    }
    largest = max((len(holders[key]) for key in probed if key in holders), default=0)
    return f"{largest} ({largest / len(facts):.1%})" if largest else "no keys"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=2, help="corpus megabytes (default 2)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample", type=int, default=50, help="documents timed alone")
    args = parser.parse_args()
    root = Path(tempfile.gettempdir()) / "factcheck-bench"
    files = sorted(cached(root, args.size, args.seed, []).rglob("*.md"))
    linter = Linter(RuleSet(), check_types=registry.checks())
    gathered = Linter.gather(linter.analyze(load_bytes(f.read_bytes(), str(f))) for f in files)
    print(f"{len(files)} documents ({args.size:g} MB, seed {args.seed})")
    rows = []
    for check in linter.checks:
        if type(check).compare is Check.compare:
            continue
        facts = dict(gathered.facts.get(check.name, {}))
        sample = random.Random(args.seed).sample(sorted(facts), min(args.sample, len(facts)))
        rows.append(row(check, facts, sample))
    header = [
        "check",
        "largest group looked up",
        "reach mean / max",
        "whole compare",
        "one reach",
        "tally",
    ]
    print(table(header, rows))


if __name__ == "__main__":
    main()
