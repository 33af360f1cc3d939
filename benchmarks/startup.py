"""Startup: ``factcheck`` on one small file, wall time, and where imports go.

    python benchmarks/startup.py [--runs 20] [--baseline DIR]

Targets: one small file in at most 0.3 s wall; a pre-commit run on one changed
file of a configured project (caches warm) as close to 0.15 s as imports allow.

``--baseline DIR`` times another checkout of factcheck (``git archive main |
tar -x -C DIR``) side by side, under the same interpreter and dependencies
(its source first on ``PYTHONPATH``), runs of the two alternating so that both
see the same load.  Every command runs once before it is timed, with bytecode
writing on (an installed package has its ``.pyc`` files), so compiling sources
is never timed.  The table of imports comes from ``python -X importtime``: the
heaviest top-level packages and factcheck modules by cumulative time (a
package's time includes what it imports; modules imported with
``importlib.import_module``, such as the check modules, are not listed, only
what they import).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from measure import ROOT, load, machine, table

ARTICLE = (
    "The council said on Tuesday that {n} people attended the meeting in March 2023.\n\n"
    "“We expect a decision next week,” said the mayor's spokesperson.\n"
)


@dataclass
class Version:
    name: str
    environment: dict[str, str]
    times: dict[str, list[float]] = field(default_factory=dict)
    # User + system time: on a machine shared with other work, steadier than wall.
    cpu: dict[str, list[float]] = field(default_factory=dict)


def _environment(source: Path | None) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if source is not None:
        environment["PYTHONPATH"] = str(source)
    return environment


def _check_source(version: Version, source: Path, cwd: Path) -> None:
    where = subprocess.run(
        [sys.executable, "-c", "import factcheck; print(factcheck.__file__)"],
        cwd=cwd,
        env=version.environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(where).resolve().is_relative_to(source.resolve()):
        raise SystemExit(f"--baseline {source}: python imports factcheck from {where}")


def _run(command: list[str], cwd: Path, version: Version) -> tuple[float, float]:
    """Wall and CPU seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(
        command, cwd=cwd, env=version.environment, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode not in (0, 1):
        raise SystemExit(f"{version.name}: factcheck failed:\n{completed.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def time_scenario(
    name: str,
    command: list[str],
    cwd: Callable[[Version], Path],
    versions: list[Version],
    runs: int,
    before: Callable[[Version, int], None] = lambda version, run: None,
) -> None:
    for version in versions:
        before(version, -1)
        _run(command, cwd(version), version)  # warm-up: .pyc files, caches
        version.times[name] = []
        version.cpu[name] = []
    for run in range(runs):
        for version in versions:
            before(version, run)
            wall, cpu = _run(command, cwd(version), version)
            version.times[name].append(wall)
            version.cpu[name].append(cpu)


def heaviest_imports(command: list[str], cwd: Path, count: int) -> list[list[str]]:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        cwd=cwd,
        env=_environment(None),
        capture_output=True,
        text=True,
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


def _project(work: Path, version: Version, rules: Path) -> Path:
    """A configured project: the seeds and one article, caches on."""
    project = work / f"project-{version.name}"
    docs = project / "docs"
    docs.mkdir(parents=True)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(seed, docs / seed.name)
    (project / "pyproject.toml").write_text(
        f'[tool.factcheck]\npaths = ["docs"]\nrules = ["{rules.as_posix()}"]\n', encoding="utf-8"
    )
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--baseline", type=Path, metavar="DIR", help="another checkout to time side by side"
    )
    args = parser.parse_args()
    versions = [Version("current", _environment(None))]
    if args.baseline is not None:
        versions.append(Version("baseline", _environment(args.baseline)))
    factcheck = [sys.executable, "-m", "factcheck"]
    rules = ROOT / "rules"
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if args.baseline is not None:
            _check_source(versions[1], args.baseline, work)
        (work / "article.txt").write_text(ARTICLE.format(n=42), encoding="utf-8")
        empty = work / "no-rules"
        empty.mkdir()
        projects = {v.name: _project(work, v, rules) for v in versions}

        def changed(version: Version, run: int) -> None:
            # A new text each run: the article is analysed, the seeds come from the cache.
            article = projects[version.name] / "docs" / "article.txt"
            article.write_text(ARTICLE.format(n=100 + run), encoding="utf-8")

        scenarios: list[tuple[str, list[str], Callable[[Version], Path], Callable[..., None]]] = [
            ("python -c pass (interpreter alone)", [sys.executable, "-c", "pass"], _at(work), _no),
            (
                "factcheck article.txt, no rules",
                [*factcheck, "--rules", str(empty), "article.txt"],
                _at(work),
                _no,
            ),
            (
                "factcheck article.txt, seed rules (no config: no caches)",
                [*factcheck, "--rules", str(rules), "article.txt"],
                _at(work),
                _no,
            ),
            (
                "pre-commit: 1 changed file of 6, seed rules, caches warm",
                [*factcheck, "docs/article.txt"],
                lambda v: projects[v.name],
                changed,
            ),
        ]
        for name, command, cwd, before in scenarios:
            time_scenario(name, command, cwd, versions, args.runs, before)
        print(f"Machine: {machine()}; {load()}; {args.runs} runs each, alternating\n")
        header = ["command"]
        for version in versions:
            header += [f"{version.name}: min s", "median s", "median CPU s"]
        rows = []
        for name, *_ in scenarios:
            row = [name]
            for version in versions:
                times = version.times[name]
                cpu = statistics.median(version.cpu[name])
                row += [f"{min(times):.3f}", f"{statistics.median(times):.3f}", f"{cpu:.3f}"]
            rows.append(row)
        print(table(header, rows))
        print("\nHeaviest imports, current (python -X importtime, milliseconds):\n")
        command = ["-m", "factcheck", "--rules", str(rules), "article.txt"]
        print(table(["module", "cumulative", "self"], heaviest_imports(command, work, 15)))


def _at(directory: Path) -> Callable[[Version], Path]:
    return lambda version: directory


def _no(version: Version, run: int) -> None:
    pass


if __name__ == "__main__":
    main()
