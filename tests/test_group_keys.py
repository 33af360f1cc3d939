"""The keys of the corpus-wide stage: compared key by key (``group_facts``), or
from only the documents a document reaches (``reach_keys``), every check
reports exactly what comparing the whole corpus reports."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from factcheck.checks import registry
from factcheck.checks.altered_quotations import AlteredQuotationCheck
from factcheck.checks.base import Check, CheckContext, Location
from factcheck.checks.dates import DateCheck, DateFact
from factcheck.checks.names import NameCheck, NameUse
from factcheck.checks.numbers import NumberCheck, NumberFact
from factcheck.checks.quotation_book import QuoteFact
from factcheck.checks.reach import compare_within, corpus_tally, key_holders, reaches
from factcheck.claims.intervals import Hedge, interval
from factcheck.claims.resolve import DateValue
from factcheck.codes import Example
from factcheck.corpus.document import Metadata
from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.factstore import FactStore
from factcheck.findings import Finding
from factcheck.partial_date import PartialDate
from factcheck.quotations.tokens import words as quotation_words
from factcheck.rules.loader import parse_rule_text
from factcheck.rules.ruleset import RuleSet
from tests.corpus_factory import SEEDS
from tests.test_compare_index import corpus as retold_stories

MONTHS = ["January", "March", "May", "July", "September", "November"]
OFFICIALS = ["Wang Wenbin", "Antony Blinken", "Anne Milgram", "Rahul Gupta"]
CROSSINGS = ["Laredo", "Nogales", "Calexico"]


def topical_news(documents: int, seed: int) -> list[str]:
    """Dated sentences of words drawn as often as the seed articles use them
    (all about fentanyl and China: a corpus on one story, whose topic words
    are common in it though rare in English), a third of them retelling a
    story another document tells, the date sometimes a day off; officials
    quoted by name, the name now and then misspelled; figures for the same
    count that disagree."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    words = re.findall(r"[a-z]+", text.lower())
    rng = random.Random(seed)

    def sentence() -> str:
        return " ".join(rng.choices(words, k=14)).capitalize()

    stories = [(sentence(), rng.choice(MONTHS), rng.randrange(1, 28)) for _ in range(documents)]
    texts = []
    for _ in range(documents):
        paragraphs = []
        for words_, month, day in rng.sample(stories, 3):
            paragraphs.append(f"{words_} on {month} {day + (rng.random() < 0.3)}, 2021.")
        for _ in range(6):
            paragraphs.append(f"{sentence()} on {rng.choice(MONTHS)} {rng.randrange(1, 28)}, 2021.")
        if rng.random() < 0.3:
            paragraphs.append(
                f"Officials said {rng.choice([120, 95])} people were detained at the "
                f"{rng.choice(CROSSINGS)} crossing."
            )
        given, surname = rng.choice(OFFICIALS).split()
        if rng.random() < 0.2:
            at = rng.randrange(1, len(surname) - 2)
            surname = surname[:at] + surname[at + 1] + surname[at] + surname[at + 2 :]
        paragraphs.append(f"{given} {surname} declined to comment.")
        texts.append("\n\n".join(paragraphs) + "\n")
    return texts


def gathered(
    check_type: type[Check], texts: Sequence[tuple[str, str, str | None]], rules: RuleSet
) -> tuple[Check, dict[str, Any]]:
    """The check and its facts per document, for ``(name, text, published)``."""
    loaded = []
    for name, text, published in texts:
        item = load_bytes(text.encode("utf-8"), name)
        if published and item.document is not None:
            item.document.metadata = Metadata(published=PartialDate.parse(published))
        loaded.append(item)
    linter = Linter(rules, check_types=[check_type])
    facts = Linter.gather(map(linter.analyze, loaded)).facts
    (check,) = linter.checks
    return check, dict(facts.get(check.name, {}))


