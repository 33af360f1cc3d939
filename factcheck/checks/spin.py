"""Machine-spun text: spun phrases (fingerprints and ``type: phrase`` rules),
improbable synonyms (list-free detector) and a verdict per document."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from factcheck.checks.base import Check, CheckContext, DocumentReport, Location
from factcheck.checks.settings import parse_settings
from factcheck.codes import Code, Example
from factcheck.corpus.document import Document
from factcheck.findings import Category, Finding, Severity
from factcheck.plain_values import construct
from factcheck.rules.base import RuleBase, StrictModel
from factcheck.spin.fingerprints import (
    Context,
    Fingerprint,
    FingerprintIndex,
    Hit,
    apply,
    match_case,
    shipped,
)
from factcheck.spin.tokens import Token, tokenize

if TYPE_CHECKING:
    from factcheck.spin.detector import SpinDetector, Suspect


class Spec(StrictModel):
    """prh-style spec: fixing ``from`` must give ``to``."""

    from_: str = Field(alias="from")
    to: str


class PhraseRule(RuleBase, Context):
    """A spun form (or several) and the original it replaced; ``message`` may
    use ``{found}`` and ``{expected}``."""

    type: Literal["phrase"]
    expected: str = Field(min_length=1, description="The original wording.")
    patterns: list[str] = Field(min_length=1, description="Spun forms, matched as whole words.")
    specs: list[Spec] = Field(default_factory=list)
    fix: Literal["safe", "unsafe"] = Field(
        default="safe", description="'unsafe' when the replacement needs a human look."
    )

    def fingerprint(self) -> Fingerprint:
        # Constructed, not validated: the rule's own validation has checked
        # every value (non-empty patterns and original, lists of words), and
        # building the fingerprint's validator would cost a run with rules
        # from the cache more than the rest of its set-up.
        values: dict[str, Any] = {name: list(getattr(self, name)) for name in Context.model_fields}
        values.update(spun=list(self.patterns), original=self.expected)
        return construct(Fingerprint, values)

    @model_validator(mode="after")
    def _specs_hold(self) -> PhraseRule:
        index = FingerprintIndex([(self.fingerprint(), self)])
        if index.find(self.expected):
            # Fixing would rewrite its own output on every run.
            raise ValueError(f"'expected' {self.expected!r} matches one of the rule's patterns")
        for number, spec in enumerate(self.specs, 1):
            fixed = apply(spec.from_, index.find(spec.from_))
            if fixed != spec.to:
                raise ValueError(
                    f"spec {number}: {spec.from_!r} is fixed to {fixed!r}, expected {spec.to!r}"
                )
        return self


# Inside spun copy, a lower-case word the language model has never seen is
# nearly always the spinner's when a thesaurus neighbour fits better at all
# ("morphia" for "morphine"): on the evaluation's tune split every cut-off
# from 2 nats down to -5 raised recall at the same precision (see
# docs/mistranscriptions.md).
UNKNOWN_THRESHOLD = 0.0


class SpinSettings(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    detector: bool = Field(default=True, description="run the list-free synonym detector")
    shipped_fingerprints: bool = Field(default=True, description="use the shipped fingerprint list")
    threshold: float = Field(
        default=8.0, gt=0, description="nats by which a candidate original must out-score a word"
    )
    spun_threshold: float = Field(
        default=4.25, gt=0, description="the same, inside a document judged machine-spun"
    )
    spun_unknown_threshold: float = Field(
        default=UNKNOWN_THRESHOLD,
        description="the same for a lower-case word the language model does not know, "
        "inside a document judged machine-spun",
    )
    verdict_min_signals: float = Field(
        default=2, gt=0, description="weighted signals (a weak misfit counts half)"
    )
    verdict_min_score: float = Field(default=1.5, gt=0, description="signals per 100 words")
    verdict_min_strong_score: float = Field(
        default=0.5,
        ge=0,
        description="strong signals (hits, misfits above threshold) per 100 words",
    )


_RULE = """rules:
  - id: spin.white-home
    type: phrase
    patterns: [White Home]
    expected: White House
    examples: {fail: ["The White Home said."], pass: ["The White House said."]}
