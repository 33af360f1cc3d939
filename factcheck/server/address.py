"""Where the server of this installation listens, cheap enough to work out at
the start of every ``factcheck`` run (no hashing of sources, no imports
beyond the standard library's).

There is one server per installation: the socket is named after the package
directory, so a project's own virtual environment and pre-commit's copy of
factcheck each reach only a server running their own code.  The socket lives
in a directory only its user can enter, so no other user can connect to it,
or plant a socket of their own for this user's runs to send files to.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from pathlib import Path

import factcheck

# Unix socket paths are limited to about 100 bytes: the name is short.
_NAME_DIGITS = 16


class UnsafeRuntimeDirectory(Exception):
    """The socket's directory is not private to this user."""


def package_directory() -> Path:
    return Path(factcheck.__file__).resolve().parent


def runtime_directory() -> Path:
    """``$XDG_RUNTIME_DIR/factcheck``, else a per-user directory under the
    system's temporary directory."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base:
        return Path(base) / "factcheck"
    return Path(tempfile.gettempdir()) / f"factcheck-{os.getuid()}"


def socket_path() -> Path:
    key = f"{factcheck.__version__}|{package_directory()}|{sys.executable}"
    name = hashlib.blake2b(key.encode(), digest_size=_NAME_DIGITS // 2).hexdigest()
    return runtime_directory() / f"{name}.sock"


def private_directory(create: bool) -> Path | None:
    """The runtime directory once it is checked to be this user's alone
    (created so with ``create``); None when it does not exist."""
    directory = runtime_directory()
    if create:
        directory.parent.mkdir(parents=True, exist_ok=True)
        directory.mkdir(mode=0o700, exist_ok=True)  # an existing one is checked below
    try:
        info = directory.lstat()
    except FileNotFoundError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise UnsafeRuntimeDirectory(f"{directory} is not a directory owned by this user")
    if info.st_mode & 0o077:
        raise UnsafeRuntimeDirectory(
            f"{directory} can be entered by other users (mode {stat.S_IMODE(info.st_mode):o})"
        )
    return directory
