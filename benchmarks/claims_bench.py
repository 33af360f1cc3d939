"""Claim-extraction throughput on a generated news corpus, and the lazy import
of dateparser.

Run: ``python benchmarks/claims_bench.py [--megabytes 2] [--seed 7]``.  The
corpus is generated from templates with a seeded random generator, so runs are
comparable.  Prints MB/s for extraction alone and for a full lint with the
repository's rules, and whether dateparser was imported after reading a text
with no date candidate, and after one with a numeric date.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcheck.claims.reading import read_claims  # noqa: E402
from factcheck.corpus.document import Document, Metadata  # noqa: E402
from factcheck.corpus.loading import Loaded  # noqa: E402
from factcheck.engine import Linter  # noqa: E402
from factcheck.partial_date import PartialDate  # noqa: E402
from factcheck.rules.loader import load_rules  # noqa: E402

TEMPLATES = (
    "Officials from {n} countries met on {weekday} to discuss synthetic drug threats.",
    "Fentanyl is blamed for roughly {big} drug overdose deaths in the U.S. each year.",
    "Beijing submitted {n} drug-related incidents to the INCB database in {month}.",
    "The notice warned producers of more than {n} precursors, the official said {weekday}.",
    "Fentanyl is {n} to {m} times stronger than morphine, according to a {year} report.",
    "China banned the sale of fentanyl in {year}, and talks resumed last {month}.",
    "The meeting, held {when}, drew nearly {big} people and two dozen ministers.",
    "Analysts said the policy, announced early last year, had little effect.",
    "Critics argued that the program lacked funding and clear goals.",
    "The ministry published its report on {weekday}, {month} {day}, {year}.",
)
MONTHS = ("January", "March", "May", "July", "August", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
WHEN = ("a few years ago", "this week", "last month", "in late May", "two years ago")


def corpus(megabytes: float, seed: int) -> list[str]:
    rng = random.Random(seed)
    documents: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        sentences = [
            rng.choice(TEMPLATES).format(
                n=rng.randint(2, 400),
                m=rng.randint(401, 900),
                big=f"{rng.randint(10, 200) * 1000:,}",
                weekday=rng.choice(WEEKDAYS),
                month=rng.choice(MONTHS),
                day=rng.randint(1, 28),
                year=rng.randint(2015, 2024),
                when=rng.choice(WHEN),
            )
            for _ in range(40)
        ]
        text = " ".join(sentences) + "\n"
        documents.append(text)
        size += len(text.encode("utf-8"))
    return documents


def documents(texts: list[str]) -> list[Document]:
    published = Metadata(published=PartialDate(2024, 1, 29))
    return [Document(f"doc{i}.txt", text, published) for i, text in enumerate(texts)]


def dateparser_imported(text: str) -> bool:
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from factcheck.corpus.document import Document\n"
        "from factcheck.claims.reading import read_claims\n"
        f"read_claims(Document('x.txt', {text!r}))\n"
        "print('dateparser' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip() == "True"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    texts = corpus(args.megabytes, args.seed)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000

    start = time.perf_counter()
    numbers = dates = 0
    for doc in documents(texts):
        claims = read_claims(doc)
        numbers += len(claims.numbers)
        dates += len(claims.dates)
    extraction = time.perf_counter() - start

    rules = load_rules([str(REPO / "rules" / "numbers.yaml"), str(REPO / "rules" / "dates.yaml")])
    start = time.perf_counter()
    result = Linter(rules).run(Loaded(doc) for doc in documents(texts))
    linting = time.perf_counter() - start

    print(f"corpus: {len(texts)} documents, {megabytes:.2f} MB (seed {args.seed})")
    print(f"extraction: {numbers} numbers, {dates} dates in {extraction:.2f} s: "
          f"{megabytes / extraction:.2f} MB/s")  # fmt: skip
    print(f"lint with {len(rules)} number and date rules: {len(result.findings)} findings in "
          f"{linting:.2f} s: {megabytes / linting:.2f} MB/s")  # fmt: skip
    no_dates = "Officials from 84 countries met to discuss synthetic drug threats."
    print(f"dateparser imported after a text with no date candidate: {dateparser_imported(no_dates)}")
    print("dateparser imported after a text with relative and named dates only: "
          f"{dateparser_imported('Talks resumed last August, on Friday, July 7, 2023.')}")  # fmt: skip
    print("dateparser imported after a text with a numeric date: "
          f"{dateparser_imported('The order was signed on 7/8/2023.')}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
