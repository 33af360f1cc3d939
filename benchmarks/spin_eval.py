"""Evaluate spin detection: phrase-level precision/recall and document verdicts.

1. Unseen spun text: clean news-like stories (benchmarks/data/clean_news.txt,
   written for the evaluation, two paragraphs per story) and the clean seeds
   000, 002 and 003, spun by ``spinner.py`` (MyThes thesaurus, Debian
   ``mythes-en-us``; the detector uses WordNet).  A spin counts as found when a
   spin finding (FC400/FC401/FC403) overlaps it; a finding is correct when it
   overlaps a spin.
2. Clean text: the same stories and seeds unspun must get no finding and no
   verdict (FC402).
3. Seed 004 against its hand annotation (data/seed004_spins.yaml).

Thresholds are calibrated on the ``tune`` split (even-numbered texts) and
reported on the ``test`` split (odd-numbered ones); ``all`` is both.

Usage: python benchmarks/spin_eval.py [--rate 0.25] [--seeds 3] [--split all|tune|test]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spinner import Spinner, load_thesaurus

from factcheck.corpus.document import Document
from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.findings import Finding
from factcheck.rules.loader import load_rules
from factcheck.selection import Selection

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CLEAN_SEEDS = ("000", "002", "003")
SPIN_CODES = ("FC400", "FC401", "FC403")


def stories(split: str = "all") -> list[tuple[str, str]]:
    paragraphs = (DATA / "clean_news.txt").read_text("utf-8").strip().split("\n")
    found = [
        (f"story-{i // 2:02d}", "\n".join(paragraphs[i : i + 2]))
        for i in range(0, len(paragraphs), 2)
    ]
    for prefix in CLEAN_SEEDS:
        path = next((ROOT / "seeds").glob(f"{prefix}_*.txt"))
        found.append((f"seed-{prefix}", path.read_text("utf-8")))
    if split == "all":
        return found
    return found[split == "test" :: 2]


def lint(linter: Linter, name: str, text: str) -> tuple[Document, list[Finding]]:
    loaded = load_bytes(text.encode("utf-8"), name)
    assert loaded.document is not None
    return loaded.document, linter.run([loaded]).findings


def spans(doc: Document, findings: list[Finding]) -> list[tuple[int, int, str]]:
    return [
        (doc.offset(f.line, f.column), doc.offset(f.end_line, f.end_column), f.code)
        for f in findings
        if f.code in SPIN_CODES
    ]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(gold: list[tuple[int, int]], found: list[tuple[int, int, str]]) -> tuple[int, int, int]:
    """(gold spans found, findings that hit a gold span, findings)."""
    hit = sum(any(overlaps(g, f[:2]) for f in found) for g in gold)
    correct = sum(any(overlaps(f[:2], g) for g in gold) for f in found)
    return hit, correct, len(found)


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=0.25, help="share of content words spun")
    parser.add_argument("--seeds", type=int, default=3, help="spinner runs per text")
    parser.add_argument("--threshold", type=float, help="[tool.factcheck.spin] threshold")
    parser.add_argument("--spun-threshold", type=float, help="... spun_threshold")
    parser.add_argument(
        "--split", choices=("all", "tune", "test"), default="all", help="texts evaluated"
    )
    args = parser.parse_args()

    settings = {
        key: value
        for key, value in (("threshold", args.threshold), ("spun_threshold", args.spun_threshold))
        if value is not None
    }
    linter = Linter(
        load_rules([str(ROOT / "rules")]), Selection(select=("FC4",)), {"spin": settings}
    )
    thesaurus = load_thesaurus()
    texts = stories(args.split)
    started = time.perf_counter()

    verdicts_ok = documents = 0
    clean_findings: list[str] = []
    for name, text in texts:
        doc, findings = lint(linter, name, text)
        documents += 1
        verdicts_ok += not any(f.code == "FC402" for f in findings)
        clean_findings += [f"{name}:{f.line}:{f.column} {f.code} {f.message}" for f in findings]

    totals: dict[str, list[int]] = {code: [0, 0] for code in SPIN_CODES}
    gold_total = hit_total = correct_total = found_total = 0
    for seed in range(args.seeds):
        for name, text in texts:
            spun, spins = Spinner(thesaurus, args.rate, seed).spin(text)
            doc, findings = lint(linter, f"{name}-spun{seed}", spun)
            gold = [(s.start, s.end) for s in spins]
            found = spans(doc, findings)
            hit, correct, count = score(gold, found)
            gold_total += len(gold)
            hit_total += hit
            correct_total += correct
            found_total += count
            for code in totals:
                own = [f for f in found if f[2] == code]
                totals[code][0] += score(gold, own)[1]
                totals[code][1] += len(own)
            documents += 1
            verdicts_ok += any(f.code == "FC402" for f in findings)

    seed_text = next((ROOT / "seeds").glob("004_*.txt")).read_text("utf-8")
    annotation = yaml.safe_load((DATA / "seed004_spins.yaml").read_text("utf-8"))
    doc, findings = lint(linter, "seed-004", seed_text)
    found = spans(doc, findings)
    gold_all: list[tuple[int, int]] = []
    gold_clear: list[tuple[int, int]] = []
    missed_clear: list[str] = []
    for entry in annotation:
        at = seed_text.find(entry["spun"])
        while at != -1:
            span = (at, at + len(entry["spun"]))
            gold_all.append(span)
            if entry["clear"]:
                gold_clear.append(span)
                if not any(overlaps(span, f[:2]) for f in found):
                    missed_clear.append(entry["spun"])
            at = seed_text.find(entry["spun"], at + 1)
    seed_hit, seed_correct, seed_count = score(gold_all, found)
    clear_hit = score(gold_clear, found)[0]
    documents += 1
    verdicts_ok += any(f.code == "FC402" for f in findings)
    elapsed = time.perf_counter() - started

    print(f"unseen spun text ({len(texts)} texts x {args.seeds} spinner runs, rate {args.rate})")
    print(f"  spins {gold_total}, findings {found_total}")
    print(f"  phrase recall    {ratio(hit_total, gold_total):.3f}")
    print(f"  phrase precision {ratio(correct_total, found_total):.3f}")
    for code, (correct, count) in totals.items():
        print(f"    {code}: {count} findings, precision {ratio(correct, count):.3f}")
    print(f"clean text ({len(texts)} texts): {len(clean_findings)} findings")
    for line in clean_findings:
        print(f"    {line}")
    print(f"seed 004: {len(gold_all)} annotated spins ({len(gold_clear)} clear)")
    print(f"  recall (all)     {ratio(seed_hit, len(gold_all)):.3f}")
    print(f"  recall (clear)   {ratio(clear_hit, len(gold_clear)):.3f}")
    print(f"  precision        {ratio(seed_correct, seed_count):.3f}")
    if missed_clear:
        print(f"  missed clear spins: {', '.join(sorted(set(missed_clear)))}")
    accuracy = ratio(verdicts_ok, documents)
    print(f"document verdicts: {verdicts_ok}/{documents} correct ({accuracy:.3f})")
    print(f"time: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
