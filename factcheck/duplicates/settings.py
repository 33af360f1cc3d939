"""Thresholds of the duplicate check: ``[tool.factcheck.duplicates]``, and
``duplicates`` rules that override them for some documents."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from factcheck.checks.settings import parse_settings
from factcheck.findings import Severity
from factcheck.rules.base import RuleBase


@dataclass(frozen=True)
class Thresholds:
    min_words: int = 12
    similarity: float = 0.8
    document_coverage: float = 0.8
    quotation_severity: Severity = Severity.INFO


DEFAULTS = Thresholds()


class DuplicateSettings(BaseModel):
    """``[tool.factcheck.duplicates]``."""

    model_config = ConfigDict(
        defer_build=True, extra="forbid", frozen=True, alias_generator=lambda s: s.replace("_", "-")
    )

    min_words: int = Field(DEFAULTS.min_words, ge=4)
    similarity: float = Field(DEFAULTS.similarity, gt=0.5, le=1.0)
    document_coverage: float = Field(DEFAULTS.document_coverage, gt=0.5, le=1.0)
    quotation_severity: Severity = DEFAULTS.quotation_severity

    @classmethod
    def parse(cls, table: Mapping[str, Any]) -> Thresholds:
        """The thresholds of a table that the configuration loader has already
        checked (naming the file and line); a Linter built directly still gets
        a clear error."""
        model = parse_settings(cls, "duplicates", table)
        return Thresholds(
            model.min_words, model.similarity, model.document_coverage, model.quotation_severity
        )


class DuplicatesRule(RuleBase):
    """Other thresholds (and the rule's severity) for the documents matching ``paths``."""

    type: Literal["duplicates"]
    paths: list[str] = Field(
        default_factory=lambda: ["*"],
        description="Glob patterns of the documents the rule applies to.",
    )
    min_words: int | None = Field(default=None, ge=4, description="Shortest passage, in words.")
    similarity: float | None = Field(
        default=None, gt=0.5, le=1.0, description="Lowest similarity of a near-duplicate."
    )
    document_coverage: float | None = Field(
        default=None, gt=0.5, le=1.0, description="Share of words that makes a copy."
    )
    quotation_severity: Severity | None = Field(
        default=None, description="Severity of a quotation attributed in both places."
    )

    def applies_to(self, path: str) -> bool:
        # The rule's own examples (run as document "<id>") are always in scope.
        return path == f"<{self.id}>" or any(
            fnmatch.fnmatch(path, pattern) for pattern in self.paths
        )

    def over(self, base: Thresholds) -> Thresholds:
        changed = {
            name: getattr(self, name)
            for name in ("min_words", "similarity", "document_coverage", "quotation_severity")
            if getattr(self, name) is not None
        }
        return replace(base, **changed)


@dataclass(frozen=True)
class Policy:
    """The thresholds in force for each document: the first rule matching its
    path, else the configuration."""

    base: Thresholds
    rules: Sequence[DuplicatesRule]

    def for_path(self, path: str) -> tuple[Thresholds, DuplicatesRule | None]:
        for rule in self.rules:
            if rule.applies_to(path):
                return rule.over(self.base), rule
        return self.base, None

    def loosest(self) -> Thresholds:
        every = [self.base, *(rule.over(self.base) for rule in self.rules)]
        return replace(
            self.base,
            min_words=min(t.min_words for t in every),
            similarity=min(t.similarity for t in every),
        )
