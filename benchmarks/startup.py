"""Startup: ``factcheck`` on one small file, wall time, and where imports go.

    benchmarks/.env/bin/python benchmarks/startup.py [--runs 20]

Target: at most 0.3 s wall.  The table of imports comes from
``python -X importtime``: the heaviest top-level packages and factcheck
modules by cumulative time (a package's time includes what it imports).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import ROOT, machine, table

ARTICLE = (
    "The council said on Tuesday that 42 people attended the meeting in March 2023.\n\n"
    "“We expect a decision next week,” said the mayor's spokesperson.\n"
)


def timings(command: list[str], cwd: Path, runs: int) -> list[float]:
    result = []
    for _ in range(runs):
        start = time.perf_counter()
        completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        result.append(time.perf_counter() - start)
        if completed.returncode not in (0, 1):
            raise SystemExit(f"factcheck failed:\n{completed.stderr}")
    return result


def heaviest_imports(command: list[str], cwd: Path, count: int) -> list[list[str]]:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", *command], cwd=cwd, capture_output=True, text=True
    )
    modules = []
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        parts = line[len("import time:") :].split("|")
        self_us, cumulative_us, name = int(parts[0]), int(parts[1]), parts[2]
        depth = (len(name) - len(name.lstrip())) // 2
        modules.append((cumulative_us, self_us, depth, name.strip()))
    # Top-level packages (where third-party cost shows) and our own modules.
    shown = [m for m in modules if "." not in m[3] or m[3].startswith("factcheck.")]
    top = sorted(shown, reverse=True)[:count]
    return [[name, f"{cum / 1000:.1f}", f"{own / 1000:.1f}"] for cum, own, _, name in top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    entry = str(Path(sys.executable).with_name("factcheck"))
    rules = ROOT / "rules"
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        (work / "article.txt").write_text(ARTICLE, encoding="utf-8")
        empty = work / "no-rules"
        empty.mkdir()
        scenarios = {"no rules": ["--rules", str(empty)]}
        if rules.is_dir():
            scenarios["seed rule set (rules/)"] = ["--rules", str(rules)]
        rows = []
        bare = timings([sys.executable, "-c", "pass"], work, args.runs)
        rows.append(["python -c pass (interpreter alone)", *_summary(bare)])
        for name, flags in scenarios.items():
            times = timings([entry, *flags, "article.txt"], work, args.runs)
            rows.append([f"factcheck article.txt, {name}", *_summary(times)])
        print(f"Machine: {machine()}; {args.runs} runs each\n")
        print(table(["command", "min s", "median s", "max s"], rows))
        print("\nHeaviest imports (python -X importtime, milliseconds):\n")
        last = next(reversed(scenarios.values()))
        command = ["-m", "factcheck", *last, "article.txt"]
        print(table(["module", "cumulative", "self"], heaviest_imports(command, work, 15)))


def _summary(times: list[float]) -> list[str]:
    return [f"{min(times):.3f}", f"{statistics.median(times):.3f}", f"{max(times):.3f}"]


if __name__ == "__main__":
    main()
