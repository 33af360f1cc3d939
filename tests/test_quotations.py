"""Quotation extraction: quote marks, speakers and how they were found."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.quotations.extract import Quotation, extract
from factcheck.quotations.matching import Encoder, Rendering, compare
from factcheck.quotations.speakers import Entity, EntityIndex
from factcheck.quotations.tokens import words

INDEX = EntityIndex(
    [
        Entity(
            "blinken",
            "Antony Blinken",
            "person",
            ("Blinken", "Secretary of State Antony Blinken", "the Secretary of State"),
        ),
        Entity("robinson", "Todd D. Robinson", "person", ("Robinson", "Todd Robinson")),
        Entity("wang", "Wang Wenbin", "person", ("Wang",)),
        Entity("price", "Ned Price", "person", ("Price",)),
        Entity(
            "official",
            "the senior administration official",
            "person",
            ("senior administration official", "senior White House administration official"),
        ),
        Entity("dea", "Drug Enforcement Administration", "organization", ("DEA",)),
    ]
)


def quotes(text: str) -> list[Quotation]:
    return extract(text, 0, len(text), INDEX)


def credits(text: str) -> list[tuple[str, str | None, str]]:
    """(quoted text, speaker entity or name, how) for each quotation."""
    return [
        (q.text, q.speaker.entity or q.speaker.label if q.speaker else None, q.attribution)
        for q in quotes(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Trailing, with and without the comma, and inverted.
        (
            "“We have invited them,” Robinson said.",
            [("We have invited them,", "robinson", "trailing")],
        ),
        (
            "“It is not about blame” Blinken said on Monday.",
            [("It is not about blame", "blinken", "trailing")],
        ),
        (
            "“It is the importer’s duty,” said spokesman Wang Wenbin in Beijing.",
            [("It is the importer’s duty,", "wang", "trailing")],
        ),
        (
            "“It is a global problem,” according to the DEA.",
            [("It is a global problem,", "dea", "trailing")],
        ),
        # Leading with a comma, with "that", with a colon; an object between.
        (
            "Blinken said, “We need greater cooperation.”",
            [("We need greater cooperation.", "blinken", "leading")],
        ),
        (
            "Price told reporters on Friday that talks “have been limited.”",
            [("have been limited.", "price", "leading")],
        ),
        (
            "Blinken responded: “Yes. We need to see much more.”",
            [("Yes. We need to see much more.", "blinken", "leading")],
        ),
        (
            "The Secretary of State asked for “greater cooperation” from China.",
            [("greater cooperation", "blinken", "leading")],
        ),
        # Straight quotes and single quotes.
        ('Robinson said, "There is hope."', [("There is hope.", "robinson", "leading")]),
        (
            "Blinken said, ‘It is not about pointing fingers.’",
            [("It is not about pointing fingers.", "blinken", "leading")],
        ),
    ],
)
def test_cue_shapes(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert credits(text) == expected


def test_colon_form_across_paragraphs() -> None:
    text = "Blinken responded:\n\n“Yes. We need to see much greater cooperation.”\n"
    assert credits(text) == [("Yes. We need to see much greater cooperation.", "blinken", "colon")]


def test_quote_without_cue_takes_the_paragraphs_last_speaker() -> None:
    text = "“We are hoping for progress,” Robinson said Monday. “That could open the door.”"
    assert [c[1:] for c in credits(text)] == [("robinson", "trailing"), ("robinson", "paragraph")]


def test_the_last_speaker_does_not_cross_paragraphs() -> None:
    text = "“We are hoping for progress,” Robinson said.\n\n“That could open the door.”"
    assert credits(text)[1] == ("That could open the door.", None, "unattributed")


def test_pronoun_takes_the_last_named_speaker() -> None:
    text = (
        "“The U.S. is the root cause,” said spokesman Wang Wenbin. "
        "“It is the importer’s duty to stop it,” he said."
    )
    assert [c[1] for c in credits(text)] == ["wang", "wang"]
    speaker = quotes(text)[1].speaker
    assert speaker is not None and speaker.text == "he"


def test_description_takes_the_last_speaker_it_describes() -> None:
    text = (
        "“It is a pivotal moment,” said a senior White Home administration official. "
        "“It is a platform for coordination,” the official said."
    )
    # "White Home" is a misspelling of an alias: still the same entity.
    assert [c[1] for c in credits(text)] == ["official", "official"]


def test_unresolved_pronoun_and_scare_quotes_are_unattributed() -> None:
    text = "They warned of possible “entrapment” by foreign authorities."
    assert credits(text) == [("entrapment", None, "unattributed")]
    assert credits("The report found the company “directly subsidizes” exports.") == [
        ("directly subsidizes", None, "unattributed")
    ]


def test_a_cue_that_is_not_speech_does_not_credit() -> None:
    # "added to the Entity List" is not "added, “…”".
    text = (
        "Sources told Bloomberg the ministry, which the Commerce Department added to the "
        "Entity List in 2020 for “engaging in human rights violations,” would be delisted."
    )
    assert credits(text)[0][1:] == (None, "unattributed")


def test_name_after_a_known_title_is_not_the_titles_owner() -> None:
    text = "“We will not waver,” Secretary of State Mike Pompeo said."
    ((_, speaker, _),) = credits(text)
    assert speaker == "Secretary of State Mike Pompeo"
    first = quotes(text)[0].speaker
    assert first is not None and first.entity is None


def test_participle_cue_shares_the_subject() -> None:
    text = (
        "Ned Price told VOA this week that despite past action, the U.S. is hopeful, "
        "while admitting that engagement “has been limited in recent months.”"
    )
    assert credits(text) == [("has been limited in recent months.", "price", "leading")]


def test_two_quotes_in_one_sentence_share_the_leading_cue() -> None:
    text = "Blinken stated that “We have seen a real change” and China is “taking it seriously.”"
    assert [c[1] for c in credits(text)] == ["blinken", "blinken"]


def test_quotation_over_several_paragraphs_is_one() -> None:
    text = (
        "“We have invited China.\n\n"
        "“Our hope is that all countries will participate,” Robinson said."
    )
    (quote,) = quotes(text)
    assert quote.text == "We have invited China.\nOur hope is that all countries will participate,"
    assert quote.speaker is not None and quote.speaker.entity == "robinson"


def test_nested_quotes_belong_to_the_outer_quotation() -> None:
    text = "“He told me, ‘We will act,’ and they did,” Blinken said."
    (quote,) = quotes(text)
    assert quote.text == "He told me, ‘We will act,’ and they did,"


def test_apostrophes_are_not_quotes() -> None:
    assert quotes("The students’ union and the company’s board met on Friday.") == []


def test_quotations_are_located_in_the_file() -> None:
    text = "Title\n\nIntro line.\n“It is hope,” Robinson said."
    (quote,) = quotes(text)
    assert text[quote.start : quote.end] == "“It is hope,”"


@pytest.mark.parametrize(
    ("found", "known"),
    [
        ("[T]he way it’s made is", "The way it's made is, with chemicals"),
        (
            "taking it seriously … between inputs and impacts",
            "They're taking it seriously. But there's a difference, as we would say, "
            "between inputs and impacts.",
        ),
        ("The U.S. is the root cause", "The US is the root cause of its drug problems."),
        ("illicit drug-makers", "illicit drugmakers"),
        ("IT IS NOT ABOUT POINTING FINGERS!", "It's not about pointing fingers."),
    ],
)
def test_same_words_whatever_the_marks(found: str, known: str) -> None:
    result = compare(Rendering(words(found), found), Rendering(words(known), known), Encoder())
    assert result.exact


@pytest.mark.parametrize(
    ("found", "known", "change"),
    [
        (
            "taking it very seriously",
            "They're taking it seriously.",
            "‘taking it seriously’ → ‘taking it very seriously’",
        ),
        (
            "the root cause of its drug issues",
            "The US itself is the root cause of its drug problems.",
            "‘its drug problems’ → ‘its drug issues’",
        ),
        (
            "we have seen a change in cooperation",
            "We have seen a real change in terms of cooperation.",
            "‘seen a real change in terms of cooperation’ → ‘seen a change in cooperation’",
        ),
    ],
)
def test_word_level_differences(found: str, known: str, change: str) -> None:
    result = compare(Rendering(words(found), found), Rendering(words(known), known), Encoder())
    assert not result.exact
    assert str(result.changes[0]) == change


def test_each_section_has_its_own_speakers() -> None:
    from factcheck.checks.quotation_book import QuotationBook
    from factcheck.corpus.document import Document, Metadata, Section
    from factcheck.rules.ruleset import RuleSet

    text = "Wang Wenbin said the talks went well.\n\nSecond story\n\n“We will see,” he said.\n"
    second = text.index("Second story")
    doc = Document("page.txt", text, sections=(Section(second, Metadata()),))
    (quote,) = QuotationBook(RuleSet()).quotations(doc)
    assert quote.speaker is None and quote.attribution == "unattributed"
    whole = Document("page.txt", text)
    (quote,) = QuotationBook(RuleSet()).quotations(whole)
    assert quote.speaker is not None and quote.speaker.name == "Wang Wenbin"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([*"“”‘’\"'ab .,:\n…[]", "said", " he ", "Wang", "\n\n"])).map("".join)
)
def test_extraction_never_fails_and_spans_are_quotes(text: str) -> None:
    for quote in quotes(text):
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start] in "“‘\"'«„"
        assert all(quote.start < a <= b <= quote.end for a, b in quote.pieces)


@pytest.mark.parametrize(
    "text",
    [
        "Blinken, who arrived on Sunday, said: “We need results.”",
        "Blinken, the top U.S. diplomat, said: “We need results.”",
        "“We need results,” Blinken, the top U.S. diplomat, said.",
        "“We need results,” said Blinken, who arrived on Sunday.",
        "According to Blinken, “we need results.”",
        "“We have invited them,” Blinken said, “and we need results.”",
    ],
)
def test_relative_clauses_and_appositives(text: str) -> None:
    assert {c[1] for c in credits(text)} == {"blinken"}


def test_participle_clause_is_not_the_speaker() -> None:
    text = "“We need results,” a spokesman, speaking on condition of anonymity, said."
    assert [q.speaker.text if q.speaker else None for q in quotes(text)] == ["a spokesman"]