"""

SPUN_PHRASE = Code(
    "FC400",
    "spun-phrase",
    Category.MISTRANSCRIPTION,
    Severity.WARNING,
    "A known spinner's substitute for a common phrase.",
    "Synonym spinners rewrite copied news word by word: 'White House' becomes 'White "
    "Home', 'lines of communication' 'traces of communication', 'a year' 'a 12 months'. "
    "The phrase is matched against the shipped fingerprint list and `type: phrase` rules, "
    "with context conditions so ordinary uses ('teaching the Chinese language') pass. "
    "Fixes from rules are safe; fixes from the shipped list need `--unsafe-fixes`.",
    fail=(
        Example.of("Officials at the White Home declined to comment on the proposal."),
        Example.of("Exports of Chinese language chemical substances rose sharply last spring."),
        Example.of("The clinic now records about 300 overdose deaths a 12 months."),
        Example.of("The White Home said on Monday it would respond.", rules=_RULE),
    ),
    pass_=(
        Example.of("She spent a decade teaching the Chinese language in Ohio schools."),
        Example.of("The player received a 12-month suspension for doping."),
        Example.of("The family moved into a white home near the river."),
    ),
    fixable=True,
)

IMPROBABLE_SYNONYM = Code(
    "FC401",
    "improbable-synonym",
    Category.MISTRANSCRIPTION,
    Severity.INFO,
    "A word where a thesaurus neighbour fits the context far better.",
    "The list-free detector: for each word, WordNet synonyms are candidate originals and a "
    "trigram language model scores the sentence with each in place. A word a spinner put "
    "in place ('the metropolis council voted') scores far worse than its original ('city'). "
    "The suggestion is a guess, so it is only applied with `--unsafe-fixes`.",
    fail=(Example.of("The metropolis council voted on Tuesday to raise the minimum wage."),),
    pass_=(
        Example.of("The city council voted on Tuesday to raise the minimum wage."),
        Example.of("The business remained strong and sales in Asia grew faster than expected."),
    ),
    fixable=True,
)

SPUN_DOCUMENT = Code(
    "FC402",
    "machine-spun-document",
    Category.MISTRANSCRIPTION,
    Severity.WARNING,
    "A document with many spun signals: likely machine-spun copy.",
    "One finding per document summarising the spun-phrase and improbable-synonym signals, "
    "so a reader sees the pattern rather than only line items. Reported when the document "
    "has at least `verdict_min_signals` signals (a weak misfit counts half), at least "
    "`verdict_min_score` per 100 words and at least `verdict_min_strong_score` strong ones per 100 "
    "words.",
    fail=(
        Example.of(
            "Officials on the White Home stated a 12 months in the past that Chinese language "
            "firms had been taking motion. The international ministry spokesman stated "
            "Beijing opened traces of communication in a present of excellent religion. "
            "The embassy didn't instantly reply to a request for touch upon Sunday."
        ),
    ),
    pass_=(
        Example.of(
            "Officials at the White House said a year ago that Chinese companies had been "
            "taking action. The foreign ministry spokesman said Beijing opened lines of "
            "communication in a show of good faith. The embassy did not immediately respond "
            "to a request for comment on Sunday."
        ),
        Example.of("A single spin in a long story is not a pattern: the White Home said so."),
    ),
)


MALFORMED_PLURAL = Code(
    "FC403",
    "malformed-plural",
    Category.MISTRANSCRIPTION,
    Severity.INFO,
    "A plural no English writer produces ('countrys', 'termss'): a spinner's '-s'.",
    "A spinner that swaps a plural for a synonym often adds '-s' to the synonym's base form "
    "without knowing its morphology: 'countrys', 'studys', 'churchs', 'newsmans', or an '-s' on "
    "a word already plural ('termss'). Only words the language model does not know are judged, "
    "so real words ('guys', 'lens') pass. The fix is the regular plural, applied only with "
    "`--unsafe-fixes` since the word itself may be a spinner's synonym.",
    fail=(
        Example.of("Officials from both countrys met in Geneva on Thursday."),
        Example.of("Two new studys found the drug raised the risk of stroke."),
    ),
    pass_=(
        Example.of("Officials from both countries met in Geneva on Thursday."),
        Example.of("The guys at the garage fixed the lens on Monday."),
    ),
    fixable=True,
)


@functools.cache
def _shipped_index() -> FingerprintIndex:
    return FingerprintIndex((fingerprint, None) for fingerprint in shipped())


@functools.cache
def _detector(threshold: float, unknown_threshold: float) -> SpinDetector:
    """One detector per process and cut-offs: it keeps what it learns about
    each span's candidates from one document to the next."""
    from factcheck.spin.detector import DetectorSettings, SpinDetector
    from factcheck.spin.language_model import english
    from factcheck.spin.thesaurus import synonyms

    settings = DetectorSettings(threshold=threshold, unknown_threshold=unknown_threshold)
    return SpinDetector(english(), synonyms(), settings)


