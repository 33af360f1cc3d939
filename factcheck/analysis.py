"""A run over files: per-document results taken from the incremental cache
when the file has not changed, otherwise read and analysed (in a process pool
when there are enough of them, see ``factcheck.executor``), then compared.

Facts go to a keyed store (``factcheck.factstore``: the cache's, or a
temporary one for a large run without a cache) as they arrive, so the run
never holds every document's facts, and the comparison stage loads what it
compares: one key group at a time, or, when only a few files are reported on,
the documents that can matter to them.
"""

from __future__ import annotations

import operator
import os
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from stat import S_ISREG

from factcheck.cache import AnalysisCache, Signature, Snapshot, content_digest, racy
from factcheck.corpus import loading
from factcheck.corpus.discovery import run_names
from factcheck.corpus.loading import Loaded, read_file
from factcheck.corpus.manifest import Manifest
from factcheck.engine import Corpus, DocumentResult, Linter, LintResult
from factcheck.executor import map_ordered
from factcheck.factstore import FactStore, StaleStore

# Without a cache, runs of this many documents or more keep facts in a
# temporary store rather than in memory (below it, SQLite costs more than it
# saves).
SPILL_ABOVE = 500
# Full runs of this many documents release the analysis models before each
# check's comparison (``factcheck.models``): a smaller run's comparison holds
# little, and loading the language model again (about 25 ms) would cost it
# more than it saves.
RELEASE_FROM = SPILL_ABOVE
# Files of a snapshot looked up one query each when their stat changed; more
# than this, and every stored result of the stamp is read at once.
LOOKUPS = 256
_SIGNATURE = operator.attrgetter("st_mtime_ns", "st_size", "st_mode")


@dataclass(frozen=True)
class HashedAnalysis:
    """Read one file, hash what was read and analyse it.  Picklable: a worker
    reads the file itself, and the hash is of the very bytes the result is about."""

    linter: Linter
    manifest: Manifest

    def __call__(self, source: tuple[str, str]) -> tuple[str | None, DocumentResult]:
        name, display = source
        path = Path(name)
        data = read_file(path, display)
        if isinstance(data, Loaded):  # unreadable: reported, never cached
            return None, self.linter.analyze(data)
        return content_digest(data), self.linter.analyze(
            loading.load_bytes(data, display, path, self.manifest)
        )


@dataclass(slots=True)
class _Entry:
    """One file of the run, in order."""

    key: str  # absolute path
    display: str
    digest: str | None = None  # None: unreadable, never stored
    linted: bool = False  # the file was a document (its name counts)
    stat: os.stat_result | None = None
    result: DocumentResult | None = None  # analysed in this run (or loaded)
    unsaved: bytes | None = None  # content from stdin
    stored: bool = False  # its facts are in the store


@dataclass(frozen=True)
class _Scan:
    """How a run found its files, for the snapshot it leaves."""

    names: list[str]
    cwd: str
    started_ns: int  # before any file was read: a file hashed later is no less racy
    # The snapshot the entries were read from, the files' stat signatures now
    # and the positions of those looked up again; None: every file was.
    previous: Snapshot | None = None
    signatures: list[Signature] | None = None
    changed: list[int] | None = None


class _Unstorable(Exception):
    """Facts that cannot be pickled: the run compares in memory instead."""


def lint_files(
    files: Sequence[str | Path],
    manifest: Manifest,
    linter: Linter,
    scope: Collection[str] | None = None,
    cache: AnalysisCache | None = None,
    replaced: dict[str, bytes] | None = None,
    jobs: int = 1,
    spill_above: int = SPILL_ABOVE,
) -> LintResult:
    """Lint ``files`` and report the findings located in ``scope`` (display
    paths; None: all), comparing them with every file.  ``replaced`` gives the
    content of files (by normalised path) whose text does not come from disk
    (an editor's unsaved buffer on stdin): their results are stored under the
    hash of that content, never as the file's state.  ``jobs`` as for
    ``factcheck.executor``.  The output does not depend on the cache."""
    if cache is not None and not cache.enabled:
        cache = None
    if cache is None and len(files) < spill_above:
        return _in_memory(files, manifest, linter, scope, replaced, jobs)
    if cache is not None:
        store = cache.facts(linter.checks)
    else:
        # Kept for this run only: a full run would never read reach rows.
        cwd = os.getcwd()
        displays = (run_names(os.fspath(name), cwd)[1] for name in files)
        store = FactStore.temporary(linter.checks, reach=_reports_on_part(displays, scope))
    # A stored result that cannot be read (or was replaced meanwhile by a run
    # on other content) is analysed again and rewritten: once, then the run
    # compares in memory.
    for reuse in (True, False):
        try:
            entries, scan = _entries(files, cache, replaced or {}, reuse)
            _analyse(entries, manifest, linter, scope, cache, store, jobs)
            if cache is not None:
                cache.save(_snapshot(entries, scan), scan.changed)
            return _finish(entries, linter, scope, cache, store)
        except StaleStore:
            if cache is None or not cache.enabled:
                break
        except _Unstorable:
            break
        finally:
            if cache is None:
                store.close()
    return _in_memory(files, manifest, linter, scope, replaced, jobs)


