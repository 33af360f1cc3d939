"""The registry of checks, and of rule types keyed by their YAML ``type``.

Adding a check is adding its module to ``_CHECK_MODULES``; a module exposes
``CHECKS`` (Check subclasses) and may expose ``RULE_MODELS`` (rule types that
no check of its own consumes, such as entities).
"""

from __future__ import annotations

import functools
import importlib

from factcheck.checks.base import Check
from factcheck.codes import Code
from factcheck.corpus import problems
from factcheck.rules.base import RuleBase

_CHECK_MODULES: tuple[str, ...] = (
    "factcheck.checks.entities",
    "factcheck.checks.garbling",
    "factcheck.checks.names",
    "factcheck.checks.spin",
    "factcheck.checks.numbers",
    "factcheck.checks.dates",
    "factcheck.checks.attribution",
    "factcheck.checks.altered_quotations",
    "factcheck.checks.duplicates",
)


@functools.cache
def checks() -> tuple[type[Check], ...]:
    found: list[type[Check]] = []
    for name in _CHECK_MODULES:
        module = importlib.import_module(name)
        found.extend(getattr(module, "CHECKS", ()))
    return tuple(found)


@functools.cache
def rule_models() -> tuple[type[RuleBase], ...]:
    models: dict[str, type[RuleBase]] = {}
    for name in _CHECK_MODULES:
        module = importlib.import_module(name)
        extra: tuple[type[RuleBase], ...] = getattr(module, "RULE_MODELS", ())
        for model in (*extra, *(m for c in getattr(module, "CHECKS", ()) for m in c.rule_models)):
            models[rule_type_name(model)] = model
    if not models:
        return (RuleBase,)
    return tuple(models[key] for key in sorted(models))


@functools.cache
def support_models() -> tuple[type[RuleBase], ...]:
    """Rule types other rules lean on (a module's ``RULE_MODELS``, such as
    entities), whether or not some check also reports on them."""
    return tuple(
        model
        for name in _CHECK_MODULES
        for model in getattr(importlib.import_module(name), "RULE_MODELS", ())
    )


def rule_type_name(model: type[RuleBase]) -> str:
    annotation = model.model_fields["type"].annotation
    args = getattr(annotation, "__args__", ())
    return str(args[0]) if args else "rule"


@functools.cache
def codes() -> dict[str, Code]:
    table: dict[str, Code] = {}
    for code in (*problems.CODES, *(c for check in checks() for c in check.codes)):
        if code.code in table and table[code.code] is not code:
            raise RuntimeError(f"code {code.code} registered twice")
        table[code.code] = code
    return dict(sorted(table.items()))
