"""Time and peak memory of the linter on hostile corpora, side by side with a
one-file baseline measured in the same run.

    .venv/bin/python benchmarks/hostile_inputs.py            # full: 200 MB, 100 000 files
    .venv/bin/python benchmarks/hostile_inputs.py --quick    # 60 MB, 10 000 files

Cases (each a fresh ``factcheck`` process, so peak RSS is that run's alone):

- baseline: one small document;
- huge single line: a 200 MB file of one line plus one normal document (refused
  from its size: memory must stay at the baseline);
- largest accepted: a single-line file just under the size limit (read, decoded
  and linted: memory grows with it, linearly);
- many files: 100 000 tiny documents in 100 directories.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from factcheck.corpus.files import MAX_DOCUMENT_BYTES

SENTENCE = b"The council approved a budget of 4.2 million euros on 6 July 2023. "


def run(args: list[str], cwd: Path, timeout: float) -> tuple[float, float, int, str]:
    """(seconds, peak RSS in MiB, exit code, last output line) of one factcheck run,
    killed after ``timeout`` seconds (a superlinear check must not hang the benchmark)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "factcheck", "--no-color", "--quiet", "--statistics", *args],
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode(errors="replace")
    elapsed = time.perf_counter() - started
    last = text.strip().splitlines()[-1:] or [""]
    if elapsed >= timeout:
        last = [f"killed after {timeout:g} s"]
    return elapsed, usage.ru_maxrss / 1024, process.returncode, last[0][:70]


def write_single_line(path: Path, size: int) -> None:
    block = SENTENCE * (1024 * 1024 // len(SENTENCE))
    with path.open("wb") as handle:
        written = 0
        while written + len(block) <= size:
            handle.write(block)
            written += len(block)
        handle.write(SENTENCE[: max(0, size - written)].ljust(size - written, b" "))


def many_files(root: Path, count: int) -> None:
    per_directory = 1000
    for start in range(0, count, per_directory):
        directory = root / f"part{start // per_directory:03}"
        directory.mkdir()
        parent = os.open(directory, os.O_RDONLY)
        try:
            for i in range(start, min(count, start + per_directory)):
                fd = os.open(f"{i:06}.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=parent)
                os.write(fd, SENTENCE)
                os.close(fd)
        finally:
            os.close(parent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpora")
    parser.add_argument("--select", default=None, help="pass --select to factcheck")
    parser.add_argument(
        "--timeout", type=float, default=300, help="seconds before a case is killed"
    )
    options = parser.parse_args()
    huge_mb = 60 if options.quick else 200
    files = 10_000 if options.quick else 100_000
    select = ["--select", options.select] if options.select else []

    root = Path(tempfile.mkdtemp(prefix="factcheck-hostile-"))
    try:
        (root / "one").mkdir()
        (root / "one" / "doc.txt").write_bytes(SENTENCE + b"\n")
        (root / "huge").mkdir()
        write_single_line(root / "huge" / "line.txt", huge_mb * 1024 * 1024)
        (root / "huge" / "doc.txt").write_bytes(SENTENCE + b"\n")
        (root / "limit").mkdir()
        write_single_line(root / "limit" / "line.txt", MAX_DOCUMENT_BYTES - 1024)
        (root / "many").mkdir()
        made = time.perf_counter()
        many_files(root / "many", files)
        made = time.perf_counter() - made

        cases = [
            ("baseline: 1 small document", "one"),
            (f"huge single line: {huge_mb} MB + 1 document", "huge"),
            (f"largest accepted: {MAX_DOCUMENT_BYTES // 2**20} MiB single line", "limit"),
            (f"many files: {files} tiny documents", "many"),
        ]
        print(f"{'case':<44} {'seconds':>8} {'peak MiB':>9} {'exit':>5}  output")
        baseline_rss = 0.0
        for label, directory in cases:
            seconds, rss, code, last = run([*select, directory], root, options.timeout)
            baseline_rss = baseline_rss or rss
            print(f"{label:<44} {seconds:>8.2f} {rss:>9.1f} {code:>5}  {last}")
        print(f"(creating the {files} files took {made:.1f} s; peak RSS relative to the baseline")
        print(" is what a hostile input costs beyond the interpreter and the checks)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
