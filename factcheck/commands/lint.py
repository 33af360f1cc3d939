"""``factcheck [PATHS]``: lint documents and report findings."""

from __future__ import annotations

import argparse
import os
import sys

from factcheck.engine import Linter, LintResult
from factcheck.findings import Severity
from factcheck.project import Project
from factcheck.report import ReportOptions, formatter


def use_color(args: argparse.Namespace) -> bool:
    if args.no_color or os.environ.get("NO_COLOR"):
        return False
    return args.format == "text" and sys.stdout.isatty()


def run(args: argparse.Namespace) -> int:
    project = Project.from_args(args)
    rules = project.load_rules(args.rules)
    selection = project.selection(args.select, args.ignore)
    files = project.files(args.paths)
    linter = Linter(rules, selection, project.settings.checks)
    if args.fix or args.diff:
        # Fixing reads each file once, in this process, so it can tell
        # whether the file changed before writing it back.
        from factcheck.commands.fix import run_fixes

        return run_fixes(args, linter, files, project)
    if args.engine == "dask" or args.scheduler:
        from factcheck.distributed import run_on_dask

        result = run_on_dask(linter, files, project.manifest(), args.scheduler)
    else:
        jobs = project.settings.jobs if args.jobs is None else args.jobs
        result = linter.run_files(files, project.manifest(), jobs)
    return report(args, project, result)


def report(args: argparse.Namespace, project: Project, result: LintResult) -> int:
    options = ReportOptions(color=use_color(args), quiet=args.quiet, statistics=args.statistics)
    sys.stdout.write(formatter(args.format)(result, options))
    threshold = Severity(args.fail_on) if args.fail_on else project.settings.fail_on
    failing = any(f.severity.rank >= threshold.rank for f in result.findings)
    return 1 if failing else 0
