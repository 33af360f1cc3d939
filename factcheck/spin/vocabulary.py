"""Unigram look-ups in the shared language model, remembered per process: a
document repeats its words and a corpus its vocabulary, and a remembered
answer costs a fraction of a model query."""

from __future__ import annotations

import functools

from factcheck.spin.language_model import english


@functools.lru_cache(maxsize=1 << 16)
def unigram(word: str) -> float | None:
    """ln P(word), None outside the model's vocabulary."""
    return english().logp(word)
