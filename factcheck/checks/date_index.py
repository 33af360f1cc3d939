"""The corpus's dates as the date check compares them, in a compact index.

Dates that every comparison treats alike (``records.twins``: syndicated
copies of one sentence) form one group, numbered in corpus order (documents
by path, then their dates).  Of a group the index keeps only what pairing
and judging read, in arrays: the event's words as ids (``IdSets``), whom its
sentence names, its dates as day ordinals, and where its dates are
(document and position, one 8-byte integer each).  A date itself is read
back from the facts, which may load a document's facts when it is looked up
(``StoredFacts``), only when a finding reports it or lists it: a full run
then never holds every document's date facts.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from factcheck.claims.proper_names import Name, name_words
from factcheck.similarity import IdSets

if TYPE_CHECKING:
    from factcheck.checks.dates import DateFact
    from factcheck.claims.resolve import DateValue

# A group's flags.
SINCE = 1  # "since 2019": when something started
NEAR_PUBLICATION = 2  # counted in days or weeks from the publication date
OTHER_DATES = 4  # its clause has other dates than its own


class DateIndex:
    """Every document's dates (``facts``: path → its ``DateFact`` list),
    grouped as ``twins`` groups them, in path order."""

    def __init__(self, facts: Mapping[str, Sequence[DateFact]]) -> None:
        self.facts = facts
        self.paths = sorted(facts)
        self.events = IdSets()  # each group's event words, as ids
        self.flags = bytearray()
        self.names: list[frozenset[Name]] = []  # distinct sets of names
        self.named = array("I")  # each group's names, a number in ``names``
        # A relative date's words, lowercased, as a number (0: not relative).
        self.relative = array("I")
        self.value = array("i")  # first and last day of each group's date
        self.published = array("i")  # first and last day, and unit (0: unknown)
        self._clause = array("i")  # every date of each group's clause, first and last days
        self._clause_bounds = array("Q", [0])
        # Each group's first date as ``document << 32 | position``, the
        # others (twins) apart.
        self._first = array("Q")
        self._more: dict[int, list[int]] = {}
        self._words: dict[str, int] = {}
        self._named: dict[frozenset[Name], int] = {}
        self._numbers: dict[Hashable, int] = {}  # units, relative words
        groups: dict[bytes, int] = {}
        for document, path in enumerate(self.paths):
            for position, fact in enumerate(facts[path]):
                place = document << 32 | position
                signature = self._signature(fact)
                group = groups.setdefault(signature, len(self._first))
                if group < len(self._first):
                    self._more.setdefault(group, []).append(place)
                else:
                    self._add(fact, place)

    def _number(self, value: Hashable) -> int:
        """A number for each distinct value (units, words), from 1."""
        return self._numbers.setdefault(value, len(self._numbers) + 1)

    def _names(self, names: frozenset[Name]) -> int:
        """The number of a set of names in ``names``."""
        number = self._named.setdefault(names, len(self.names))
        if number == len(self.names):
            self.names.append(names)
        return number

    def _signature(self, fact: DateFact) -> bytes:
        """What every comparison of a date looks at, as bytes: equal
        signatures compare alike."""
        counted = fact.relative or fact.near_publication
        published = fact.published if counted else None
        encoded = array(
            "i",
            [
                fact.since | fact.relative << 1 | fact.near_publication << 2,
                *self._day_span(fact.value),
                self._names(fact.names),
                self._number(fact.text.lower()) if fact.relative else 0,
                *(self._day_span(published) if published else (0, 0, 0)),
                len(fact.clause_dates),
                *(n for value in fact.clause_dates for n in self._day_span(value)),
            ],
        )
        words = self._words
        encoded.extend(sorted(words.setdefault(word, len(words)) for word in fact.event))
        return encoded.tobytes()

    def _day_span(self, value: DateValue) -> tuple[int, int, int]:
        return value.first.toordinal(), value.last.toordinal(), self._number(value.granularity)

    def _add(self, fact: DateFact, place: int) -> None:
        """A new group, of which ``fact`` is the first date."""
        words = self._words
        self.events.add([words[word] for word in fact.event])
        self.flags.append(
            fact.since * SINCE
            | fact.near_publication * NEAR_PUBLICATION
            | (len(fact.clause_dates) > 1) * OTHER_DATES
        )
        self.named.append(self._named[fact.names])
        self.relative.append(self._number(fact.text.lower()) if fact.relative else 0)
        self.value.extend((fact.value.first.toordinal(), fact.value.last.toordinal()))
        published = fact.published
        self.published.extend(self._day_span(published) if published else (0, 0, 0))
        if len(fact.clause_dates) > 1:
            for value in fact.clause_dates:
                self._clause.extend((value.first.toordinal(), value.last.toordinal()))
        self._clause_bounds.append(len(self._clause))
        self._first.append(place)

    def __len__(self) -> int:
        return len(self._first)

    def repeated(self, group: int) -> bool:
        """Whether ``group`` holds more than one date."""
        return group in self._more

    def clause(self, group: int) -> Iterator[tuple[int, int]]:
        """Every date of the group's clause, as first and last days, when
        there are others than its own (``OTHER_DATES``)."""
        days = self._clause[self._clause_bounds[group] : self._clause_bounds[group + 1]]
        return zip(days[::2], days[1::2], strict=True)

    def published_days(self, group: int) -> tuple[int, int, int] | None:
        """The publication date of the group's first date: first and last
        days and unit, or None."""
        first, last, unit = self.published[3 * group : 3 * group + 3]
        return (first, last, unit) if unit else None

    def tags(self) -> list[frozenset[str]]:
        """Each group's name words (``name_words``), shared between groups."""
        words = [name_words(names) for names in self.names]
        return [words[names] for names in self.named]

    def _places(self, group: int) -> list[int]:
        return [self._first[group], *self._more.get(group, ())]

    # ``records.ClaimGroups``

    def documents(self, group: int) -> list[int]:
        return [place >> 32 for place in self._places(group)]

    def claim(self, group: int, member: int) -> Any:
        place = self._places(group)[member]
        return self.facts[self.paths[place >> 32]][place & 0xFFFFFFFF]
