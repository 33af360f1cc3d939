"""Open a path as a regular file and read it, safely: without blocking on a FIFO,
without reading more than a limit, and with a plain reason when it cannot be read."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Above this a document is reported, not read: a long book is 3 MB, and the
# checks hold about a hundred times a document's size while analysing it
# (benchmarks/hostile_inputs.py), so a larger file would hold the run hostage.
MAX_DOCUMENT_BYTES = 4 * 1024 * 1024


class NotLinted(Exception):
    """A path that cannot be read as a document; the message says why."""


_NOT_REGULAR = "not a regular file (a FIFO, socket or device)"


def _unreadable_reason(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        if path.is_symlink():
            return "broken symbolic link"
        return "file vanished before it could be read"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "path too long for the system"
    if exc.errno == errno.ENXIO:  # a socket, or a device without a driver
        return _NOT_REGULAR
    return exc.strerror or exc.__class__.__name__


def _is_directory(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:  # unreachable as well as unreadable: say what open() said
        return False


def _directory_reason(path: Path) -> str:
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"directory cannot be listed: {_unreadable_reason(path, exc)}"
    return "a directory"


def read_document_bytes(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; raise NotLinted.

    The file is opened without blocking and checked through its descriptor, so a
    FIFO, device or socket never hangs the run and a file swapped for something
    else between discovery and reading is still judged by what was opened.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        reason = _unreadable_reason(path, exc)
        directory = _is_directory(path)
        raise NotLinted(f"directory cannot be listed: {reason}" if directory else reason) from None
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise NotLinted(_directory_reason(path))
        if not stat.S_ISREG(status.st_mode):
            raise NotLinted(_NOT_REGULAR)
        if status.st_size > limit:
            raise NotLinted(_too_large(status.st_size, limit))
        data = _read_at_most(fd, limit + 1, status.st_size + 1)
    except OSError as exc:
        raise NotLinted(_unreadable_reason(path, exc)) from None
    finally:
        os.close(fd)
    # The file may have grown after fstat: never more than the limit is read.
    if len(data) > limit:
        raise NotLinted(_too_large(len(data), limit))
    return data


def _read_at_most(fd: int, size: int, expected: int) -> bytes:
    """Up to ``size`` bytes; ``expected`` (the size fstat saw, plus one to see the
    end) is asked for first so the usual file is one read and one buffer."""
    chunks = []
    request = min(size, expected)
    while size > 0:
        chunk = os.read(fd, request)
        request = min(size - len(chunk), 1024 * 1024)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> str:
    mib = 1024 * 1024
    return f"larger than the {limit // mib} MiB limit ({size / mib:.1f} MiB)"
