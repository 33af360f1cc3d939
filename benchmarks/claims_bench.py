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

from factcheck.checks.dates import DateCheck  # noqa: E402
from factcheck.checks.numbers import NumberCheck  # noqa: E402
from factcheck.claims.reading import read_claims  # noqa: E402
from factcheck.corpus.document import Document, Metadata  # noqa: E402
from factcheck.corpus.loading import Loaded  # noqa: E402
from factcheck.engine import Linter  # noqa: E402
from factcheck.partial_date import PartialDate  # noqa: E402
from factcheck.rules.loader import load_rules  # noqa: E402

FILLER = (
    "Critics argued that the program lacked funding and clear goals.",
    "The spokesperson declined to comment on the negotiations with Beijing.",
    "Lawmakers from both parties have pressed the administration to do more.",
    "The agency said it would continue to work with its partners abroad.",
    "Public health experts warned that the crisis is far from over.",
    "The ministry did not respond to a request for comment on the report.",
)
# Facts as the corpus states them; MUTATION of the sentences get a wrong value,
# so the lint finds some, as in a real corpus with a few errors.
TEMPLATES = (
    "Officials from {countries} countries met in July 2023 to discuss synthetic drug threats.",
    "Fentanyl is blamed for roughly {deaths} drug overdose deaths in the U.S. each year.",
    "Beijing submitted {incidents} drug-related incidents to the INCB database in November 2023.",
    "The notice warned producers of more than {precursors} precursors, the official said.",
    "Fentanyl is {potency} times stronger than morphine, according to a {report} DEA report.",
    "China banned the sale of fentanyl in {ban}, officials recalled on {weekday}.",
    "The {city} forum, held {when}, drew nearly {crowd} people and two dozen ministers.",
    "Analysts said the {city} policy, announced early last year, had little effect.",
    "The coalition held its first meeting on {launch}.",
)
TRUE = {"countries": "84", "deaths": "100,000", "incidents": "145", "precursors": "50",
        "potency": "50 to 100", "report": "2020", "ban": "2019",
        "launch": "Friday, July 7, 2023"}  # fmt: skip
MUTATION = 0.02
MONTHS = ("January", "March", "May", "July", "August", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_ENDINGS = ("field", "haven", "port", "bridge", "wood", "ford", "ton", "ville", "dale", "mouth")
CITIES = tuple(f"{a}{b}" for a in ("North", "South", "East", "West", "New") for b in _ENDINGS)
WHEN = ("a few years ago", "this week", "last month", "in late May", "two years ago")


def corpus(megabytes: float, seed: int) -> list[tuple[str, PartialDate]]:
    """News-like documents: about one sentence in three states a figure or a date."""
    rng = random.Random(seed)
    documents: list[tuple[str, PartialDate]] = []
    size = 0
    while size < megabytes * 1_000_000:
        sentences = []
        for _ in range(40):
            if rng.random() < 2 / 3:
                sentences.append(rng.choice(FILLER))
                continue
            facts = {
                key: (str(rng.randint(2, 3000)) if rng.random() < MUTATION else value)
                for key, value in TRUE.items()
            }
            if rng.random() < MUTATION:
                facts["launch"] = f"{rng.choice(WEEKDAYS)}, July 7, 2023"
            sentences.append(
                rng.choice(TEMPLATES).format(
                    **facts,
                    crowd="2,000",
                    weekday=rng.choice(WEEKDAYS),
                    month=rng.choice(MONTHS),
                    when=rng.choice(WHEN),
                    city=rng.choice(CITIES),
                )
            )
        paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
        text = "\n\n".join(paragraphs) + "\n"
        published = PartialDate(rng.choice((2023, 2024)), rng.randint(1, 12), rng.randint(1, 28))
        documents.append((text, published))
        size += len(text.encode("utf-8"))
    return documents


def documents(texts: list[tuple[str, PartialDate]]) -> list[Document]:
    return [
        Document(f"doc{i}.txt", text, Metadata(published=published))
        for i, (text, published) in enumerate(texts)
    ]


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
    megabytes = sum(len(t.encode("utf-8")) for t, _ in texts) / 1_000_000

    start = time.perf_counter()
    numbers = dates = 0
    for doc in documents(texts):
        claims = read_claims(doc)
        numbers += len(claims.numbers)
        dates += len(claims.dates)
    extraction = time.perf_counter() - start

    rules = load_rules([str(REPO / "rules" / "numbers.yaml"), str(REPO / "rules" / "dates.yaml")])
    start = time.perf_counter()
    linter = Linter(rules, check_types=(NumberCheck, DateCheck))
    result = linter.run(Loaded(doc) for doc in documents(texts))
    linting = time.perf_counter() - start

    rate = (numbers + dates) / extraction
    print(f"corpus: {len(texts)} documents, {megabytes:.2f} MB (seed {args.seed})")
    print(
        f"extraction: {numbers} numbers, {dates} dates in {extraction:.2f} s: "
        f"{megabytes / extraction:.2f} MB/s, {rate:,.0f} claims/s"
    )
    print(
        f"number and date checks with {len(rules)} rules: {len(result.findings)} findings in "
        f"{linting:.2f} s: {megabytes / linting:.2f} MB/s"
    )
    for label, text in (
        ("no date candidate", "Officials from 84 countries met to discuss synthetic drugs."),
        ("relative and named dates only", "Talks resumed last August, on Friday, July 7, 2023."),
        ("a numeric date", "The order was signed on 7/8/2023."),
    ):
        print(f"dateparser imported after a text with {label}: {dateparser_imported(text)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
