"""Single-pass phrase matching: trie-compiled regex vs pyahocorasick vs
ahocorasick_rs on the same phrases and text, side by side in one run.

The phrases are the shipped fingerprints plus synthetic two- and three-word
phrases from the detector's thesaurus (to reach thousands); the text is the
clean news stories and seeds repeated to a few megabytes.  Every matcher must
report the same whole-word matches.

Usage: python benchmarks/phrase_matching.py [--phrases 5000] [--megabytes 4]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from factcheck.spin.fingerprints import shipped
from factcheck.spin.phrase_matcher import PhraseMatcher, fold
from factcheck.spin.thesaurus import synonyms

ROOT = Path(__file__).resolve().parent.parent


def phrases(count: int) -> list[str]:
    found = {fold(p) for f in shipped() for p, _ in f.pairs()}
    lines = synonyms()._lines
    for line in lines[:: max(1, len(lines) // count)]:
        word, _, others = line.partition("\t")
        found.update(f"{word} {other}" for other in others.split("|")[:1])
        if len(found) >= count:
            break
    return sorted(found)[:count]


def trie_regex(words: list[str]) -> re.Pattern[str]:
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not optional else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if optional else body

    return re.compile(r"(?<!\w)(?=(" + build(trie) + r")(?!\w))")


def words_only(text: str, spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    return {
        (s, e)
        for s, e in spans
        if not (s > 0 and text[s - 1].isalnum()) and not (e < len(text) and text[e].isalnum())
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=5000)
    parser.add_argument("--megabytes", type=float, default=4)
    args = parser.parse_args()
    patterns = phrases(args.phrases)
    base = "\n".join(
        [(ROOT / "benchmarks/data/clean_news.txt").read_text("utf-8")]
        + [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    )
    text = fold(base * max(1, int(args.megabytes * 1e6 / len(base.encode()))))
    size = len(text.encode()) / 1e6
    print(f"{len(patterns)} phrases, {size:.1f} MB of text")

    results = {}

    def best(run):  # type: ignore[no-untyped-def]
        times = []
        for _ in range(3):
            started = time.perf_counter()
            found = run()
            times.append(time.perf_counter() - started)
        return min(times), found

    started = time.perf_counter()
    matcher = PhraseMatcher(patterns)
    built = time.perf_counter() - started
    scan, rs = best(lambda: {(m.start, m.end) for m in matcher.find(text)})
    results["ahocorasick_rs + boundaries"] = (built, scan, rs)
    raw = matcher._automaton
    assert raw is not None
    scan, _ = best(lambda: raw.find_matches_as_indexes(text, overlapping=True))
    results["ahocorasick_rs, raw scan"] = (built, scan, set())

    try:
        import ahocorasick

        started = time.perf_counter()
        automaton = ahocorasick.Automaton()
        for index, pattern in enumerate(patterns):
            automaton.add_word(pattern, (index, len(pattern)))
        automaton.make_automaton()
        built = time.perf_counter() - started
        scan, found = best(
            lambda: words_only(
                text, {(end - n + 1, end + 1) for end, (_, n) in automaton.iter(text)}
            )
        )
        results["pyahocorasick + boundaries"] = (built, scan, found)
        scan, _ = best(lambda: list(automaton.iter(text)))
        results["pyahocorasick, raw scan"] = (built, scan, set())
    except ImportError:
        print("pyahocorasick not installed: skipped")

    started = time.perf_counter()
    regex = trie_regex(patterns)
    built = time.perf_counter() - started
    scan, found = best(lambda: {(m.start(1), m.end(1)) for m in regex.finditer(text)})
    results["trie regex (longest only)"] = (built, scan, found)

    for name, (build_time, scan_time, spans) in results.items():
        print(
            f"  {name:28} build {build_time * 1000:7.1f} ms  scan {size / scan_time:6.1f} MB/s  "
            f"{len(spans)} matches"
        )
    print("  (the trie regex reports one phrase per start, the automata every overlapping one)")


if __name__ == "__main__":
    main()