def store_groups(check: Check, facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Documents' facts (path → facts) split into the groups ``compare`` runs
    on alone, as the fact store splits them: one per key of
    ``Check.group_facts``, else the whole corpus."""
    store = FactStore.temporary([check])
    try:
        store.write(store.rows(path, path, "", {check.name: f}) for path, f in facts.items())
        store.register((path, path, "", False) for path in facts)
        return list(store.groups(check))
    finally:
        store.close()


def multi_document_examples() -> list[Example]:
    return [
        example
        for code in registry.codes().values()
        for example in (*code.fail, *code.pass_)
        if len(example.docs) > 1
    ]


def corpora() -> list[Any]:
    def numbered(texts: list[str]) -> list[tuple[str, str, str | None]]:
        return [(f"doc{n:03d}.md", text, "2023-07-06") for n, text in enumerate(texts)]

    seeds = [(p.name, p.read_text(encoding="utf-8"), None) for p in sorted(SEEDS.glob("*.txt"))]
    cases = [
        pytest.param(numbered(retold_stories(50, seed=3)), "", id="retold-stories-3"),
        pytest.param(numbered(retold_stories(60, seed=11)), "", id="retold-stories-11"),
        pytest.param(numbered(topical_news(90, seed=5)), "", id="topical-news"),
        pytest.param(seeds + numbered(retold_stories(30, seed=2)), "", id="seeds"),
    ]
    for n, example in enumerate(multi_document_examples()):
        docs = [(d.name, d.text, d.published) for d in example.docs]
        cases.append(pytest.param(docs, example.rules, id=f"example-{n}"))
    return cases


def _unique(findings: list[Finding]) -> list[Finding]:
    return sorted(set(findings), key=lambda f: f.sort_key)


def per_key(check: Check, facts: Mapping[str, Any]) -> list[Finding] | None:
    """The union of ``compare`` over each key's parts, or None without keys."""
    if any(check.group_facts(document_facts) is None for document_facts in facts.values()):
        return None
    return _unique([f for group in store_groups(check, facts) for f in check.compare(group)])


def from_reach(
    check: Check, facts: Mapping[str, Any], reach: Mapping[str, set[str]]
) -> list[Finding]:
    """The findings in each document, compared over its reach only (given the
    corpus tally, for a check that tallies); documents with the same reach
    share one comparison."""
    tally = corpus_tally(check, facts)
    compared: dict[frozenset[str], list[Finding]] = {}
    found: list[Finding] = []
    for path in facts:
        near = frozenset(reach[path])
        if near not in compared:
            compared[near] = list(compare_within(check, {p: facts[p] for p in near}, tally))
        found.extend(f for f in compared[near] if f.path == path)
    return _unique(found)


@pytest.mark.parametrize("check_type", registry.checks(), ids=lambda c: c.name)
@pytest.mark.parametrize(("texts", "rules"), corpora())
def test_keyed_compare_reports_what_the_whole_corpus_reports(
    check_type: type[Check], texts: list[tuple[str, str, str | None]], rules: str
) -> None:
    ruleset = RuleSet(tuple(parse_rule_text(rules, "<example>"))) if rules else RuleSet()
    check, facts = gathered(check_type, texts, ruleset)
    keyed = per_key(check, facts)
    reach = reaches(check, facts)
    if keyed is None and reach is None:
        pytest.skip(f"{check.name} compares the whole corpus at once")
    whole = _unique(list(check.compare(facts)))
    if keyed is not None:
        assert keyed == whole
    if reach is not None:
        assert from_reach(check, facts, reach) == whole


def test_generated_corpora_have_cross_document_findings() -> None:
    # Otherwise the equalities above would hold vacuously.
    for texts in (topical_news(90, seed=5),):
        docs = [(f"doc{n:03d}.md", t, "2023-07-06") for n, t in enumerate(texts)]
        pairs = ((DateCheck, "FC104"), (NameCheck, "FC411"), (NumberCheck, "FC103"))
        for check_type, code in pairs:
            check, facts = gathered(check_type, docs, RuleSet())
            assert any(f.code == code for f in check.compare(facts)), code


def test_reach_stays_a_small_part_of_the_corpus() -> None:
    # A corpus about one story: no key (not even its topic words) gathers
    # most documents, and a document reaches the few that retell its stories
    # plus chance meetings, not the corpus.
    documents = 300
    texts = [(f"doc{n:03d}.md", t, None) for n, t in enumerate(topical_news(documents, seed=5))]
    check, facts = gathered(DateCheck, texts, RuleSet())
    holders = key_holders(check, facts)
    reach = reaches(check, facts)
    assert holders is not None and reach is not None
    assert max(len(paths) for paths in holders.values()) <= 0.1 * documents
    assert sum(len(r) for r in reach.values()) / len(reach) <= 0.2 * documents


EVENT_WORDS = ["harbor", "levy", "tunnel", "ferry", "council", "vote", "said"]
DAYS = [DateValue(dt.date(2021, 5, d), dt.date(2021, 5, d), "day") for d in (3, 4, 5)]
MAY = DateValue(dt.date(2021, 5, 1), dt.date(2021, 5, 31), "month")
# Names that share a word without being one subject, or hold one another.
NAMES = [("laredo",), ("nogales",), ("laredo", "council"), ("nogales", "council")]


def _date_fact(path: str, n: int, draw: Any) -> DateFact:
    value = draw(st.sampled_from([*DAYS, MAY]))
    published = draw(st.sampled_from([DAYS[0], DAYS[2], None]))
    relative = draw(st.booleans())
    return DateFact(
        Location(path, n + 1, 1, n + 1, 5),
        draw(st.sampled_from(["May 3", "Friday", "in May"])),
        value,
        draw(st.booleans()),
        draw(st.frozensets(st.sampled_from(EVENT_WORDS), min_size=2)),
        (value,),
        relative,
        relative and draw(st.booleans()),
        published,
        draw(st.frozensets(st.sampled_from(NAMES), max_size=2)),
    )


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_dates_reach_on_random_facts(data: st.DataObject) -> None:
    # Facts drawn directly (no parsing): twins, since-dates, relative dates,
    # publication windows and names (none, shared, held within another, or
    # only a word in common) mixed at random among a few event words.
    _assert_reach_exact(DateCheck(CheckContext(RuleSet())), _random_facts(data, _date_fact))


def _random_facts(data: st.DataObject, fact: Callable[[str, int, Any], Any]) -> dict[str, Any]:
    """Two to seven documents of up to four facts drawn by ``fact``."""
    documents = data.draw(st.integers(min_value=2, max_value=7))
    return {
        f"doc{d}.md": [
            fact(f"doc{d}.md", n, data.draw)
            for n in range(data.draw(st.integers(min_value=0, max_value=4)))
        ]
        for d in range(documents)
    }


def _assert_reach_exact(check: Check, facts: dict[str, Any]) -> list[Finding]:
    """Each document over its reach finds what the whole corpus finds there."""
    reach = reaches(check, facts)
    assert reach is not None
    whole = _unique(list(check.compare(facts)))
    assert from_reach(check, facts, reach) == whole
    event(f"findings: {min(len(whole), 3)}")
    return whole


def _number_fact(path: str, n: int, draw: Any) -> NumberFact:
    value = draw(st.sampled_from([90, 95, 120]))
    return NumberFact(
        Location(path, n + 1, 1, n + 1, 5),
        f"{value} people",
        draw(st.sampled_from([("people",), ("kilogram",)])),
        interval(draw(st.sampled_from([Hedge.EXACT, Hedge.APPROXIMATE])), value, 1),
        draw(st.sampled_from([*DAYS, MAY])),
        draw(st.booleans()),
        draw(st.frozensets(st.sampled_from(EVENT_WORDS), min_size=1, max_size=4)),
        draw(st.frozensets(st.sampled_from(NAMES), max_size=2)),
    )


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_numbers_reach_on_random_facts(data: st.DataObject) -> None:
    # Figures with and without names, sharing a name, a word of one, or none,
    # under two nouns and a few context words.
    check = NumberCheck(CheckContext(RuleSet()))
    facts = _random_facts(data, _number_fact)
    whole = _assert_reach_exact(check, facts)
    keyed = per_key(check, facts)
    assert keyed is not None and keyed == whole


SPELLINGS = [
    "Wang Wenbin",
    "Wang Wenbim",
    "Wang Wnebin",
    "Anne Milgram",
    "Anne Milgran",
    "Rahul Gupta",
]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(SPELLINGS), max_size=5), min_size=1, max_size=6))
def test_names_from_the_corpus_tally_on_random_uses(documents: list[list[str]]) -> None:
    check = NameCheck(CheckContext(RuleSet()))
    facts = {
        f"doc{d}.md": [
            NameUse(text, Location(f"doc{d}.md", n + 1, 1, n + 1, 9)) for n, text in enumerate(uses)
        ]
        for d, uses in enumerate(documents)
    }
    reach = reaches(check, facts)
    assert reach is not None
    whole = _unique(list(check.compare(facts)))
    assert from_reach(check, facts, reach) == whole
    event(f"findings: {min(len(whole), 3)}")


