"""The documents' facts in SQLite, split by the keys under which the
comparison stage needs them (issues #6 and #7).

Each check's facts of a document are stored whole, and also:

- split by ``Check.group_facts`` (``(key, part)`` rows): ``compare`` runs once
  per key over the parts sharing it, so a full run holds one key group at a
  time, and a run reporting on a few documents loads only the groups of their
  keys;
- else under ``Check.reach_keys``: a run reporting on a few documents loads
  only the documents sharing a key with them (with the corpus ``tally``, summed
  by SQLite, for a check that counts over the whole corpus), or, for a check
  with ``linked_keys``, the closure of those keys, followed round by round;
- else under ``Check.chain_keys`` (with each key's count, walkable in path
  order): such a run loads the holders of those documents' rare keys and the
  nearest holders of their crowded ones, and gives ``compare_tallied`` the
  keys' corpus counts;
- else whole only: every document's facts are compared at once, one check at
  a time.

Both contracts are in ``factcheck/checks/base.py``; under them the findings
located in the documents reported on are exactly those of comparing the whole
corpus.  The store lives in the incremental cache's database (rows stamped with
its configuration) or, without a cache, in a private temporary database that
SQLite keeps on disk.  A run names its documents in a temporary table
(``present``: path, display name, content hash, order), and every read joins
it, so rows of deleted or changed documents are never compared.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from factcheck import models
from factcheck.checks.base import Check
from factcheck.checks.reach import chained, closure, linked
from factcheck.findings import Finding

TABLES = {
    # ``id`` is named so that it survives a VACUUM (reach keys refer to it).
    "facts": "id INTEGER PRIMARY KEY, stamp TEXT NOT NULL, path TEXT NOT NULL, "
    "display TEXT NOT NULL, digest TEXT NOT NULL, chk TEXT NOT NULL, key BLOB, "
    "payload BLOB NOT NULL",
    # A reach key of the document whose whole facts are the facts row ``doc``:
    # a million of them for 10,000 documents, so no repeated names.
    "reach": "doc INTEGER NOT NULL, key BLOB NOT NULL",
    # A chain key of the document ``doc`` (named ``display`` in this run, kept
    # here so the key's holders can be walked in path order) held by ``n`` of
    # its items; the primary key is the order of that walk.
    "chain": "key BLOB NOT NULL, display TEXT NOT NULL, doc INTEGER NOT NULL, "
    "n INTEGER NOT NULL, PRIMARY KEY (key, display, doc)",
    "tally": "stamp TEXT NOT NULL, path TEXT NOT NULL, display TEXT NOT NULL, "
    "digest TEXT NOT NULL, chk TEXT NOT NULL, item BLOB NOT NULL, n INTEGER NOT NULL",
    # The sum of ``tally`` over every document stored under a stamp, kept up
    # to date in the transaction that writes or forgets a document's rows, so
    # that a scoped run reads the corpus tally instead of summing it.
    "tally_total": "stamp TEXT NOT NULL, chk TEXT NOT NULL, item BLOB NOT NULL, "
    "n INTEGER NOT NULL, PRIMARY KEY (stamp, chk, item)",
}
INDEXES = (
    "CREATE INDEX facts_by_key ON facts (stamp, chk, key)",
    "CREATE INDEX facts_by_document ON facts (stamp, path, display)",
    "CREATE INDEX reach_by_key ON reach (key, doc)",
    "CREATE INDEX reach_by_document ON reach (doc)",
    "CREATE INDEX chain_by_document ON chain (doc)",
    "CREATE INDEX tally_by_document ON tally (stamp, path, display)",
)
_INSERT_FACTS = (
    "INSERT INTO facts (stamp, path, display, digest, chk, key, payload) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_PRESENT = (
    "CREATE TEMP TABLE IF NOT EXISTS present (path TEXT NOT NULL, display TEXT NOT NULL, "
    "digest TEXT NOT NULL, idx INTEGER NOT NULL, scoped INTEGER NOT NULL, "
    "PRIMARY KEY (path, display, digest)) WITHOUT ROWID"
)
# Joins a stored row (alias r) to this run's documents (alias p).
_REACH_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS probe (key BLOB PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS wanted (id INTEGER PRIMARY KEY)",
    "DELETE FROM temp.probe",
    "DELETE FROM temp.wanted",
)
# The documents reported on, apart: every reach starts from them, and finding
# them in ``present`` is a scan of the run's documents (10,000 rows).
_SCOPED = (
    "CREATE TEMP TABLE IF NOT EXISTS scoped (path TEXT NOT NULL, display TEXT NOT NULL, "
    "digest TEXT NOT NULL, idx INTEGER NOT NULL)",
    "DELETE FROM temp.scoped",
    "INSERT INTO temp.scoped SELECT path, display, digest, idx FROM temp.present WHERE scoped",
)
_JOIN = "p.path = r.path AND p.display = r.display AND p.digest = r.digest"
_ADD_TO_TOTAL = "INSERT INTO tally_total (stamp, chk, item, n) "
_UPSERT = " ON CONFLICT (stamp, chk, item) DO UPDATE SET n = n + excluded.n"


class StaleStore(Exception):
    """The stored facts are not those of this run's documents (another run
    replaced them meanwhile, or they cannot be read): compare without them."""


# Tables that are their own index (no rowid): the primary key orders the rows.
_WITHOUT_ROWID = {"chain", "tally_total"}
# Tables of rows about a document's whole-facts row (``doc``).
_KEYED = ("reach", "chain")


def create_tables(connection: sqlite3.Connection) -> None:
    for table, columns in TABLES.items():
        connection.execute(f"DROP TABLE IF EXISTS {table}")
        rowid = " WITHOUT ROWID" if table in _WITHOUT_ROWID else ""
        connection.execute(f"CREATE TABLE {table} ({columns}){rowid}")
    for statement in INDEXES:
        connection.execute(statement)


def present_kind(connection: sqlite3.Connection) -> str | None:
    """What names this run's documents: a table (``FactStore.register``), a
    view of the stored results (``AnalysisCache.name_stored``) or nothing yet."""
    row = connection.execute("SELECT type FROM temp.sqlite_master WHERE name = 'present'")
    found = row.fetchone()
    return None if found is None else str(found[0])


def prune(connection: sqlite3.Connection, kept: str, parameters: tuple[Any, ...]) -> None:
    """Delete the rows of stamps not in the subquery ``kept``."""
    for table in _KEYED:
        connection.execute(
            f"DELETE FROM {table} WHERE doc IN "
            f"(SELECT id FROM facts WHERE key IS NULL AND stamp NOT IN ({kept}))",
            parameters,
        )
    for table in ("facts", "tally", "tally_total"):
        connection.execute(f"DELETE FROM {table} WHERE stamp NOT IN ({kept})", parameters)


# One encoder for every key: ``json.dumps`` with options builds one per call,
# which cost ten times the encoding itself (a scoped run encodes the probe
# keys of its documents, a stored document all of its keys).
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_key(key: Hashable) -> bytes:
    """A key as bytes that are equal exactly when the keys are: JSON, since
    pickle's bytes depend on object identity (shared strings are memoised)."""
    try:
        return _encode_json(key).encode()
    except (TypeError, ValueError):
        raise TypeError(
            f"a fact key must be a string, a number or a tuple of them, not {key!r}"
        ) from None


