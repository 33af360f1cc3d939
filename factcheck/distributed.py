"""The lint pipeline on a Dask cluster (the optional ``distributed`` extra).

Two stages, as on one machine:

- map: batches of file paths go to the workers, which read and analyse each
  file (``FileAnalysis``) and send back only findings and facts, so every node
  must see the files at the same paths (a shared or replicated file system);
- group: the facts gathered go to a temporary fact store
  (``factcheck.factstore``), which splits each check's facts by key
  (``Check.group_facts``: a claim key) as a local run does; ``compare`` runs
  per key on the workers, and a check that exposes no keys is compared in one
  task.  The client holds findings and one batch of facts at a time.

Selection, suppression and sorting then run here, so the output is the local
engine's, byte for byte.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.corpus.manifest import Manifest
from factcheck.engine import Corpus, DocumentResult, FileAnalysis, Linter, LintResult, sources
from factcheck.errors import FactcheckError
from factcheck.executor import available_cores
from factcheck.factstore import FactStore
from factcheck.findings import Finding

if TYPE_CHECKING:
    from distributed import Client

# Files per map task: enough to amortise scheduling (a few ms per task).
FILES_PER_TASK = 64
# Documents (summed over groups) per compare task.
DOCUMENTS_PER_TASK = 4096
CONNECT_TIMEOUT = "10s"

Facts = Mapping[str, Any]


def run_on_dask(
    linter: Linter,
    files: list[Path],
    manifest: Manifest,
    address: str | None = None,
    scope: Collection[str] | None = None,
) -> LintResult:
    """Lint ``files`` on the cluster at ``address`` (default: a local cluster),
    reporting the findings in ``scope`` (see ``Linter.finish``)."""
    store = FactStore.temporary(linter.checks)
    try:
        with _client(address) as client:
            [task] = client.scatter([FileAnalysis(linter, manifest)], broadcast=True)
            items = sources(files)
            batches = [items[i : i + FILES_PER_TASK] for i in range(0, len(items), FILES_PER_TASK)]
            corpus = Corpus()
            # Gathered batch by batch, in order, so the client never holds
            # more than one batch's facts.
            store.connection.execute("BEGIN")
            for future in client.map(_analyze_batch, batches, task=task, pure=False):
                for result in future.result():
                    corpus.add(result.without_facts())
                    if result.path is not None:
                        store.write([store.rows(result.path, result.path, "", result.facts)])
                future.release()
            store.connection.execute("COMMIT")
            store.register((path, path, "", False) for path in corpus.paths)
            compared = _compare_on_cluster(client, linter, store)
    finally:
        store.close()
    return linter.finish(corpus, compared, scope)


@contextmanager
def _client(address: str | None) -> Iterator[Client]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise FactcheckError(
            "--engine dask needs the optional extra: pip install 'factcheck-lint[distributed]'"
        ) from None
    if address is None:
        # One single-threaded process per core: analysis holds the GIL.
        with (
            LocalCluster(
                n_workers=available_cores(), threads_per_worker=1, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise FactcheckError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        yield client


def _analyze_batch(batch: list[tuple[Path, str]], task: FileAnalysis) -> list[DocumentResult]:
    return [task(source) for source in batch]


def _compare_groups(linter: Linter, check_name: str, batch: list[Facts]) -> list[Finding]:
    [check] = [c for c in linter.checks if c.name == check_name]
    return [finding for facts in batch for finding in check.compare(facts)]


def _compare_on_cluster(client: Client, linter: Linter, store: FactStore) -> list[Finding]:
    [scattered] = client.scatter([linter], broadcast=True)
    futures = []
    for check in linter.checks:
        batch: list[Facts] = []
        size = 0
        for group in store.groups(check):
            batch.append(group)
            size += len(group)
            if size >= DOCUMENTS_PER_TASK:
                futures.append(
                    client.submit(_compare_groups, scattered, check.name, batch, pure=False)
                )
                batch, size = [], 0
        if batch:
            futures.append(client.submit(_compare_groups, scattered, check.name, batch, pure=False))
    # A finding may come back from several groups (a pair of documents sharing
    # several bands); the engine's sort drops exact repeats.
    return [finding for future in futures for finding in future.result()]
