"""The detector's thesaurus: for a word, the words a spinner may have replaced
with it (other lemmas of its WordNet 3.0 synsets, with regular inflections).

Shipped as ``factcheck/data/thesaurus.tsv.gz`` (built by
``scripts/build_thesaurus.py``; WordNet licence in ``factcheck/data/``).
"""

from __future__ import annotations

import functools
import gzip
from importlib import resources


@functools.cache
def synonyms() -> dict[str, tuple[str, ...]]:
    raw = (resources.files("factcheck") / "data" / "thesaurus.tsv.gz").read_bytes()
    table: dict[str, tuple[str, ...]] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        word, _, others = line.partition("\t")
        table[word] = tuple(others.split("|"))
    return table
