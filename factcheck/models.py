"""What the per-document analysis loads on first use and keeps per process
(the language model, the thesaurus, the spin detector with its memos, the
shipped fingerprints' automaton, the memos of word look-ups), and its release.

A run analyses its first document in the parent process (see
``factcheck.executor``), so the parent holds these through the corpus-wide
comparison, which needs none of them, after the workers that shared their
pages have gone: they then count in full in its memory.  ``release`` drops
them between the two stages; what needs one again loads it again, with the
same answers.  A resident process (``factcheck server``) runs command after
command and keeps them (``keep``): each command would load them again.
"""

from __future__ import annotations

import sys

# (module, loader): functools caches, cleared only when their module has been
# imported (releasing must not import what a run never used).
_LOADERS = (
    ("factcheck.checks.spin", "_detector"),
    ("factcheck.checks.spin", "_shipped_index"),
    ("factcheck.spin.fingerprints", "shipped"),
    ("factcheck.spin.vocabulary", "unigram"),
    ("factcheck.spin.language_model", "english"),
    ("factcheck.spin.thesaurus", "synonyms"),
)

_kept = False


def keep() -> None:
    """Never release the models in this process (a resident server's)."""
    global _kept
    _kept = True


def release() -> None:
    """Drop the models the analysis loaded, unless this process keeps them."""
    if _kept:
        return
    for module, loader in _LOADERS:
        found = sys.modules.get(module)
        if found is not None:
            getattr(found, loader).cache_clear()
