"""The documents of a run turned into per-document results: read and analysed,
or taken from the incremental cache when the file has not changed."""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Iterator, Sequence
from pathlib import Path

from factcheck.cache import AnalysisCache, content_digest
from factcheck.corpus.discovery import absolute_name, display_path
from factcheck.corpus.loading import Loaded, load_bytes, load_file, read_file
from factcheck.corpus.manifest import Manifest
from factcheck.engine import DocumentResult, Linter


def analysed_documents(
    files: Sequence[str | Path],
    manifest: Manifest,
    linter: Linter,
    cache: AnalysisCache | None = None,
    replaced: dict[str, bytes] | None = None,
) -> Iterator[DocumentResult]:
    """One result per file, in order.  ``replaced`` gives the content of files
    (by normalised path) whose text does not come from disk (an editor's unsaved
    buffer on stdin); those are never cached."""
    replaced = replaced or {}
    cwd = os.getcwd()
    for name in files:
        display = display_path(name, cwd)
        if replaced and os.path.normpath(name) in replaced:
            data = replaced[os.path.normpath(name)]
            yield linter.analyze(load_bytes(data, display, Path(name), manifest))
        elif cache is None or not cache.enabled:
            yield linter.analyze(load_file(Path(name), display, manifest))
        else:
            yield _through_cache(os.fspath(name), display, manifest, linter, cache, cwd)


def _through_cache(
    name: str, display: str, manifest: Manifest, linter: Linter, cache: AnalysisCache, cwd: str
) -> DocumentResult:
    """Unchanged files cost a stat and a lookup: no Path, no read."""
    key = absolute_name(name, cwd)
    try:
        stat = os.stat(name)
    except OSError:
        stat = None
    if stat is not None and stat_module.S_ISREG(stat.st_mode):
        digest = cache.known_digest(key, stat)
        if digest is not None and (hit := cache.result(key, display, digest)) is not None:
            return hit
    path = Path(name)
    if stat is None or not stat_module.S_ISREG(stat.st_mode):
        return linter.analyze(load_file(path, display, manifest))  # reports the problem
    data = read_file(path, display)
    if isinstance(data, Loaded):
        return linter.analyze(data)
    digest = content_digest(data)
    cache.record_file(key, stat, digest)
    hit = cache.result(key, display, digest)
    if hit is not None:
        return hit
    result = linter.analyze(load_bytes(data, display, path, manifest))
    cache.store(key, display, digest, result)
    return result