def _grouped(check: Check) -> bool:
    return type(check).group_facts is not Check.group_facts


def _keyed(check: Check) -> bool:
    """Whether the check has reach keys (its own, or those of its links)."""
    return type(check).reach_keys is not Check.reach_keys or linked(check)


def _reached(check: Check) -> bool:
    return _keyed(check) or chained(check)


def _tallied(check: Check) -> bool:
    return type(check).tally is not Check.tally


@dataclass
class Rows:
    """One document's rows for the three tables."""

    facts: list[tuple[Any, ...]] = field(default_factory=list)
    reach: dict[str, list[bytes]] = field(default_factory=dict)  # check → keys
    chain: dict[str, list[tuple[bytes, int]]] = field(default_factory=dict)  # check → (key, n)
    tally: list[tuple[Any, ...]] = field(default_factory=list)


def dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class FactStore:
    """The facts of one run's checks in ``connection`` under ``stamp``."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        stamp: str,
        checks: Sequence[Check],
        reach: bool = True,
    ):
        self.connection = connection
        self.stamp = stamp
        self.checks = list(checks)
        # Whether documents' reach and chain keys are stored: only a run
        # reporting on a few documents reads them, now or from a later run's cache.
        self.reach = reach
        # Documents each check compared whole or over a reach (not key
        # groups): what a run reporting on a few documents saves shows here.
        self.compared: Counter[str] = Counter()
        # The documents stored under the stamp that this run does not compare
        # (deleted files, another run's), as (path, display); None: not known,
        # so corpus tallies are summed over this run's documents.
        self.absent: list[tuple[str, str]] | None = None
        # Release the analysis models (``factcheck.models``) before each
        # check's comparison: one check may load the language model again,
        # the next need not hold it.
        self.release_models = False

    @classmethod
    def temporary(cls, checks: Sequence[Check], reach: bool = True) -> FactStore:
        # "": a private database that SQLite spills to a temporary file.
        connection = sqlite3.connect("", isolation_level=None)
        connection.execute("PRAGMA cache_size=-16384")  # KiB: spill past 16 MB
        create_tables(connection)
        store = cls(connection, "", checks, reach)
        store.absent = []  # it holds this run's documents only
        return store

    def rows(self, path: str, display: str, digest: str, facts: dict[str, Any]) -> Rows:
        """One document's rows (``facts``: check name → facts).  Raises what
        pickling raises for facts that break their picklable contract."""
        rows = Rows()
        head = (self.stamp, path, display, digest)
        for check in self.checks:
            if check.name not in facts:
                continue
            document_facts = facts[check.name]
            rows.facts.append((*head, check.name, None, dumps(document_facts)))
            if _grouped(check):
                parts = check.group_facts(document_facts)
                if parts is None:
                    raise TypeError(f"{check.name}: group_facts returned None for some facts")
                rows.facts.extend(
                    (*head, check.name, encode_key(key), dumps(part)) for key, part in parts
                )
            # A grouped check may have reach keys too, more selective than its
            # groups (figures of one noun, but only those naming the same
            # places): a scoped run fetches the reach, a full run the groups.
            if self.reach and _keyed(check):
                keys = check.reach_keys(document_facts)
                if keys is None:
                    raise TypeError(f"{check.name}: reach_keys returned None for some facts")
                rows.reach[check.name] = [encode_key(key) for key in keys]
            if self.reach and chained(check):
                keys = check.chain_keys(document_facts)
                if keys is None:
                    raise TypeError(f"{check.name}: chain_keys returned None for some facts")
                rows.chain[check.name] = list(keys.items())
            if _tallied(check):
                counts = check.tally(document_facts) or Counter()
                rows.tally.extend(
                    (*head, check.name, encode_key(item), n) for item, n in counts.items()
                )
        return rows

    def write(self, rows: Iterable[Rows]) -> None:
        """Insert rows (the caller holds the transaction)."""
        execute = self.connection.execute
        for document in rows:
            for row in document.facts:
                doc = execute(_INSERT_FACTS, row).lastrowid
                if row[5] is not None:
                    continue
                keys = document.reach.get(row[4])
                if keys:
                    self.connection.executemany(
                        "INSERT INTO reach VALUES (?, ?)", [(doc, key) for key in keys]
                    )
                chain = document.chain.get(row[4])
                if chain:
                    self.connection.executemany(
                        "INSERT INTO chain VALUES (?, ?, ?, ?)",
                        [(key, row[2], doc, n) for key, n in chain],
                    )
            self.connection.executemany(
                "INSERT INTO tally VALUES (?, ?, ?, ?, ?, ?, ?)", document.tally
            )
            self.connection.executemany(
                _ADD_TO_TOTAL + "VALUES (?, ?, ?, ?)" + _UPSERT,
                [(stamp, chk, item, n) for stamp, _, _, _, chk, item, n in document.tally],
            )

    def forget(self, documents: Iterable[tuple[str, str]]) -> None:
        """Delete the rows of documents (path, display) about to be rewritten."""
        pairs = [(self.stamp, path, display) for path, display in documents]
        # Out of the corpus tally first, then items no document counts any more.
        self.connection.executemany(
            _ADD_TO_TOTAL + "SELECT stamp, chk, item, -n FROM tally "
            "WHERE stamp = ? AND path = ? AND display = ?" + _UPSERT,
            pairs,
        )
        self.connection.executemany(
            "DELETE FROM tally_total WHERE n = 0 AND (stamp, chk, item) IN "
            "(SELECT stamp, chk, item FROM tally WHERE stamp = ? AND path = ? AND display = ?)",
            pairs,
        )
        for table in _KEYED:
            self.connection.executemany(
                f"DELETE FROM {table} WHERE doc IN (SELECT id FROM facts "
                "WHERE stamp = ? AND path = ? AND display = ? AND key IS NULL)",
                pairs,
            )
        for table in ("facts", "tally"):
            self.connection.executemany(
                f"DELETE FROM {table} WHERE stamp = ? AND path = ? AND display = ?", pairs
            )

    def register(self, documents: Iterable[tuple[str, str, str, bool]]) -> None:
        """This run's documents: (path, display, digest, reported on), in order."""
        if present_kind(self.connection) == "view":  # see ``factcheck.cache``
            self.connection.execute("DROP VIEW temp.present")
        self.connection.execute(_PRESENT)
        self.connection.execute("DELETE FROM temp.present")
        self.connection.executemany(
            "INSERT OR REPLACE INTO temp.present VALUES (?, ?, ?, ?, ?)",
            [(*document[:3], i, document[3]) for i, document in enumerate(documents)],
        )

    def compare(self, scoped: bool) -> Iterator[Finding]:
        """Every check's comparison over this run's documents; with ``scoped``,
        only what is needed for the findings located in the documents
        registered as reported on (others may come too: the caller filters)."""
        if scoped:
            for statement in _SCOPED:
                self.connection.execute(statement)
        for check in self.checks:
            if self.release_models:
                models.release()
            if _reached(check) and scoped:
                tally = self._tally(check) if _tallied(check) else None
                reported: list[str] = []
                if chained(check):
                    facts = self._chain(check, tally, reported)
                else:
                    facts = self._reach(check)
                self.compared[check.name] += len(facts)
                if tally is not None:
                    yield from check.compare_tallied(facts, tally, reported or None)
                else:
                    yield from check.compare(facts)
            elif _grouped(check):
                for group in self._groups(check, scoped):
                    yield from check.compare(group)
            elif check.facts_on_demand and not scoped:
                yield from check.compare(self._on_demand(check))
            else:
                facts = self._whole(check)
                self.compared[check.name] += len(facts)
                yield from check.compare(facts)

    def groups(self, check: Check) -> Iterator[dict[str, Any]]:
        """The parts of every document, key by key (``group_facts``), or the
        whole corpus for a check without keys: what ``compare`` runs on alone."""
        if _grouped(check):
            yield from self._groups(check, False)
        else:
            facts = self._whole(check)
            if facts:
                yield facts

    def _groups(self, check: Check, scoped: bool) -> Iterator[dict[str, Any]]:
        keys = (
            "(SELECT DISTINCT r.key FROM facts r JOIN temp.present p ON " + _JOIN +
            " WHERE r.stamp = ? AND r.chk = ? AND r.key IS NOT NULL AND p.scoped)"
            if scoped
            else "(SELECT DISTINCT key FROM facts WHERE stamp = ? AND chk = ? AND key IS NOT NULL)"
        )  # fmt: skip
        query = (
            f"SELECT r.key, p.display, r.payload FROM {keys} k JOIN facts r "
            "ON r.stamp = ? AND r.chk = ? AND r.key = k.key "
            f"JOIN temp.present p ON {_JOIN} ORDER BY r.key, p.idx"
        )
        current: bytes | None = None
        group: dict[str, Any] = {}
        for key, display, payload in self.connection.execute(
            query, (self.stamp, check.name, self.stamp, check.name)
        ):
            if key != current and group:
                yield group
                group = {}
            current = key
            group[display] = _loads(payload)
        if group:
            yield group

    def _reach(self, check: Check) -> dict[str, Any]:
        """Whole facts of the documents reported on and of the documents found
        under a key those look up (``probe_keys``), in document order."""
        if linked(check):
            return self._closure(check)
        self._want_scoped(check)
        probes: set[bytes] = set()
        for facts in self._wanted(check).values():
            keys = check.probe_keys(facts)
            if keys is None:  # this document may meet any other
                return self._whole(check)
            probes.update(encode_key(key) for key in keys)
        self.connection.executemany(
            "INSERT OR IGNORE INTO temp.probe VALUES (?)", [(k,) for k in probes]
        )
        self.connection.execute(
            "INSERT OR IGNORE INTO temp.wanted SELECT o.doc FROM temp.probe k "
            "CROSS JOIN reach o ON o.key = k.key"
        )
        return self._wanted(check)

    def _want_scoped(self, check: Check) -> None:
        """Empty the temporary tables of a reach and put the documents
        reported on in ``temp.wanted``.  Each join of a reach is written in
        the order it must run (CROSS JOIN): from the few documents reported on
        and the keys they look up, through the indexes, never a scan of every
        document's rows."""
        for statement in _REACH_TABLES:
            self.connection.execute(statement)
        self.connection.execute(
            "INSERT OR IGNORE INTO temp.wanted SELECT r.id FROM temp.scoped p CROSS JOIN "
            f"facts r ON {_JOIN} WHERE r.stamp = ? AND r.chk = ? AND r.key IS NULL",
            (self.stamp, check.name),
        )

    def _chain(
        self, check: Check, tally: Counter[Hashable] | None, reported: list[str]
    ) -> dict[str, Any]:
        """Whole facts of the documents reported on (their names added to
        ``reported``) and of those their chain keys in force reach
        (``Check.chain_keys``), in document order; the corpus counts of those
        keys (capped above the crowd size) are added to ``tally``.  Every
        lookup walks the key's rows in path order, never all of its holders."""
        self._want_scoped(check)
        walk = (
            "SELECT c.doc, c.n FROM chain c CROSS JOIN facts r ON r.id = c.doc "
            f"JOIN temp.present p ON {_JOIN} WHERE c.key = ? AND r.stamp = ? AND r.chk = ?"
        )
        nearest = {
            side: f"{walk} AND c.display {side} ? ORDER BY c.display {order} LIMIT 1"
            for side, order in (("<", "DESC"), (">", "ASC"))
        }
        found: set[int] = set()
        scoped = self._wanted(check)
        reported.extend(scoped)
        for display, facts in scoped.items():
            keys = check.chain_keys(facts, tally)
            if keys is None:  # this document may meet any other
                return self._whole(check)
            few: dict[bytes, list[int]] = {}
            for key in keys:
                crowd = check.crowd(key)
                rows = self.connection.execute(
                    f"{walk} LIMIT ?", (key, self.stamp, check.name, crowd + 1)
                ).fetchall()
                total = sum(n for _, n in rows)
                if tally is not None:
                    tally[key] = min(total, crowd + 1)
                if total <= crowd:
                    few[key] = [doc for doc, _ in rows]
                    continue
                for query in nearest.values():
                    for doc, _ in self.connection.execute(
                        query, (key, self.stamp, check.name, display)
                    ):
                        found.add(doc)
            # The probes may depend on the counts just taken (rarest first).
            probes = check.chain_probes(facts, tally) if tally is not None else keys
            for key in few.keys() & probes:
                found.update(few[key])
        self.connection.executemany(
            "INSERT OR IGNORE INTO temp.wanted VALUES (?)", [(doc,) for doc in found]
        )
        return self._wanted(check)

    def _closure(self, check: Check) -> dict[str, Any]:
        """Whole facts of the documents reported on and of those reached from
        them through ``linked_keys``, one round of keys at a time, each
        through the indexes; in document order."""
        for statement in _REACH_TABLES:
            self.connection.execute(statement)
        order: dict[str, int] = {}
        start: dict[str, Any] = {}
        for display, idx, payload in self.connection.execute(
            "SELECT p.display, p.idx, r.payload FROM temp.scoped p CROSS JOIN facts r ON "
            f"{_JOIN} WHERE r.stamp = ? AND r.chk = ? AND r.key IS NULL",
            (self.stamp, check.name),
        ):
            order[display] = idx
            start[display] = _loads(payload)
        facts = dict(start)

        def lookup(keys: set[bytes]) -> dict[str, tuple[Any, set[bytes]]]:
            self.connection.execute("DELETE FROM temp.probe")
            self.connection.executemany("INSERT INTO temp.probe VALUES (?)", [(k,) for k in keys])
            held: dict[str, set[bytes]] = {}
            new: dict[int, str] = {}
            for doc, display, idx, key in self.connection.execute(
                "SELECT o.doc, p.display, p.idx, o.key FROM temp.probe k CROSS JOIN reach o "
                f"ON o.key = k.key CROSS JOIN facts r ON r.id = o.doc JOIN temp.present p ON "
                f"{_JOIN} WHERE r.stamp = ? AND r.chk = ?",
                (self.stamp, check.name),
            ):
                held.setdefault(display, set()).add(key)
                if display not in facts:
                    new[doc] = display
                    order[display] = idx
            if new:
                self.connection.execute("DELETE FROM temp.wanted")
                self.connection.executemany(
                    "INSERT INTO temp.wanted VALUES (?)", [(doc,) for doc in new]
                )
                for doc, payload in self.connection.execute(
                    "SELECT r.id, r.payload FROM temp.wanted w CROSS JOIN facts r ON r.id = w.id"
                ):
                    facts[new[doc]] = _loads(payload)
            return {display: (facts[display], found) for display, found in held.items()}

        reached = closure(check, start, lookup, encode_key)
        return {display: reached[display] for display in sorted(reached, key=order.__getitem__)}

    def _wanted(self, check: Check) -> dict[str, Any]:
        """Whole facts of the rows in ``temp.wanted`` that are this run's, in
        document order."""
        query = (
            "SELECT p.display, r.payload FROM temp.wanted w CROSS JOIN facts r ON r.id = w.id "
            f"JOIN temp.present p ON {_JOIN} WHERE r.stamp = ? AND r.chk = ? AND r.key IS NULL "
            "ORDER BY p.idx"
        )
        return self._loaded(query, check)

    def _whole(self, check: Check) -> dict[str, Any]:
        """Whole facts of every document, in document order."""
        query = (
            "SELECT p.display, r.payload FROM facts r JOIN temp.present p ON " + _JOIN +
            " WHERE r.stamp = ? AND r.chk = ? AND r.key IS NULL ORDER BY p.idx"
        )  # fmt: skip
        return self._loaded(query, check)

    def _on_demand(self, check: Check) -> StoredFacts:
        """Every document's whole facts, each loaded when it is looked up."""
        query = (
            "SELECT p.display, r.id FROM facts r JOIN temp.present p ON " + _JOIN +
            " WHERE r.stamp = ? AND r.chk = ? AND r.key IS NULL ORDER BY p.idx"
        )  # fmt: skip
        rows = dict(self.connection.execute(query, (self.stamp, check.name)).fetchall())
        return StoredFacts(self.connection, rows)

    def _loaded(self, query: str, check: Check) -> dict[str, Any]:
        return {
            display: _loads(payload)
            for display, payload in self.connection.execute(query, (self.stamp, check.name))
        }

    def _tally(self, check: Check) -> Counter[Hashable]:
        """The corpus tally: the stored total less the documents not in this
        run, or, when those are not known, summed over this run's documents."""
        execute = self.connection.execute
        if self.absent is None:
            query = (
                "SELECT r.item AS item, SUM(r.n) AS n FROM tally r JOIN temp.present p ON " +
                _JOIN + " WHERE r.stamp = ? AND r.chk = ? GROUP BY r.item"
            )  # fmt: skip
            return _counter(execute(_ARRAYS.format(query), (self.stamp, check.name)).fetchone())
        total = _counter(
            execute(
                _ARRAYS.format("SELECT item, n FROM tally_total WHERE stamp = ? AND chk = ?"),
                (self.stamp, check.name),
            ).fetchone()
        )
        if not self.absent:
            return total
        removed = [
            row
            for path, display in self.absent
            for row in execute(
                "SELECT item, n FROM tally WHERE stamp = ? AND path = ? AND display = ? "
                "AND chk = ?",
                (self.stamp, path, display, check.name),
            )
        ]
        for item, n in removed:  # an item may come from several documents
            total[_freeze(json.loads(item))] -= n
        return +total  # what no document of this run counts is left out

    def close(self) -> None:
        self.connection.close()


