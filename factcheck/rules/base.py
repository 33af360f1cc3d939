"""What every rule has, whatever its ``type``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from factcheck.findings import Severity
from factcheck.partial_date import PartialDate
from factcheck.rules.messages import parse_template, render

RULE_ID = r"^[a-z0-9][a-z0-9._-]*$"


class StrictModel(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True, populate_by_name=True)


def _parse_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, dt.date)):
        raise ValueError("expected a date: YYYY, YYYY-MM or YYYY-MM-DD")
    return PartialDate.parse(value)


Date = Annotated[
    PartialDate,
    PlainValidator(_parse_partial_date),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "YYYY, YYYY-MM or YYYY-MM-DD",
        }
    ),
]
"""A date known to the year, month or day, as written in YAML."""


class ExampleText(StrictModel):
    """An example document for a rule; ``fix`` is the expected replacement, if any."""

    text: str
    published: Date | None = None
    fix: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class Examples(StrictModel):
    fail: list[ExampleText] = Field(default_factory=list)
    pass_: list[ExampleText] = Field(default_factory=list, alias="pass")


class Origin(StrictModel):
    """Where a rule was defined, for error messages and related locations."""

    path: str
    line: int
    column: int


class RuleBase(StrictModel):
    id: str = Field(pattern=RULE_ID, description="Stable identifier, unique across rule files.")
    type: str
    severity: Severity = Severity.ERROR
    message: str | None = Field(
        default=None, description="Overrides the finding message; {placeholders} per rule type."
    )
    description: str | None = None
    source: str | None = Field(
        default=None, description="Evidence for the rule: a citation, a URL, a document."
    )
    examples: Examples = Field(
        description="Texts that must (fail) and must not (pass) produce a finding."
    )
    _origin: Origin | None = PrivateAttr(default=None)
    # The {placeholders} a rule type fills into ``message``; None: not declared,
    # so only the template's form is checked.
    message_placeholders: ClassVar[frozenset[str] | None] = None

    @field_validator("message")
    @classmethod
    def _check_message(cls, message: str | None) -> str | None:
        if message is not None:
            parse_template(message, cls.message_placeholders)
        return message

    def render_message(self, default: str, **values: object) -> str:
        """The rule's ``message`` (else ``default``) with its placeholders filled in,
        safely: use this rather than ``str.format`` on a user template.  ``default``
        is a template too: pass text from documents as values, never inside it."""
        return render(self.message or default, values)

    @property
    def origin(self) -> Origin | None:
        return self._origin

    def with_origin(self, origin: Origin) -> RuleBase:
        self._origin = origin
        return self

    def evidence(self) -> str:
        """A short statement of what the rule holds, for related locations."""
        text = f"rule {self.id}"
        if self.source:
            text += f" (source: {self.source})"
        return text
