"""Who a phrase names: entities with their aliases, pronouns, descriptions.

A speaker phrase is the noun phrase next to a cue verb ("Secretary of State
Antony Blinken" in "… Antony Blinken said").  Its *head* is its last word, so
"Secretary of State Mike Pompeo" is not Blinken even if "Secretary of State" is
one of Blinken's aliases.  Aliases of one word are matched with their case
("Price", not "price"); longer ones ignore case and tolerate a misspelling
("senior White Home administration official").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_PHRASE_WORD = re.compile(r"[^\s,;:()\[\]\ufffc]+")
_PRONOUNS = frozenset({"he", "she", "they"})
_LEADING_NOISE = frozenset(
    [
        "and",
        "but",
        "while",
        "so",
        "then",
        "also",
        "later",
        "now",
        "additionally",
        "however",
        "meanwhile",
        "instead",
        "rather",
        "earlier",
        "separately",
    ]
)
_NOT_A_SUBJECT = frozenset(
    [
        "by",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "of",
        "as",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "it",
        "its",
        "there",
        "this",
        "these",
        "those",
        "or",
        "nor",
        "if",
        "because",
        "although",
        "though",
        "since",
        "into",
        "than",
        "not",
        "no",
        "when",
        "where",
        "after",
        "before",
        "during",
    ]
)
_CUT_ALWAYS = frozenset(
    [
        "in",
        "on",
        "at",
        "during",
        "after",
        "before",
        "with",
        "to",
        "from",
        "by",
        "as",
        "when",
        "while",
        "who",
        "which",
        "that",
        "about",
        "over",
        "under",
        "via",
        "through",
        "since",
        "until",
    ]
)
_CUT_UNLESS_NAME = frozenset({"of", "for", "and"})
_TIME_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
    ]
)
_DETERMINERS = frozenset({"a", "an", "the", "this", "that"})
FUZZY_ALIAS_SCORE = 90.0


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str = "other"
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker as credited in a text.

    ``entity`` is the entity id when the phrase was resolved; ``name`` the
    canonical name, or the proper name as written when no entity is known;
    descriptions ("a spokesman") and pronouns have neither.
    """

    text: str
    entity: str | None = None
    name: str | None = None
    kind: str = "named"  # named | pronoun | description

    @property
    def label(self) -> str:
        return self.name or self.text


@dataclass(frozen=True)
class PhraseWord:
    text: str
    start: int
    end: int

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def phrase_words(text: str, start: int, end: int) -> list[PhraseWord]:
    return [
        PhraseWord(
            m.group().rstrip(".") if _trailing_dot_is_punctuation(m.group()) else m.group(),
            m.start(),
            m.end(),
        )
        for m in _PHRASE_WORD.finditer(text, start, end)
    ]


def _trailing_dot_is_punctuation(word: str) -> bool:
    # "D." and "U.S." keep their dots; "Robinson." loses it.
    return word.endswith(".") and not (len(word) == 2 or "." in word[:-1])


def _key(word: str, exact_case: bool) -> str:
    word = word.replace("’", "'")
    return word if exact_case else word.lower().rstrip(".")


@dataclass(frozen=True)
class _Alias:
    keys: tuple[str, ...]
    exact_case: bool
    entity: Entity


