"""Whole-lint throughput, scaling, memory and the phrase stage against grep,
textlint (with textlint-rule-prh) and proselint, side by side in one run.

    bash benchmarks/setup.sh                      # once: wordfreq, psutil, proselint, textlint
    benchmarks/.env/bin/python benchmarks/lint_throughput.py --size 50

The corpus (``corpus.py``) is generated once per seed and size under
``benchmarks/.cache``.  ``--size 2`` gives a quick run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from corpus import cached
from measure import CACHE, ROOT, Run, corpus_bytes, load, machine, run, table

NODE = ROOT / "benchmarks" / ".env" / "node"


def seed_rules() -> Path:
    return ROOT / "rules"


# The phrase stage: the spin check's phrase matching alone (its list-free
# detector off), selected by its spun-phrase code.
PHRASE_CHECK = "spin"
PHRASE_CODES = "FC400"
PHRASE_SETTINGS = "[tool.factcheck.spin]\ndetector = false\n"


def load_phrases(rules: Path) -> tuple[list[tuple[str, str]], str]:
    """(phrase, replacement) pairs and where they come from: the spin check's
    shipped fingerprints and ``type: phrase`` rules once that check exists,
    else the aliases of the rule set's entities (alias → canonical name)."""
    sys.path.insert(0, str(ROOT))
    from factcheck.rules.loader import load_rules
    from factcheck.rules.ruleset import RuleSet

    ruleset = load_rules([str(rules)]) if rules.exists() else RuleSet()
    try:
        from factcheck.spin.fingerprints import shipped
    except ImportError:
        pairs = {
            (alias, rule.name)
            for rule in ruleset
            if getattr(rule, "type", None) == "entity"
            for alias in rule.aliases
        }
        return sorted(pairs), "entity aliases of the rule set"
    pairs = {pair for fingerprint in shipped() for pair in fingerprint.pairs()}
    pairs |= {
        (pattern, rule.expected)
        for rule in ruleset
        if getattr(rule, "type", None) == "phrase"
        for pattern in rule.patterns
    }
    return sorted(pairs), "spin fingerprints and phrase rules"


def phrase_stage_available() -> bool:
    from factcheck.checks import registry

    return any(check.name == PHRASE_CHECK for check in registry.checks())


def factcheck(corpus: Path, rules: Path, *extra: str, config: str = "") -> Run:
    command = [sys.executable, "-m", "factcheck", "--format", "json", *extra]
    if rules.exists():
        command += ["--rules", str(rules)]
    # From a directory of its own, so no pyproject.toml of ours is picked up.
    with tempfile.TemporaryDirectory() as scratch:
        if config:
            (Path(scratch) / "pyproject.toml").write_text(config, encoding="utf-8")
        return run([*command, str(corpus)], cwd=Path(scratch))


def grep(corpus: Path, phrases: Path) -> Run:
    return run(["grep", "-r", "-F", "-i", "-f", str(phrases), str(corpus)])


