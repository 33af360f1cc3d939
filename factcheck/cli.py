"""The ``factcheck`` command line: argument parsing and dispatch.

``factcheck [PATHS]`` lints; ``rules check``, ``rules schema``, ``explain``,
``extract`` and ``server start|stop|status|run`` are subcommands.  ``rules``
alone (or ``rules/``) is a path, so a directory of that name can still be
linted, and so is ``server``.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from factcheck import __version__
from factcheck.errors import INTERNAL_ERROR, FactcheckError
from factcheck.printable import printable
from factcheck.report import FORMATS
from factcheck.server.client import SERVER_ACTIONS

Handler = Callable[[argparse.Namespace], int]


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", metavar="FILE", help="pyproject.toml to read (default: nearest upward)"
    )
    parser.add_argument(
        "--rules",
        action="append",
        metavar="DIR",
        help="rule directory or file (repeatable; overrides config)",
    )


def _at_least_zero(convert: Callable[[str], float], expected: str) -> Callable[[str], float]:
    """An argparse type: ``convert``'s value of the argument, which must be >= 0
    (not NaN)."""

    def parse(value: str) -> float:
        try:
            number = convert(value)
        except ValueError:
            number = -1
        if not number >= 0:
            raise argparse.ArgumentTypeError(f"expected {expected} >= 0, got {value!r}")
        return number

    return parse


_jobs = _at_least_zero(int, "a whole number")


def _lint_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factcheck",
        description="Fact-check and consistency linter for prose corpora.",
        epilog="Subcommands: `factcheck rules check`, `factcheck rules schema`, "
        "`factcheck explain CODE`, `factcheck extract PATHS`, "
        "`factcheck server start|stop|status`. "
        "Exit codes: 0 clean, 1 findings at or above --fail-on, "
        "2 usage, configuration or rule-file error, 3 internal error.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories (default: configured paths)"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="codes or prefixes to report (comma-separated)",
    )
    parser.add_argument(
        "--ignore", action="append", metavar="CODES", help="codes or prefixes to leave out"
    )
    parser.add_argument(
        "--statistics", action="store_true", help="count findings per code instead of listing them"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        help="lowest severity that makes the exit code 1",
    )
    parser.add_argument("--no-color", action="store_true", help="no ANSI colours (also: NO_COLOR)")
    scope = parser.add_argument_group("scope (see docs/integrations.md)")
    scope.add_argument(
        "--all-findings",
        action="store_true",
        help="with PATHs: also report findings in the rest of the corpus they are checked against",
    )
    scope.add_argument(
        "--changed-since",
        metavar="REF",
        help="report only findings on lines changed since git REF (git diff -U0 REF)",
    )
    scope.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="lint stdin as the text of PATH (an editor's unsaved buffer)",
    )
    baseline = parser.add_argument_group("baseline")
    baseline.add_argument(
        "--baseline", metavar="FILE", help="accepted findings to hide (default: from config)"
    )
    baseline.add_argument("--no-baseline", action="store_true", help="report every finding")
    baseline.add_argument(
        "--update-baseline",
        action="store_true",
        help="record the current findings as accepted and exit 0",
    )
    cache = parser.add_argument_group("cache")
    cache.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    cache.add_argument("--cache-dir", metavar="DIR", help="cache directory (default: from config)")
    parser.add_argument(
        "--fix", action="store_true", help="apply safe fixes in place (atomic rewrite)"
    )
    parser.add_argument(
        "--unsafe-fixes", action="store_true", help="with --fix or --diff: include unsafe fixes"
    )
    parser.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff; write nothing"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="processes for per-document work (default: config `jobs`, 0 = one per core "
        "when the corpus is large enough)",
    )
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        help="where to run: this machine (default) or a Dask cluster "
        "(needs the `distributed` extra)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler to connect to (implies --engine dask; default: a local cluster)",
    )
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    _common(parser)
    return parser


def _rules_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck rules", description="Work with rule files.")
    sub = parser.add_subparsers(dest="action", required=True)
    check = sub.add_parser("check", help="validate rule files and run their examples")
    _common(check)
    sub.add_parser("schema", help="print the JSON Schema of the rule-file format")
    return parser


def _explain_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factcheck explain", description="Explain a finding code."
    )
    parser.add_argument("code", nargs="?", help="a code such as FC101")
    parser.add_argument("--all", action="store_true", help="list every code")
    return parser


def _extract_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factcheck extract", description="Print every claim extracted from the documents."
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--format", choices=("json", "yaml"), default="json")
    _common(parser)
    return parser


def _server_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factcheck server",
        description="A resident factcheck process for this installation: every factcheck "
        "command forwards itself to it while it runs, and skips the start-up. "
        "`run` serves in the foreground.",
    )
    parser.add_argument("action", choices=SERVER_ACTIONS)
    parser.add_argument(
        "--idle-timeout",
        type=_at_least_zero(float, "seconds"),
        default=3600.0,
        metavar="SECONDS",
        help="stop after this long without a command (default: 3600; 0: never)",
    )
    return parser


def _dispatch(argv: list[str]) -> tuple[argparse.Namespace, Handler]:
    if len(argv) >= 2 and argv[0] == "server" and argv[1] in SERVER_ACTIONS:
        args = _server_parser().parse_args(argv[1:])
        from factcheck.commands import server

        return args, server.run
    if len(argv) >= 2 and argv[0] == "rules" and argv[1] in ("check", "schema"):
        args = _rules_parser().parse_args(argv[1:])
        from factcheck.commands import rules

        return args, rules.check if args.action == "check" else rules.schema
    if argv and argv[0] == "explain":
        args = _explain_parser().parse_args(argv[1:])
        from factcheck.commands import explain

        return args, explain.run
    if argv and argv[0] == "extract":
        args = _extract_parser().parse_args(argv[1:])
        from factcheck.commands import extract

        return args, extract.run
    args = _lint_parser().parse_args(argv)
    from factcheck.commands import lint

    return args, lint.run


DEBUG_VARIABLE = "FACTCHECK_DEBUG"


def _tolerant_streams() -> None:
    """Never fail on printing: file names with undecodable bytes (surrogates) or a
    console without UTF-8 get backslash escapes instead of a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _internal_error(exc: BaseException) -> int:
    import traceback

    if os.environ.get(DEBUG_VARIABLE):
        traceback.print_exception(exc, file=sys.stderr)
    where = ""
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        last = frames[-1]
        where = f" at {Path(last.filename).name}:{last.lineno}"
    detail = " ".join(str(exc).split())[:200]
    print(
        f"factcheck: internal error: {type(exc).__name__}{where}"
        + (f": {detail}" if detail else "")
        + f" (a bug; set {DEBUG_VARIABLE}=1 for a traceback)",
        file=sys.stderr,
    )
    return INTERNAL_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    # factcheck uses no pydantic plugins, and looking for them scans every
    # installed distribution's entry points: about 35 ms of each run.  Set
    # PYDANTIC_DISABLE_PLUGINS to an empty string to load them anyway.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    arguments = list(sys.argv[1:] if argv is None else argv)
    _tolerant_streams()
    try:
        args, handler = _dispatch(arguments)
        return handler(args)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else 2
    except FactcheckError as exc:
        for line in str(exc).splitlines():
            print(f"factcheck: error: {printable(line)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("factcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`factcheck | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        return _internal_error(exc)


def run() -> NoReturn:
    """The program: ``main`` on the command line's arguments, then exit."""
    # Start-up creates a few hundred thousand objects that live as long as the
    # program (modules, classes, patterns, validators) and little garbage: at
    # the default threshold the collector runs about 90 times and finds a few
    # hundred objects, some 14 ms of a 0.3 s run.
    gc.set_threshold(200_000, 50, 50)
    code = main()
    # What is left is freed as the interpreter exits, whose collector passes
    # would traverse every object again: 40 to 60 ms of a 0.3 s run.  Frozen,
    # the objects are still freed module by module (by reference counting)
    # and atexit handlers still run; only cycles are left to the OS.
    gc.freeze()
    sys.exit(code)
