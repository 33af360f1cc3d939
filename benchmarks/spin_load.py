"""What the mistranscription checks cost on the pre-commit path: opening each
resource (first use in a process) and linting one short file with and without
the checks, side by side in one run.

Usage: python benchmarks/spin_load.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

# The package's own imports come first, and the checks are built (which
# validates their settings: the first pydantic validation of a run), so each
# figure is what the step adds to a run.
SNIPPET = """
import time
import factcheck.cli, factcheck.engine, factcheck.checks.registry
from factcheck.rules.ruleset import RuleSet
factcheck.engine.Linter(RuleSet())
start = time.perf_counter()
{body}
print(f"{{(time.perf_counter() - start) * 1000:.1f}}")
"""

STEPS = {
    "import pocketsphinx": "import pocketsphinx",
    "open trigram model": "from factcheck.spin.language_model import english; english()",
    "open thesaurus": "from factcheck.spin.thesaurus import synonyms; synonyms()",
    "load fingerprints": "from factcheck.checks.spin import _shipped_index; _shipped_index()",
    "import rapidfuzz": "import rapidfuzz.process, rapidfuzz.distance",
}


def fresh(body: str) -> float:
    command = [sys.executable, "-c", SNIPPET.format(body=body)]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def lint(path: Path, *flags: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "factcheck", str(path), "-q", *flags],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - start


def main() -> None:
    for name, body in STEPS.items():
        print(f"{name:22} {min(fresh(body) for _ in range(5)):7.1f} ms")
    root = Path(__file__).resolve().parent.parent
    sample = root / "benchmarks" / "data" / "clean_news.txt"
    without = min(lint(sample, "--ignore", "FC4") for _ in range(5))
    with_checks = min(lint(sample) for _ in range(5))
    print(f"lint clean_news.txt without FC4xx  {without * 1000:7.1f} ms")
    print(f"lint clean_news.txt with FC4xx     {with_checks * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
