"""Safe YAML loading that remembers where every value came from.

PyYAML's ``safe_load`` forgets positions, so we compose the node tree ourselves
(still with ``SafeLoader``: no tag can construct a Python object) and keep a map
from each value's path to its line and column.  Pydantic errors are then reported
at the offending key, as ``file:line:col: message``.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from factcheck.errors import SourceError, SourceErrors, clause

Path = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

# Aliases can make a small file expand exponentially ("billion laughs"); a rule
# file has nowhere near this many values, nor this much nesting.
MAX_NODES = 200_000
MAX_DEPTH = 64

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class LocatedYaml:
    path: str
    data: Any
    value_marks: dict[Path, Mark]
    key_marks: dict[Path, Mark]
    line_offset: int = 0

    def mark(self, loc: Path, *, key: bool = False) -> Mark:
        """The position of the value (or key) at ``loc``, or of its nearest ancestor."""
        table = self.key_marks if key else self.value_marks
        probe = loc
        while probe:
            if probe in table:
                return table[probe]
            if key and probe in self.value_marks:
                return self.value_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), Mark(1, 1))

    def error(self, message: str, loc: Path = (), *, key: bool = False) -> SourceError:
        mark = self.mark(loc, key=key)
        return SourceError(self.path, message, mark.line + self.line_offset, mark.column)


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _expanded_size(root: yaml.Node, fail: Callable[[str, Mark], SourceError]) -> int:
    """How many values ``root`` holds once every alias is expanded, computed on the
    node graph (shared nodes counted once per use) without expanding anything."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise fail("an alias refers to a value that contains it", _mark(node))
        if depth > MAX_DEPTH:
            raise fail(f"nested more than {MAX_DEPTH} levels deep", _mark(node))
        total = 1
        if isinstance(node, yaml.MappingNode):
            open_nodes.add(key)
            for key_node, value_node in node.value:
                total += size(key_node, depth + 1) + size(value_node, depth + 1)
                if total > MAX_NODES:
                    break
            open_nodes.discard(key)
        elif isinstance(node, yaml.SequenceNode):
            open_nodes.add(key)
            for item in node.value:
                total += size(item, depth + 1)
                if total > MAX_NODES:
                    break
            open_nodes.discard(key)
        sizes[key] = total
        if total > MAX_NODES:
            raise fail(f"more than {MAX_NODES} values once aliases are expanded", _mark(node))
        return total

    return size(root, 0)


# libyaml's parser, where PyYAML was built with it, is about ten times faster:
# front matter is parsed once per document, so it bounds corpus throughput.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, path: str, *, line_offset: int = 0) -> LocatedYaml:
    """Parse one YAML document safely, recording positions; raise SourceError.

    Only the standard tags are accepted: a tag that would build an object
    (``!!python/...``) is an error, also on a mapping or a list.  Merge keys
    (``<<: *defaults``) work as in YAML 1.1: explicit keys win.
    """
    try:
        return _load(text, path, line_offset, _FAST_LOADER)
    except SourceError:
        if _FAST_LOADER is yaml.SafeLoader:
            raise
    # libyaml words its errors differently: the error is reported as the pure
    # Python parser words it, the same whichever PyYAML is installed.
    return _load(text, path, line_offset, yaml.SafeLoader)


