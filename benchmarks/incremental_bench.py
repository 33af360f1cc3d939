"""Incremental linting: one changed file in a generated 10,000-document corpus.

Prints, side by side from one run: the cold full run (empty cache, every
document read and analysed), a warm full run with nothing changed, and the
median wall time of `factcheck CHANGED_FILE` with a warm cache (the changed file
is analysed, the other documents' results come from the cache and the file is
still checked against all of them), next to the same one-file run without the
cache and to the interpreter's start-up and import floor, and the same one-file
runs with `factcheck server` running (a server of the benchmark's own, in a
private runtime directory).  Every figure is the wall time of a real
`factcheck` process, as pre-commit runs it; through the server, the CPU column
adds the server's CPU time to the command's.

    .venv/bin/python benchmarks/incremental_bench.py [--documents N] [--runs N] [--keep DIR]

``--keep DIR`` generates the corpus in DIR once and reuses it (and its cache);
``--stages`` also prints where one warm one-file run spends its time
(cProfile, cumulative seconds of each stage of the run).

Target: the warm one-changed-file median at or under 0.25 s for 10,000 documents.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_S = 0.25
# CPU time (user + system) of each timed process, in order: on a busy machine it
# says more about the work done than wall time does.
CPU_TIMES: list[float] = []

SYLLABLES = ["ka", "lo", "ven", "mar", "ti", "so", "rel", "dun", "a", "bri", "os", "tem", "ul"]
OFFICIALS = ["minister", "mayor", "harbour master", "police chief", "health director"]
NOUNS = [("kilograms", "of seized cargo"), ("inspectors", "at the port"), ("clinics", "")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]


def name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def quote(rng: random.Random) -> str:
    """Words of its own (made-up ones): quotations of different people in
    different towns seldom resemble each other, and the checks compare those
    that do."""
    return " ".join(name(rng).lower() for _ in range(8)).capitalize()


def article(rng: random.Random, index: int) -> str:
    """A short local news story with front matter.  Each story is about places
    and people of its own, so that, as in a real corpus, documents rarely make
    claims about the same thing (where they do, the checks compare them)."""
    town, person = f"{name(rng)} {name(rng)}", f"{name(rng).capitalize()} {name(rng)}"
    title = rng.choice(OFFICIALS)
    year = 2015 + index % 10
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 28)
    noun, tail = rng.choice(NOUNS)
    paragraphs = [
        f"---\ntitle: {town} report {index}\npublished: {year}-{month:02}-{day:02}\n---",
        f"The {title} of {town}, {person}, met delegations from {rng.randrange(2, 30)} "
        f"neighbouring districts on {rng.choice(MONTHS)} {day}, {year}, the town hall said.",
        f"“{quote(rng)},” {person.split()[-1]} told reporters after a meeting that lasted "
        f"{rng.randrange(2, 9)} hours.",
        f"Officials in {town} counted {rng.randrange(1_000, 90_000):,} {noun} {tail} in "
        f"{year - 1}, up {rng.randrange(2, 60)} percent from the year before.",
        f"The {town} working group will meet again in {rng.choice(MONTHS)} {year + 1}.",
    ]
    return "\n\n".join(paragraphs) + "\n"


def generate(root: Path, documents: int, with_rules: bool = False) -> list[Path]:
    corpus = root / "corpus"
    rng = random.Random(20230707)
    files = []
    for index in range(documents):
        folder = corpus / f"{index // 500:03}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"report-{index:05}.md"
        path.write_text(article(rng, index), encoding="utf-8")
        files.append(path)
    # A corpus being edited was written long before today's edit: its entries
    # are not "racy" (see factcheck/cache.py).
    hour_ago = time.time() - 3600
    for path in files:
        os.utime(path, (hour_ago, hour_ago))
    rules = ""
    if with_rules and (REPO / "rules").is_dir():
        shutil.copytree(REPO / "rules", root / "rules")
        rules = 'rules = ["rules"]\n'
    (root / "pyproject.toml").write_text(f'[tool.factcheck]\npaths = ["corpus"]\n{rules}')
    return files


# An installed program reads its compiled bytecode; with PYTHONDONTWRITEBYTECODE
# set (as on some CI and container images) every timed run would compile every
# module again and time that instead.  A server someone left running is not
# used (the server's rows start one of their own).
CHILD_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENVIRONMENT["FACTCHECK_NO_SERVER"] = "1"


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    args: list[str], cwd: Path, env: dict[str, str] = CHILD_ENVIRONMENT
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall time of one real factcheck process (its CPU time goes to CPU_TIMES)."""
    cpu = child_cpu()
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    CPU_TIMES.append(child_cpu() - cpu)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"factcheck {' '.join(args)} failed:\n{proc.stderr}")
    return elapsed, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--with-rules",
        action="store_true",
        help="also load this repository's rules (about the seeds, not this corpus: they "
        "add the cost of matching every document against them)",
    )
    parser.add_argument("--keep", type=Path, help="generate the corpus here once, then reuse it")
    parser.add_argument("--stages", action="store_true", help="profile one warm one-file run")
    options = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if options.keep is None:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="factcheck-")))
        else:
            root = options.keep.resolve()
        marker = root / f".generated-{options.documents}-{options.with_rules}"
        if marker.exists():
            files = sorted((root / "corpus").rglob("*.md"))
        else:
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir(parents=True)
            files = generate(root, options.documents, options.with_rules)
            marker.touch()
        shutil.rmtree(root / ".factcheck_cache", ignore_errors=True)  # a cold run first
        floor = statistics.median(timed_floor() for _ in range(max(3, options.runs // 2)))
        floor_cpu = statistics.median(CPU_TIMES)
        cold, _ = timed(["--quiet"], root)
        cold_cpu = CPU_TIMES[-1]
        warm_full, _ = timed(["--quiet"], root)
        warm_full_cpu = CPU_TIMES[-1]
        rng = random.Random(1)
        changed = rng.sample(files, 2 * (options.runs + 1))
        warm_one, warm_one_cpu = one_file_runs(root, changed[: options.runs + 1], "")
        server = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="fc-")))
        served = {**CHILD_ENVIRONMENT, "XDG_RUNTIME_DIR": str(server)}
        del served["FACTCHECK_NO_SERVER"]
        subprocess.run(
            [sys.executable, "-m", "factcheck", "server", "start"], env=served, check=True
        )
        try:
            server_one, server_one_cpu = one_file_runs(
                root, changed[options.runs + 1 :], "server", served
            )
        finally:
            subprocess.run([sys.executable, "-m", "factcheck", "server", "stop"], env=served)
        uncached_one, proc = timed(["--no-cache", str(changed[0].relative_to(root))], root)
        uncached_cpu = CPU_TIMES[-1]
        median = statistics.median(warm_one)
        server_median = statistics.median(server_one)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(
            f"documents: {options.documents}, one-file runs: {len(warm_one)}, "
            f"cores: {os.cpu_count()}, load average: {load}"
        )
        print(f"  {'':34} {'wall':>8} {'cpu':>8}")
        rows = [
            ("interpreter + import floor", floor, floor_cpu),
            ("cold full run (empty cache)", cold, cold_cpu),
            ("warm full run (nothing changed)", warm_full, warm_full_cpu),
            ("one changed file, no cache", uncached_one, uncached_cpu),
            ("one changed file, warm (median)", median, statistics.median(warm_one_cpu)),
            ("the same, server running (median)", server_median, statistics.median(server_one_cpu)),
        ]
        for label, wall, cpu in rows:
            print(f"  {label:34} {wall:7.3f}s {cpu:7.3f}s")
        print(f"  warm one-file runs: min {min(warm_one):.3f} s, max {max(warm_one):.3f} s")
        print(f"  with the server: min {min(server_one):.3f} s, max {max(server_one):.3f} s")
        print(f"  speed-up over the cold full run: {cold / median:.1f}x")
        for label, value in (("own process", median), ("server", server_median)):
            verdict = "meets" if value <= TARGET_S else "MISSES"
            print(f"  {label}: {verdict} the {TARGET_S:.2f} s target")
        print(f"  last run: {proc.stdout.strip().splitlines()[-1]}")
        if options.stages:
            stages(root, changed[-1])


