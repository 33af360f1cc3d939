"""Comparing part of the corpus: which documents a finding in one document can
depend on (``Check.reach_keys``), the corpus tally (``Check.tally``), and
``compare`` over a few documents with both.  What a run that loads only some
documents' facts does, written over facts held in memory."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from factcheck.checks.base import Check
from factcheck.findings import Finding


def key_holders(check: Check, facts: Mapping[str, Any]) -> dict[Hashable, set[str]] | None:
    """The documents holding each reach key, or None when the check needs
    every document."""
    holders: dict[Hashable, set[str]] = defaultdict(set)
    for path, document_facts in facts.items():
        found = check.reach_keys(document_facts)
        if found is None:
            return None
        for key in found:
            holders[key].add(path)
    return holders


def reaches(check: Check, facts: Mapping[str, Any]) -> dict[str, set[str]] | None:
    """Each document's reach: itself and the documents found under a key it
    looks up (None when the check needs every document)."""
    holders = key_holders(check, facts)
    if holders is None:
        return None
    reach = {}
    for path, document_facts in facts.items():
        probes = check.probe_keys(document_facts)
        if probes is None:
            return None
        reach[path] = {path}.union(*(holders.get(key, ()) for key in probes))
    return reach


def corpus_tally(check: Check, facts: Mapping[str, Any]) -> Counter[Hashable] | None:
    """The sum of every document's tally, or None for a check without one."""
    total: Counter[Hashable] = Counter()
    for document_facts in facts.values():
        tally = check.tally(document_facts)
        if tally is None:
            return None
        total.update(tally)
    return total


def compare_within(
    check: Check, facts: Mapping[str, Any], tally: Counter[Hashable] | None
) -> Iterable[Finding]:
    """``compare`` over some documents' facts, given the corpus tally if the
    check has one: exact for the documents whose reach ``facts`` holds."""
    ordered = {path: facts[path] for path in sorted(facts)}
    return check.compare(ordered) if tally is None else check.compare_tallied(ordered, tally)
