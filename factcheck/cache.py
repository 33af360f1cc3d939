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
import marshal
import operator
import os
import pickle
import sqlite3
import sys
import time
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import factcheck
from factcheck import factstore
from factcheck.checks.base import Check
from factcheck.engine import DocumentResult
from factcheck.factstore import FactStore, Rows, StaleStore

DATABASE = "analysis.sqlite3"
# Bumped when the tables change shape; an older database is emptied.
SCHEMA_VERSION = 8
# A file whose mtime is this close to the time it was hashed may change again
# within the same timestamp tick without its stat changing: hash it again.
RACY_NS = 2_000_000_000
# Files a snapshot's delta holds at most before its base is written again.
DELTA_FILES = 256
# Stamps (configurations) whose results are kept; switching between a few
# selections or rule edits stays warm without the database growing forever.
KEEP_STAMPS = 4
BUSY_TIMEOUT_S = 10.0
# Documents written per transaction: each holds the write lock briefly, and a
# large run never buffers more than this many documents' results.
FLUSH_DOCUMENTS = 256

# ``stat`` is the ``(mtime_ns, size)`` the digest was recorded under, as one
# text value (one column to read per file, ten thousand files per run); NULL
# for a racy entry, which never matches.  Tables read whole on every run are
# WITHOUT ROWID or covered by an index, so that reading them touches their
# pages only, not rows scattered among the payloads.
_TABLES = {
    "files": "(path TEXT PRIMARY KEY, stat TEXT, digest TEXT NOT NULL) WITHOUT ROWID",
    # The payload is the result without its facts (those are in the fact
    # store); ``linted`` says whether the file was a document at all.
    "results": "(stamp TEXT NOT NULL, path TEXT NOT NULL, display TEXT NOT NULL, "
    "digest TEXT NOT NULL, linted INTEGER NOT NULL, payload BLOB NOT NULL, "
    "PRIMARY KEY (stamp, path, display))",
    "stamps": "(stamp TEXT PRIMARY KEY, used_ns INTEGER NOT NULL)",
    # The last run's files under a stamp (see ``Snapshot``): its base (part
    # 0) and the files changed since (part 1).
    "snapshots": "(stamp TEXT NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, "
    "PRIMARY KEY (stamp, part))",
}
_INDEXES = (
    # What a run knows of its documents, read without the payloads.
    "CREATE INDEX results_known ON results (stamp, path, display, digest, linted)",
)


# What is known of stored results: their digest, whether the file was a
# document and the stat signature the file had with that digest.
_KNOWN = (
    "SELECT r.path, r.display, r.digest, r.linted, f.stat FROM results r "
    "LEFT JOIN files f ON f.path = r.path AND f.digest = r.digest "
)


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


@functools.cache
def program_digest() -> str:
    """Changes with the version and with any edit to the package's source, so an
    editable install under development never serves results of older code."""
    digest = hashlib.blake2b(factcheck.__version__.encode(), digest_size=16)
    for name, path in sorted(_sources(os.path.dirname(factcheck.__file__), "")):
        digest.update(name.encode())
        with open(path, "rb") as source:
            digest.update(source.read())
    return digest.hexdigest()