def _load(
    text: str, path: str, line_offset: int, loader_class: type[yaml.SafeLoader]
) -> LocatedYaml:
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:
        # Raised before parsing starts, for characters YAML does not allow.
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        raise SourceError(
            path,
            f"invalid YAML: control character {chr(exc.character)!r} is not allowed",
            line + line_offset,
            column,
        ) from None
    value_marks: dict[Path, Mark] = {}
    key_marks: dict[Path, Mark] = {}

    def fail(message: str, mark: Mark) -> SourceError:
        return SourceError(path, message, mark.line + line_offset, mark.column)

    def check_tag(node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise fail(f"unsupported YAML tag {tag!r}", _mark(node))

    def build(node: yaml.Node, loc: Path) -> Any:
        value_marks[loc] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            check_tag(node, _MAP_TAG)
            return build_mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            check_tag(node, _SEQ_TAG)
            return [build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return build_scalar(node, loc)

    def build_mapping(node: yaml.MappingNode, loc: Path) -> dict[Any, Any]:
        merged: dict[Any, Any] = {}
        explicit: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE_TAG:
                explicit.append((key_node, value_node))
                continue
            sources = (
                value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            )
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    raise fail("a merge key '<<' takes a mapping or a list of them", _mark(source))
                for key, value in build(source, loc).items():
                    merged.setdefault(key, value)
        value_marks[loc] = _mark(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in explicit:
            key = build_scalar(key_node)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise fail("mapping keys must be plain scalars", _mark(key_node))
            if key in result:
                raise fail(f"duplicate key {key!r}", _mark(key_node))
            child = (*loc, key if isinstance(key, str | int) else str(key))
            key_marks[child] = _mark(key_node)
            result[key] = build(value_node, child)
        return {**{k: v for k, v in merged.items() if k not in result}, **result}

    def build_scalar(node: yaml.Node, loc: Path = ()) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise fail("mapping keys must be plain scalars", _mark(node))
        try:
            return loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            problem = exc.problem or "cannot construct value"
            raise fail(problem.replace("\n", " "), _mark(node)) from None
        except (ValueError, OverflowError) as exc:
            # PyYAML's resolver accepts impossible dates such as 2023-13-01.
            where = f"field {loc[-1]!r}: " if loc and isinstance(loc[-1], str) else ""
            raise fail(f"{where}invalid value {node.value!r}: {exc}", _mark(node)) from None

    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        problem = (exc.problem or exc.context or "invalid YAML").replace("\n", " ")
        raise SourceError(path, f"invalid YAML: {problem}", line + line_offset, column) from None
    except yaml.YAMLError as exc:
        raise SourceError(path, f"invalid YAML: {exc}".replace("\n", " ")) from None
    except RecursionError:
        line = getattr(loader, "line", 0) + 1
        raise SourceError(
            path, f"invalid YAML: nested more than {MAX_DEPTH} levels deep", line
        ) from None
    finally:
        loader.dispose()
    if root is None:
        return LocatedYaml(path, None, value_marks, key_marks, line_offset)
    _expanded_size(root, fail)
    return LocatedYaml(path, build(root, ()), value_marks, key_marks, line_offset)


def validate(model: type[M], source: LocatedYaml, *, context: dict[str, Any] | None = None) -> M:
    """Validate ``source.data`` against ``model``; every error is located."""
    try:
        return model.model_validate(source.data, context=context)
    except ValidationError as exc:
        raise SourceErrors(validation_errors(model, source, exc)) from None


def validation_errors(
    model: type[BaseModel], source: LocatedYaml, exc: ValidationError
) -> list[SourceError]:
    errors = []
    seen: set[str] = set()
    for err in exc.errors(include_url=False):
        loc = _data_loc(source.data, tuple(err["loc"]))
        kind = err["type"]
        if kind == "extra_forbidden":
            unknown = str(loc[-1])
            message = f"unknown field {unknown!r}"
            allowed = _allowed_fields(model, tuple(err["loc"][:-1]))
            close = difflib.get_close_matches(unknown, allowed, n=1, cutoff=0.6)
            if close:
                message += f" (did you mean {close[0]!r}?)"
            located = source.error(message, loc, key=True)
        elif kind == "union_tag_invalid" or (kind == "literal_error" and loc[-1:] == ("type",)):
            # A discriminated union's tag (the rule ``type``) names no known variant.
            ctx = err.get("ctx", {})
            expected = ctx.get("expected_tags") or ctx.get("expected", "")
            value = ctx.get("tag", err.get("input"))
            target = loc if loc[-1:] == ("type",) else (*loc, "type")
            located = source.error(f"unknown type {value!r} (expected {expected})", target)
        elif kind == "union_tag_not_found":
            located = source.error("missing field 'type'", loc)
        elif kind == "missing":
            field = str(err["loc"][-1])
            parent = loc[:-1] if loc and loc[-1] == field else loc
            located = source.error(f"missing field {field!r}", parent)
        else:
            msg = str(err["msg"])
            msg = clause(msg)
            # An error about a whole mapping (a model validator) names no field.
            whole = isinstance(_node_at(source.data, loc), dict)
            name = (
                None if whole else next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
            )
            text = f"field {name!r}: {msg}" if name else msg
            located = source.error(text, loc, key=False)
        if str(located) not in seen:
            seen.add(str(located))
            errors.append(located)
    return sorted(errors, key=lambda e: (e.line or 0, e.column or 0))


def _data_loc(data: Any, loc: Path) -> Path:
    """Drop the parts of a pydantic location that are union tags, not data keys."""
    out: list[str | int] = []
    node = data
    after_item = False
    for part in loc:
        if after_item and isinstance(node, dict) and node.get("type") == part:
            # A union tag equal to a key of its own model ("date" rules have a
            # "date" field): the tag comes right after the list index.
            after_item = False
            continue
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        after_item = in_list
        if in_dict or in_list:
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and part is loc[-1]:
            # The missing or unknown key itself; other absent parts are union tags.
            out.append(part)
    return tuple(out)


def _node_at(data: Any, loc: Path) -> Any:
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _allowed_fields(model: Any, loc: Path) -> list[str]:
    """Field names (and aliases) of the model that sits at ``loc``."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap(current, None)
    if isinstance(current, type) and issubclass(current, BaseModel):
        names = []
        for name, info in current.model_fields.items():
            names.append(info.alias or name)
        return names
    return []


def _unwrap(tp: Any, tag: str | int | None) -> Any:
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(get_args(tp)[0], tag)
    if origin in (Union, types.UnionType):
        members = [m for m in get_args(tp) if m is not type(None)]
        if isinstance(tag, str):
            for member in members:
                member = _unwrap(member, None)
                if isinstance(member, type) and issubclass(member, BaseModel):
                    type_field = member.model_fields.get("type")
                    if (
                        type_field is not None
                        and get_origin(type_field.annotation) is Literal
                        and tag in get_args(type_field.annotation)
                    ):
                        return member
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        return models[0] if len(models) == 1 else (members[0] if len(members) == 1 else tp)
    return tp


def _step(current: Any, part: str | int) -> Any:
    current = _unwrap(current, part)
    if isinstance(current, type) and issubclass(current, BaseModel):
        if isinstance(part, str):
            for name, info in current.model_fields.items():
                if part in (name, info.alias):
                    return info.annotation
            # A union tag: stay on this model.
            return current
        return None
    origin = get_origin(current)
    if origin in (list, tuple) and isinstance(part, int):
        return get_args(current)[0]
    if origin is dict:
        return get_args(current)[1]
    if isinstance(part, str) and origin in (Union, types.UnionType):
        return _unwrap(current, part)
    return None
