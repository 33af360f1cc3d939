"""Check settings (``[tool.factcheck.<check>]``) validated by a pydantic model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from factcheck.errors import FactcheckError, clause
from factcheck.plain_values import construct

M = TypeVar("M", bound=BaseModel)


def parse_settings(model: type[M], check: str, settings: Mapping[str, Any]) -> M:
    """The settings as ``model``, or a one-line error naming the table and key."""
    if not settings:
        # The defaults, without building the model's validator for an empty
        # table (a test checks that validating one gives the same).
        return construct(model, {})
    try:
        return model.model_validate(dict(settings))
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        message = clause(problem["msg"])
        raise FactcheckError(f"[tool.factcheck.{check}] {where}: {message}") from None