class EntityIndex:
    """Alias lookup for speaker phrases."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities: dict[str, Entity] = {}
        self._by_first: dict[str, list[_Alias]] = {}
        self._multiword: list[tuple[str, int, Entity]] = []
        self._fuzzy_seen: dict[tuple[str, ...], Entity | None] = {}
        for entity in entities:
            self.entities[entity.id] = entity
            for alias in dict.fromkeys(entity.names()):
                parts = alias.split()
                if not parts:
                    continue
                exact = len(parts) == 1 and not alias.islower()
                keys = tuple(_key(p, exact) for p in parts)
                self._by_first.setdefault(keys[0], []).append(_Alias(keys, exact, entity))
                if len(parts) > 1:
                    self._multiword.append((alias.lower(), len(parts), entity))
        for aliases in self._by_first.values():
            aliases.sort(key=lambda a: -len(a.keys))

    def mentions(self, words: list[PhraseWord]) -> list[tuple[int, int, Entity]]:
        """Longest alias matches, left to right, as (first, last + 1, entity)."""
        found: list[tuple[int, int, Entity]] = []
        i = 0
        while i < len(words):
            match = None
            for first in {_key(words[i].text, True), _key(words[i].text, False)}:
                for alias in self._by_first.get(first, ()):
                    n = len(alias.keys)
                    window = words[i : i + n]
                    if len(window) == n and all(
                        _key(w.text, alias.exact_case) == k
                        for w, k in zip(window, alias.keys, strict=True)
                    ):
                        if match is None or n > match[1] - match[0]:
                            match = (i, i + n, alias.entity)
                        break
            if match:
                found.append(match)
                i = match[1]
            else:
                i += 1
        return found

    def fuzzy(self, words: list[PhraseWord]) -> Entity | None:
        """The entity whose multi-word alias the phrase nearly spells out."""
        if not self._multiword or not words:
            return None
        lowered = tuple(w.text.lower() for w in words)
        if lowered not in self._fuzzy_seen:
            if len(self._fuzzy_seen) > 4096:
                self._fuzzy_seen.clear()
            self._fuzzy_seen[lowered] = self._fuzzy(lowered)
        return self._fuzzy_seen[lowered]

    def _fuzzy(self, lowered: tuple[str, ...]) -> Entity | None:
        from rapidfuzz import fuzz

        best: tuple[float, Entity] | None = None
        for alias, size, entity in self._multiword:
            for i in range(0, max(1, len(lowered) - size + 1)):
                score = fuzz.ratio(" ".join(lowered[i : i + size]), alias)
                if score >= FUZZY_ALIAS_SCORE and (best is None or score > best[0]):
                    best = (score, entity)
        return best[1] if best else None


def _cut(words: list[PhraseWord]) -> list[PhraseWord]:
    """Drop what follows the noun phrase: "Blinken on Friday" → "Blinken"."""
    for i in range(1, len(words)):
        low = words[i].text.lower()
        nxt = words[i + 1] if i + 1 < len(words) else None
        if low in _CUT_ALWAYS or (
            low in _CUT_UNLESS_NAME and not (nxt is not None and nxt.capitalized)
        ):
            return words[:i]
    return words


def _name_run(words: list[PhraseWord]) -> list[PhraseWord]:
    """The proper name that ends the phrase, if it ends with one."""
    end = len(words)
    while end and words[end - 1].text.lower() in _TIME_WORDS:
        end -= 1
    start = end
    while start > 0:
        word = words[start - 1]
        if word.capitalized or (
            word.text in _CUT_UNLESS_NAME and start < end and words[start].capitalized
        ):
            start -= 1
        else:
            break
    run = words[start:end]
    while run and not run[0].capitalized:
        run = run[1:]
    if run and run[0].text.lower() in _DETERMINERS | _PRONOUNS:
        run = run[1:]
    return run


def resolve(text: str, words: list[PhraseWord], index: EntityIndex) -> Speaker | None:
    """The speaker a phrase next to a cue names, or None if it names nobody."""
    while words and words[0].text.lower() in _LEADING_NOISE:
        words = words[1:]
    if not words:
        return None
    first = words[0].text.lower()
    written = text[words[0].start : words[-1].end]
    if first in _PRONOUNS and len(words) <= 3:
        return Speaker(words[0].text, kind="pronoun")
    if first in _NOT_A_SUBJECT:
        return None
    head = _cut(words)
    written_head = text[head[0].start : head[-1].end]
    mentions = index.mentions(head)
    if mentions and mentions[-1][1] == len(head):
        return _entity_speaker(written_head, mentions[-1][2])
    run = _name_run(head)
    if (run and run[-1] is head[-1]) or (run and head[-1].text.lower() in _TIME_WORDS):
        near = index.fuzzy(run)
        if near is not None:
            return _entity_speaker(written_head, near)
        return Speaker(written_head, None, text[run[0].start : run[-1].end])
    # "Brennan followed up by asking": a name followed by its verbs.
    followed_by_verbs = [m for m in mentions if not any(w.capitalized for w in head[m[1] :])]
    if followed_by_verbs:
        return _entity_speaker(written_head, followed_by_verbs[-1][2])
    near = index.fuzzy(head)
    if near is not None:
        return _entity_speaker(written_head, near)
    if first in _DETERMINERS or len(words) <= 6:
        return Speaker(written if len(words) <= 8 else written_head, kind="description")
    return None


def _entity_speaker(written: str, entity: Entity) -> Speaker:
    return Speaker(written, entity.id, entity.name)


def role_noun(speaker: Speaker) -> str | None:
    """The noun a description ends with ("the official" → "official")."""
    if speaker.kind != "description":
        return None
    last = speaker.text.split()[-1].lower()
    return last if last.isalpha() else None