def _in_memory(
    files: Sequence[str | Path],
    manifest: Manifest,
    linter: Linter,
    scope: Collection[str] | None,
    replaced: dict[str, bytes] | None,
    jobs: int,
) -> LintResult:
    """Every document's facts held at once and compared whole: a small run
    without a cache, or facts the store cannot hold."""
    entries, _ = _entries(files, None, replaced or {}, False)
    results = [result for _, result in _analysed(entries, manifest, linter, jobs)]
    return linter.finish(linter.gather(results), scope=scope)


def _entries(
    files: Sequence[str | Path],
    cache: AnalysisCache | None,
    replaced: dict[str, bytes],
    reuse: bool,
) -> tuple[list[_Entry], _Scan]:
    """The run's files, with what the cache knows of them (with ``reuse``:
    otherwise every file is analysed and its results rewritten)."""
    started_ns = time.time_ns()
    cwd = os.getcwd()
    names = [os.fspath(name) for name in files]
    if cache is not None and reuse and not replaced:
        found = _from_snapshot(names, cwd, cache, started_ns)
        if found is not None:
            return found
        cache.read_known()
    entries = []
    for name in names:
        item = _Entry(*run_names(name, cwd))
        entries.append(item)
        if replaced and os.path.normpath(name) in replaced:
            item.unsaved = replaced[os.path.normpath(name)]
            continue
        if cache is None:
            continue
        try:
            stat = os.stat(name)
        except OSError:
            continue
        _look_up(name, item, stat, cache, reuse)
    return entries, _Scan(names, cwd, started_ns)


def _from_snapshot(
    names: list[str], cwd: str, cache: AnalysisCache, started_ns: int
) -> tuple[list[_Entry], _Scan] | None:
    """The entries of a run on the files of the cache's snapshot: ten thousand
    files for one changed, so the unchanged ones are told apart in one
    comparison of stat signatures, and only the others looked up."""
    previous = cache.snapshot
    if previous is None or previous.cwd != cwd or previous.names != names:
        return None
    try:
        stats = list(map(os.stat, names))
    except OSError:  # removed meanwhile: each file is looked at alone
        return None
    signatures = list(map(_SIGNATURE, stats))
    pairs = zip(signatures, previous.signatures, strict=True)
    changed = [i for i, (now, then) in enumerate(pairs) if now != then]
    entries = list(
        map(
            _Entry,
            previous.keys,
            previous.displays,
            previous.digests,
            previous.linted,
            stats,
            repeat(None),
            repeat(None),
            repeat(True),
        )
    )
    cache.hits += len(entries) - len(changed)
    if len(changed) > LOOKUPS:
        cache.read_known()
    for i in changed:
        item = entries[i] = _Entry(previous.keys[i], previous.displays[i])
        _look_up(names[i], item, stats[i], cache, True)
    return entries, _Scan(previous.names, cwd, started_ns, previous, signatures, changed)


def _look_up(
    name: str, item: _Entry, stat: os.stat_result, cache: AnalysisCache, reuse: bool
) -> None:
    """What the cache knows of a file (with ``reuse``) from its stat, or,
    when that changed, from its content hash."""
    if not S_ISREG(stat.st_mode):
        return
    item.stat = stat
    if not reuse:
        return
    known = cache.unchanged(item.key, item.display, stat)
    if known is not None:
        (item.digest, item.linted), item.stored = known, True
    else:
        _rehashed(name, item, stat, cache)


def _snapshot(entries: list[_Entry], scan: _Scan) -> Snapshot:
    """The run's files for the next run: those whose stored result their stat
    stands for, with its signature (see ``factcheck.cache.Snapshot``)."""
    previous, changed = scan.previous, scan.changed
    if previous is None or scan.signatures is None or changed is None:
        keys = [e.key for e in entries]
        displays = [e.display for e in entries]
        digests: list[str | None] = [None] * len(entries)
        linted = [False] * len(entries)
        signatures: list[Signature | None] = [None] * len(entries)
        changed = list(range(len(entries)))
    else:
        keys, displays = previous.keys, previous.displays
        digests, linted = list(previous.digests), list(previous.linted)
        signatures = list(scan.signatures)
    for i in changed:
        item = entries[i]
        stored = item.stored and item.unsaved is None and item.stat is not None
        digests[i] = item.digest if stored else None
        linted[i] = item.linted
        signature = _SIGNATURE(item.stat) if stored else None
        signatures[i] = None if signature is None or racy(signature, scan.started_ns) else signature
    return Snapshot(scan.cwd, scan.names, keys, displays, digests, linted, signatures)


def _analysed(
    entries: list[_Entry], manifest: Manifest, linter: Linter, jobs: int
) -> Iterator[tuple[_Entry, DocumentResult]]:
    """The entries that need analysing (not cached), with their results, in order."""
    pending = []
    for item in entries:
        if item.unsaved is not None:
            path = Path(item.key)
            item.digest = content_digest(item.unsaved)
            loaded = loading.load_bytes(item.unsaved, item.display, path, manifest)
            yield item, linter.analyze(loaded)
        elif not item.stored:
            pending.append(item)
    analysed = map_ordered(
        HashedAnalysis(linter, manifest), [(p.key, p.display) for p in pending], jobs
    )
    for item, (digest, result) in zip(pending, analysed, strict=True):
        item.digest = digest
        yield item, result


