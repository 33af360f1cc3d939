"""The incremental cache: per-document analysis results in SQLite.

Unchanged documents are neither re-read nor re-analysed.  A file is known by
its absolute path; like git's index, its ``(mtime_ns, size)`` stands in for its
content hash as long as they match what was recorded, except for files modified
so shortly before they were recorded that a same-size edit within the same
timestamp tick could go unseen ("racy" entries, re-hashed).  Results are keyed
by path, the path findings are shown under, the content hash and a *stamp*: the
program's own source, the rules, the checks that run and their settings, and
the corpus manifests.  Anything else changing gives a new stamp, so a stale
result cannot be served.

Each document's facts are stored by check and key (``factcheck.factstore``),
so the comparison stage of a later run loads only what it compares.

Several runs may share the cache (pre-commit, an editor, CI on one machine):
SQLite's write-ahead log lets readers proceed while one writer commits, and
each run writes its new results in short transactions of a few hundred
documents.  The cache
is an accelerator only: if it cannot be opened or written, the run goes on
without it, after one warning.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import factcheck
from factcheck import factstore
from factcheck.checks.base import Check
from factcheck.engine import DocumentResult
from factcheck.factstore import FactStore, Rows, StaleStore

DATABASE = "analysis.sqlite3"
# Bumped when the tables change shape; an older database is emptied.
SCHEMA_VERSION = 5
# A file whose mtime is this close to the time it was hashed may change again
# within the same timestamp tick without its stat changing: hash it again.
RACY_NS = 2_000_000_000
# Stamps (configurations) whose results are kept; switching between a few
# selections or rule edits stays warm without the database growing forever.
KEEP_STAMPS = 4
BUSY_TIMEOUT_S = 10.0
# Documents written per transaction: each holds the write lock briefly, and a
# large run never buffers more than this many documents' results.
FLUSH_DOCUMENTS = 256

_TABLES = {
    "files": "path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL, "
    "digest TEXT NOT NULL, hashed_ns INTEGER NOT NULL",
    # The payload is the result without its facts (those are in the fact
    # store); ``linted`` says whether the file was a document at all.
    "results": "stamp TEXT NOT NULL, path TEXT NOT NULL, display TEXT NOT NULL, "
    "digest TEXT NOT NULL, linted INTEGER NOT NULL, payload BLOB NOT NULL, "
    "PRIMARY KEY (stamp, path, display)",
    "stamps": "stamp TEXT PRIMARY KEY, used_ns INTEGER NOT NULL",
}


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


@functools.cache
def program_digest() -> str:
    """Changes with the version and with any edit to the package's source, so an
    editable install under development never serves results of older code."""
    digest = hashlib.blake2b(factcheck.__version__.encode(), digest_size=16)
    package = Path(factcheck.__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


class FileState(NamedTuple):
    """What was recorded of a file (a tuple: ten thousand are built per run)."""

    mtime_ns: int
    size: int
    digest: str
    hashed_ns: int

    def matches(self, stat: os.stat_result) -> bool:
        return (
            self.mtime_ns == stat.st_mtime_ns
            and self.size == stat.st_size
            and self.hashed_ns - self.mtime_ns > RACY_NS
        )


def _warn(message: str) -> None:
    print(f"factcheck: warning: cache disabled for this run: {message}", file=sys.stderr)


class AnalysisCache:
    """One run's view of the cache: what is known for its stamp is read at once
    (one query, not one per document, and no payload); results are read for
    the documents reported on only, and new ones written in batches."""

    def __init__(self, directory: Path, stamp: str) -> None:
        self.directory = directory
        self.stamp = stamp
        self._files: dict[str, FileState] = {}
        # (path, display) → (digest, whether the file was a document)
        self._known: dict[tuple[str, str], tuple[str, bool]] = {}
        self._new_files: dict[str, FileState] = {}
        self._new_results: list[tuple[str, str, str, DocumentResult, Rows]] = []
        self._store: FactStore | None = None
        self._connection: sqlite3.Connection | None = None
        # Results served from the cache in this run.
        self.hits = 0
        self._unstorable = False
        try:
            try:
                self._connection = self._open()
            except sqlite3.DatabaseError as exc:
                if exc.sqlite_errorname not in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
                    raise
                # Not a database any more (truncated, overwritten): start afresh.
                self._remove_database()
                self._connection = self._open()
            self._read()
        except (sqlite3.Error, OSError) as exc:
            _warn(f"{directory}: {exc}")
            self.close()

    @property
    def enabled(self) -> bool:
        return self._connection is not None

    def _open(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        ignore = self.directory / ".gitignore"
        if not ignore.exists():
            # Keep the cache out of version control wherever it is placed.
            ignore.write_text("# Created by factcheck: the cache is never committed.\n*\n")
        connection = sqlite3.connect(
            self.directory / DATABASE, timeout=BUSY_TIMEOUT_S, isolation_level=None
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            (version,) = connection.execute("PRAGMA user_version").fetchone()
            if version != SCHEMA_VERSION:
                connection.execute("BEGIN IMMEDIATE")
                (version,) = connection.execute("PRAGMA user_version").fetchone()
                if version != SCHEMA_VERSION:  # another run may have just migrated it
                    for table, columns in _TABLES.items():
                        connection.execute(f"DROP TABLE IF EXISTS {table}")
                        connection.execute(f"CREATE TABLE {table} ({columns})")
                    factstore.create_tables(connection)
                    connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                connection.execute("COMMIT")
        except BaseException:
            connection.close()
            raise
        return connection

    def _remove_database(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            (self.directory / (DATABASE + suffix)).unlink(missing_ok=True)

    def _read(self) -> None:
        assert self._connection is not None
        self._files = {
            row[0]: FileState(*row[1:])
            for row in self._connection.execute(
                "SELECT path, mtime_ns, size, digest, hashed_ns FROM files"
            )
        }
        self._known = {
            (path, display): (digest, bool(linted))
            for path, display, digest, linted in self._connection.execute(
                "SELECT path, display, digest, linted FROM results WHERE stamp = ?",
                (self.stamp,),
            )
        }

    def known_digest(self, key: str, stat: os.stat_result) -> str | None:
        """The content hash of a file whose stat is unchanged since it was hashed."""
        state = self._files.get(key)
        return state.digest if state is not None and state.matches(stat) else None

    def record_file(self, key: str, stat: os.stat_result, digest: str) -> None:
        state = FileState(stat.st_mtime_ns, stat.st_size, digest, time.time_ns())
        if self._files.get(key) != state:
            self._new_files[key] = state

    def known(self, key: str, display: str, digest: str) -> bool | None:
        """Whether a result is stored for this content: None if not, else
        whether the file was a document (its name counts in the corpus)."""
        found = self._known.get((key, display))
        if found is None or found[0] != digest:
            return None
        self.hits += 1
        return found[1]

    def facts(self, checks: Sequence[Check]) -> FactStore:
        assert self._connection is not None
        if self._store is None:
            self._store = FactStore(self._connection, self.stamp, checks)
        return self._store

    def results(self, scoped_only: bool) -> dict[tuple[str, str], DocumentResult]:
        """The stored results (without facts) of the documents registered in the
        fact store (those reported on, with ``scoped_only``)."""
        assert self._connection is not None
        query = (
            "SELECT r.path, r.display, r.payload FROM results r JOIN temp.present p ON "
            "p.path = r.path AND p.display = r.display AND p.digest = r.digest "
            "WHERE r.stamp = ? AND (p.scoped OR NOT ?)"
        )
        found = {}
        for path, display, payload in self._connection.execute(query, (self.stamp, scoped_only)):
            try:
                result = pickle.loads(payload)
            except Exception:  # written by other code: recompute rather than trust it
                result = None
            if not isinstance(result, DocumentResult):
                raise StaleStore(f"unreadable result for {display}")
            found[(path, display)] = result
        return found

    def store(
        self, key: str, display: str, digest: str, result: DocumentResult, rows: Rows
    ) -> None:
        """Queue a result (its facts as fact-store ``rows``) for writing."""
        self._new_results.append((key, display, digest, result, rows))
        if len(self._new_results) >= FLUSH_DOCUMENTS:
            self._flush()

    def unstorable(self, display: str, exc: Exception) -> None:
        """Facts that break their picklable contract: warned about once."""
        if not self._unstorable:
            print(
                f"factcheck: warning: cache: results for {display} cannot be stored "
                f"({exc.__class__.__name__}: {exc}); they are recomputed on every run",
                file=sys.stderr,
            )
        self._unstorable = True

    def _flush(self) -> None:
        """Write the queued results in one short transaction."""
        connection = self._connection
        pending, self._new_results = self._new_results, []
        files, self._new_files = self._new_files, {}
        if connection is None:
            return
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                [(k, s.mtime_ns, s.size, s.digest, s.hashed_ns) for k, s in files.items()],
            )
            connection.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        self.stamp,
                        key,
                        display,
                        digest,
                        result.path is not None,
                        pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL),
                    )
                    for key, display, digest, result, _ in pending
                ],
            )
            store = FactStore(connection, self.stamp, ())
            store.forget((key, display) for key, display, *_ in pending)
            store.write(rows for *_, rows in pending)
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            if connection.in_transaction:
                connection.rollback()
            _warn(f"{self.directory}: {exc}")
            self.close()
            # The facts written so far are not all there is: compare without them.
            raise StaleStore(str(exc)) from None

    def save(self) -> None:
        """Write what is still queued; drop old stamps."""
        self._flush()
        connection = self._connection
        if connection is None:
            return
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                "INSERT OR REPLACE INTO stamps VALUES (?, ?)", (self.stamp, time.time_ns())
            )
            (stamps,) = connection.execute("SELECT COUNT(*) FROM stamps").fetchone()
            # Scanning every table for old stamps is only worth it when there are some.
            if stamps > KEEP_STAMPS:
                kept = "SELECT stamp FROM stamps ORDER BY used_ns DESC LIMIT ?"
                factstore.prune(connection, kept, (KEEP_STAMPS,))
                for table in ("results", "stamps"):
                    connection.execute(
                        f"DELETE FROM {table} WHERE stamp NOT IN ({kept})", (KEEP_STAMPS,)
                    )
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            if connection.in_transaction:
                connection.rollback()
            _warn(f"{self.directory}: {exc}")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
