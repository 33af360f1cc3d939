"""Benchmark of the duplicate check at corpus scale.

Generates reproducible corpora (from ``--seed``) of documents of about 500 words
with planted copies: passages copied verbatim, passages copied with light edits
(words changed, added and dropped, a clause moved, other quote marks and dashes),
and whole documents spun from another.  For each size it runs the real check
(``analyze`` on every document, then ``compare``) in a fresh process and prints
the build time, the peak memory of that process, and recall and precision on the
planted document pairs.

    python benchmarks/duplicates_bench.py                 # 10k and 100k documents
    python benchmarks/duplicates_bench.py --quick         # 1k and 5k, a few seconds
    python benchmarks/duplicates_bench.py --sizes 2000 20000 --seed 7
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.checks.base import CheckContext
from factcheck.checks.duplicates import DuplicatesCheck
from factcheck.corpus.document import Document
from factcheck.rules.ruleset import RuleSet

VOCABULARY = 30_000
SYLLABLES = [c + v for c in "bcdfghklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
PASSAGE_SHARE = 0.02  # documents that receive a copied passage
SPUN_SHARE = 0.005  # documents that are spun copies of another
EDIT_RATE = 0.04  # share of words replaced in an edited copy


@dataclass(frozen=True)
class Plan:
    """Which document copies what: target -> (source, kind)."""

    copies: dict[int, tuple[int, str]]

    @classmethod
    def make(cls, size: int, seed: int) -> Plan:
        rng = random.Random(seed)
        order = list(range(size))
        rng.shuffle(order)
        passages = int(size * PASSAGE_SHARE)
        spun = int(size * SPUN_SHARE)
        targets = order[: passages + spun]
        sources = order[passages + spun : 2 * (passages + spun)]
        copies = {}
        for index, (target, source) in enumerate(zip(targets, sources, strict=True)):
            kind = "spun" if index >= passages else ("verbatim" if index % 2 else "edited")
            copies[target] = (source, kind)
        return cls(copies)


class Writer:
    """Pseudo-English text: Zipf-distributed invented words in sentences and paragraphs."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        words: set[str] = set()
        while len(words) < VOCABULARY:
            words.add("".join(rng.choices(SYLLABLES, k=rng.choice((1, 2, 2, 3, 3, 4)))))
        self.vocabulary = sorted(words)
        rng.shuffle(self.vocabulary)
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(VOCABULARY))
        )
        self.seed = seed

    def paragraphs(self, index: int) -> list[list[str]]:
        """The paragraphs of document ``index``: lists of sentences."""
        rng = random.Random(self.seed * 1_000_003 + index)
        paragraphs: list[list[str]] = []
        total = 0
        while total < 500:
            sentences = []
            for _ in range(rng.randint(2, 5)):
                words = rng.choices(
                    self.vocabulary, cum_weights=self.cumulative, k=rng.randint(8, 30)
                )
                total += len(words)
                if len(words) > 14 and rng.random() < 0.5:
                    words[rng.randint(5, len(words) - 6)] += ","
                if rng.random() < 0.15:
                    start = rng.randint(0, len(words) - 4)
                    words[start] = '"' + words[start]
                    words[start + 3] += '"'
                words[0] = words[0].capitalize()
                sentences.append(" ".join(words) + ".")
            paragraphs.append(sentences)
        return paragraphs

    def edit(self, sentences: list[str], rng: random.Random, rate: float) -> list[str]:
        """Light edits: words replaced, one added, one dropped, a clause moved,
        curly quotes and dashes instead of straight ones."""
        edited = []
        for sentence in sentences:
            words = sentence.split(" ")
            for i in range(len(words)):
                if rng.random() < rate:
                    words[i] = rng.choice(self.vocabulary[:5000])
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), rng.choice(self.vocabulary[:200]))
            if rng.random() < 0.3 and len(words) > 10:
                del words[rng.randrange(1, len(words) - 1)]
            text = " ".join(words)
            if "," in text and rng.random() < 0.3:
                head, tail = text.rstrip(".").split(",", 1)
                text = f"{tail.strip().capitalize()} \u2014 {head[0].lower()}{head[1:]}."
            quotes = iter("\u201c\u201d" * text.count('"'))
            edited.append("".join(next(quotes) if c == '"' else c for c in text))
        return edited


