"""Peak memory of a whole lint, side by side with another checkout.

    bash benchmarks/setup.sh                      # once: wordfreq, psutil
    benchmarks/.env/bin/python benchmarks/peak_memory.py --sizes 10 20 --baseline DIR

For each corpus size (the generated corpus of ``lint_throughput.py``, seed 7,
every built-in check and the seed rules, all cores), runs this checkout and
the one in ``--baseline DIR`` (``PYTHONPATH`` pointing at each) one after the
other, and prints the peak proportional set size of the process tree (parent
and workers), also split by stage (while the workers ran: the per-document
stage; the parent alone after they had gone: the corpus-wide stage), wall
and CPU time, and whether the two JSON outputs are byte for byte the
same.  Target: at most 500 MB on 50 MB.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from pathlib import Path

from corpus import cached
from lint_throughput import load_phrases, seed_rules
from measure import CACHE, ROOT, Run, load, machine, run


def lint(checkout: Path, corpus: Path, output: Path) -> Run:
    command = (
        f"PYTHONPATH={shlex.quote(str(checkout))} exec {shlex.quote(sys.executable)} "
        f"-m factcheck --format json --rules {shlex.quote(str(seed_rules()))} "
        f"{shlex.quote(str(corpus))} > {shlex.quote(str(output))}"
    )
    with tempfile.TemporaryDirectory() as scratch:  # no pyproject.toml of ours
        return run(["sh", "-c", command], cwd=Path(scratch))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[10, 20], help="megabytes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another checkout to run side by side")
    args = parser.parse_args()
    phrases = [phrase for phrase, _ in load_phrases(seed_rules())[0]]
    sides = {"this checkout": ROOT}
    if args.baseline is not None:
        sides["baseline"] = args.baseline.resolve()
    print(f"Machine: {machine()}")
    print(
        f"{'corpus':>8} {'side':<14} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} "
        f"{'pool MB':>8} {'after MB':>8}  load"
    )
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            corpus = cached(CACHE, size, args.seed, phrases)
            outputs = []
            for name, checkout in sides.items():
                output = Path(scratch) / f"{size}-{len(outputs)}.json"
                result = lint(checkout, corpus, output)
                outputs.append(output.read_bytes())
                print(
                    f"{size:>6g}MB {name:<14} {result.seconds:8.1f} {result.cpu_seconds:8.1f} "
                    f"{result.peak_mb:8.0f} {result.pooled_mb:8.0f} {result.after_pool_mb:8.0f}  "
                    f"{load()}",
                    flush=True,
                )
            if len(outputs) == 2:
                same = "identical" if outputs[0] == outputs[1] else "DIFFERENT"
                print(f"{size:>6g}MB outputs {same}")


if __name__ == "__main__":
    main()
