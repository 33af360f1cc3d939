"""The interface every check implements.

A check runs in two stages so that documents can be handled one at a time (in
parallel, from a cache, never all in memory) and then compared:

1. ``analyze(doc)`` looks at one document and returns its own findings plus
   *facts*: small, picklable records (claims, fingerprints) with their locations.
2. ``compare(facts)`` sees the facts of every document and reports what only a
   corpus-wide view reveals: contradictions between documents, duplicates.
"""

from __future__ import annotations

from abc import ABC
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel

from factcheck.codes import Code
from factcheck.corpus.document import Document
from factcheck.findings import Finding, Related, Severity
from factcheck.rules.base import RuleBase
from factcheck.rules.ruleset import RuleSet


@dataclass(frozen=True, slots=True)
class Location:
    """A span in a document, kept after the document itself is gone."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def of(cls, doc: Document, start: int, end: int) -> Location:
        line, column = doc.position(start)
        end_line, end_column = doc.position(max(start, end))
        return cls(doc.path, line, column, end_line, end_column)

    def finding(
        self,
        code: Code,
        message: str,
        *,
        severity: Severity | None = None,
        fix: str | None = None,
        fix_safe: bool = False,
        related: Iterable[Related] = (),
        rule: RuleBase | None = None,
    ) -> Finding:
        return Finding(
            path=self.path,
            line=self.line,
            column=self.column,
            end_line=self.end_line,
            end_column=self.end_column,
            code=code.code,
            category=code.category,
            severity=severity or (rule.severity if rule else code.severity),
            message=message,
            fix=fix,
            fix_safe=fix_safe,
            related=tuple(sorted(related)),
            rule=rule.id if rule else None,
        )

    def related(self, message: str) -> Related:
        return Related(self.path, self.line, self.column, message)

    def span(self) -> dict[str, int]:
        """The ``location`` of a claim record (``factcheck extract``)."""
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


@dataclass
class DocumentReport:
    findings: list[Finding] = field(default_factory=list)
    facts: Any = None


@dataclass(frozen=True)
class CheckContext:
    rules: RuleSet
    settings: Mapping[str, Any] = field(default_factory=dict)


class Check(ABC):
    """Subclasses set ``name`` and ``codes`` and override one or both stages."""

    name: ClassVar[str]
    codes: ClassVar[tuple[Code, ...]]
    # Rule types (YAML ``type``) this check gives meaning to.
    rule_models: ClassVar[tuple[type[RuleBase], ...]] = ()
    # Its [tool.factcheck.<name>] table, validated when the configuration is
    # read (so errors name the file and line).
    settings_model: ClassVar[type[BaseModel] | None] = None
    # ``compare`` reads each document's facts when it needs them and keeps
    # few at once (compact indexes of its own besides): a store may then pass
    # a mapping that loads facts on access instead of every document's facts.
    facts_on_demand: ClassVar[bool] = False

    def __init__(self, context: CheckContext) -> None:
        self.context = context

    def analyze(self, doc: Document) -> DocumentReport:
        return DocumentReport()

    def compare(self, facts: Mapping[str, Any]) -> Iterable[Finding]:
        """``facts`` maps each document path to what ``analyze`` returned for it."""
        return ()

    def group_facts(self, facts: Any) -> Iterable[tuple[Hashable, Any]] | None:
        """One document's facts split by the key (a claim key, a shingle band)
        under which they meet other documents' facts: ``(key, part)`` pairs, one
        per key, each ``part`` shaped like ``facts``.  A cluster then runs
        ``compare`` once per key, over the parts of the documents sharing it.

        The contract: the findings of ``compare`` over the whole corpus are
        exactly the union of its findings over each key's parts (repeats are
        dropped).  ``None`` (the default) means ``compare`` needs every document
        at once.

        A check whose findings aggregate over a similarity neighbourhood (a
        claim against every claim close to it, when closeness is not an
        equivalence) cannot meet this with small groups: no one key is shared by
        a claim and all of its neighbours.  Such a check returns ``None`` here
        and may still expose ``reach_keys``.
        """
        return None

    def reach_keys(self, facts: Any) -> Iterable[Hashable] | None:
        """Keys under which one document's facts meet every fact that can change
        a finding located in that document.

        The contract: for any document ``d``, the findings located in ``d`` of
        ``compare`` over ``d``'s reach (``d`` and the documents whose keys
        include one of ``d``'s ``probe_keys``, which are these keys unless a
        check says otherwise; ``compare_tallied`` with the corpus tally for a
        check that has a ``tally``) are exactly the findings located in ``d``
        of ``compare`` over the whole corpus.  That is what a run reporting on a
        few changed documents needs (issue #6): it loads only those documents'
        facts.  A full run may go document by document the same way, holding
        one document's reach at a time.  Weaker than ``group_facts``: two
        documents sharing a key may each need a third that the other does not
        reach, so the facts cannot be compared key by key.  The default is the
        keys of ``group_facts``, which meet this contract whenever that one
        holds; ``None`` means every document.
        """
        parts = self.group_facts(facts)
        if parts is not None:
            return [key for key, _ in parts]
        linked = self.linked_keys(facts)
        return None if linked is None else {key for part in linked for key in part}

    def linked_keys(self, facts: Any) -> Iterable[Collection[Hashable]] | None:
        """For a check whose findings depend on chains of links (a cluster of
        quotation wordings closed under "is the same quotation as"): the keys
        of each part of one document that links on its own (a wording), such
        that two linked parts always share a key.

        No fixed set of keys gives such a reach, since a chain may run through
        documents that share nothing with the first one.  The reach is then a
        closure: a document's parts, the parts of other documents found under
        their keys, the parts found under those parts' keys, and so on until
        nothing new is found.  A part brings in its keys only once one of them
        is reached, so the chain follows parts, not whole documents (a
        document quoting two unrelated people does not join their clusters).
        The closure over key sharing holds every cluster of the document's
        parts, so ``compare`` over it meets the ``reach_keys`` contract;
        ``links`` narrows it to the parts that can be linked.  ``reach_keys``
        defaults to the union of these keys; ``None`` (the default): no
        chains."""
        return None

    def links(self, facts_a: Any, part_a: int, facts_b: Any, part_b: int) -> bool:
        """Whether part ``part_a`` of one document (numbered as
        ``linked_keys`` lists them) can be linked with part ``part_b`` of
        another by ``compare``, whichever comes first; a closure follows only
        such parts.  It may say yes where ``compare`` would not link them (a
        larger reach), never no where it would.  The default: every part
        sharing a key."""
        return True

    def probe_keys(self, facts: Any) -> Iterable[Hashable] | None:
        """The keys a document looks up, where they differ from those it is
        found under (``reach_keys``, the default): its reach is then itself
        and every document whose ``reach_keys`` share a key with its
        ``probe_keys``.  Containment needs the two roles: a short quotation
        found inside a long one is found under its own rarest words, which the
        long one looks up among every combination of its words; sharing keys
        both ways would make every long wording meet every other one."""
        return self.reach_keys(facts)

    def chain_keys(
        self, facts: Any, tally: Counter[Hashable] | None = None
    ) -> Mapping[bytes, int] | None:
        """For a check that links the items holding a key (units holding a
        shingle) all together when few items hold it, and each only to the
        next one in corpus order (documents by path, then their items) when
        more than ``crowd(key)`` do: one document's keys, each with how many
        of its items hold it; given the corpus ``tally``, only those in force
        for such a corpus (an index chosen by corpus size uses some of them).
        ``None`` (the default): no such keys.

        A document's reach is then itself, every document holding one of its
        keys that the corpus holds at most ``crowd`` times, and for a crowded
        key the nearest documents before and after it (in path order) that
        hold it.  ``compare_tallied`` gets the corpus counts of the keys of
        the documents reported on in its tally, next to ``tally``'s items; a
        count above ``crowd`` may be capped at ``crowd + 1``.  With these,
        the contract of ``reach_keys`` holds.  ``chain_probes`` may narrow the
        keys whose holders come in."""
        return None

    def chain_probes(self, facts: Any, tally: Counter[Hashable]) -> Collection[bytes]:
        """Which of the chain keys in force (``chain_keys`` with the corpus
        ``tally``) bring in every document holding them when few items do;
        the default is all.  A crowded key always brings in the nearest
        holders, since ``compare`` must see a document's neighbours under it
        to link the right items; the other keys are only counted."""
        return (self.chain_keys(facts, tally) or {}).keys()

    def crowd(self, key: bytes) -> int:
        """The most items of the corpus a chain key may have that are all
        linked together (see ``chain_keys``)."""
        raise NotImplementedError(f"{self.name} has chain keys but no crowd size")

    def tally(self, facts: Any) -> Counter[Hashable] | None:
        """What ``compare`` counts over the whole corpus (how often a name is
        used), from one document's facts; ``None`` (the default): nothing.

        Tallies add up: the corpus tally is the sum of every document's, kept
        next to the facts and updated when a document changes (subtract its
        old tally, add the new), and it is all a tallying check needs from
        documents it does not compare."""
        return None

    def compare_tallied(
        self,
        facts: Mapping[str, Any],
        tally: Counter[Hashable],
        reported: Collection[str] | None = None,
    ) -> Iterable[Finding]:
        """``compare`` over some documents given the corpus ``tally`` (the sum
        of ``tally`` over every document): the findings located in those
        documents are exactly those of ``compare`` over the whole corpus.
        With ``reported`` (some of those documents), only the findings located
        in these are wanted: the others may be left out or partial (a run
        reporting on a few documents drops them)."""
        return self.compare(facts)

    def claims(self, doc: Document) -> list[dict[str, Any]]:
        """What this check understood in ``doc``, as JSON-ready records with a
        ``kind`` and a ``location``: the output of ``factcheck extract``."""
        return []
