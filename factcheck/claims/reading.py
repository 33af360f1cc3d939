"""Read every number and date claim of a document, each with the sentence and
clause it stands in, the names its sentence is about and, for dates, its
resolution against the publication date in force at its offset."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from factcheck.claims.dates import DateExpression, date_expressions
from factcheck.claims.proper_names import Name, sentence_names
from factcheck.claims.quantities import Quantity, quantities
from factcheck.claims.resolve import DateValue, Resolved, resolve
from factcheck.claims.text import Span, clauses, sentences
from factcheck.corpus.document import Document
from factcheck.partial_date import PartialDate


@dataclass(frozen=True)
class DateClaim:
    expression: DateExpression
    resolved: Resolved
    published: PartialDate | None
    sentence: Span
    clause: Span
    names: frozenset[Name]  # whom or where the sentence names


@dataclass(frozen=True)
class NumberClaim:
    quantity: Quantity
    # When the figure is said to hold: a date in its clause ("in 2022"), else the
    # publication date; None when neither is known.
    as_of: DateValue | None
    as_of_stated: bool
    sentence: Span
    clause: Span
    names: frozenset[Name]


@dataclass(frozen=True)
class DocumentClaims:
    numbers: tuple[NumberClaim, ...]
    dates: tuple[DateClaim, ...]


class _Segments:
    """Sentence and clause of any offset, by bisection."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.sentences = list(sentences(text, start, end))
        self.clauses = [c for s in self.sentences for c in clauses(text, s)]
        self.names = sentence_names(text, self.sentences)
        self._sentence_starts = [s.start for s in self.sentences]
        self._clause_starts = [c.start for c in self.clauses]

    def sentence(self, offset: int) -> Span:
        return self.sentences[max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)]

    def clause(self, offset: int) -> Span:
        return self.clauses[max(0, bisect.bisect_right(self._clause_starts, offset) - 1)]


_cache: tuple[Document, str, DocumentClaims] | None = None


def read_claims(doc: Document, date_order: str = "MDY") -> DocumentClaims:
    """All number and date claims of ``doc`` (the last document read is cached:
    the number and date checks both need them)."""
    global _cache
    if _cache is not None and _cache[0] is doc and _cache[1] == date_order:
        return _cache[2]
    result = _read(doc, date_order)
    _cache = (doc, date_order, result)
    return result


def _read(doc: Document, date_order: str) -> DocumentClaims:
    text, start, end = doc.text, doc.body_start, len(doc.text)
    if start >= end:
        return DocumentClaims((), ())
    segments = _Segments(text, start, end)
    if not segments.sentences:
        return DocumentClaims((), ())
    dates: list[DateClaim] = []
    for expression in date_expressions(text, start, end):
        published = doc.published_at(expression.span.start)
        resolved = resolve(expression, published, date_order)
        if expression.form == "numeric" and resolved.value is None:
            continue  # "13/45/2023" is no date
        dates.append(
            DateClaim(
                expression,
                resolved,
                published,
                segments.sentence(expression.span.start),
                segments.clause(expression.span.start),
                segments.names[segments.sentence(expression.span.start)],
            )
        )
    by_clause: dict[Span, list[DateClaim]] = {}
    for claim in dates:
        by_clause.setdefault(claim.clause, []).append(claim)
    numbers = [
        _number(doc, quantity, segments, by_clause)
        for quantity in quantities(text, start, end, [d.expression.span for d in dates])
    ]
    return DocumentClaims(tuple(numbers), tuple(dates))


def _number(
    doc: Document,
    quantity: Quantity,
    segments: _Segments,
    by_clause: dict[Span, list[DateClaim]],
) -> NumberClaim:
    clause = segments.clause(quantity.span.start)
    stated = [
        d.resolved.value
        for d in by_clause.get(clause, ())
        if d.resolved.value is not None
        and d.expression.preposition not in ("since", "after", "before", "until")
    ]
    if stated:
        as_of: DateValue | None = stated[0]
    else:
        published = doc.published_at(quantity.span.start)
        as_of = DateValue.of(published) if published is not None else None
    sentence = segments.sentence(quantity.span.start)
    return NumberClaim(quantity, as_of, bool(stated), sentence, clause, segments.names[sentence])