def textlint(corpus: Path, phrases: list[tuple[str, str]], work: Path) -> Run | str:
    binary = NODE / "node_modules" / ".bin" / "textlint"
    if not binary.exists():
        return "not installed"
    if not phrases:
        return "skipped: no phrase list"
    # prh: the same substitutions, each phrase a pattern and its replacement
    # the expected form.
    lines = ["version: 1", "rules:"]
    for phrase, replacement in phrases:
        lines += [
            f"  - expected: {json.dumps(replacement)}",
            f"    pattern: {json.dumps(phrase)}",
        ]
    (work / "prh.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = {"rules": {"prh": {"rulePaths": [str(work / "prh.yml")]}}}
    (work / ".textlintrc.json").write_text(json.dumps(config), encoding="utf-8")
    return run(
        [
            str(binary),
            "--config",
            str(work / ".textlintrc.json"),
            "--format",
            "compact",
            f"{corpus}/**/*.md",
        ],
        cwd=NODE,
    )


def proselint(corpus: Path) -> Run | str:
    binary = Path(sys.executable).with_name("proselint")
    if not binary.exists():
        return "not installed"
    return run([str(binary), "check", "--output-format", "compact", str(corpus)])


def row(name: str, megabytes: float, result: Run | str) -> list[str]:
    if isinstance(result, str):
        return [name, f"{megabytes:.1f}", result, "", "", "", ""]
    return [
        name,
        f"{megabytes:.1f}",
        f"{result.seconds:.2f}",
        f"{megabytes / result.seconds:.2f}",
        f"{result.cpu_seconds:.1f}",
        f"{megabytes / result.cpu_seconds:.2f}",
        f"{result.peak_mb:.0f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=50, help="corpus megabytes (default 50)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--others-size",
        type=float,
        default=2,
        help="megabytes for textlint and proselint, which are much slower (default 2)",
    )
    parser.add_argument("--no-scaling", action="store_true", help="skip the 2x corpus run")
    parser.add_argument("--no-serial", action="store_true", help="skip the --jobs 1 run")
    args = parser.parse_args()

    rules = seed_rules()
    phrases, phrase_source = load_phrases(rules)
    spun = [phrase for phrase, _ in phrases]
    corpus = cached(CACHE, args.size, args.seed, spun)
    size = corpus_bytes(corpus) / 1e6
    articles = sum(1 for _ in corpus.rglob("*.md"))
    print(f"Machine: {machine()}; {load()}")
    print(
        f"Corpus: {size:.1f} MB, {articles} articles (seed {args.seed}); "
        f"rules: {rules.relative_to(ROOT) if rules.exists() else 'none'}; "
        f"phrases: {len(phrases)} ({phrase_source})\n"
    )

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    whole = factcheck(corpus, rules)
    rows = [row("factcheck, every check, all cores", size, whole)]
    ratios = [
        [f"throughput ({size:.1f} MB, all cores)", f"{size / whole.seconds:.2f} MB/s", "≥ 20 MB/s"],
        [
            "the same from CPU time, all cores free",
            f"{cores * size / whole.cpu_seconds:.2f} MB/s",
            "≥ 20 MB/s",
        ],
        ["peak memory (PSS, all processes)", f"{whole.peak_mb:.0f} MB", "≤ 500 MB"],
    ]
    if not args.no_serial:
        serial = factcheck(corpus, rules, "--jobs", "1")
        rows.append(row("factcheck, every check, --jobs 1", size, serial))
        ratios.append(
            ["--jobs 1 time / all cores time", f"{serial.seconds / whole.seconds:.2f}x", "~1.9x"]
        )
    if not args.no_scaling:
        double = cached(CACHE, args.size * 2, args.seed, spun)
        double_size = corpus_bytes(double) / 1e6
        twice = factcheck(double, rules)
        rows.append(row("factcheck, every check, 2x corpus", double_size, twice))
        ratios.append(["2x corpus time / 1x time", f"{twice.seconds / whole.seconds:.2f}", "≤ 2.1"])
        ratios.append(
            ["2x corpus CPU / 1x CPU", f"{twice.cpu_seconds / whole.cpu_seconds:.2f}", "≤ 2.1"]
        )
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if phrases:
            phrase_file = work / "phrases.txt"
            phrase_file.write_text("".join(f"{p}\n" for p in spun), encoding="utf-8")
            floor = grep(corpus, phrase_file)
            rows.append(row("grep -r -F -i -f (phrase floor, 1 core)", size, floor))
            if phrase_stage_available():
                select = ("--jobs", "1", "--select", PHRASE_CODES)
                stage = factcheck(corpus, rules, *select, config=PHRASE_SETTINGS)
                rows.append(row("factcheck, phrase stage only, --jobs 1", size, stage))
                ratios.append(
                    [
                        "phrase stage time / grep time",
                        f"{stage.seconds / floor.seconds:.1f}x",
                        "≤ 10x",
                    ]
                )
        small = cached(CACHE, args.others_size, args.seed, spun)
        small_size = corpus_bytes(small) / 1e6
        ours = factcheck(small, rules)
        rows.append(row("factcheck, every check", small_size, ours))
        others = {
            "textlint + textlint-rule-prh (same phrases)": textlint(small, phrases, work),
            "proselint (its built-in checks)": proselint(small),
        }
        for name, result in others.items():
            rows.append(row(name, small_size, result))
            if isinstance(result, Run):
                ratio = f"{result.seconds / ours.seconds:.1f}x"
                ratios.append([f"{name.split(' (')[0]} time / factcheck time", ratio, "> 1"])

    print(f"Load: {load()} (at the end)\n")
    header = ["run", "MB", "wall s", "MB/s", "CPU s", "MB per CPU s", "peak memory MB"]
    print(table(header, rows))
    print()
    print(table(["measure", "value", "target"], ratios))


if __name__ == "__main__":
    main()
