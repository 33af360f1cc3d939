"""The documents of a run turned into per-document results: read and analysed,
or taken from the incremental cache when the file has not changed."""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Iterator
from pathlib import Path

from factcheck.cache import AnalysisCache, content_digest
from factcheck.corpus.discovery import display_path
from factcheck.corpus.loading import Loaded, load_bytes, load_file, read_file
from factcheck.corpus.manifest import Manifest
from factcheck.engine import DocumentResult, Linter


def analysed_documents(
    files: list[Path],
    manifest: Manifest,
    linter: Linter,
    cache: AnalysisCache | None = None,
    replaced: dict[Path, bytes] | None = None,
) -> Iterator[DocumentResult]:
    """One result per file, in order.  ``replaced`` gives the content of files
    whose text does not come from disk (an editor's unsaved buffer on stdin);
    those are never cached."""
    replaced = replaced or {}
    for path in files:
        display = display_path(path)
        if path in replaced:
            yield linter.analyze(load_bytes(replaced[path], display, path, manifest))
        elif cache is None or not cache.enabled:
            yield linter.analyze(load_file(path, display, manifest))
        else:
            yield _through_cache(path, display, manifest, linter, cache)


def _through_cache(
    path: Path, display: str, manifest: Manifest, linter: Linter, cache: AnalysisCache
) -> DocumentResult:
    key = os.path.abspath(path)
    try:
        stat = os.stat(path)
    except OSError:
        stat = None
    if stat is None or not stat_module.S_ISREG(stat.st_mode):
        return linter.analyze(load_file(path, display, manifest))  # reports the problem
    digest = cache.known_digest(key, stat)
    if digest is not None:
        hit = cache.result(key, display, digest)
        if hit is not None:
            return hit
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
