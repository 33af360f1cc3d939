"""The rules in force for a run, gathered from every rule file."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from factcheck.rules.base import RuleBase

R = TypeVar("R", bound=RuleBase)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[RuleBase, ...] = ()
    files: tuple[str, ...] = field(default=())
    # ``fingerprint()`` computed once and kept (see ``with_fingerprint``).
    digest: str | None = field(default=None, compare=False, repr=False)

    def __iter__(self) -> Iterator[RuleBase]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def of_type(self, model: type[R]) -> list[R]:
        return [rule for rule in self.rules if isinstance(rule, model)]

    def get(self, rule_id: str) -> RuleBase | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def subset(self, keep: Sequence[RuleBase]) -> RuleSet:
        return RuleSet(tuple(keep), self.files)

    def fingerprint(self) -> str:
        """A hash that changes whenever any rule changes (for caches)."""
        if self.digest is not None:
            return self.digest
        payload = [rule.model_dump(mode="json", by_alias=True) for rule in self.rules]
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]

    def with_fingerprint(self) -> RuleSet:
        """The same rules carrying their fingerprint, for a set stored and loaded
        again (``rules.cache``) without serialising every rule."""
        return replace(self, digest=self.fingerprint())
