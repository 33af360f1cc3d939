"""Quotation extraction and attribution checking throughput, in MB/s.

Generates a news-like corpus (quotations in every cue shape, speakers with
titles, pronouns, unattributed quotes, filler prose) and measures, side by side
in one run: a bare scan for quote marks (the floor), quotation extraction with
speakers, and a full lint with the attribution and altered-quotation checks and
the repository's rules.

    .venv/bin/python benchmarks/quotations.py [--mb 1.0]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

from factcheck.checks.altered_quotations import AlteredQuotationCheck
from factcheck.checks.attribution import AttributionCheck
from factcheck.checks.quotation_book import QuotationBook
from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.rules.loader import load_rules

REPO = Path(__file__).resolve().parent.parent

SPEAKERS = [
    "Secretary of State Antony Blinken",
    "Blinken",
    "Assistant Secretary Todd Robinson",
    "foreign ministry spokesman Wang Wenbin",
    "a senior administration official",
    "State Department spokesperson Ned Price",
    "Mayor Ellen Hart",
    "a spokesman for the port authority",
]
QUOTES = [
    "We need to see much greater cooperation when it comes to fentanyl.",
    "The harbor will reopen on Monday, and inspections will continue through the week.",
    "It's not about pointing fingers. It's simply finding a way to cooperate.",
    "We have invited every country that shares the concern to join us.",
    "The U.S. itself is the root cause of its drug problems.",
    "Our expectation is that shipments will slow within months.",
]
FILLER = [
    "The meeting took place in a hotel near the airport and lasted most of the afternoon.",
    "Officials from several agencies attended, including customs and the coast guard.",
    "Local businesses said the closure had cost them thousands of dollars a day.",
    "The report, published last spring, counted more than 140 incidents.",
]


def paragraph(rng: random.Random) -> str:
    # Each quotation has its speaker, as in real coverage; one in fifty is
    # credited to someone else (what the check is for).
    n = rng.randrange(len(QUOTES))
    quote = QUOTES[n]
    speaker = SPEAKERS[n] if rng.random() > 0.02 else rng.choice(SPEAKERS)
    shape = rng.randrange(5)
    if shape == 0:
        text = f"“{quote.rstrip('.')},” {speaker} said."
    elif shape == 1:
        text = f"{speaker[0].upper()}{speaker[1:]} said, “{quote}”"
    elif shape == 2:
        text = f"{speaker[0].upper()}{speaker[1:]} told reporters that talks were “{quote}”"
    elif shape == 3:
        text = f"“{quote.rstrip('.')},” {speaker} added. “{QUOTES[(n + 1) % len(QUOTES)]}”"
    else:
        text = f"The agency called the plan “{quote.split()[0]} {quote.split()[1]}” in a memo."
    return " ".join([rng.choice(FILLER), text, rng.choice(FILLER)])


def corpus(megabytes: float) -> list[str]:
    rng = random.Random(7)
    docs, size = [], 0
    while size < megabytes * 1_000_000:
        doc = "\n\n".join(paragraph(rng) for _ in range(12)) + "\n"
        docs.append(doc)
        size += len(doc.encode())
    return docs


def rate(label: str, size: int, run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    mb_s = size / 1_000_000 / seconds
    print(f"{label:<44} {seconds:7.3f} s  {mb_s:8.2f} MB/s")
    return mb_s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB")
    args = parser.parse_args()
    docs = corpus(args.mb)
    size = sum(len(d.encode()) for d in docs)
    rules = load_rules([str(REPO / "rules")])
    book = QuotationBook(rules)
    marks = re.compile(r"[“”\"‘’']")
    loaded = [load_bytes(d.encode(), f"doc{i}.txt") for i, d in enumerate(docs)]
    print(f"corpus: {len(docs)} documents, {size / 1e6:.2f} MB")
    floor = rate("scan for quote marks (floor)", size, lambda: [marks.findall(d) for d in docs])
    extract = rate(
        "extract quotations with speakers",
        size,
        lambda: [book.quotations(item.document) for item in loaded if item.document],
    )
    linter = Linter(rules, check_types=[AttributionCheck, AlteredQuotationCheck])
    lint = rate("lint: attribution + altered quotations", size, lambda: linter.run(loaded))
    print(
        f"extraction is {floor / extract:.0f}x slower than the floor; full lint {floor / lint:.0f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
