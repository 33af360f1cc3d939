"""Expand the paths given on the command line into the documents to lint."""

from __future__ import annotations

import os
from pathlib import Path

from factcheck.errors import FactcheckError

# Directories no one wants linted; named paths are always honoured.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__"})


def display_path(path: Path) -> str:
    """The path as findings show it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


def discover(paths: list[str], extensions: list[str]) -> list[Path]:
    """Files under ``paths`` with one of ``extensions``; files named explicitly are
    always included.  Sorted, without repeats; directory symlinks are not followed
    (no loops)."""
    wanted = {e.lower() if e.startswith(".") else "." + e.lower() for e in extensions}
    found: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for name in files:
                    if Path(name).suffix.lower() in wanted:
                        candidate = Path(root) / name
                        found.setdefault(os.path.normpath(candidate), candidate)
        elif path.exists() or path.is_symlink():
            found.setdefault(os.path.normpath(path), path)
        else:
            raise FactcheckError(f"{raw}: no such file or directory")
    return [found[key] for key in sorted(found)]
