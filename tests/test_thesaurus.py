"""The thesaurus file is searched in its bytes, memory-mapped (spin/thesaurus.py)."""

from __future__ import annotations

import pytest

from factcheck.spin.thesaurus import PHRASES, THESAURUS, Thesaurus, phrases, synonyms

SMALL = (
    "'tween\tbetween\nbank\tdepository|shore\ncafé\tcoffeehouse\ncity\tmetropolis\nzoo\tmenagerie\n"
)


def _table(text: str) -> dict[str, tuple[str, ...]]:
    return {
        word: tuple(rest.split("|"))
        for word, rest in (line.split("\t") for line in text.splitlines())
    }


@pytest.mark.parametrize("text", [SMALL, SMALL.rstrip("\n"), "city\tmetropolis\n"])
def test_every_word_and_every_gap_between_words(text: str) -> None:
    thesaurus = Thesaurus(text.encode(), phrases(_table(text)))
    table = _table(text)
    for word, expected in table.items():
        assert thesaurus[word] == expected
    for absent in ["", "'", "a", "ban", "bank ", "banks", "café!", "cafe", "zoos", "zz", "\uffff"]:
        assert absent not in thesaurus
    with pytest.raises(KeyError):
        thesaurus["metropolis"]


@pytest.mark.parametrize("word", ["city\tmetropolis", "city\n", "bank\tdepository|shore"])
def test_a_word_with_a_separator_is_never_found(word: str) -> None:
    assert Thesaurus(SMALL.encode(), phrases(_table(SMALL))).get(word) is None


def test_shipped_file_is_sorted_by_word_and_every_sampled_word_is_found() -> None:
    text = THESAURUS.read_text("utf-8")
    words = [line.split("\t", 1)[0] for line in text.splitlines()]
    # Byte order is what the search relies on; UTF-8 keeps code point order.
    assert words == sorted(words) and len(set(words)) == len(words)
    table = _table(text)
    thesaurus = synonyms()
    for word in words[::97]:
        assert thesaurus[word] == table[word]
        assert thesaurus.get(word + "\x00") is None
    assert thesaurus["city"] == ("metropolis", "urban center")


def test_shipped_phrases_are_those_of_the_shipped_thesaurus() -> None:
    words = [line.split("\t", 1)[0] for line in THESAURUS.read_text("utf-8").splitlines()]
    assert PHRASES.read_text("utf-8").splitlines() == phrases(words)


class _Searches(Thesaurus):
    """Records the keys searched for in the file."""

    searched: list[bytes]

    def _lookup(self, key: bytes) -> tuple[str, ...] | None:
        self.searched.append(key)
        return super()._lookup(key)


def test_a_span_that_is_no_entry_is_not_searched() -> None:
    text = "bank\tdepository\nside by side\talongside\nsquare up\tsettle\n"
    thesaurus = _Searches(text.encode(), phrases(_table(text)))
    thesaurus.searched = []
    assert thesaurus["side by side"] == ("alongside",)
    assert thesaurus["square up"] == ("settle",)
    assert thesaurus["bank"] == ("depository",)
    # "side" heads an entry, yet "side by" is none: no search either way.
    for span in ["bank robbery", "side by", "square one"]:
        assert thesaurus.get(span) is None
    assert thesaurus.searched == [b"side by side", b"square up", b"bank"]
    # A list that misses an entry would hide it: the shipped list is tested above.
    assert Thesaurus(text.encode(), frozenset({"side by side"})).get("square up") is None
