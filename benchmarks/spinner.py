"""A context-free synonym spinner for the evaluation, built on a different
thesaurus than the detector: the OpenOffice/LibreOffice English thesaurus
(MyThes ``th_en_US_v2``, Debian package ``mythes-en-us``), where the detector
uses WordNet 3.0 synsets.

Like the content-farm spinners it imitates, it replaces words with a synonym
of their first listed sense without looking at the context, and records what
it replaced so the evaluation knows the truth.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
_WORD = re.compile(r"[A-Za-z]+")
# Words a spinner leaves alone: grammar, not content.
_KEEP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "not",
        "no",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "them",
        "their",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "than",
        "then",
        "there",
        "here",
        "also",
        "very",
        "more",
        "most",
        "such",
        "only",
        "just",
        "about",
        "over",
        "into",
        "out",
        "up",
        "down",
        "said",
        "says",
        "say",
    ]
)


@dataclass(frozen=True)
class Spin:
    start: int  # in the spun text
    end: int
    original: str
    replacement: str


def load_thesaurus(path: Path = MYTHES) -> dict[str, list[str]]:
    """word -> plain synonyms of its first sense that has any."""
    table: dict[str, list[str]] = {}
    lines = path.read_text("utf-8", errors="replace").splitlines()[1:]
    index = 0
    while index < len(lines):
        head, _, count = lines[index].partition("|")
        senses = lines[index + 1 : index + 1 + int(count)]
        index += 1 + int(count)
        for sense in senses:
            plain = [s for s in sense.split("|")[1:] if "(" not in s and s.lower() != head]
            if plain:
                table[head] = plain
                break
    return table


class Spinner:
    def __init__(self, thesaurus: dict[str, list[str]], rate: float, seed: int) -> None:
        self.thesaurus = thesaurus
        self.rate = rate
        self.random = random.Random(seed)

    def _synonym(self, word: str) -> str | None:
        if word in self.thesaurus:
            return self.random.choice(self.thesaurus[word])
        if word.endswith("s") and word[:-1] in self.thesaurus:
            choice = self.random.choice(self.thesaurus[word[:-1]])
            return choice + "s"
        return None

    def spin(self, text: str) -> tuple[str, list[Spin]]:
        out: list[str] = []
        spins: list[Spin] = []
        last = 0
        length = 0
        for match in _WORD.finditer(text):
            word = match.group()
            if word[0].isupper() or word in _KEEP or len(word) < 3:
                continue
            if self.random.random() >= self.rate:
                continue
            synonym = self._synonym(word)
            if synonym is None:
                continue
            out.append(text[last : match.start()])
            length += match.start() - last
            spins.append(Spin(length, length + len(synonym), word, synonym))
            out.append(synonym)
            length += len(synonym)
            last = match.end()
        out.append(text[last:])
        return "".join(out), spins