class StoredFacts(Mapping[str, Any]):
    """Documents' whole facts by display path, in document order, each read
    from the store when it is looked up (the last few kept), for a check that
    compares without holding every document's facts (``Check.facts_on_demand``)."""

    KEPT = 64

    def __init__(self, connection: sqlite3.Connection, rows: dict[str, int]) -> None:
        self.connection = connection
        self.rows = rows  # display → facts row id
        self.recent: OrderedDict[str, Any] = OrderedDict()

    def __getitem__(self, display: str) -> Any:
        if display in self.recent:
            self.recent.move_to_end(display)
            return self.recent[display]
        (payload,) = self.connection.execute(
            "SELECT payload FROM facts WHERE id = ?", (self.rows[display],)
        ).fetchone()
        facts = self.recent[display] = _loads(payload)
        if len(self.recent) > self.KEPT:
            self.recent.popitem(last=False)
        return facts

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _freeze(value: Any) -> Hashable:
    return tuple(_freeze(v) for v in value) if isinstance(value, list) else value


# Tally rows (item, n) of a query, one per item, as two JSON arrays built by
# SQLite: tens of thousands of items in a large corpus are then two strings to
# decode in one call each, not a Python tuple and bytes object per row.
_ARRAYS = (
    "SELECT '[' || group_concat(CAST(item AS TEXT), ',') || ']', "
    "'[' || group_concat(n, ',') || ']' FROM ({})"
)


def _counter(arrays: tuple[str | None, str | None]) -> Counter[Hashable]:
    """The tally of a query's rows as ``_ARRAYS`` gives them (NULL: no rows)."""
    items, counts = arrays
    if items is None or counts is None:
        return Counter()
    decoded = [_freeze(item) if type(item) is list else item for item in json.loads(items)]
    return Counter(dict(zip(decoded, json.loads(counts), strict=True)))


def _loads(payload: bytes) -> Any:
    try:
        return pickle.loads(payload)
    except Exception as exc:  # written by other code: compare afresh rather than trust it
        raise StaleStore(f"unreadable facts ({exc.__class__.__name__})") from None
