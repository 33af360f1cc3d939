"""Misspelled names: a name close to a known one but not equal to it.

Known names are the entity rules' names and aliases (FC410, fixable: the rule
holds the spelling) and the names a corpus uses often (FC411: a spelling the
rest of the corpus does not use).  Closeness is rapidfuzz's ``ratio`` on the
whole name plus a per-word edit limit; a differing word that is itself a
common name or word ("Joan" for "John") marks a different person, not a typo.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from factcheck.checks.base import Check, CheckContext, DocumentReport, Location
from factcheck.checks.entities import EntityRule
from factcheck.checks.settings import parse_settings
from factcheck.claims.proper_names import name_runs
from factcheck.codes import Code, Example
from factcheck.corpus.document import Document
from factcheck.findings import Category, Finding, Severity
from factcheck.rules.base import RuleBase


class NameSettings(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    cutoff: float = Field(default=85, ge=50, le=100, description="rapidfuzz ratio, 0-100")
    corpus_min_count: int = Field(
        default=3, ge=2, description="uses that make a name 'frequent in the corpus'"
    )
    common_word_logp: float = Field(
        default=-13.5, description="a differing word more common than this is another name"
    )


@dataclass(frozen=True, slots=True)
class NameUse:
    text: str
    location: Location


def name_spans(doc: Document) -> list[tuple[str, int, int]]:
    """Every run of capitalised words in the body, leading title words dropped,
    with each of its shorter runs: "Secretary Antony Blinken" gives
    "Antony Blinken", "Antony", "Blinken"."""
    found = []
    for words in name_runs(doc.text, doc.body_start, len(doc.text)):
        for size in range(len(words), 0, -1):
            for first in range(len(words) - size + 1):
                chunk = words[first : first + size]
                start = chunk[0][1]
                end = chunk[-1][1] + len(chunk[-1][0])
                found.append((doc.text[start:end], start, end))
    return found


def _edits(a: str, b: str) -> int:
    """Edits between two words, a swap of neighbours ("Smiht") counting as one."""
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a.lower(), b.lower()))


class NameMatcher:
    def __init__(self, settings: NameSettings) -> None:
        self.settings = settings

    def _common(self, word: str) -> bool:
        from factcheck.spin.vocabulary import unigram

        logp = unigram(word.lower())
        return logp is not None and logp > self.settings.common_word_logp

    def misspelling(self, span: str, known: Iterable[str]) -> str | None:
        """The known name ``span`` misspells, if exactly one fits."""
        from rapidfuzz import fuzz, process

        words = span.split()
        matches = [
            name
            for name, _, _ in process.extract(
                span, list(known), scorer=fuzz.ratio, score_cutoff=self.settings.cutoff, limit=5
            )
            if name != span and len(name.split()) == len(words) and self._typo(words, name.split())
        ]
        return matches[0] if len(matches) == 1 else None

    def _typo(self, words: list[str], name: list[str]) -> bool:
        differing = [(w, n) for w, n in zip(words, name, strict=True) if w != n]
        if not differing:
            return False
        for word, right in differing:
            if len(right) < 4 or _edits(word, right) > max(1, len(right) // 4):
                return False
            if word.lower() == right.lower() or self._common(word):
                return False
        return True


# The entity rule the FC410 examples run under.
_BLINKEN_RULE = """rules:
  - id: person.blinken
    type: entity
    kind: person
    name: Antony Blinken
    examples: {fail: ["Antony Blinkin said."], pass: ["Antony Blinken said."]}
"""

MISSPELLED_ENTITY = Code(
    "FC410",
    "misspelled-entity-name",
    Category.MISTRANSCRIPTION,
    Severity.WARNING,
    "A name one or two letters away from an entity rule's name.",
    "Compares every run of capitalised words with the names and aliases of `type: entity` "
    "rules (rapidfuzz `ratio` plus a per-word edit limit). Exact names are skipped, and a "
    "differing word that is itself a common name ('Joan' for 'John') is taken for another "
    "person. The fix (the rule's spelling) is safe when only one entity is that close.",
    fail=(
        Example.of(
            "Secretary of State Antony Blinkin arrived in Beijing on Sunday.",
            rules=_BLINKEN_RULE,
        ),
    ),
    pass_=(
        Example.of(
            "Secretary of State Antony Blinken arrived in Beijing on Sunday.",
            rules=_BLINKEN_RULE,
        ),
        Example.of(
            "Joan Smith, the council's treasurer, presented the budget.",
            rules="""rules:
  - id: person.john-smith
    type: entity
    kind: person
    name: John Smith
    examples: {fail: ["John Smiht said."], pass: ["John Smith said."]}
