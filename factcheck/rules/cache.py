"""Validated rules kept between runs, keyed by the rule files' bytes.

Validating a rule set parses YAML with positions and builds the pydantic schema
of every rule type: about 45 ms for the seed rules, paid again by every run,
where unpickling the result takes a few.  Only a rule set that loaded without
error is stored, so a broken rule file is always read, and its errors worded,
by the loader.  The key covers every file's path, displayed name and bytes and
the program itself (``program_digest``, the pydantic and Python versions), so
an edit to a rule file or to factcheck gives a miss, never stale rules.  Like
the analysis cache, this is an accelerator only: a file that cannot be read or
written is a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

from factcheck.rules.ruleset import RuleSet

FILE_NAME = "rules.pickle"
# Bumped when what is stored changes shape.
FORMAT = 1


def rules_key(sources: Sequence[tuple[str, str, bytes]]) -> str:
    """The key of a rule set read from ``(path, displayed name, bytes)`` files."""
    import pydantic

    from factcheck.cache import program_digest

    # The stored models are pydantic objects: another pydantic (or Python) may
    # lay out their state differently.
    program = f"{FORMAT}|{program_digest()}|{pydantic.VERSION}|{sys.version}"
    digest = hashlib.blake2b(program.encode(), digest_size=20)
    for path, display, data in sources:
        # Lengths first, so that no two lists of files hash alike.
        digest.update(f"|{len(path)}:{path}|{len(display)}:{display}|{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


class RuleCache:
    def __init__(self, directory: Path, key: str) -> None:
        self.file = directory / FILE_NAME
        self.key = key

    def load(self) -> RuleSet | None:
        try:
            with self.file.open("rb") as stream:
                # The key comes first, in clear: a file for other rules (or
                # another program) is never unpickled.
                if stream.readline() != self.key.encode() + b"\n":
                    return None
                rules = pickle.load(stream)
        except Exception:
            # Missing or truncated: a miss.
            return None
        return rules if isinstance(rules, RuleSet) else None

    def save(self, rules: RuleSet) -> None:
        """Store ``rules``, which should carry their fingerprint
        (``RuleSet.with_fingerprint``): computing it serialises every rule,
        which would build the schemas a hit is meant to skip."""
        import tempfile  # only when writing: it costs a few milliseconds to import

        if not self.file.parent.is_dir():
            # The analysis cache creates the directory, with the .gitignore
            # that keeps it out of version control: until then, no rules kept.
            return
        try:
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=".rules-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(self.key.encode() + b"\n")
                    pickle.dump(rules, stream, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.file)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            # The analysis cache in the same directory reports an unwritable
            # directory once; the rules are simply validated again next run.
            return
