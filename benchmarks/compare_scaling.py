"""Scaling of the corpus-wide stage: each cross-document check's ``compare``
timed on N and on 2N generated documents, side by side in one run.

The corpus repeats what makes an all-pairs comparison quadratic: every event
is dated in several documents (in different words and sometimes on different
dates), every quotation is reproduced in several documents (some altered by a
word, some credited to someone else), and all of them share common words and
phrases ("the city council said", "we are going to").  Twice the corpus holds
twice the events and quotations, as a real archive does; the target is a
ratio of at most 2.1.

Every corpus is analysed first, then the comparisons are timed in rounds,
each round timing every check on every corpus once, and the fastest of the
rounds is kept: the sizes compared share the same spells of load from other
work on the machine instead of meeting them one after the other.

    .venv/bin/python benchmarks/compare_scaling.py [--documents 400 800 1600]
        [--checks dates ...] [--rounds 5] [--seed 7]
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from typing import Any

from factcheck.checks.altered_quotations import AlteredQuotationCheck
from factcheck.checks.attribution import AttributionCheck
from factcheck.checks.base import Check
from factcheck.checks.dates import DateCheck
from factcheck.checks.duplicates import DuplicatesCheck
from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.rules.ruleset import RuleSet

CHECKS = [DateCheck, AttributionCheck, AlteredQuotationCheck, DuplicatesCheck]
COMMON = ["city", "council", "officials", "federal", "state", "agency", "board", "county"]
ACTIONS = ["approved", "rejected", "announced", "delayed", "opened", "closed", "signed"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
PHRASES = [
    "we are going to",
    "at the end of the day",
    "as soon as possible",
    "in the interest of the public",
    "there is no doubt that",
]
SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "vas", "dor", "pel", "qui", "sen", "bra", "nox"]
NAMES = ["Hart", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Alvarez", "Kowalski", "Singh"]


def term(rng: random.Random) -> str:
    """A distinctive made-up word: the rare vocabulary of one story."""
    return "".join(rng.choice(SYLLABLES) for _ in range(4))


def documents(count: int, seed: int) -> list[str]:
    """``count`` documents; a fifth as many events and quotations, each
    reported by about five documents."""
    rng = random.Random(seed)
    stories = []
    for _ in range(max(1, count // 5)):
        topic = [term(rng) for _ in range(4)]
        quote = [*rng.choice(PHRASES).split(), *(term(rng) for _ in range(6)), "this", "year"]
        day = (rng.choice(MONTHS), rng.randrange(1, 28), rng.choice([2019, 2020, 2021]))
        stories.append((topic, quote, day, rng.choice(NAMES)))
    texts = []
    for _ in range(count):
        paragraphs = []
        for topic, quote, (month, day, year), speaker in rng.sample(stories, 3):
            words = [*rng.sample(COMMON, 3), rng.choice(ACTIONS), *topic]
            if rng.random() < 0.2:
                day = day % 27 + 1  # an account that dates the event differently
            quoted = list(quote)
            if rng.random() < 0.3:
                quoted[rng.randrange(len(quoted))] = term(rng)  # an altered wording
            credited = speaker if rng.random() > 0.1 else rng.choice(NAMES)
            paragraphs.append(
                f"The {' '.join(words)} plan on {month} {day}, {year}. "
                f"“{' '.join(quoted).capitalize()},” Mayor Dana {credited} said."
            )
        texts.append("\n\n".join(paragraphs) + "\n")
    return texts


def analysed(count: int, seed: int, linter: Linter) -> dict[str, dict[str, Any]]:
    """Each check's facts of the corpus of ``count`` documents."""
    corpus = Linter.gather(
        linter.analyze(load_bytes(text.encode(), f"doc{n:05d}.md"))
        for n, text in enumerate(documents(count, seed))
    )
    return {check.name: corpus.facts.get(check.name, {}) for check in linter.checks}


def compare_time(check: Check, facts: dict[str, Any]) -> float:
    """CPU seconds of one comparison: on a machine shared with other work,
    wall time measures the neighbours as much as the comparison (which is
    single-threaded)."""
    # As timeit does: the collector's passes over every live fact would be
    # timed along with the comparison.
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        list(check.compare(facts))
        return time.process_time() - start
    finally:
        gc.enable()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--documents", type=int, nargs="+", default=[400], help="each N (default 400)"
    )
    parser.add_argument(
        "--checks",
        nargs="+",
        choices=[check.name for check in CHECKS],
        help="the checks to time (default: all)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="the fastest is kept")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    chosen = [check for check in CHECKS if args.checks is None or check.name in args.checks]
    linter = Linter(RuleSet(), check_types=chosen)
    sizes = sorted({size for n in args.documents for size in (n, 2 * n)})
    corpora = {size: analysed(size, args.seed, linter) for size in sizes}
    best: dict[tuple[str, int], float] = {}
    for _ in range(args.rounds):
        for size in sizes:
            for check in linter.checks:
                seconds = compare_time(check, corpora[size][check.name])
                key = (check.name, size)
                best[key] = min(seconds, best.get(key, seconds))
    print(f"{'check':<20} {'N':>6} {'time N':>9} {'time 2N':>9} {'ratio':>7}  (target <= 2.1)")
    for check in linter.checks:
        for n in args.documents:
            small, large = best[check.name, n], best[check.name, 2 * n]
            ratio = large / small if small else float("inf")
            print(f"{check.name:<20} {n:>6} {small:8.3f}s {large:8.3f}s {ratio:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
