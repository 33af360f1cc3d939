"""Duplicated passages: verbatim and lightly edited, within and across documents,
and whole documents that copy or contain another.

``analyze`` keeps a compact fingerprint of each document (its normalised words
and units); ``compare`` indexes the units of the whole corpus (no all-pairs),
verifies the candidates exactly and reports each duplicated passage on every
side, pointing at the other places.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from factcheck.checks.base import Check, CheckContext, DocumentReport, Location
from factcheck.codes import Code
from factcheck.corpus.document import Document
from factcheck.duplicates import codes
from factcheck.duplicates.candidates import CROWD, candidate_pairs, probe_keys, unit_keys
from factcheck.duplicates.fingerprint import Fingerprint
from factcheck.duplicates.passages import Passage, coverage, find_passages
from factcheck.duplicates.settings import DuplicateSettings, DuplicatesRule, Policy, Thresholds
from factcheck.duplicates.text import ATTRIBUTED
from factcheck.duplicates.units import CorpusUnits
from factcheck.findings import Finding, Related, Severity

# Share of a passage's words that must be an attributed quotation, on both sides,
# for it to count as a shared quotation rather than copied text.
QUOTATION_SHARE = 0.8


@dataclass
class _Side:
    """One place a duplicate is reported, gathering every other place it matches."""

    location: Location
    code: Code
    words: int
    severity: Severity
    rule: DuplicatesRule | None
    # Every other place, with its similarity to this one.
    others: dict[Related, float] = field(default_factory=dict)
    # The message of a whole-document finding.
    detail: str = ""


_Key = tuple[str, int, int, int, int, str]


class DuplicatesCheck(Check):
    name = "duplicates"
    codes = codes.CODES
    rule_models = (DuplicatesRule,)
    settings_model = DuplicateSettings
    facts_on_demand = True

    def __init__(self, context: CheckContext) -> None:
        super().__init__(context)
        self.policy = Policy(
            DuplicateSettings.parse(context.settings), context.rules.of_type(DuplicatesRule)
        )

    def analyze(self, doc: Document) -> DocumentReport:
        return DocumentReport(facts=Fingerprint.of(doc))

    # No group_facts: a passage grows from chains of candidate units, and a
    # crowded set links each unit to its neighbours in corpus order.  The keys
    # of a document's units (bigrams and whole sets) chain: it meets every
    # document holding its sets and the uncrowded bigrams of its prefixes,
    # and the nearest ones before and after it holding a crowded key; the
    # corpus counts of its keys come with the tally.

    def tally(self, facts: Any) -> Counter[Hashable]:
        # Nothing besides the counts of the chain keys, which a tally carries.
        return Counter()

    def chain_keys(self, facts: Any, tally: Counter[Hashable] | None = None) -> Mapping[bytes, int]:
        return unit_keys(facts)

    def chain_probes(self, facts: Any, tally: Counter[Hashable]) -> Collection[bytes]:
        return probe_keys(facts, tally)

    def crowd(self, key: bytes) -> int:
        return CROWD

    def compare(self, facts: Mapping[str, Any]) -> Iterable[Finding]:
        return self._compare(facts, None, None)

    def compare_tallied(
        self,
        facts: Mapping[str, Any],
        tally: Counter[Hashable],
        reported: Collection[str] | None = None,
    ) -> Iterable[Finding]:
        # The tally holds the corpus counts of the keys (bytes).
        return self._compare(facts, tally, reported)

    def _compare(
        self,
        facts: Mapping[str, Any],
        held: Mapping[Hashable, int] | None,
        reported: Collection[str] | None,
    ) -> list[Finding]:
        paths = sorted(facts)
        # Fingerprints are read as they are needed (``facts`` may load them
        # from the fact store): once for the units' words, then those of the
        # documents with candidate pairs, pair by pair in order.
        prints = _Prints(facts, paths)
        units = CorpusUnits.of(prints)
        loosest = self.policy.loosest()
        pairs = candidate_pairs(units, held)
        if reported is not None:
            # A finding is reported on each side of a pair of documents: the
            # pairs of two other documents add nothing to those reported on.
            wanted = [n for n, path in enumerate(paths) if path in reported]
            pairs = units.involving(wanted, pairs)
        passages = find_passages(prints, units, pairs, loosest.min_words, loosest.similarity)
        del units
        by_pair: defaultdict[tuple[int, int], list[Passage]] = defaultdict(list)
        for passage in passages:
            by_pair[passage.a, passage.b].append(passage)
        sides: dict[_Key, _Side] = {}
        for (a, b), group in by_pair.items():
            # Two articles quoting the same statement at length are not copies of
            # each other: only copied text counts towards a duplicate document.
            copied = [p for p in group if not _shared_quotation(prints[a], prints[b], p)]
            if a == b or not self._whole_documents(prints[a], prints[b], copied, sides):
                for passage in group:
                    self._passage(prints[a], prints[b], passage, sides)
        return [_finding(side) for side in sides.values()]

    def _whole_documents(
        self,
        doc_a: Fingerprint,
        doc_b: Fingerprint,
        group: list[Passage],
        sides: dict[_Key, _Side],
    ) -> bool:
        """Report the two documents as copies when either is mostly in the other."""
        covered = {doc_a.path: coverage(group, doc_a, "a"), doc_b.path: coverage(group, doc_b, "b")}
        policy = {doc.path: self.policy.for_path(doc.path) for doc in (doc_a, doc_b)}
        copies = {path for path in covered if covered[path] >= policy[path][0].document_coverage}
        if not copies:
            return False
        words = sum(p.words for p in group)
        score = sum(p.similarity * p.words for p in group) / words
        similar = "verbatim" if all(p.verbatim for p in group) else f"{_percent(score)} similar"
        for doc, other in ((doc_a, doc_b), (doc_b, doc_a)):
            thresholds, rule = policy[doc.path]
            here = _location(doc, 0, doc.word_count)
            side = _side(sides, here, codes.DUPLICATE_DOCUMENT, doc.word_count, rule)
            side.severity = _severity(codes.DUPLICATE_DOCUMENT, thresholds, rule)
            if doc.path in copies:
                side.detail = (
                    f"document is a copy of {other.path}:"
                    f" {_percent(covered[doc.path], cap=False)} of its words are there ({similar})"
                )
                note = "the document this one copies"
            else:
                side.detail = (
                    f"document contains a copy of {other.path}"
                    f" ({_percent(covered[other.path], cap=False)} of that document, {similar})"
                )
                note = "the document copied here"
            there = _location(other, 0, other.word_count)
            side.others[there.related(note)] = score
        return True

    def _passage(
        self,
        doc_a: Fingerprint,
        doc_b: Fingerprint,
        passage: Passage,
        sides: dict[_Key, _Side],
    ) -> None:
        span_a = _location(doc_a, passage.a_start, passage.a_end)
        span_b = _location(doc_b, passage.b_start, passage.b_end)
        quotation = _shared_quotation(doc_a, doc_b, passage)
        within = doc_a is doc_b
        places = (
            [(doc_b, span_b, span_a)]
            if within
            else [
                (doc_a, span_a, span_b),
                (doc_b, span_b, span_a),
            ]
        )
        for doc, here, there in places:
            thresholds, rule = self.policy.for_path(doc.path)
            if passage.words < thresholds.min_words or passage.similarity < thresholds.similarity:
                continue
            code = _code(passage, quotation, within)
            side = _side(sides, here, code, passage.words, rule)
            side.severity = _severity(code, thresholds, rule)
            side.others[there.related(_related_message(code, passage.similarity))] = (
                passage.similarity
            )


class _Prints(Sequence[Fingerprint]):
    """The fingerprints of ``paths`` in that order, read from ``facts`` on access."""

    def __init__(self, facts: Mapping[str, Any], paths: list[str]) -> None:
        self.facts = facts
        self.paths = paths

    def __len__(self) -> int:
        return len(self.paths)

    @overload
    def __getitem__(self, index: int) -> Fingerprint: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Fingerprint]: ...
    def __getitem__(self, index: int | slice) -> Fingerprint | Sequence[Fingerprint]:
        if isinstance(index, slice):
            return [self.facts[path] for path in self.paths[index]]
        fingerprint: Fingerprint = self.facts[self.paths[index]]
        return fingerprint


def _code(passage: Passage, quotation: bool, within: bool) -> Code:
    if quotation:
        return codes.SHARED_QUOTATION
    if not passage.verbatim:
        return codes.NEAR_DUPLICATE
    return codes.REPEATED_IN_DOCUMENT if within else codes.REPEATED_ACROSS_DOCUMENTS


def _severity(code: Code, thresholds: Thresholds, rule: DuplicatesRule | None) -> Severity:
    if code is codes.SHARED_QUOTATION:
        return thresholds.quotation_severity
    return rule.severity if rule else code.severity


def _shared_quotation(doc_a: Fingerprint, doc_b: Fingerprint, passage: Passage) -> bool:
    return _quoted(doc_a, passage.a_start, passage.a_end) and _quoted(
        doc_b, passage.b_start, passage.b_end
    )


def _quoted(doc: Fingerprint, start: int, end: int) -> bool:
    return doc.quoting[start:end].count(ATTRIBUTED) >= QUOTATION_SHARE * (end - start)


def _location(doc: Fingerprint, first: int, end: int) -> Location:
    if end <= first:
        line, column = doc.position(doc.line_starts[0])
        return Location(doc.path, line, column, line, column)
    start_offset, end_offset = doc.span(first, end)
    line, column = doc.position(start_offset)
    end_line, end_column = doc.position(end_offset)
    return Location(doc.path, line, column, end_line, end_column)


def _side(
    sides: dict[_Key, _Side],
    location: Location,
    code: Code,
    words: int,
    rule: DuplicatesRule | None,
) -> _Side:
    key = (
        location.path,
        location.line,
        location.column,
        location.end_line,
        location.end_column,
        code.code,
    )
    if key not in sides:
        sides[key] = _Side(location, code, words, code.severity, rule)
    return sides[key]


def _related_message(code: Code, similarity: float) -> str:
    if code is codes.SHARED_QUOTATION:
        return "the same quotation"
    if code is codes.NEAR_DUPLICATE:
        return f"similar passage ({_percent(similarity)} similar)"
    return "the same passage"


def _percent(value: float, cap: bool = True) -> str:
    # A similarity short of 1 is never rounded up to "100%": that reads as verbatim.
    percent = round(value * 100)
    return f"{min(percent, 99) if cap and value < 1 else percent}%"


def _finding(side: _Side) -> Finding:
    others = sorted(side.others)
    best = max(side.others.values())
    if len(others) == 1:
        where = _place(others[0], side.location.path)
    else:
        where = f"{len(others)} other places (see related)"
    code = side.code
    if code is codes.DUPLICATE_DOCUMENT:
        message = side.detail if len(others) == 1 else f"document duplicates {where}"
    elif code is codes.SHARED_QUOTATION:
        message = f"quotation of {side.words} words also quoted at {where}"
    elif code is codes.NEAR_DUPLICATE:
        similar = f"{_percent(best)} similar" if best < 1 else "the same words reordered"
        message = f"near-duplicate passage ({side.words} words, {similar}) of {where}"
    elif code is codes.REPEATED_IN_DOCUMENT:
        message = f"passage of {side.words} words repeats {where} verbatim"
    else:
        message = f"passage of {side.words} words also appears verbatim at {where}"
    return side.location.finding(
        code, message, severity=side.severity, related=others, rule=side.rule
    )


def _place(related: Related, here: str) -> str:
    if related.path == here:
        return f"line {related.line}"
    return f"{related.path}:{related.line}:{related.column}"


CHECKS = (DuplicatesCheck,)