def _analyse(
    entries: list[_Entry],
    manifest: Manifest,
    linter: Linter,
    scope: Collection[str] | None,
    cache: AnalysisCache | None,
    store: FactStore,
    jobs: int,
) -> None:
    """Analyse what the cache does not hold; facts go to the store at once,
    findings are kept for the documents reported on."""
    if cache is None:
        store.connection.execute("BEGIN")  # a private database: one transaction
    for item, result in _analysed(entries, manifest, linter, jobs):
        item.linted = result.path is not None
        findings_only = result.without_facts()
        if scope is None or item.display in scope:
            item.result = findings_only
        if item.digest is None:
            continue
        try:
            rows = store.rows(item.key, item.display, item.digest, result.facts)
        except Exception as exc:  # a check whose facts break their picklable contract
            if cache is not None:
                cache.unstorable(item.display, exc)
            raise _Unstorable from None
        item.stored = True
        if cache is None:
            store.write([rows])
            continue
        if item.stat is not None and item.unsaved is None:
            cache.record_file(item.key, item.stat, item.digest)
        cache.store(item.key, item.display, item.digest, findings_only, rows)
    if cache is None:
        store.connection.execute("COMMIT")


def _reports_on_part(displays: Iterable[str], scope: Collection[str] | None) -> bool:
    """Whether the run reports on only some of its documents (``displays``).
    Named files that are the whole corpus (`factcheck seeds/`) make a full
    run: following each document's reach would only compare it again."""
    return scope is not None and any(display not in scope for display in displays)


def _finish(
    entries: list[_Entry],
    linter: Linter,
    scope: Collection[str] | None,
    cache: AnalysisCache | None,
    store: FactStore,
) -> LintResult:
    connection = store.connection
    # Every stored file, documents or not (a binary file's finding is a result too).
    documents = [e for e in entries if e.stored and e.digest is not None]
    # One read transaction: a snapshot, whatever other runs write meanwhile.
    connection.execute("BEGIN")
    try:
        if cache is not None and _name_stored(documents, scope, cache):
            store.absent = []
            _load_results(entries, cache, scope, store, None)
        else:
            store.register(
                (e.key, e.display, e.digest or "", scope is None or e.display in scope)
                for e in documents
            )
            if cache is not None:
                _load_results(entries, cache, scope, store, len(documents))
        scoped = _reports_on_part((e.display for e in documents), scope)
        store.release_models = not scoped and len(documents) >= RELEASE_FROM
        compared = [f for f in store.compare(scoped) if scope is None or f.path in scope]
    except BaseException:
        connection.rollback()
        raise
    connection.execute("COMMIT")
    corpus = Corpus()
    for item in entries:
        if item.result is not None:
            corpus.add(item.result)
        elif item.linted:
            corpus.paths.append(item.display)
    return linter.finish(corpus, compared, scope)


def _name_stored(
    documents: list[_Entry], scope: Collection[str] | None, cache: AnalysisCache
) -> bool:
    """Whether the run's documents are named in the store as exactly the
    stored results (see ``AnalysisCache.name_stored``)."""
    scoped = None if scope is None else [e.key for e in documents if e.display in scope]
    return cache.name_stored(
        [e.key for e in documents],
        [e.display for e in documents],
        [e.digest or "" for e in documents],
        scoped,
    )


def _load_results(
    entries: list[_Entry],
    cache: AnalysisCache,
    scope: Collection[str] | None,
    store: FactStore,
    documents: int | None,
) -> None:
    """The cached results of the documents reported on, after making sure the
    store holds this run's version of every document (``documents`` of them
    named in the store; None: named as the stored results, so it does)."""
    if documents is not None:
        (stored,) = store.connection.execute(
            "SELECT COUNT(*) FROM results r JOIN temp.present p ON p.path = r.path "
            "AND p.display = r.display AND p.digest = r.digest WHERE r.stamp = ?",
            (store.stamp,),
        ).fetchone()
        if stored != documents:
            raise StaleStore("another run replaced results meanwhile")
        store.absent = cache.absent(documents)
    loaded = cache.results(scoped_only=scope is not None)
    for item in entries:
        if item.result is None and (scope is None or item.display in scope):
            item.result = loaded.get((item.key, item.display))
            if item.stored and item.result is None:
                raise StaleStore(f"no result stored for {item.display}")


def _rehashed(name: str, item: _Entry, stat: os.stat_result, cache: AnalysisCache) -> None:
    """A file whose stat changed: read and hashed, its stored result is still
    good when the content is the same (touched, or edited and reverted)."""
    data = read_file(Path(name), item.display)
    if isinstance(data, Loaded):
        return
    digest = content_digest(data)
    linted = cache.known(item.key, item.display, digest)
    if linted is not None:
        cache.record_file(item.key, stat, digest)
        item.digest, item.linted, item.stored = digest, linted, True
