"""Small corpora for engine tests, built from the seed articles' sentences."""

from __future__ import annotations

import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 40]


def write_corpus(directory: Path, files: int, seed: int = 7) -> list[Path]:
    """``files`` articles of shuffled seed sentences (so some repeat across files),
    one with a suppression comment, plus one binary file."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    paths = []
    directory.mkdir(parents=True, exist_ok=True)
    for number in range(files):
        lines = [" ".join(rng.sample(sentences, 3)) for _ in range(4)]
        if number == 3:
            lines[1] += " [factcheck: ignore FC991]"
        if number in (5, 9):
            # Two figures for the same count on the same day: a contradiction
            # across documents, for the checks that compare figures.
            arrested = 120 if number == 5 else 95
            lines.append(
                f"Police said {arrested} protesters were arrested in the capital on Monday "
                "after the march against the fuel tax."
            )
        path = directory / f"article-{number:03d}.txt"
        front = f"---\npublished: 2023-07-{1 + number % 9:02d}\n---\n\n"
        path.write_text(front + "\n\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    binary = directory / "scan.txt"
    binary.write_bytes(b"\x00\x01binary")
    return sorted([*paths, binary])
