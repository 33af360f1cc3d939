"""A trigram language model: CMU's generic US English model that ships inside
the ``pocketsphinx`` wheel (``model/en-us/en-us.lm.bin``).

The binary model is memory-mapped by pocketsphinx's C code, so opening it takes
well under a tenth of a second; it is opened once per process, on first use.
Nothing is downloaded: the file is part of the installed package.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

# pocketsphinx reports log probabilities in base 1.0001.
_TO_NATS = math.log(1.0001)
# Its score for a word outside the vocabulary.
_OUT_OF_VOCABULARY = -(2**29) + 1


class LanguageModel:
    def __init__(self, path: Path) -> None:
        import pocketsphinx

        self._model = pocketsphinx.NGramModel.readfile(str(path))

    def logp(self, word: str, history: tuple[str, ...] = ()) -> float | None:
        """ln P(word | history), history oldest first (at most two words are
        used); None when a word is outside the vocabulary."""
        return self.query((word, *reversed(history[-2:])))

    def query(self, words: tuple[str, ...]) -> float | None:
        """ln P(words[0] | words[1:]), the history newest first as pocketsphinx
        takes it: the detector keys its memo on the same tuple."""
        value: int = self._model.prob(words)
        if value <= _OUT_OF_VOCABULARY:
            return None
        return value * _TO_NATS


def model_path() -> Path:
    import pocketsphinx

    return Path(pocketsphinx.get_model_path()) / "en-us" / "en-us.lm.bin"


@functools.cache
def english() -> LanguageModel:
    import pocketsphinx

    pocketsphinx.set_loglevel("FATAL")
    return LanguageModel(model_path())
