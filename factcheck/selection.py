"""Which codes are reported: ``--select``/``--ignore`` and per-file ignores.

As in ruff, the most specific matching selector wins (``--select FC1
--ignore FC10`` keeps FC110 but drops FC101); on a tie, ignore wins.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field


def _matches(selector: str, code: str) -> int:
    """Length of the match (0: no match); ALL matches everything, weakly."""
    if selector == "ALL":
        return 1
    return len(selector) + 1 if code.startswith(selector) else 0


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    def enabled(self, code: str) -> bool:
        best_select = max((_matches(s, code) for s in self.select), default=0)
        best_ignore = max((_matches(s, code) for s in self.ignore), default=0)
        return best_select > best_ignore

    def enabled_in(self, code: str, path: str) -> bool:
        if not self.enabled(code):
            return False
        for pattern, codes in self.per_file_ignores:
            if fnmatch.fnmatch(path, pattern) and any(_matches(c, code) for c in codes):
                return False
        return True
