"""Every direct quotation of a document with the speaker the text credits.

Order of evidence for one quotation: a cue right after it (trailing), a cue
before it in its sentence (leading), a paragraph ending in "X responded:" just
before it (colon), the last speaker of its paragraph; otherwise it is
unattributed.  "He said" takes the last named speaker before it and "the
official said" the last speaker described as an official.  Nothing is guessed
beyond that.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cached_property

from factcheck.quotations import cues
from factcheck.quotations.layout import MASK, paragraphs, sentence_starts
from factcheck.quotations.marks import QuoteSpan, find_quotes
from factcheck.quotations.speakers import EntityIndex, Speaker, phrase_words, resolve, role_noun
from factcheck.quotations.tokens import Words, words

_SEGMENT_BREAK = re.compile(r"[,;:(—–\ufffc]")


@dataclass(frozen=True)
class Quotation:
    start: int  # offsets of the quotation with its marks
    end: int
    pieces: tuple[tuple[int, int], ...]  # quoted text without marks
    text: str
    speaker: Speaker | None
    # How the speaker was found: trailing, leading, colon, paragraph; or
    # unattributed.
    attribution: str

    @cached_property
    def words(self) -> Words:
        """The comparable words (offsets within ``text``)."""
        return words(self.text)


def _masked(text: str, spans: list[QuoteSpan]) -> str:
    chars = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = MASK
    return "".join(chars)


class _Resolver:
    """Speakers met so far in the document, for pronouns and descriptions."""

    def __init__(self, text: str, index: EntityIndex) -> None:
        self.text = text
        self.index = index
        self.history: list[Speaker] = []

    def phrase(self, start: int, end: int) -> Speaker | None:
        return resolve(self.text, phrase_words(self.text, start, end), self.index)

    def settle(self, speaker: Speaker | None) -> Speaker | None:
        """Resolve a pronoun or a description against the speakers met so far."""
        if speaker is None:
            return None
        if speaker.kind == "pronoun":
            if speaker.text.lower() == "they":
                return None
            for earlier in reversed(self.history):
                if earlier.name is not None:
                    return replace(earlier, text=speaker.text)
            return None
        noun = role_noun(speaker)
        if noun is not None:
            for earlier in reversed(self.history):
                described = f"{earlier.text} {earlier.name or ''}".lower().split()
                if earlier.name is not None and noun in described:
                    return replace(earlier, text=speaker.text)
        return speaker

    def met(self, speaker: Speaker | None) -> None:
        if speaker is not None:
            self.history.append(speaker)


def _before(masked: str, sentence: int, cue: int, resolver: _Resolver) -> Speaker | None:
    """The subject of a cue: the phrase between the last clause break and it."""
    return _segments(masked, sentence, cue, resolver)


_RELATIVE = ("who ", "which ", "whose ", "whom ")


def _segments(masked: str, start: int, end: int, resolver: _Resolver) -> Speaker | None:
    """The speaker a stretch names, read from its last comma-separated part
    backwards: a relative clause ("Blinken, who arrived on Sunday, said") is
    skipped and an appositive ("Blinken, the top diplomat, said") gives way to
    the name before it."""
    breaks = [m.end() for m in _SEGMENT_BREAK.finditer(masked, start, end)]
    bounds = [start, *breaks, end]
    description: Speaker | None = None
    for n in range(len(bounds) - 2, -1, -1):
        a, b = bounds[n], bounds[n + 1] - (1 if n + 1 < len(bounds) - 1 else 0)
        segment = masked[a:b].strip()
        if not segment:
            continue
        first = segment.split()[0]
        if segment.lower().startswith(_RELATIVE) or (
            first.islower() and first.endswith(("ing", "ed"))
        ):
            continue  # "who arrived on Sunday", "speaking on condition of anonymity"
        speaker = resolver.phrase(a, b)
        if speaker is None:
            break
        if speaker.kind != "description":
            return speaker
        if description is None:
            description = speaker
    return description


def _cue_speaker(
    masked: str, sentence: int, found: list[re.Match[str]], k: int, resolver: _Resolver
) -> Speaker | None:
    cue = found[k]
    if cue.group().lower() == "according to":
        end = cue.end()
        stop = _SEGMENT_BREAK.search(masked, end)
        return resolver.phrase(end, stop.start() if stop else len(masked))
    if cues.is_participle(cue.group()) and k:
        earlier = _cue_speaker(masked, sentence, found, k - 1, resolver)
        if earlier is not None:
            return earlier
    return _before(masked, sentence, cue.start(), resolver)


def _leading(
    masked: str, sentence: int, quote: int, resolver: _Resolver
) -> tuple[Speaker, int] | None:
    found = list(cues.CUE.finditer(masked, sentence, quote))
    for k in range(len(found) - 1, -1, -1):
        cue = found[k]
        if not cues.introduces(cue.group(), masked[cue.end() : quote]):
            continue
        speaker = _cue_speaker(masked, sentence, found, k, resolver)
        if speaker is not None:
            return speaker, cue.start()
    return None


def _colon(masked: str, para: tuple[int, int], resolver: _Resolver) -> Speaker | None:
    start, end = para
    if not masked[start:end].rstrip().endswith(":"):
        return None
    found = list(cues.CUE.finditer(masked, start, end))
    if not found:
        return None
    return _cue_speaker(masked, start, found, len(found) - 1, resolver)


def extract(text: str, start: int, end: int, index: EntityIndex) -> list[Quotation]:
    paras = paragraphs(text, start, end)
    spans = find_quotes(text, paras)
    masked = _masked(text, spans)
    resolver = _Resolver(text, index)
    result: list[Quotation] = []
    by_para: dict[int, list[QuoteSpan]] = {}
    para_starts = [p[0] for p in paras]
    for span in spans:
        by_para.setdefault(_para_index(para_starts, span.start), []).append(span)
    for n, para in enumerate(paras):
        quotes = by_para.get(n, [])
        # A quotation over several paragraphs is credited after its end.
        trailing = {
            q.start: cues.trailing(masked, q.end, paras[_para_index(para_starts, q.end - 1)][1])
            for q in quotes
        }
        extra = [
            _next_word(text, q.end)
            for q in quotes
            if trailing[q.start] is None and text[q.pieces[-1][1] - 1 : q.pieces[-1][1]] in ".!?"
        ]
        starts = sentence_starts(masked, para[0], para[1], extra)
        last_speaker: Speaker | None = None
        for s_index, s_start in enumerate(starts):
            s_end = starts[s_index + 1] if s_index + 1 < len(starts) else para[1]
            in_sentence = [q for q in quotes if s_start <= q.start < s_end]
            for quote in in_sentence:
                speaker, how = _attribute(
                    masked,
                    para,
                    paras[n - 1] if n else None,
                    s_start,
                    quote,
                    trailing[quote.start],
                    last_speaker,
                    resolver,
                )
                speaker = resolver.settle(speaker)
                if speaker is None:
                    how = "unattributed"
                else:
                    last_speaker = speaker
                    resolver.met(speaker)
                result.append(
                    Quotation(
                        quote.start,
                        quote.end,
                        quote.pieces,
                        "\n".join(text[a:b] for a, b in quote.pieces),
                        speaker,
                        how,
                    )
                )
            if not in_sentence:
                indirect = _indirect(masked, s_start, s_end, resolver)
                if indirect is not None:
                    last_speaker = indirect
                    resolver.met(indirect)
    return result


def _attribute(
    masked: str,
    para: tuple[int, int],
    previous: tuple[int, int] | None,
    sentence: int,
    quote: QuoteSpan,
    trailing: tuple[int, int, int] | None,
    last_speaker: Speaker | None,
    resolver: _Resolver,
) -> tuple[Speaker | None, str]:
    if trailing is not None:
        speaker = _segments(masked, trailing[0], trailing[1], resolver)
        if speaker is not None:
            return speaker, "trailing"
    leading = _leading(masked, sentence, quote.start, resolver)
    if leading is not None:
        return leading[0], "leading"
    if previous is not None and not masked[para[0] : quote.start].strip():
        speaker = _colon(masked, previous, resolver)
        if speaker is not None:
            return speaker, "colon"
    if last_speaker is not None:
        return last_speaker, "paragraph"
    return None, "unattributed"


def _indirect(masked: str, start: int, end: int, resolver: _Resolver) -> Speaker | None:
    """The speaker of reported speech ("the official said the talks …"), so that
    a later "he said" or "the official said" can refer to it."""
    for cue in cues.CUE.finditer(masked, start, end):
        if cue.group().lower() == "according to" or cues.is_participle(cue.group()):
            continue
        speaker = resolver.settle(_before(masked, start, cue.start(), resolver))
        if speaker is not None:
            return speaker
    return None


def _para_index(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


def _next_word(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset
