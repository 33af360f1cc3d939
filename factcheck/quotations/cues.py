"""Attribution cues: the verbs and phrases that say who spoke.

Three shapes are recognised, as news writing uses them:

- trailing: “…,” Robinson said. / “…,” said Robinson. / “…,” according to X.
- leading: Blinken said, “…” / Price told VOA that … “…” / Blinken responded: “…”
- colon, across paragraphs: a paragraph ending "Blinken responded:" credits the
  quotation that opens the next one.

Functions here only find the cue and the phrase next to it; ``speakers``
decides whom the phrase names.
"""

from __future__ import annotations

import re

from factcheck.quotations.layout import MASK

# Base forms that are more often nouns ("state", "note", "claims") are left out.
_VERBS = (  # noqa: SIM905 -- a word list reads better as prose
    "say says said saying stated stating tell tells told telling add adds added adding ask"
    " asks asked asking respond responds responded responding replies replied replying noted"
    " noting explain explains explained explaining write writes wrote continued insist"
    " insists insisted warns warned warning claimed declare declares declared remarked"
    " acknowledge acknowledged acknowledging admit admits admitted admitting stressed"
    " stressing emphasize emphasized emphasizing tweeted"
).split()
CUE_WORDS = frozenset(_VERBS)
# Verbs that may come before their subject: “…,” said Robinson.
INVERTING = frozenset(
    [
        "said",
        "says",
        "stated",
        "added",
        "asked",
        "replied",
        "responded",
        "wrote",
        "continued",
        "explained",
        "noted",
        "declared",
        "insisted",
        "warned",
    ]
)
# The lookahead on the first letter lets the regex engine skip to where a cue
# can start (it changes no match).
CUE = re.compile(
    f"(?=[Aa{''.join(sorted({verb[0] for verb in _VERBS}))}])"
    r"\b(?:[Aa]ccording to|" + "|".join(sorted(_VERBS, key=len, reverse=True)) + r")\b"
)
_STOP_PUNCTUATION = ",;:!?"
_MAX_PHRASE_WORDS = 14
_MAX_INTRO_WORDS = 6


def _bare(word: str) -> str:
    return word.strip('.,;:!?"”’)(').lower()


def _ends_clause(word: str) -> bool:
    if word[-1:] in _STOP_PUNCTUATION:
        return True
    if word.endswith("."):
        core = word[:-1]
        return not (len(core) == 1 or "." in core)  # "D." and "U.S." do not end it
    return False


def trailing(masked: str, start: int, end: int) -> tuple[int, int, int] | None:
    """A cue right after a quotation: (phrase start, phrase end, cue offset)."""
    i = start
    while i < end and (masked[i].isspace() or masked[i] in ",—–-"):
        i += 1
    words = list(re.finditer(r"\S+", masked[i:end]))[: _MAX_PHRASE_WORDS + 1]
    if not words or MASK in words[0].group():
        return None
    first = _bare(words[0].group())
    inverted_at = None
    if first in INVERTING and not _ends_clause(words[0].group()):
        inverted_at = 1
    elif first == "according" and len(words) > 1 and _bare(words[1].group()) == "to":
        inverted_at = 2
    if inverted_at is not None:
        phrase = words[inverted_at:]
        last = 0
        for n, word in enumerate(phrase):
            if MASK in word.group():
                break
            last = n + 1
            if _ends_clause(word.group()):
                break
        if not last:
            return None
        return i + phrase[0].start(), i + phrase[last - 1].end(), i + words[0].start()
    for n, word in enumerate(words):
        text = word.group()
        if MASK in text:
            return None
        if n and text[:1].islower() and _bare(text) in CUE_WORDS:
            return i, i + words[n - 1].end(), i + word.start()
        # Commas may set off an appositive: “…,” Blinken, the top diplomat, said.
        if _ends_clause(text) and not text.endswith(","):
            return None
    return None


def introduces(cue: str, between: str) -> bool:
    """Whether a cue introduces what follows it, given the text up to the quote:
    "said, “…”", "told VOA that … “…”", "asked for “…”" do; "added to the
    Entity List in 2020 for “…”" does not."""
    if ", which" in between or ", who" in between:
        return False
    rest = between.strip()
    if not rest or rest[0] in ",:—–":
        return True
    words = rest.replace(MASK, " ").split()
    if cue.lower().startswith("according"):
        return True
    return len(words) <= _MAX_INTRO_WORDS or "that" in words[: _MAX_INTRO_WORDS + 2]


def is_participle(cue: str) -> bool:
    return cue.endswith("ing") and cue != "according to"
