"""Entity rules: canonical names of people, agencies and places with their aliases.

Entities are used by other checks (attribution resolves speakers through them,
the misspelled-name check compares names against them); the rule type lives here
so every check can rely on it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from factcheck.rules.base import RuleBase


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    OTHER = "other"


class EntityRule(RuleBase):
    type: Literal["entity"]
    kind: EntityKind = EntityKind.OTHER
    name: str = Field(description="Canonical name, e.g. 'Antony Blinken'.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names in the text: 'Blinken', 'the Secretary of State'.",
    )

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


RULE_MODELS = (EntityRule,)
