"""Expand the paths given on the command line into the documents to lint."""

from __future__ import annotations

import os
from pathlib import Path

from factcheck.errors import FactcheckError

# Directories no one wants linted; named paths are always honoured.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__"})


def display_path(path: str | Path, cwd: str | None = None) -> str:
    """The path as findings show it: relative to the working directory when inside it.
    ``cwd`` saves looking the working directory up again, file after file."""
    name = os.fspath(path)
    if os.sep == "/" and not os.path.isabs(name):
        # Relative already, as discovered names are: the common case, 10,000 times.
        normal = os.path.normpath(name)
        if not normal.startswith(".."):
            return normal
    cwd = cwd or os.getcwd()
    absolute = os.path.normpath(os.path.join(cwd, name))
    # The common case, without os.path.relpath's cost (it counts for 10,000 files).
    if absolute.startswith(cwd) and absolute[len(cwd) : len(cwd) + 1] == os.sep:
        return absolute[len(cwd) + 1 :].replace(os.sep, "/")
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else Path(path).as_posix()


def absolute_name(name: str, cwd: str) -> str:
    """The absolute form of a normalised path name (as ``discover_names`` gives)."""
    if os.path.isabs(name):
        return name
    if name.startswith(".."):
        return os.path.normpath(os.path.join(cwd, name))
    return cwd + os.sep + name


def run_names(name: str, cwd: str) -> tuple[str, str]:
    """``(absolute_name(name, cwd), display_path(name, cwd))``: for a normalised
    relative name (a discovered one, ten thousand per run) without either call."""
    relative = os.sep == "/" and name[:1] not in ("", "/") and not name.startswith("..")
    if relative and os.path.normpath(name) == name:
        return cwd + os.sep + name, name
    return absolute_name(name, cwd), display_path(name, cwd)


def _walk(top: str, wanted: frozenset[str], found: set[str]) -> None:
    """Collect matching files under ``top``, iteratively so that no tree is too deep.

    A directory that cannot be listed (permissions, a name too long for the
    system, removed meanwhile) is itself collected: loading it reports why, so
    nothing is skipped silently.  Symlinked directories are not followed (no
    loops); symlinked files are, and a looping or broken one is reported when
    it is read.

    Names stay strings joined to a normalised ``top`` (so they are normalised
    too): building a ``Path`` per file cost more than listing the directories.
    """
    pending = [os.path.normpath(top)]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = [(entry.name, _is_dir(entry)) for entry in entries]
        except OSError:
            found.add(directory)
            continue
        if directory == os.curdir:
            prefix = ""
        else:
            prefix = directory if directory.endswith(os.sep) else directory + os.sep
        for name, is_dir in listed:
            if is_dir:
                if name not in SKIP_DIRS:
                    pending.append(prefix + name)
            elif _suffix(name) in wanted:
                found.add(prefix + name)


def _suffix(name: str) -> str:
    """``Path(name).suffix.lower()``: a final extension, never a dot file's name."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def discover(paths: list[str], extensions: list[str]) -> list[Path]:
    """Files under ``paths`` with one of ``extensions``; files named explicitly are
    always included.  Sorted, without repeats; directory symlinks are not followed
    (no loops)."""
    return [Path(name) for name in discover_names(paths, extensions)]


def discover_names(paths: list[str], extensions: list[str]) -> list[str]:
    """``discover`` as normalised path strings, the form the cache and the merge
    of named files into the corpus key on."""
    wanted = frozenset(e.lower() if e.startswith(".") else "." + e.lower() for e in extensions)
    found: set[str] = set()
    for raw in paths:
        name = raw or os.curdir  # as Path("") reads it
        if os.path.isdir(name):
            _walk(name, wanted, found)
        elif os.path.lexists(name):
            found.add(os.path.normpath(name))
        else:
            raise FactcheckError(f"{raw}: no such file or directory")
    return sorted(found)