def _sources(directory: str, prefix: str) -> Iterator[tuple[str, str]]:
    """The ``.py`` files under ``directory``: (name under the package, path);
    listed with ``os.scandir``, which costs less than ``Path.rglob`` in every run."""
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    yield from _sources(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                yield prefix + entry.name, entry.path


def current_signature(stat: os.stat_result) -> str:
    """A file's ``(mtime_ns, size)`` now, to compare with a recorded signature."""
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def stat_signature(stat: os.stat_result, hashed_ns: int) -> str | None:
    """What stands for a file's content while it matches: its ``(mtime_ns,
    size)``; None when the file was modified so shortly before it was hashed
    (``hashed_ns``) that a same-size edit in the same tick could go unseen."""
    if racy((stat.st_mtime_ns, stat.st_size, stat.st_mode), hashed_ns):
        return None
    return current_signature(stat)


# What a snapshot keeps of a file's stat: its ``(mtime_ns, size, mode)``.
Signature = tuple[int, int, int]


@dataclass(frozen=True)
class Snapshot:
    """The files of the last run under a stamp, in its order, read in one
    query: for a run on the same names from the same directory, telling the
    unchanged files from the others is a ``stat`` per file and a comparison
    of two lists, not a lookup per file.  A file's signature is None unless
    its result was stored and its stat stands for its content (not racy, see
    ``stat_signature``): such files are looked up again.

    Stored as a base (every file) and the few files that changed since
    (``delta``), so that a run that changed one file writes a few bytes."""

    cwd: str
    names: list[str]  # as the run was given them
    keys: list[str]
    displays: list[str]
    digests: list[str | None]
    linted: list[bool]
    signatures: list[Signature | None]

    def row(self, i: int) -> tuple[str | None, bool, Signature | None]:
        return self.digests[i], self.linted[i], self.signatures[i]

    def same_files(self, other: Snapshot) -> bool:
        return (self.cwd, self.names, self.keys, self.displays) == (
            other.cwd,
            other.names,
            other.keys,
            other.displays,
        )

    def dumps(self, ident: bytes) -> bytes:
        """As a base named ``ident`` (its delta names it too)."""
        # The usual names (relative, normalised) are their own display names
        # and the key is the directory joined to them: not stored twice more.
        keys = [self.cwd + os.sep + name for name in self.names]
        return marshal.dumps(
            (
                ident,
                self.cwd,
                self.names,
                None if self.keys == keys else self.keys,
                None if self.displays == self.names else self.displays,
                self.digests,
                self.linted,
                self.signatures,
            )
        )

    @classmethod
    def loads(cls, data: bytes) -> tuple[bytes, Snapshot] | None:
        """A stored base and its name; None if it was written by other code."""
        try:
            ident, cwd, names, keys, displays, digests, linted, signatures = marshal.loads(data)
            if keys is None:
                keys = [cwd + os.sep + name for name in names]
            snapshot = cls(cwd, names, keys, displays or names, digests, linted, signatures)
            columns = (snapshot.keys, snapshot.displays, digests, linted, signatures)
            if any(len(column) != len(names) for column in columns):
                return None
        except (EOFError, ValueError, TypeError):
            return None
        return ident, snapshot

    def changed(self, delta: Delta) -> Snapshot:
        """This snapshot with some files' rows replaced."""
        if not delta:
            return self
        digests, linted, signatures = list(self.digests), list(self.linted), list(self.signatures)
        for i, (digest, document, signature) in delta.items():
            if not 0 <= i < len(digests):
                raise IndexError(i)
            digests[i], linted[i], signatures[i] = digest, document, signature
        return Snapshot(self.cwd, self.names, self.keys, self.displays, digests, linted, signatures)


# Rows of a snapshot's files that changed since its base was written, by position.
Delta = dict[int, tuple[str | None, bool, Signature | None]]


def racy(signature: Signature, hashed_ns: int) -> bool:
    """Whether a file modified at ``signature``'s mtime could change again,
    unseen, in the same timestamp tick after it was hashed at ``hashed_ns``
    (or later)."""
    return hashed_ns - signature[0] <= RACY_NS


def _warn(message: str) -> None:
    print(f"factcheck: warning: cache disabled for this run: {message}", file=sys.stderr)


class AnalysisCache:
    """One run's view of the cache: what is known for its stamp is read at once
    (one query, not one per document, and no payload); results are read for
    the documents reported on only, and new ones written in batches."""

    def __init__(self, directory: Path, stamp: str) -> None:
        self.directory = directory
        self.stamp = stamp
        # (path, display) → (digest, whether the file was a document, the stat
        # signature the file had with that digest, if it is still recorded):
        # every stored result of the stamp once read (``read_known``), else
        # those looked up one by one.
        self._known: dict[tuple[str, str], tuple[str, bool, str | None] | None] = {}
        self._read_all = False
        # The last run's files, if it was under this stamp: as stored (base
        # and changes), and with the changes applied.
        self._base: Snapshot | None = None
        self._delta: Delta = {}
        self._ident = b""
        self.snapshot: Snapshot | None = None
        self._new_files: dict[str, tuple[str | None, str]] = {}
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
            # The run's own tables (its documents, the keys it looks up) are
            # rebuilt every run: never worth a temporary file.
            connection.execute("PRAGMA temp_store=MEMORY")
            (version,) = connection.execute("PRAGMA user_version").fetchone()
            if version != SCHEMA_VERSION:
                connection.execute("BEGIN IMMEDIATE")
                (version,) = connection.execute("PRAGMA user_version").fetchone()
                if version != SCHEMA_VERSION:  # another run may have just migrated it
                    for table, columns in _TABLES.items():
                        connection.execute(f"DROP TABLE IF EXISTS {table}")
                        connection.execute(f"CREATE TABLE {table} {columns}")
                    for statement in _INDEXES:
                        connection.execute(statement)
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
        parts = dict(
            self._connection.execute(
                "SELECT part, data FROM snapshots WHERE stamp = ?", (self.stamp,)
            ).fetchall()
        )
        found = Snapshot.loads(parts[0]) if 0 in parts else None
        if found is None:
            return
        ident, base = found
        try:
            # The changes of another base (replaced meanwhile by another run) are not these.
            of, delta = marshal.loads(parts[1]) if 1 in parts else (ident, {})
            self.snapshot = base.changed(delta if of == ident else {})
        except (EOFError, ValueError, TypeError, IndexError, AttributeError):
            return  # written by other code
        self._ident, self._base, self._delta = ident, base, delta if of == ident else {}

    def read_known(self) -> None:
        """Read what is known of every stored result of the stamp at once (one
        query, from two indexes), for a run that looks up most of its files."""
        if self._connection is None or self._read_all:
            return
        self._known = {
            (path, display): (digest, bool(linted), stat)
            for path, display, digest, linted, stat in self._connection.execute(
                _KNOWN + "WHERE r.stamp = ?", (self.stamp,)
            )
        }
        self._read_all = True

    def _lookup(self, key: str, display: str) -> tuple[str, bool, str | None] | None:
        if self._read_all or (key, display) in self._known:
            return self._known.get((key, display))
        found = None
        if self._connection is not None:
            for _, _, digest, linted, stat in self._connection.execute(
                _KNOWN + "WHERE r.stamp = ? AND r.path = ? AND r.display = ?",
                (self.stamp, key, display),
            ):
                found = (digest, bool(linted), stat)
        self._known[(key, display)] = found
        return found

    def unchanged(self, key: str, display: str, stat: os.stat_result) -> tuple[str, bool] | None:
        """``(digest, whether the file was a document)`` of a file whose result is
        stored and whose stat is what it was when its content was hashed."""
        found = self._lookup(key, display)
        if found is None or found[2] is None or found[2] != current_signature(stat):
            return None
        self.hits += 1
        return found[0], found[1]

    def record_file(self, key: str, stat: os.stat_result, digest: str) -> None:
        """The content hash of a file just read, with its stat."""
        self._new_files[key] = (stat_signature(stat, time.time_ns()), digest)

    def known(self, key: str, display: str, digest: str) -> bool | None:
        """Whether a result is stored for this content: None if not, else
        whether the file was a document (its name counts in the corpus)."""
        found = self._lookup(key, display)
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
        # From this run's documents (CROSS JOIN keeps that order): a run on one
        # file looks up one result, not every stored row of the stamp.
        query = (
            "SELECT r.path, r.display, r.payload FROM temp.present p CROSS JOIN results r "
            "ON r.stamp = ? AND r.path = p.path AND r.display = p.display "
            "AND r.digest = p.digest WHERE p.scoped OR NOT ?"
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

    def name_stored(
        self, keys: list[str], displays: list[str], digests: list[str], scoped: list[str] | None
    ) -> bool:
        """Name this run's documents (in path order, ``scoped``: the paths of
        those reported on; None: all) in the fact store as the stored results
        of the stamp, in the caller's read transaction, when they are exactly
        those: a run on the files of the last one compares over its stored
        rows rather than copying ten thousand names into a temporary table.
        False when they are not (the caller names them itself)."""
        connection = self._connection
        if connection is None or not keys or not all(map(operator.lt, keys, keys[1:])):
            return False
        stored = connection.execute(
            "SELECT COUNT(*), group_concat(path, char(0)), group_concat(display, char(0)), "
            "group_concat(digest, char(0)) FROM (SELECT path, display, digest FROM results "
            "WHERE stamp = ? ORDER BY path, display)",
            (self.stamp,),
        ).fetchone()
        expected = (len(keys), "\0".join(keys), "\0".join(displays), "\0".join(digests))
        if stored != expected:
            return False
        kind = factstore.present_kind(connection)
        if kind is not None:
            connection.execute(f"DROP {kind.upper()} temp.present")
        in_scope = "1"
        if scoped is not None:
            connection.execute("CREATE TEMP TABLE IF NOT EXISTS scope (path TEXT PRIMARY KEY)")
            connection.execute("DELETE FROM temp.scope")
            connection.executemany("INSERT INTO temp.scope VALUES (?)", [(k,) for k in scoped])
            in_scope = "path IN temp.scope"
        # The columns of ``factstore``'s table; the path orders as the run does
        # (``+``: sorted when asked, as the table's order is, rather than
        # making SQLite walk every stored result in path order to save a sort).
        stamp = self.stamp.replace("'", "''")
        connection.execute(
            f"CREATE TEMP VIEW present AS SELECT path, display, digest, +path AS idx, "
            f"{in_scope} AS scoped FROM main.results WHERE stamp = '{stamp}'"
        )
        return True

    def absent(self, documents: int) -> list[tuple[str, str]] | None:
        """The documents stored under this stamp besides the ``documents`` this
        run registered in its fact store and found stored (deleted files, files
        of another run's corpus), read in the caller's transaction; None when
        there are more of them than this run's documents (summing over this
        run's documents is then the cheaper way to a corpus tally)."""
        assert self._connection is not None
        (stored,) = self._connection.execute(
            "SELECT COUNT(*) FROM results WHERE stamp = ?", (self.stamp,)
        ).fetchone()
        if stored == documents:
            return []
        if stored - documents > documents:
            return None
        return self._connection.execute(
            "SELECT path, display FROM results r WHERE stamp = ? AND NOT EXISTS "
            "(SELECT 1 FROM temp.present p WHERE p.path = r.path AND p.display = r.display)",
            (self.stamp,),
        ).fetchall()

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

    def _flush(self, finishing: tuple[Snapshot, Collection[int] | None] | None = None) -> None:
        """Write the queued results in one short transaction; ``finishing``: with
        the run's stamp and snapshot, then old stamps go (see ``save``)."""
        connection = self._connection
        pending, self._new_results = self._new_results, []
        files, self._new_files = self._new_files, {}
        if connection is None:
            return
        try:
            connection.execute("BEGIN IMMEDIATE")
            if files:
                connection.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                    [(key, signature, digest) for key, (signature, digest) in files.items()],
                )
            if pending:
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
            if finishing is not None:
                self._finish_stamp(connection, *finishing)
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            if connection.in_transaction:
                connection.rollback()
            _warn(f"{self.directory}: {exc}")
            self.close()
            # The facts written so far are not all there is: compare without them.
            raise StaleStore(str(exc)) from None

    def _finish_stamp(
        self, connection: sqlite3.Connection, snapshot: Snapshot, changed: Collection[int] | None
    ) -> None:
        connection.execute(
            "INSERT OR REPLACE INTO stamps VALUES (?, ?)", (self.stamp, time.time_ns())
        )
        self._write_snapshot(connection, snapshot, changed)
        (stamps,) = connection.execute("SELECT COUNT(*) FROM stamps").fetchone()
        # Scanning every table for old stamps is only worth it when there are some.
        if stamps > KEEP_STAMPS:
            kept = "SELECT stamp FROM stamps ORDER BY used_ns DESC LIMIT ?"
            factstore.prune(connection, kept, (KEEP_STAMPS,))
            for table in ("results", "snapshots", "stamps"):
                connection.execute(
                    f"DELETE FROM {table} WHERE stamp NOT IN ({kept})", (KEEP_STAMPS,)
                )

    def _write_snapshot(
        self, connection: sqlite3.Connection, snapshot: Snapshot, changed: Collection[int] | None
    ) -> None:
        """The files' rows that differ from the stored base, when they are few
        (``changed``: the only positions where ``snapshot`` may differ from the
        one read); else a new base."""
        base = self._base
        if base is not None and changed is not None and snapshot.same_files(base):
            delta = {}
            for i in {*self._delta, *changed}:
                if snapshot.row(i) != base.row(i):
                    delta[i] = snapshot.row(i)
            if len(delta) <= DELTA_FILES:
                if delta != self._delta:
                    connection.execute(
                        "INSERT OR REPLACE INTO snapshots VALUES (?, 1, ?)",
                        (self.stamp, marshal.dumps((self._ident, delta))),
                    )
                return
        connection.execute("DELETE FROM snapshots WHERE stamp = ?", (self.stamp,))
        # A new name: a delta still to be written by a run that read the old
        # base does not apply to this one.
        data = snapshot.dumps(os.urandom(8))
        connection.execute("INSERT INTO snapshots VALUES (?, 0, ?)", (self.stamp, data))

    def save(self, snapshot: Snapshot, changed: Collection[int] | None = None) -> None:
        """Write what is still queued and the run's ``snapshot`` (its files, for
        the next run; ``changed``: the only positions where it may differ from
        the one read), in one transaction; drop old stamps."""
        self._flush((snapshot, changed))

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
