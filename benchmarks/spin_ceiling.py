"""What a second-stage re-scorer of the detector's candidates could reach at best.

A stronger language model used as a re-scorer can only choose among the
thesaurus candidates the detector already generates, and (to keep clean
corpora free) only inside documents judged spun.  This script counts, on the
same spun texts as ``spin_eval.py``, every spin the detector misses whose
original is among the candidates of a span covering it, and prints the recall
a perfect re-scorer would reach (every such miss found, no false finding):

- ``usable``: the candidates the detector scores (words more frequent than
  ``max_candidate_logp`` dropped for a word the model knows);
- ``all``: every thesaurus candidate;
- ``spun``: the same, counted only in documents that get a spun verdict.

Usage: python benchmarks/spin_ceiling.py [--split tune|test|all] [--seeds 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spin_eval import ROOT, lint, overlaps, ratio, spans, stories
from spinner import Spinner, load_thesaurus

from factcheck.engine import Linter
from factcheck.rules.loader import load_rules
from factcheck.selection import Selection
from factcheck.spin.detector import SpinDetector
from factcheck.spin.language_model import english
from factcheck.spin.thesaurus import synonyms
from factcheck.spin.tokens import tokenize


def candidates(detector: SpinDetector, span: str, usable: bool) -> set[str]:
    if usable:
        return set(detector.candidates(span))
    return set(synonyms().get(span) or ())


def reachable(detector: SpinDetector, text: str, start: int, end: int, original: str) -> set[str]:
    """Which candidate sets ('usable', 'all') hold ``original`` for a span of
    one to three words covering part of the spin at [start, end)."""
    tokens = tokenize(text)
    inside = [i for i, t in enumerate(tokens) if overlaps((t.start, t.end), (start, end))]
    kinds: set[str] = set()
    for first in range(max(0, inside[0] - 2), inside[-1] + 1):
        for length in (1, 2, 3):
            words = tokens[first : first + length]
            if len(words) < length or not any(first + k in inside for k in range(length)):
                continue
            span = " ".join(t.lower for t in words)
            for kind, usable in (("usable", True), ("all", False)):
                if original.lower() in candidates(detector, span, usable):
                    kinds.add(kind)
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=0.25)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--split", choices=("all", "tune", "test"), default="all")
    args = parser.parse_args()

    linter = Linter(load_rules([str(ROOT / "rules")]), Selection(select=("FC4",)), {})
    detector = SpinDetector(english(), synonyms())
    thesaurus = load_thesaurus()
    texts = stories(args.split)
    total = found = 0
    ceiling = {"usable": 0, "all": 0, "usable, spun": 0, "all, spun": 0}
    for seed in range(args.seeds):
        for name, text in texts:
            spun, spins = Spinner(thesaurus, args.rate, seed).spin(text)
            doc, findings = lint(linter, f"{name}-spun{seed}", spun)
            judged = any(f.code == "FC402" for f in findings)
            hits = spans(doc, findings)
            for spin in spins:
                total += 1
                if any(overlaps((spin.start, spin.end), h[:2]) for h in hits):
                    found += 1
                    continue
                for kind in reachable(detector, spun, spin.start, spin.end, spin.original):
                    ceiling[kind] += 1
                    if judged:
                        ceiling[f"{kind}, spun"] += 1

    print(f"{args.split} split: {total} spins, detector finds {found} ({ratio(found, total):.3f})")
    for kind, count in ceiling.items():
        reach = ratio(found + count, total)
        print(f"  misses with the original among {kind} candidates: {count} -> ceiling {reach:.3f}")


if __name__ == "__main__":
    main()
