"""What the attribution checks share: the attribution rule type, the speakers
it may name (entity rules and inline names), and every document's quotations.

The attribution check (who is credited) and the altered-quotation check (what
words are quoted) read the same quotations and the same rules; this module
builds both once per run so neither re-implements the other's half.
"""

from __future__ import annotations

import difflib
import itertools
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import Field

from factcheck.checks.base import Location
from factcheck.checks.entities import EntityRule
from factcheck.corpus.document import Document
from factcheck.errors import SourceError
from factcheck.findings import Related
from factcheck.quotations.extract import Quotation, extract
from factcheck.quotations.matching import (
    Comparison,
    Encoder,
    Rendering,
    compare,
    keyed,
    resemblance,
)
from factcheck.quotations.speakers import Entity, EntityIndex, Speaker
from factcheck.quotations.tokens import Words, words
from factcheck.rules.base import RuleBase, StrictModel
from factcheck.rules.ruleset import RuleSet
from factcheck.similarity import contained_pairs, word_rarity


class SpeakerName(StrictModel):
    """A speaker named in the rule itself rather than by an entity rule."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)


class AttributionRule(RuleBase):
    """A quotation and who said it.  Message placeholders: {quotation},
    {speaker} (the rule's), {credited} (the document's)."""

    message_placeholders: ClassVar[frozenset[str] | None] = frozenset(
        {"quotation", "speaker", "credited"}
    )

    type: Literal["attribution"]
    quotation: str = Field(min_length=1, description="The quotation as said (canonical text).")
    speaker: str | SpeakerName = Field(
        description="An entity rule id, an entity's name or alias, or {name, aliases}."
    )
    min_words: int = Field(
        default=4,
        ge=1,
        description="Fewest words of the quotation a passage must reproduce to count as it.",
    )


@dataclass(frozen=True)
class Known:
    """An attribution rule ready for comparison."""

    rule: AttributionRule
    rendering: Rendering
    speaker: Entity


@dataclass(frozen=True, slots=True)
class QuoteFact:
    """One quotation of a document, as kept for corpus-wide comparison."""

    location: Location
    text: str
    words: Words
    speaker: Speaker | None
    attribution: str
    rule: str | None = None  # the attribution rule this quotation reproduces, if any

    @classmethod
    def of(cls, doc: Document, quotation: Quotation) -> QuoteFact:
        location = Location.of(doc, quotation.start, quotation.end)
        return cls(
            location, quotation.text, quotation.words, quotation.speaker, quotation.attribution
        )

    def rendering(self) -> Rendering:
        return Rendering(self.words, self.text)

    def related(self, message: str) -> Related:
        return self.location.related(message)


def _rule_error(rule: RuleBase, message: str) -> SourceError:
    origin = rule.origin
    if origin is None:
        return SourceError(f"rule {rule.id}", message)
    return SourceError(origin.path, f"rule {rule.id!r}: {message}", origin.line, origin.column)


class QuotationBook:
    """Entities, attribution rules and a word index over the rules' quotations."""

    # Both quotation checks of a run share one book (same RuleSet object).
    _last: tuple[RuleSet, QuotationBook] | None = None

    @classmethod
    def for_rules(cls, rules: RuleSet) -> QuotationBook:
        if cls._last is None or cls._last[0] is not rules:
            cls._last = (rules, cls(rules))
        return cls._last[1]

    def __init__(self, rules: RuleSet) -> None:
        entities = [
            Entity(r.id, r.name, r.kind.value, tuple(r.aliases)) for r in rules.of_type(EntityRule)
        ]
        by_id = {e.id: e for e in entities}
        by_name = {name: e for e in entities for name in e.names()}
        self.encoder = Encoder()
        # Rules naming the same speaker inline share one entity.
        inline: dict[str, Entity] = {}
        pending: list[tuple[AttributionRule, Rendering, str]] = []
        for rule in rules.of_type(AttributionRule):
            if isinstance(rule.speaker, SpeakerName):
                spec = rule.speaker
                before = inline.get(spec.name)
                aliases = tuple(dict.fromkeys([*(before.aliases if before else ()), *spec.aliases]))
                entity = inline[spec.name] = Entity(
                    f"speaker:{spec.name}", spec.name, "person", aliases
                )
            else:
                found = by_id.get(rule.speaker) or by_name.get(rule.speaker)
                if found is None:
                    close = difflib.get_close_matches(rule.speaker, [*by_id, *by_name], n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    raise _rule_error(
                        rule,
                        f"unknown speaker {rule.speaker!r}{hint}: name an entity rule by id, "
                        "name or alias, or give {name, aliases}",
                    )
                entity = found
            rendering = Rendering(words(rule.quotation), rule.quotation)
            if not rendering.words.words:
                raise _rule_error(rule, "the quotation has no words")
            if rule.min_words > len(rendering.words):
                raise _rule_error(
                    rule,
                    f"min_words is {rule.min_words} but the quotation has only "
                    f"{len(rendering.words)} words: it could never match",
                )
            pending.append((rule, rendering, entity.id))
        self.index = EntityIndex([*entities, *inline.values()])
        self._last_doc: tuple[Document, str, list[Quotation]] | None = None
        self.known = [Known(r, rendering, self.index.entities[e]) for r, rendering, e in pending]
        self._bigrams = _BigramIndex()
        for n, known in enumerate(self.known):
            self._bigrams.add(n, known.rendering)

    def quotations(self, doc: Document) -> list[Quotation]:
        # Both checks read the same document one after the other.
        last = self._last_doc
        if last is None or last[0] is not doc or last[1] is not doc.text:
            # Each section (a page holding two stories) has speakers of its own:
            # "he said" in the second story is nobody from the first.
            starts = sorted(
                {doc.body_start, *(s.start for s in doc.sections if s.start > doc.body_start)}
            )
            ends = [*starts[1:], len(doc.text)]
            found = [
                q
                for a, b in zip(starts, ends, strict=True)
                for q in extract(doc.text, a, b, self.index)
            ]
            self._last_doc = last = (doc, doc.text, found)
        return last[2]

    def compare(self, found: Rendering, known: Rendering) -> Comparison:
        return compare(found, known, self.encoder)

    def candidates(self, rendering: Rendering) -> Iterator[tuple[Known, Comparison]]:
        """Rules whose quotation shares words with ``rendering``, with the comparison."""
        for n in self._bigrams.candidates(rendering):
            known = self.known[n]
            yield known, self.compare(rendering, known.rendering)

    def best_rule(self, rendering: Rendering) -> tuple[Known, Comparison] | None:
        """The rule quotation closest to ``rendering`` (exact ones first)."""
        best: tuple[Known, Comparison] | None = None
        for known, comparison in self.candidates(rendering):
            key = (comparison.exact, comparison.similarity, comparison.matched)
            if best is None or key > (best[1].exact, best[1].similarity, best[1].matched):
                best = (known, comparison)
        return best


class _BigramIndex:
    """Which renderings share enough pairs of consecutive words with a given one
    to be worth comparing: a fifth of the shorter one's pairs (one at least),
    so that "of the" alone brings no candidate."""

    def __init__(self) -> None:
        self._postings: dict[tuple[str, str], list[int]] = {}
        self._pairs: dict[int, set[tuple[str, str]]] = {}

    def add(self, key: int, rendering: Rendering) -> None:
        pairs = self._pairs[key] = set(_pairs(rendering))
        for pair in pairs:
            self._postings.setdefault(pair, []).append(key)

    def candidates(self, rendering: Rendering) -> list[int]:
        pairs = set(_pairs(rendering))
        shared: dict[int, int] = {}
        for pair in pairs:
            for key in self._postings.get(pair, ()):
                shared[key] = shared.get(key, 0) + 1
        return sorted(
            key
            for key, count in shared.items()
            if _enough_pairs(count, len(pairs), len(self._pairs[key]))
        )

    def related(self, a: int, b: int) -> bool:
        """Whether indexed renderings ``a`` and ``b`` are candidates of each other."""
        pairs_a, pairs_b = self._pairs[a], self._pairs[b]
        return _enough_pairs(len(pairs_a & pairs_b), len(pairs_a), len(pairs_b))


_SHARED_PAIRS = 0.2


def _enough_pairs(shared: int, size_a: int, size_b: int) -> bool:
    return shared >= max(1, _SHARED_PAIRS * min(size_a, size_b))


def _pairs(rendering: Rendering) -> Iterable[tuple[str, str]]:
    norms = rendering.words.norms()
    if len(norms) == 1:
        return [(norms[0], "")]
    return itertools.pairwise(norms)


class WordingIndex:
    """The corpus's distinct wordings as word ids (an ``array``, 4 bytes a
    word), and which of them are worth comparing with which: all that the
    candidate search needs, so that the quotations themselves (locations,
    offsets, text) can stay out of memory until a pair is compared."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {"": 0}  # "": the partner of a lone word
        self._words: list[array[int]] = []
        self._numbers: dict[bytes, int] = {}  # a wording's ids → its number
        # The omissions of a wording with some, as its first quotation has them.
        self._gapped: dict[int, frozenset[int]] = {}
        # Pair of consecutive words → wordings: built on the first look-up by
        # a wording with omissions, the only one needing it.
        self._postings: dict[int, list[int]] | None = None
        self._close: dict[tuple[float, int], dict[int, list[int]]] = {}

    def add(self, words: Words) -> int:
        """The number of a wording (its norms are not empty), a new one
        (``len`` before the call) if no wording added so far has its norms."""
        ids = self._ids
        encoded = array("I", (ids.setdefault(norm, len(ids)) for norm in words.norms()))
        n = self._numbers.setdefault(encoded.tobytes(), len(self._words))
        if n == len(self._words):
            self._words.append(encoded)
            if words.gaps:
                self._gapped[n] = words.gaps
        return n

    def __len__(self) -> int:
        return len(self._words)

    def length(self, n: int) -> int:
        return len(self._words[n])

    def resemblance(self, n: int, m: int) -> Comparison:
        """``compare`` of wording ``n`` (found) with wording ``m`` (known),
        without the changes, which need the quotations' text."""
        empty: frozenset[int] = frozenset()
        return resemblance(
            keyed(self._words[n]), self._gapped.get(n, empty),
            keyed(self._words[m]), self._gapped.get(m, empty),
        )  # fmt: skip

    def _pairs(self, n: int) -> set[int]:
        ids = self._words[n]
        if len(ids) == 1:
            return {ids[0] << 32}
        return {a << 32 | b for a, b in itertools.pairwise(ids)}

    def _counted(self, n: int) -> frozenset[int]:
        """``counted_words`` as ids: the word's id and its repeat number."""
        seen: Counter[int] = Counter()
        items = []
        for word in self._words[n]:
            seen[word] += 1
            items.append(seen[word] << 32 | word)
        return frozenset(items)

    def _candidates(self, n: int) -> list[int]:
        """``_BigramIndex.candidates`` of wording ``n`` among the others."""
        if self._postings is None:
            self._postings = {}
            for m in range(len(self._words)):
                for pair in self._pairs(m):
                    self._postings.setdefault(pair, []).append(m)
        pairs = self._pairs(n)
        shared: Counter[int] = Counter(
            m for pair in pairs for m in self._postings.get(pair, ()) if m != n
        )
        return sorted(
            m
            for m, count in shared.items()
            if _enough_pairs(count, len(pairs), len(self._pairs(m)))
        )

    def _related(self, a: int, b: int) -> bool:
        pairs_a, pairs_b = self._pairs(a), self._pairs(b)
        return _enough_pairs(len(pairs_a & pairs_b), len(pairs_a), len(pairs_b))

    def neighbours(self, n: int, similarity: float | None = None, matched: int = 1) -> list[int]:
        """Other wordings worth comparing with wording ``n``, in ascending order.

        Given ``similarity``, only those whose comparison with ``n`` (as the
        found rendering) can be exact with ``matched`` words or more, or reach
        ``similarity`` with ``matched`` words or more: the others could not
        change a result, and leaving them out is what keeps the corpus-wide
        stage from aligning every pair of quotations that share a stock phrase.
        """
        if similarity is None or n in self._gapped:
            # A rendering with omissions is aligned piece by piece, which the
            # bound below does not cover: it keeps every candidate.
            return self._candidates(n)
        close = self._close.get((similarity, matched))
        if close is None:
            close = self._close[(similarity, matched)] = self._sharing(similarity, matched)
        return [m for m in close.get(n, ()) if self._related(n, m)]

    def _sharing(self, similarity: float, matched: int) -> dict[int, list[int]]:
        """For each wording, the wordings sharing enough words with it.

        With ``c`` words in common (counted with repeats) and ``L`` the shorter
        wording's length, ``compare`` matches at most ``c`` words and aligns
        the whole of the shorter wording (when the found one has no
        omissions), so its similarity ``2m / (aligned words)`` is at most
        ``2c / (L + c)``: reaching ``s`` takes ``c >= s / (2 - s) * L``.  An
        exact comparison reproduces the shorter wording whole, so ``c = L``.
        Either way the pair shares ``matched`` words and that share of the
        shorter one, which a prefix-filtered index finds without trying
        every pair."""
        counted = [self._counted(n) for n in range(len(self._words))]
        partners: dict[int, list[int]] = {}
        for a, b in contained_pairs(
            counted, min_share=similarity / (2 - similarity), min_shared=matched
        ):
            partners.setdefault(a, []).append(b)
            partners.setdefault(b, []).append(a)
        for found in partners.values():
            found.sort()
        return partners


class IndexedQuotations:
    """The corpus's quotations grouped by wording (in path order, so that a
    quotation repeated in many documents is compared once), holding only the
    ``WordingIndex`` and where each wording's quotations are (document,
    position in its facts): they are read from ``facts``, which may load a
    document's facts when it is looked up (``StoredFacts``), only when a
    wording is compared.  ``compared`` picks the quotations indexed."""

    def __init__(
        self,
        facts: Mapping[str, list[QuoteFact]],
        compared: Callable[[QuoteFact], bool] | None = None,
    ) -> None:
        self.facts = facts
        self.paths = sorted(facts)
        self.index = WordingIndex()
        # Each wording's first quotation as ``document << 32 | position``,
        # the others (a quotation repeated) apart.
        self._first = array("Q")
        self._more: dict[int, list[int]] = {}
        for document, path in enumerate(self.paths):
            for position, fact in enumerate(facts[path]):
                if not fact.words.words or (compared is not None and not compared(fact)):
                    continue
                n = self.index.add(fact.words)
                place = document << 32 | position
                if n < len(self._first):
                    self._more.setdefault(n, []).append(place)
                else:
                    self._first.append(place)

    def __len__(self) -> int:
        return len(self._first)

    def _places(self, n: int) -> list[int]:
        return [self._first[n], *self._more.get(n, ())]

    def documents(self, n: int) -> set[int]:
        """The documents (numbers, in ``paths``) quoting wording ``n``."""
        return {place >> 32 for place in self._places(n)}

    def facts_of(self, n: int) -> Iterator[QuoteFact]:
        """Wording ``n``'s quotations in document order, each document's
        facts read when the first of them is reached."""
        for place in self._places(n):
            yield self.facts[self.paths[place >> 32]][place & 0xFFFFFFFF]

    def rendering(self, n: int) -> Rendering:
        return next(self.facts_of(n)).rendering()


def counted_words(norms: Sequence[str]) -> frozenset[tuple[str, int]]:
    """Words with their repeats told apart, ("the", 1) and ("the", 2): two
    such sets share the words two wordings have in common, counted with repeats."""
    seen: Counter[str] = Counter()
    items = []
    for norm in norms:
        seen[norm] += 1
        items.append((norm, seen[norm]))
    return frozenset(items)


def counted_rarity(item: tuple[str, int]) -> tuple[tuple[float, str], int]:
    """A fixed order of counted words (``counted_words``), rarest first."""
    return word_rarity(item[0]), item[1]


def same_person(a: Speaker, b: Entity | Speaker, index: EntityIndex) -> bool | None:
    """Whether two credits name the same person; None when one names nobody
    (a pronoun or description that could not be resolved)."""
    if isinstance(b, Entity):
        if a.entity is not None:
            return a.entity == b.id
        if a.name is None:
            return None
        surname = _surname(a.name)
        return any(surname in _words(name) for name in b.names())
    if a.entity is not None and b.entity is not None:
        return a.entity == b.entity
    if a.name is None or b.name is None:
        return None
    if a.entity is not None or b.entity is not None:
        resolved, other = (a, b) if a.entity is not None else (b, a)
        entity = index.entities.get(resolved.entity or "")
        names = entity.names() if entity else (resolved.label,)
        return any(_surname(other.label) in _words(name) for name in names)
    return _surname(a.name) == _surname(b.name)


def _words(name: str) -> list[str]:
    return [w.strip(".,").lower() for w in name.split()]


def _surname(name: str) -> str:
    parts = _words(name)
    return parts[-1] if parts else ""


def speaker_record(speaker: Speaker | None) -> dict[str, Any]:
    if speaker is None:
        return {"speaker": "unattributed", "speaker_entity": None, "speaker_text": None}
    return {
        "speaker": speaker.label,
        "speaker_entity": speaker.entity,
        "speaker_text": speaker.text,
    }
