"""Shared helpers for the benchmarks: timed runs with peak memory, the machine,
tables."""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"


@dataclass
class Run:
    seconds: float
    # User + system time of the process and every worker it waited for: on a
    # machine shared with other work, a steadier measure than wall time.
    cpu_seconds: float
    # Memory of the process and all its workers: the sum of their proportional
    # set sizes (pages shared after fork counted once), else of their RSS.
    peak_mb: float
    returncode: int
    stderr: str
    # The peak while workers ran (the per-document stage of a pooled run)
    # and the process's own peak once the last worker had gone (the
    # corpus-wide stage and the report), in MB.
    pooled_mb: float = 0.0
    after_pool_mb: float = 0.0


def run(command: Sequence[str], cwd: Path | None = None, ok: Sequence[int] = (0, 1)) -> Run:
    """Run ``command``, sampling the resident memory of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = psutil.Popen(
        list(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = pooled = after_pool = 0
    while process.poll() is None:
        try:
            workers = process.children(recursive=True)
            total = sum(_memory(p) for p in [process, *workers])
        except psutil.Error:
            pass  # a worker exited between listing and sampling
        else:
            peak = max(peak, total)
            if workers:
                pooled = max(pooled, total)
            elif pooled:
                after_pool = max(after_pool, total)
        # Reading PSS (smaps) of big processes costs CPU the run itself needs.
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    stderr = process.stderr.read() if process.stderr else ""
    if process.returncode not in ok:
        raise SystemExit(f"{command[0]} failed ({process.returncode}):\n{stderr[-2000:]}")
    return Run(seconds, cpu, peak / 1e6, process.returncode, stderr, pooled / 1e6, after_pool / 1e6)


def _memory(process: psutil.Process) -> int:
    try:
        return int(process.memory_full_info().pss)
    except (AttributeError, psutil.AccessDenied):  # no PSS outside Linux
        return int(process.memory_info().rss)


def corpus_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file() and p.name[0] != ".")


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = psutil.virtual_memory().total / 2**30
    return f"{cores} cores, {model}, {memory:.0f} GiB RAM, Python {platform.python_version()}"


def load() -> str:
    """The machine's load (1, 5, 15 minutes): figures taken under load are slower."""
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, so the output can be pasted into the docs as it is."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
