"""Scaling of the corpus-wide stage: each cross-document check's ``compare``
timed on N and on 2N generated documents, side by side in one run.

The corpus repeats what makes an all-pairs comparison quadratic: every event
is dated in several documents (in different words and sometimes on different
dates), every quotation is reproduced in several documents (some altered by a
word, some credited to someone else), and all of them share common words and
phrases ("the city council said", "we are going to").  Twice the corpus holds
twice the events and quotations, as a real archive does; the target is a
ratio of at most 2.1.

    .venv/bin/python benchmarks/compare_scaling.py [--documents 400] [--seed 7]
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from typing import Any

from factcheck.checks.altered_quotations import AlteredQuotationCheck
from factcheck.checks.attribution import AttributionCheck
from factcheck.checks.dates import DateCheck
from factcheck.checks.duplicates import DuplicatesCheck
from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.rules.ruleset import RuleSet

CHECKS = [DateCheck, AttributionCheck, AlteredQuotationCheck, DuplicatesCheck]
REPEATS = 3  # the best of three runs is reported
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


def compare_times(count: int, seed: int) -> dict[str, float]:
    linter = Linter(RuleSet(), check_types=CHECKS)
    corpus = Linter.gather(
        linter.analyze(load_bytes(text.encode(), f"doc{n:05d}.md"))
        for n, text in enumerate(documents(count, seed))
    )
    times: dict[str, float] = {}
    for check in linter.checks:
        facts: dict[str, Any] = corpus.facts.get(check.name, {})
        runs = []
        for _ in range(REPEATS):
            # As timeit does: the collector's passes over every live fact
            # would be timed along with the comparison.
            gc.collect()
            gc.disable()
            # CPU time: on a machine shared with other work, wall time
            # measures the neighbours as much as the comparison.
            start = time.process_time()
            list(check.compare(facts))
            runs.append(time.process_time() - start)
            gc.enable()
        times[check.name] = min(runs)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=400, help="N (default 400)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    n = args.documents
    small = compare_times(n, args.seed)
    large = compare_times(2 * n, args.seed)
    print(f"{'check':<20} {f'N={n}':>10} {f'2N={2 * n}':>10} {'ratio':>7}  (target <= 2.1)")
    for name, seconds in small.items():
        ratio = large[name] / seconds if seconds else float("inf")
        print(f"{name:<20} {seconds:9.3f}s {large[name]:9.3f}s {ratio:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
