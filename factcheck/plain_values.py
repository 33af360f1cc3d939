"""Pydantic models built from data that validation would return unchanged,
without building the model's validator.

A model's first validation builds its validator (a few milliseconds each),
and a process's first build also imports pydantic's plugin loader: a run on
one changed file would pay that for its configuration and its front matter,
whose values are nearly always strings, lists and dates already.  When every
value of the data has exactly its field's type, validation would return it as
is, so the model is constructed from it directly.  Anything else (a wrong or
convertible type, an unknown key, a field with constraints or validators)
gives None: the caller validates, with the errors it always gave.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, PlainSerializer, PlainValidator, WithJsonSchema

M = TypeVar("M", bound=BaseModel)


class _NotPlain(Exception):
    """A value validation might convert or reject."""


# Configuration that changes nothing validation returns for plain values.
_NEUTRAL_CONFIG = frozenset(
    {"defer_build", "extra", "frozen", "populate_by_name", "validate_by_name", "alias_generator"}
)
# Annotation metadata that only serialisation or the JSON Schema read.
_NEUTRAL_METADATA = (PlainSerializer, WithJsonSchema)


def construct_plain(model: type[M], data: object) -> M | None:
    """``model`` holding ``data``, exactly what ``model.model_validate(data)``
    would return, or None where it cannot tell without validating."""
    keys = _keys(model)
    if keys is None or type(data) is not dict:
        return None
    ignore_extra = model.model_config.get("extra", "ignore") == "ignore"
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = keys.get(key)
        if name is None:
            if ignore_extra:
                continue
            return None
        field = model.model_fields[name]
        if name in values or field.metadata:
            return None
        try:
            values[name] = _plain(value, field.annotation)
        except _NotPlain:
            return None
    if any(f.is_required() and n not in values for n, f in model.model_fields.items()):
        return None
    return construct(model, values)


def construct(model: type[M], values: dict[str, Any]) -> M:
    """``model.model_construct(**values)`` (``values`` by field name), the
    default factories called directly: on each call pydantic inspects every
    factory's signature, a tenth of a millisecond for ``list``."""
    full = dict(values)
    for name, factory in _factories(model):
        if name not in full:
            full[name] = factory()
    return model.model_construct(set(values), **full)


@functools.cache
def _factories(model: type[BaseModel]) -> tuple[tuple[str, Callable[[], Any]], ...]:
    """The fields whose default comes from a factory that takes no argument."""
    return tuple(
        (name, field.default_factory)  # type: ignore[misc]
        for name, field in model.model_fields.items()
        if field.default_factory is not None and not field.default_factory_takes_validated_data
    )


@functools.cache
def _keys(model: type[BaseModel]) -> dict[str, str] | None:
    """The field name of each key the model accepts; None when the model has
    validators or configuration this module does not follow."""
    config = model.model_config
    decorators = model.__pydantic_decorators__
    if (
        set(config) - _NEUTRAL_CONFIG
        or config.get("extra") == "allow"
        or decorators.validators
        or decorators.field_validators
        or decorators.root_validators
        or decorators.model_validators
    ):
        return None
    by_name = bool(config.get("populate_by_name") or config.get("validate_by_name"))
    keys: dict[str, str] = {}
    for name, field in model.model_fields.items():
        alias = field.validation_alias if field.validation_alias is not None else field.alias
        if alias is not None and not isinstance(alias, str):
            return None
        keys[alias or name] = name
        if by_name:
            keys.setdefault(name, name)
    return keys


def _plain(value: object, annotation: Any) -> Any:
    """``value`` as validation would return it for ``annotation``; raises
    _NotPlain unless that is certain without validating."""
    if annotation is Any:
        return value
    origin = typing.get_origin(annotation)
    if origin is None:
        if annotation in (str, int, float, bool) and type(value) is annotation:
            return value
        if isinstance(annotation, type) and issubclass(annotation, Enum) and type(value) is str:
            try:
                return annotation(value)
            except ValueError:
                raise _NotPlain from None
        raise _NotPlain
    args = typing.get_args(annotation)
    if origin is list and type(value) is list:
        return [_plain(item, args[0]) for item in value]
    if origin is dict and type(value) is dict:
        return {_plain(k, args[0]): _plain(v, args[1]) for k, v in value.items()}
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in args:
            return None
        members = [arg for arg in args if arg is not type(None)]
        if len(members) == 1:
            return _plain(value, members[0])
        raise _NotPlain
    if origin is typing.Annotated:
        return _annotated(value, annotation.__metadata__)
    raise _NotPlain


def _annotated(value: object, metadata: tuple[Any, ...]) -> Any:
    validators = [m for m in metadata if isinstance(m, PlainValidator)]
    if len(validators) != 1 or not all(
        isinstance(m, (PlainValidator, *_NEUTRAL_METADATA)) for m in metadata
    ):
        raise _NotPlain
    try:
        # A plain validator replaces pydantic's own validation of the type:
        # its result is the field's value, its ValueError the caller's error.
        return validators[0].func(value)  # type: ignore[call-arg]
    except (ValueError, AssertionError):
        raise _NotPlain from None
