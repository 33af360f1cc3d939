"""The documents of a run turned into per-document results: taken from the
incremental cache when the file has not changed, otherwise read and analysed
(in a process pool when there are enough of them, see ``factcheck.executor``).
"""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factcheck.cache import AnalysisCache, content_digest
from factcheck.corpus import loading
from factcheck.corpus.discovery import absolute_name, display_path
from factcheck.corpus.loading import Loaded, read_file
from factcheck.corpus.manifest import Manifest
from factcheck.engine import DocumentResult, Linter
from factcheck.executor import map_ordered


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


@dataclass(frozen=True)
class _Pending:
    index: int
    key: str  # absolute path
    display: str
    stat: os.stat_result | None


def analysed_documents(
    files: Sequence[str | Path],
    manifest: Manifest,
    linter: Linter,
    cache: AnalysisCache | None = None,
    replaced: dict[str, bytes] | None = None,
    jobs: int = 1,
) -> list[DocumentResult]:
    """One result per file, in the order of ``files`` (so output does not depend
    on the cache).  ``replaced`` gives the content of files (by normalised path)
    whose text does not come from disk (an editor's unsaved buffer on stdin);
    those are never cached.  ``jobs`` as for ``factcheck.executor``."""
    replaced = replaced or {}
    cwd = os.getcwd()
    results: list[DocumentResult | None] = []
    pending: list[_Pending] = []
    for index, entry in enumerate(files):
        name = os.fspath(entry)
        display = display_path(name, cwd)
        key = absolute_name(name, cwd)
        if replaced and os.path.normpath(name) in replaced:
            data = replaced[os.path.normpath(name)]
            results.append(linter.analyze(loading.load_bytes(data, display, Path(name), manifest)))
            continue
        stat = None
        if cache is not None and cache.enabled:
            stat, hit = _cached(name, key, display, cache)
            if hit is not None:
                results.append(hit)
                continue
        results.append(None)
        pending.append(_Pending(index, key, display, stat))
    analysed = map_ordered(
        HashedAnalysis(linter, manifest), [(p.key, p.display) for p in pending], jobs
    )
    for item, (digest, result) in zip(pending, analysed, strict=True):
        results[item.index] = result
        if cache is not None and cache.enabled and digest is not None and item.stat is not None:
            cache.record_file(item.key, item.stat, digest)
            cache.store(item.key, item.display, digest, result)
    done = [result for result in results if result is not None]
    assert len(done) == len(results), "every file has a result"
    return done


def _cached(
    name: str, key: str, display: str, cache: AnalysisCache
) -> tuple[os.stat_result | None, DocumentResult | None]:
    """(stat, cached result): an unchanged file costs a stat and a lookup, no
    read; a touched one a read and a hash, no analysis."""
    try:
        stat = os.stat(name)
    except OSError:
        return None, None
    if not stat_module.S_ISREG(stat.st_mode):
        return None, None
    digest = cache.known_digest(key, stat)
    if digest is not None and (hit := cache.result(key, display, digest)) is not None:
        return stat, hit
    data = read_file(Path(name), display)
    if isinstance(data, Loaded):
        return None, None
    digest = content_digest(data)
    hit = cache.result(key, display, digest)
    if hit is not None:
        cache.record_file(key, stat, digest)
    return stat, hit