def documents(size: int, seed: int) -> Iterator[tuple[int, str]]:
    writer = Writer(seed)
    plan = Plan.make(size, seed)
    for index in range(size):
        paragraphs = writer.paragraphs(index)
        if index in plan.copies:
            source, kind = plan.copies[index]
            rng = random.Random(seed ^ index)
            original = writer.paragraphs(source)
            if kind == "spun":
                paragraphs = [writer.edit(p, rng, EDIT_RATE * 2) for p in original]
            else:
                copied = original[rng.randrange(len(original))]
                if kind == "edited":
                    copied = writer.edit(copied, rng, EDIT_RATE)
                paragraphs[rng.randrange(len(paragraphs))] = copied
        yield index, "\n\n".join(" ".join(p) for p in paragraphs)


def path(index: int) -> str:
    return f"doc-{index:06d}.txt"


def measure(size: int, seed: int) -> dict[str, object]:
    check = DuplicatesCheck(CheckContext(RuleSet()))
    facts = {}
    analyze = analyze_cpu = 0.0
    words = 0
    for index, text in documents(size, seed):
        doc = Document(path(index), text)
        started, started_cpu = time.perf_counter(), time.process_time()
        facts[doc.path] = check.analyze(doc).facts
        analyze += time.perf_counter() - started
        analyze_cpu += time.process_time() - started_cpu
        words += facts[doc.path].word_count
    started, started_cpu = time.perf_counter(), time.process_time()
    findings = list(check.compare(facts))
    compare = time.perf_counter() - started
    compare_cpu = time.process_time() - started_cpu
    found = set()
    for finding in findings:
        for related in finding.related:
            if related.path != finding.path:
                pair = sorted((finding.path, related.path))
                found.add((pair[0], pair[1]))
    plan = Plan.make(size, seed)
    planted = {
        tuple(sorted((path(target), path(source)))): kind
        for target, (source, kind) in plan.copies.items()
    }
    hits = {pair for pair in found if pair in planted}
    by_kind = {
        kind: sum(1 for pair, k in planted.items() if k == kind and pair in hits)
        / max(1, sum(1 for k in planted.values() if k == kind))
        for kind in ("verbatim", "edited", "spun")
    }
    return {
        "documents": size,
        "words": words,
        "analyze_s": round(analyze, 2),
        "compare_s": round(compare, 2),
        "build_s": round(analyze + compare, 2),
        "build_cpu_s": round(analyze_cpu + compare_cpu, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "planted": len(planted),
        "found": len(found),
        "recall": round(len(hits) / max(1, len(planted)), 4),
        "precision": round(len(hits) / max(1, len(found)), 4),
        "recall_by_kind": {k: round(v, 4) for k, v in by_kind.items()},
        "findings": len(findings),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--quick", action="store_true", help="1k and 5k documents")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.seed)))
        return 0
    sizes = [1_000, 5_000] if args.quick else args.sizes
    results = []
    for size in sizes:
        # A fresh process per size, so each peak memory figure is its own.
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--seed", str(args.seed)],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(proc.stdout)
        results.append(result)
        print(
            f"{result['documents']:>7} docs  {result['words']:>10} words  "
            f"build {result['build_s']:>7.2f} s (analyze {result['analyze_s']:.2f}, "
            f"compare {result['compare_s']:.2f}; cpu {result['build_cpu_s']:.2f} s)  "
            f"peak {result['peak_mb']} MB  "
            f"recall {result['recall']:.4f}  precision {result['precision']:.4f}  "
            f"planted {result['planted']}  by kind {result['recall_by_kind']}",
            flush=True,
        )
    if len(results) > 1:
        small, large = results[0], results[-1]
        scale = int(large["documents"]) / int(small["documents"])  # type: ignore[call-overload]
        for key, label in (("build_s", "wall"), ("build_cpu_s", "cpu")):
            ratio = float(large[key]) / max(float(small[key]), 1e-9)  # type: ignore[arg-type]
            print(
                f"time({large['documents']}) / time({small['documents']}) = {ratio:.2f} ({label})"
                f" for {scale:.0f}x the documents"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
