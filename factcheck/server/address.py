"""Where the server of this installation listens, cheap enough to work out at
the start of every ``factcheck`` run: no hashing of sources, and paths as
strings (``pathlib`` and ``tempfile`` take longer to import than the rest of
a command sent to a server).

There is one server per installation: the socket is named after the package
directory, so a project's own virtual environment and pre-commit's copy of
factcheck each reach only a server running their own code.  The socket lives
in a directory only its user can enter, so no other user can connect to it,
or plant a socket of their own for this user's runs to send files to.
"""

from __future__ import annotations

import os
import stat
import sys
import zlib

import factcheck


class UnsafeRuntimeDirectory(Exception):
    """The socket's directory is not private to this user."""


def package_directory() -> str:
    return os.path.dirname(os.path.realpath(factcheck.__file__))


def runtime_directory() -> str:
    """``$XDG_RUNTIME_DIR/factcheck``, else a per-user directory in ``$TMPDIR``
    (``/tmp`` without it)."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base:
        return os.path.join(base, "factcheck")
    return os.path.join(os.environ.get("TMPDIR") or "/tmp", f"factcheck-{os.getuid()}")


def socket_path() -> str:
    # Unix socket paths are limited to about 100 bytes: the name is short.
    # Two CRCs, not a cryptographic hash: the name only tells this user's
    # installations apart, and hashlib (OpenSSL) takes longer to import.
    key = f"{factcheck.__version__}|{package_directory()}|{sys.executable}".encode()
    name = f"{zlib.crc32(key):08x}{zlib.crc32(key[::-1]):08x}"
    return os.path.join(runtime_directory(), f"{name}.sock")


def private_directory(create: bool) -> str | None:
    """The runtime directory once it is checked to be this user's alone
    (created so with ``create``); None when it does not exist."""
    directory = runtime_directory()
    if create:
        os.makedirs(os.path.dirname(directory), exist_ok=True)
        if not os.path.isdir(directory):  # an existing one is checked below
            os.mkdir(directory, mode=0o700)
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise UnsafeRuntimeDirectory(f"{directory} is not a directory owned by this user")
    if info.st_mode & 0o077:
        raise UnsafeRuntimeDirectory(
            f"{directory} can be entered by other users (mode {stat.S_IMODE(info.st_mode):o})"
        )
    return directory
