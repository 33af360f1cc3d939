"""A news-like corpus for the benchmarks, reproducible from a seed.

Articles have front matter (title, publication date), paragraphs of sentences
drawn from wordfreq's English word list with its Zipf frequencies, names,
figures, dates and quotations, the benchmark's phrase list sprinkled in (so the
phrase stage has hits), and some wire copy repeated across articles (so the
duplicate checks have work).  The same seed and size give the same bytes.

    python benchmarks/corpus.py OUT_DIR --size 50 [--seed 7] [--phrases FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import shutil
from collections.abc import Sequence
from pathlib import Path

# Bumped when the generator changes, so cached corpora are rebuilt.
VERSION = 1
VOCABULARY = 30_000
# Spelled out: calendar.month_name follows the locale, and the corpus must not.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ROLES = ("spokesperson", "minister", "director", "analyst", "chief executive", "official")
UNITS = ("percent", "million", "billion", "people", "kilometres", "tonnes", "dollars")


class Writer:
    def __init__(self, seed: int, phrases: Sequence[str]) -> None:
        from wordfreq import top_n_list, zipf_frequency

        self.rng = random.Random(seed)
        words = [w for w in top_n_list("en", VOCABULARY) if w.isalpha()]
        weights = [10 ** zipf_frequency(w, "en") for w in words]
        self.words = words
        self.cumulative = list(itertools.accumulate(weights))
        # Rarer words make plausible surnames and organisation names.
        rare = words[len(words) // 3 :]
        self.surnames = [w.capitalize() for w in self.rng.sample(rare, 400)]
        self.given = [w.capitalize() for w in self.rng.sample(rare, 200)]
        self.organisations = [
            f"{self.rng.choice(('National', 'Federal', 'European', 'City'))} "
            f"{w.capitalize()} {self.rng.choice(('Agency', 'Council', 'Bank', 'Institute'))}"
            for w in self.rng.sample(rare, 100)
        ]
        self.phrases = list(phrases)
        self.wire: list[str] = []

    def clause(self, low: int = 6, high: int = 18) -> str:
        return " ".join(
            self.rng.choices(self.words, cum_weights=self.cumulative, k=self.rng.randint(low, high))
        )

    def name(self) -> str:
        return f"{self.rng.choice(self.given)} {self.rng.choice(self.surnames)}"

    def figure(self) -> str:
        if self.rng.random() < 0.3:
            return f"{self.rng.randint(2, 99)}.{self.rng.randint(1, 9)} {self.rng.choice(UNITS)}"
        return f"{self.rng.randint(2, 9999):,} {self.rng.choice(UNITS)}"

    def date(self, year: int) -> str:
        return f"{self.rng.randint(1, 28)} {self.rng.choice(MONTHS)} {year}"

    def sentence(self, year: int) -> str:
        kind = self.rng.random()
        body = self.clause()
        if kind < 0.15:
            text = f"{body} {self.figure()} {self.clause(3, 8)}"
        elif kind < 0.25:
            text = f"On {self.rng.choice(WEEKDAYS)}, {body}"
        elif kind < 0.32:
            text = f"{body} on {self.date(year)}"
        elif kind < 0.42:
            speaker = self.name()
            role = self.rng.choice(ROLES)
            organisation = self.rng.choice(self.organisations)
            return f"“{body.capitalize()},” said {speaker}, {role} at the {organisation}."
        elif kind < 0.46 and self.phrases:
            text = f"{self.clause(3, 8)} {self.rng.choice(self.phrases)} {self.clause(3, 8)}"
        else:
            text = body
        return text[0].upper() + text[1:] + "."

    def paragraph(self, year: int) -> str:
        if self.wire and self.rng.random() < 0.04:
            return self.rng.choice(self.wire)
        paragraph = " ".join(self.sentence(year) for _ in range(self.rng.randint(2, 6)))
        if self.rng.random() < 0.02:
            self.wire.append(paragraph)
        return paragraph

    def article(self) -> str:
        year = self.rng.randint(2015, 2024)
        published = f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        title = self.clause(4, 9).title()
        paragraphs = [self.paragraph(year) for _ in range(self.rng.randint(6, 16))]
        return (
            f"---\ntitle: {title}\npublished: {published}\n---\n\n" + "\n\n".join(paragraphs) + "\n"
        )


def generate(directory: Path, megabytes: float, seed: int, phrases: Sequence[str]) -> list[Path]:
    """Write articles into ``directory`` until it holds ``megabytes`` MB."""
    if directory.exists():
        shutil.rmtree(directory)
    writer = Writer(seed, phrases)
    target = int(megabytes * 1_000_000)
    written = 0
    paths = []
    for number in itertools.count():
        if written >= target:
            break
        # 100 articles per directory, as archives are usually laid out.
        path = directory / f"{number // 100:04d}" / f"article-{number:06d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = writer.article().encode("utf-8")
        path.write_bytes(data)
        written += len(data)
        paths.append(path)
    return paths


def cached(root: Path, megabytes: float, seed: int, phrases: Sequence[str]) -> Path:
    """The corpus for these parameters, generated once under ``root``."""
    key = hashlib.sha256("\n".join(phrases).encode("utf-8")).hexdigest()[:10]
    directory = root / f"corpus-v{VERSION}-s{seed}-{megabytes:g}mb-{key}"
    done = directory / ".complete"
    if not done.exists():
        generate(directory, megabytes, seed, phrases)
        done.touch()
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", type=float, default=50, help="megabytes (default 50)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--phrases", type=Path, help="phrase list, one per line")
    args = parser.parse_args()
    phrases = args.phrases.read_text(encoding="utf-8").split("\n") if args.phrases else []
    paths = generate(args.out, args.size, args.seed, [p for p in phrases if p])
    print(f"{len(paths)} articles in {args.out}")


if __name__ == "__main__":
    main()