""",
        ),
    ),
    fixable=True,
)

NAME_VARIANT = Code(
    "FC411",
    "name-variant",
    Category.MISTRANSCRIPTION,
    Severity.INFO,
    "A name spelled differently from the way the corpus usually spells it.",
    "Names used at least `corpus_min_count` times across the corpus are taken as known; a "
    "rarer name a letter or two away from one of them is reported with the usual spelling "
    "(an unsafe fix: the corpus, not a rule, is the evidence).",
    fail=(
        Example.of(
            "Foreign ministry spokesman Wang Wenbim rejected the claim.",
            "Wang Wenbin told reporters the talks were useful.",
            "Asked about tariffs, Wang Wenbin declined to comment.",
            "Wang Wenbin said the visit would go ahead.",
        ),
    ),
    pass_=(
        Example.of(
            "Foreign ministry spokesman Wang Wenbin rejected the claim.",
            "Wang Wenbin told reporters the talks were useful.",
            "Asked about tariffs, Wang Wenbin declined to comment.",
        ),
        Example.of(
            "Joan Harris chaired the meeting.",
            "John Harris spoke first.",
            "John Harris answered questions.",
            "John Harris left early.",
        ),
    ),
    fixable=True,
)


class NameCheck(Check):
    name = "names"
    codes = (MISSPELLED_ENTITY, NAME_VARIANT)
    rule_models: ClassVar[tuple[type[RuleBase], ...]] = (EntityRule,)
    settings_model = NameSettings

    def __init__(self, context: CheckContext) -> None:
        super().__init__(context)
        self.settings = parse_settings(NameSettings, self.name, context.settings)
        self.matcher = NameMatcher(self.settings)
        self.entities: dict[str, EntityRule] = {}
        for rule in context.rules.of_type(EntityRule):
            for name in rule.names():
                self.entities.setdefault(name, rule)

    def analyze(self, doc: Document) -> DocumentReport:
        findings: list[Finding] = []
        uses: list[NameUse] = []
        taken: list[tuple[int, int]] = []
        for text, start, end in name_spans(doc):
            location = Location.of(doc, start, end)
            if len(text.split()) >= 2:
                uses.append(NameUse(text, location))
            if not self.entities or text in self.entities:
                continue
            if any(start < e and s < end for s, e in taken):
                continue
            name = self.matcher.misspelling(text, self.entities)
            if name is None:
                continue
            rule = self.entities[name]
            taken.append((start, end))
            findings.append(
                location.finding(
                    MISSPELLED_ENTITY,
                    f"{text!r} looks like a misspelling of {name!r}",
                    fix=name,
                    fix_safe=True,
                    rule=rule,
                    related=[
                        Location(
                            rule.origin.path,
                            rule.origin.line,
                            rule.origin.column,
                            rule.origin.line,
                            rule.origin.column,
                        ).related(rule.evidence())
                    ]
                    if rule.origin
                    else (),
                )
            )
        return DocumentReport(findings, uses)

    # No group_facts: a name is known by its count over the whole corpus.
    # Counts add up, so that is a tally; given it, a document's findings need
    # no other document (no reach keys).

    def tally(self, facts: Any) -> Counter[Hashable]:
        return Counter(use.text for use in facts)

    def reach_keys(self, facts: Any) -> Iterable[Hashable]:
        return ()

    def compare(self, facts: Mapping[str, Any]) -> Iterable[Finding]:
        counts: Counter[Hashable] = Counter()
        for uses in facts.values():
            counts.update(self.tally(uses))
        return self.compare_tallied(facts, counts)

    def compare_tallied(
        self,
        facts: Mapping[str, Any],
        tally: Counter[Hashable],
        reported: Collection[str] | None = None,
    ) -> Iterable[Finding]:
        # Sorted: the matcher keeps the first of equally close names, and that
        # must not depend on the order the counts were summed in.
        frequent = sorted(
            str(name) for name, n in tally.items() if n >= self.settings.corpus_min_count
        )
        if not frequent:
            return []
        findings = []
        for uses in facts.values():
            for use in uses:
                if tally[use.text] >= self.settings.corpus_min_count or use.text in self.entities:
                    continue
                name = self.matcher.misspelling(use.text, frequent)
                if name is None or name in self.entities:
                    continue
                findings.append(
                    use.location.finding(
                        NAME_VARIANT,
                        f"{use.text!r} is spelled {name!r} {tally[name]} times in the corpus",
                        fix=name,
                    )
                )
        return findings

    def claims(self, doc: Document) -> list[dict[str, Any]]:
        """Names of entity rules as written, and misspellings of them."""
        found = []
        for text, start, end in name_spans(doc):
            rule = self.entities.get(text)
            name = text if rule else self.matcher.misspelling(text, self.entities)
            if name is None:
                continue
            location = Location.of(doc, start, end)
            found.append(
                {
                    "kind": "name",
                    "text": text,
                    "entity": self.entities[name].id,
                    "misspelled": rule is None,
                    "location": location.span(),
                }
            )
        return found


CHECKS = (NameCheck,)