QUOTED = ["we", "are", "going", "to", "the", "harbor", "levy", "vote", "this", "year"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*QUOTED, "…"]), min_size=3, max_size=16), min_size=2, max_size=6
    ),
    st.sampled_from([3, 5, 8]),
)
def test_altered_quotation_keys_meet_whenever_a_wording_can_change_a_finding(
    wordings: list[list[str]], min_words: int
) -> None:
    # Straight from the comparison the check makes: whenever wording m could
    # confirm n or be its closest altered wording, n looks up a key m is
    # found under.
    check = AlteredQuotationCheck(
        CheckContext(RuleSet(), {"min-words": min_words}),
    )
    facts = [
        QuoteFact(Location("doc.md", 1, 1, 1, 2), text, quotation_words(text), None, "")
        for text in (" ".join(w) for w in wordings)
    ]
    for n in facts:
        if len(n.words) < min_words:
            continue
        probes = set(check.probe_keys([n]))
        for m in facts:
            comparison = check.book.compare(n.rendering(), m.rendering())
            confirms = comparison.exact and comparison.matched >= 3
            closest = check._altered(comparison, check.settings.similarity) and (
                comparison.matched >= min_words
            )
            event("confirms" if confirms else "closest" if closest else "neither")
            if confirms or closest:
                assert probes & set(check.reach_keys([m]))
