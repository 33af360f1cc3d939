"""OCR-style garbling, where it is cheap to be sure: words split by a stray
hyphen ("informa- tion", "infor-<newline>mation") and non-words that become a
common word when an OCR confusion is undone ("rnodern" → "modern", "c0mpany"
→ "company").  The language model's vocabulary decides what is a word."""

from __future__ import annotations

import re
from typing import ClassVar

from factcheck.checks.base import Check, DocumentReport, Location
from factcheck.codes import Code, Example
from factcheck.corpus.document import Document
from factcheck.findings import Category, Finding, Severity
from factcheck.rules.base import RuleBase

# A word broken by a hyphen and a space or line break; a hyphen at a line end
# is the typesetter's, a hyphen before a space is a join the OCR missed.
_BROKEN = re.compile(r"\b([A-Za-z]{2,})-(?: |\r?\n)([a-z]{2,})\b")
# Lower-case words, digits allowed ("c0mpany"); numbers are skipped where they
# are read (a letter required in the pattern costs it twice the time).
_TOKEN = re.compile(r"\b[a-z0-9]+\b")
# Shapes OCR confuses, as (read, meant).
_CONFUSIONS = (("rn", "m"), ("cl", "d"), ("li", "h"), ("vv", "w"), ("0", "o"), ("1", "l"))
# A repaired word must be at least this common (ln unigram probability) to be
# believed: rare words are too easily reached by accident.
_COMMON = -13.0

BROKEN_HYPHENATION = Code(
    "FC420",
    "broken-hyphenation",
    Category.MISTRANSCRIPTION,
    Severity.INFO,
    "A word split by a hyphen, left from line-end hyphenation or OCR.",
    "Reported when the two pieces joined make a known word and they are not both words "
    "themselves ('well- known' stays). The fix joins them (unsafe: a line break may go).",
    fail=(
        Example.of("The ministry released new informa- tion about the outbreak."),
        Example.of("The ministry released new infor-\nmation about the outbreak."),
    ),
    pass_=(
        Example.of("The ministry released new information about the outbreak."),
        Example.of("Pre- and post-war figures were compared by the well- known historian."),
    ),
    fixable=True,
)

OCR_NON_WORD = Code(
    "FC421",
    "ocr-non-word",
    Category.MISTRANSCRIPTION,
    Severity.INFO,
    "A non-word that is a common word misread by OCR.",
    "Lower-case tokens unknown to the language model are tried with OCR's usual confusions "
    "undone ('rn' for 'm', 'cl' for 'd', 'li' for 'h', 'vv' for 'w', '0' for 'o', '1' for "
    "'l'); a common word that results is suggested (unsafe fix).",
    fail=(
        Example.of("The rnodern stadium opened on Sunday."),
        Example.of("The c0mpany said profits rose."),
    ),
    pass_=(
        Example.of("The modern stadium opened on Sunday."),
        Example.of("The company said profits rose by 10 percent in 2023."),
    ),
    fixable=True,
)


def _variants(word: str) -> set[str]:
    found: set[str] = set()
    for read, meant in _CONFUSIONS:
        start = word.find(read)
        while start != -1:
            found.add(word[:start] + meant + word[start + len(read) :])
            start = word.find(read, start + 1)
    if any(ch.isdigit() for ch in word):
        found.add(word.replace("0", "o").replace("1", "l"))
    return found


class GarblingCheck(Check):
    name = "garbling"
    codes = (BROKEN_HYPHENATION, OCR_NON_WORD)
    rule_models: ClassVar[tuple[type[RuleBase], ...]] = ()

    def analyze(self, doc: Document) -> DocumentReport:
        from factcheck.spin.vocabulary import unigram

        def known(word: str) -> bool:
            return unigram(word.lower()) is not None

        def common(word: str) -> bool:
            logp = unigram(word)
            return logp is not None and logp > _COMMON

        findings: list[Finding] = []
        body = doc.body
        for match in _BROKEN.finditer(body):
            first, second = match.groups()
            joined = first + second
            if known(joined) and not (known(first) and known(second)):
                start, end = doc.body_start + match.start(), doc.body_start + match.end()
                findings.append(
                    Location.of(doc, start, end).finding(
                        BROKEN_HYPHENATION,
                        f"{match.group()!r} looks like the word {joined!r} split in two",
                        fix=joined,
                    )
                )
        for match in _TOKEN.finditer(body):
            word = match.group()
            if len(word) < 3 or word.isdigit() or known(word):
                continue
            repaired = sorted(v for v in _variants(word) if common(v))
            if len(repaired) != 1:
                continue
            start, end = doc.body_start + match.start(), doc.body_start + match.end()
            findings.append(
                Location.of(doc, start, end).finding(
                    OCR_NON_WORD,
                    f"{word!r} is not a word; OCR may have misread {repaired[0]!r}",
                    fix=repaired[0],
                )
            )
        return DocumentReport(findings)


CHECKS = (GarblingCheck,)