class SpinCheck(Check):
    name = "spin"
    codes = (SPUN_PHRASE, IMPROBABLE_SYNONYM, SPUN_DOCUMENT, MALFORMED_PLURAL)
    rule_models: ClassVar[tuple[type[RuleBase], ...]] = (PhraseRule,)
    settings_model = SpinSettings

    def __init__(self, context: CheckContext) -> None:
        super().__init__(context)
        self.settings = parse_settings(SpinSettings, self.name, context.settings)
        self._rules = context.rules.of_type(PhraseRule)
        self._rule_index = FingerprintIndex((rule.fingerprint(), rule) for rule in self._rules)

    def _hits(self, doc: Document) -> list[Hit]:
        hits = self._rule_index.find(doc.text, doc.body_start)
        if self.settings.shipped_fingerprints:
            taken = [(h.start, h.end) for h in hits]
            hits += [
                hit
                for hit in _shipped_index().find(doc.text, doc.body_start)
                if not any(hit.start < end and start < hit.end for start, end in taken)
            ]
        return sorted(hits, key=lambda h: h.start)

    def analyze(self, doc: Document) -> DocumentReport:
        findings: list[Finding] = []
        hits = self._hits(doc)
        for hit in hits:
            rule = hit.owner if isinstance(hit.owner, PhraseRule) else None
            message = f"spun phrase {hit.text!r}: likely {hit.fix!r}"
            if rule and rule.message:
                message = rule.message.replace("{found}", hit.text).replace("{expected}", hit.fix)
            findings.append(
                Location.of(doc, hit.start, hit.end).finding(
                    SPUN_PHRASE,
                    message,
                    fix=hit.fix,
                    fix_safe=rule is not None and rule.fix == "safe",
                    rule=rule,
                )
            )
        # Offsets in the body: the detector, the plurals and the verdict share
        # one tokenization.
        tokens = tokenize(doc.body)
        suspects = self._suspects(doc, hits, tokens) if self.settings.detector else []
        plurals = self._plurals(doc, hits, tokens) if self.settings.detector else []
        findings += plurals
        strong = [s for s in suspects if s.context_score >= self.settings.threshold]
        # A weak misfit (between spun_threshold and threshold) is half a signal:
        # alone it proves nothing, but spun copy is full of them.  Unknown words
        # below spun_threshold are no signal: they only count once the verdict
        # is in.
        weak = sum(self.settings.spun_threshold <= s.score for s in suspects) - len(strong)
        verdict = self._verdict(doc, len(tokens), len(hits) + len(strong) + len(plurals), weak)
        # In a document judged spun, weak misfits are reported too: spinning is
        # no longer the exception there.
        for suspect in suspects:
            if verdict is None and suspect.context_score < self.settings.threshold:
                continue
            if verdict is not None and suspect.score < self._spun_cut_off(suspect):
                continue
            # Below the usual cut-offs only a word the model does not know is
            # reported, and its neighbour merely fits better.
            fit = "far better" if suspect.score >= self.settings.spun_threshold else "better"
            findings.append(
                Location.of(doc, suspect.start, suspect.end).finding(
                    IMPROBABLE_SYNONYM,
                    f"{suspect.text!r} reads like a spinner's synonym: {suspect.original!r} "
                    f"fits the context {fit} (score {suspect.score:.1f})",
                    fix=match_case(suspect.text, suspect.original),
                )
            )
        if verdict:
            findings.append(verdict)
        return DocumentReport(findings)

    def _spun_cut_off(self, suspect: Suspect) -> float:
        # Acronyms ("PRC") are outside the vocabulary too, but no spinner
        # writes them; a spinner writes its synonym in lower case.
        if suspect.unknown and suspect.text.islower():
            return min(self.settings.spun_threshold, self.settings.spun_unknown_threshold)
        return self.settings.spun_threshold

    def _suspects(self, doc: Document, hits: list[Hit], tokens: list[Token]) -> list[Suspect]:
        low = min(self.settings.threshold, self.settings.spun_threshold)
        unknown_low = min(low, self.settings.spun_unknown_threshold)
        return [
            suspect
            for suspect in _detector(low, unknown_low).scan(doc.body, doc.body_start, tokens)
            if not any(h.start < suspect.end and suspect.start < h.end for h in hits)
        ]

    def _plurals(self, doc: Document, hits: list[Hit], tokens: list[Token]) -> list[Finding]:
        from factcheck.spin.inflection import proper_plural
        from factcheck.spin.vocabulary import unigram

        def known(word: str) -> bool:
            return unigram(word) is not None

        findings = []
        for token in tokens:
            # Only a lower-case word ending in "s" can be a malformed plural.
            if not token.text.islower() or not token.text.endswith("s"):
                continue
            start, end = token.start + doc.body_start, token.end + doc.body_start
            if any(h.start < end and start < h.end for h in hits):
                continue
            plural = proper_plural(token.text, known)
            if plural is not None:
                findings.append(
                    Location.of(doc, start, end).finding(
                        MALFORMED_PLURAL,
                        f"{token.text!r} is not an English plural: a spinner's '-s'; "
                        f"likely {plural!r}",
                        fix=plural,
                    )
                )
        return findings

    def _verdict(self, doc: Document, words: int, strong: int, weak: int) -> Finding | None:
        per_word = 100 / max(1, words)
        weight = strong + weak / 2
        score = weight * per_word
        if (
            weight < self.settings.verdict_min_signals
            or score < self.settings.verdict_min_score
            # Weak misfits come thick in specialised prose too (legal text:
            # "warranty", "convey"); strong ones must be there as well.
            or strong * per_word < self.settings.verdict_min_strong_score
        ):
            return None
        start = doc.body_start
        return Location.of(doc, start, start).finding(
            SPUN_DOCUMENT,
            f"machine-spun text: {strong + weak} signals, score {score:.1f} per 100 words",
        )

    def claims(self, doc: Document) -> list[dict[str, Any]]:
        return [
            {
                "kind": "spun-phrase",
                "text": hit.text,
                "original": hit.fix,
                "location": Location.of(doc, hit.start, hit.end).span(),
            }
            for hit in self._hits(doc)
        ]


CHECKS = (SpinCheck,)
