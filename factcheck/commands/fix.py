"""``factcheck --fix`` / ``--diff``: lint, then apply or show the fixes."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from factcheck.commands.lint import report
from factcheck.engine import Linter
from factcheck.fixing import FixError, Tracker, diff, plans, write
from factcheck.project import Project


def run_fixes(
    args: argparse.Namespace,
    linter: Linter,
    files: list[Path],
    project: Project,
    scope: frozenset[str] | None = None,
) -> int:
    """``scope``: the documents to fix (see ``Linter.finish``); None: all ``files``."""
    tracker = Tracker()
    result = linter.run(tracker.load(files, project.manifest()), scope=scope)
    failed = False
    fixed: set[int] = set()
    changed = 0
    try:
        for file_plan in plans(tracker, result.findings, args.unsafe_fixes):
            if args.diff:
                sys.stdout.write(diff(file_plan))
                changed += 1
                continue
            try:
                write(file_plan)
            except FixError as exc:
                print(f"factcheck: error: {exc}", file=sys.stderr)
                failed = True
                continue
            changed += 1
            fixed.update(id(f) for f in file_plan.applied)
    except FixError as exc:
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return 2
    if args.diff:
        return 1 if changed else 0
    remaining = [f for f in result.findings if id(f) not in fixed]
    if not args.quiet:
        files_word = "file" if changed == 1 else "files"
        print(f"Fixed {len(fixed)} findings in {changed} {files_word}.", file=sys.stderr)
    status = report(args, project, replace(result, findings=remaining))
    return 2 if failed else status