def one_file_runs(
    root: Path, changed: list[Path], label: str, env: dict[str, str] = CHILD_ENVIRONMENT
) -> tuple[list[float], list[float]]:
    """Wall and CPU times of `factcheck FILE` after an edit of each file; the
    first run is left out (it also warms the OS and SQLite page caches).  The
    CPU time of a run through the server is the command's and the server's."""
    walls, cpus = [], []
    for number, path in enumerate(changed):
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\nThis report was updated ({label}{number}).\n")
        before = server_cpu(env) if label else 0.0
        elapsed, _ = timed([str(path.relative_to(root))], root, env)
        after = server_cpu(env) if label else 0.0
        if number:
            walls.append(elapsed)
            cpus.append(CPU_TIMES[-1] + after - before)
    return walls, cpus


def server_cpu(env: dict[str, str]) -> float:
    """CPU seconds the benchmark's server has used so far (`factcheck server status`)."""
    status = subprocess.run(
        [sys.executable, "-m", "factcheck", "server", "status"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(status.stdout.split(" s CPU")[0].rsplit(" ", 1)[1])


# Cumulative time of these functions: the stages of a run, in order.
STAGES = {
    ("commands/lint.py", "run"): "whole run after imports",
    ("project.py", "targets"): "file discovery",
    ("analysis.py", "_entries"): "stat + cache lookups",
    ("analysis.py", "_analyse"): "analysing the changed file",
    ("cache.py", "save"): "writing the cache",
    ("analysis.py", "_load_results"): "loading cached findings",
    ("factstore.py", "_groups"): "fetching key groups",
    ("factstore.py", "_reach"): "finding reached documents",
    ("factstore.py", "_closure"): "closing linked reaches",
    ("factstore.py", "_chain"): "walking chain keys",
    ("factstore.py", "_whole"): "fetching whole facts",
    ("factstore.py", "_tally"): "corpus tally (stored total)",
    ("factstore.py", "compare"): "comparison stage (every check)",
    ("claims/records.py", "contradiction_findings"): "compare: numbers and dates",
}


def stages(root: Path, path: Path) -> None:
    """Where one warm one-file run spends its time (in this process, profiled)."""
    sys.path.insert(0, str(REPO))
    from factcheck.cli import main as cli

    with path.open("a", encoding="utf-8") as handle:
        handle.write("\nThis report was updated (profiled).\n")
    cwd = os.getcwd()
    os.chdir(root)
    profile = cProfile.Profile()
    try:
        with contextlib.redirect_stdout(open(os.devnull, "w")):
            profile.runcall(cli, ["--quiet", str(path.relative_to(root))])
    except SystemExit:
        pass
    finally:
        os.chdir(cwd)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    print("  one warm one-file run, cumulative seconds (profiled, so slower):")
    for (file, _, function), (_, _, _, cumulative, _) in sorted(stats.items()):
        for (suffix, name), label in STAGES.items():
            if file.endswith(suffix) and function == name:
                print(f"    {label:34} {cumulative:7.3f}s")
        if "/factcheck/checks/" in file and function in ("compare", "compare_tallied"):
            check = Path(file).stem
            print(f"    {'compare: ' + check:34} {cumulative:7.3f}s")


def timed_floor() -> float:
    cpu = child_cpu()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import factcheck.commands.lint"], env=CHILD_ENVIRONMENT, check=True
    )
    elapsed = time.perf_counter() - start
    CPU_TIMES.append(child_cpu() - cpu)
    return elapsed


if __name__ == "__main__":
    main()
