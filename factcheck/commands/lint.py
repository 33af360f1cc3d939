"""``factcheck [PATHS]``: lint documents and report findings."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.analysis import lint_files
from factcheck.corpus.discovery import display_path
from factcheck.engine import Linter, LintResult
from factcheck.errors import FactcheckError
from factcheck.findings import Severity
from factcheck.project import Project, Targets
from factcheck.report import ReportOptions, formatter
from factcheck.selection import Selection

if TYPE_CHECKING:
    from factcheck.baseline import TextSource
    from factcheck.changed_lines import ChangedLines


def use_color(args: argparse.Namespace) -> bool:
    if args.no_color or os.environ.get("NO_COLOR"):
        return False
    return args.format == "text" and sys.stdout.isatty()


def _check_flags(args: argparse.Namespace) -> None:
    if args.stdin_filename is not None and [p for p in args.paths if p != "-"]:
        raise FactcheckError("--stdin-filename lints stdin: give no PATH (or '-')")
    if args.stdin_filename is None and "-" in args.paths:
        raise FactcheckError("reading stdin ('-') needs --stdin-filename PATH")
    if args.update_baseline and (args.changed_since or args.stdin_filename is not None):
        raise FactcheckError(
            "--update-baseline records every finding of the files linted: it cannot be "
            "combined with --changed-since or --stdin-filename"
        )
    if (args.fix or args.diff) and (args.stdin_filename is not None or args.update_baseline):
        raise FactcheckError(
            "--fix and --diff change files on disk: not with --stdin-filename or --update-baseline"
        )
    if args.update_baseline and args.no_baseline:
        raise FactcheckError("--update-baseline and --no-baseline contradict each other")


def _baseline_file(args: argparse.Namespace, project: Project) -> Path | None:
    if args.no_baseline:
        return None
    if args.baseline:
        file = Path(args.baseline)
        if not file.is_file() and not args.update_baseline:
            raise FactcheckError(f"{args.baseline}: baseline not found")
        return file
    file = Path(project.settings.resolve(project.settings.baseline))
    return file if file.is_file() or args.update_baseline else None


def _update_baseline(
    file: Path, result: LintResult, targets: Targets, selection: Selection, texts: TextSource
) -> None:
    from factcheck.baseline import Baseline

    baseline = Baseline.load(file) if file.is_file() else Baseline(file)
    linted = {baseline.relative(path) for path in result.paths}
    linted |= {baseline.relative(f.path) for f in result.findings}
    baseline.update(
        result.findings,
        texts,
        # Entries of files (and codes) this run did not look at are kept.
        lambda e: (targets.scope is None or e.path in linted) and selection.enabled(e.code),
    )
    baseline.write()
    files = len({e.path for e in baseline.entries.values()})
    print(f"{display_path(file)}: {baseline.total()} accepted findings in {files} files.")


def _changed_lines(ref: str | None) -> ChangedLines | None:
    # Imported on demand, like the baseline: a pre-commit run pays only for what it uses.
    if ref is None:
        return None
    from factcheck.changed_lines import changed_since

    return changed_since(ref)


def _cache_dir(args: argparse.Namespace, project: Project) -> Path | None:
    """Where this run keeps its caches; None: it keeps none (a run on Dask
    keeps none either)."""
    if args.no_cache or args.engine == "dask" or args.scheduler:
        return None
    if not (args.cache_dir or project.settings.config_file is not None):
        return None
    return project.cache_dir(args.cache_dir)


def _lint(
    args: argparse.Namespace,
    project: Project,
    linter: Linter,
    files: list[str],
    replaced: dict[str, bytes],
    scope: frozenset[str] | None,
) -> LintResult:
    manifest = project.manifest()
    if args.engine == "dask" or args.scheduler:
        if replaced:
            raise FactcheckError("--stdin-filename lints on this machine: not with --engine dask")
        from factcheck.distributed import run_on_dask

        return run_on_dask(linter, [Path(f) for f in files], manifest, args.scheduler, scope)
    jobs = project.settings.jobs if args.jobs is None else args.jobs
    cache = None
    if _cache_dir(args, project) is not None:
        cache = project.cache(linter, manifest, args.cache_dir)
    # Loading a large corpus from the cache creates many objects and few cycles:
    # frequent collections would cost more than the rest of a warm run.
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 50, 50)
    try:
        return lint_files(files, manifest, linter, scope, cache, replaced, jobs)
    finally:
        gc.set_threshold(*thresholds)
        if cache is not None:
            cache.close()


def run(args: argparse.Namespace) -> int:
    _check_flags(args)
    changed = _changed_lines(args.changed_since)
    project = Project.from_args(args)
    rules = project.load_rules(args.rules, _cache_dir(args, project))
    selection = project.selection(args.select, args.ignore)
    unsaved = Path(args.stdin_filename) if args.stdin_filename is not None else None
    paths = [p for p in args.paths if p != "-"]
    targets = project.targets(paths, unsaved)
    baseline_file = _baseline_file(args, project)
    linter = Linter(rules, selection, project.settings.checks)
    scope = None if args.all_findings else targets.scope
    if args.fix or args.diff:
        # Fixing reads each file once, in this process, so it can tell
        # whether the file changed before writing it back.
        from factcheck.commands.fix import run_fixes

        return run_fixes(args, linter, [Path(f) for f in targets.files], project, scope)
    stdin = sys.stdin.buffer.read() if unsaved is not None else b""
    replaced = {os.path.normpath(unsaved): stdin} if unsaved is not None else {}
    result = _lint(args, project, linter, targets.files, replaced, scope)
    if baseline_file is not None:
        from factcheck.baseline import Baseline, TextSource

        texts = TextSource({display_path(path): data for path, data in replaced.items()})
        if args.update_baseline:
            _update_baseline(baseline_file, result, targets, selection, texts)
            return 0
        result.findings, result.baselined = Baseline.load(baseline_file).filter(
            result.findings, texts
        )
    if changed is not None:
        result.findings = changed.keep(result.findings)
    return report(args, project, result)


def report(args: argparse.Namespace, project: Project, result: LintResult) -> int:
    options = ReportOptions(color=use_color(args), quiet=args.quiet, statistics=args.statistics)
    sys.stdout.write(formatter(args.format)(result, options))
    threshold = Severity(args.fail_on) if args.fail_on else project.settings.fail_on
    failing = any(f.severity.rank >= threshold.rank for f in result.findings)
    return 1 if failing else 0
