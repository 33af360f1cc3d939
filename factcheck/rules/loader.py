"""Find rule files, parse them safely, validate them and check ids are unique."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from factcheck.corpus.discovery import display_path
from factcheck.corpus.files import NotLinted, read_document_bytes
from factcheck.errors import FactcheckError, SourceError, SourceErrors
from factcheck.rules.base import Origin, RuleBase
from factcheck.rules.cache import RuleCache, rules_key
from factcheck.rules.ruleset import RuleSet
from factcheck.yamlsource import load_yaml, validation_errors

RULE_SUFFIXES = (".yaml", ".yml")
MAX_RULE_FILE_BYTES = 5 * 1024 * 1024


@functools.cache
def rule_file_model() -> type[BaseModel]:
    """The pydantic model of a whole rule file, built from the registered rule types."""
    from factcheck.checks.registry import rule_models

    models = rule_models()
    rule_type: Any = (
        models[0]
        if len(models) == 1
        else Annotated[Union[tuple(models)], Field(discriminator="type")]  # noqa: UP007
    )
    model: type[BaseModel] = create_model(
        "RuleFile",
        __config__=ConfigDict(extra="forbid"),
        rules=(list[rule_type], Field(default_factory=list)),
    )
    return model


def discover_rule_files(locations: list[str]) -> list[Path]:
    files: list[Path] = []
    for location in locations:
        path = Path(location)
        if path.is_dir():
            files.extend(
                # Anything named *.yaml but a directory is loaded, so that a broken
                # link or a FIFO is reported rather than skipped silently.
                sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and not p.is_dir())
            )
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            raise FactcheckError(f"{location}: rule directory or file not found")
    return files


def parse_rule_text(text: str, path: str) -> list[RuleBase]:
    """Validate one rule file's text; raise SourceErrors with every problem located."""
    source = load_yaml(text, path)
    if source.data is None:
        return []
    if not isinstance(source.data, dict):
        raise SourceError(path, "a rule file is a mapping with a 'rules' list", 1, 1)
    model = rule_file_model()
    try:
        parsed = model.model_validate(source.data)
    except ValidationError as exc:
        raise SourceErrors(validation_errors(model, source, exc)) from None
    rules: list[RuleBase] = list(parsed.rules)  # type: ignore[attr-defined]
    for index, rule in enumerate(rules):
        mark = source.mark(("rules", index))
        rule.with_origin(Origin(path=path, line=mark.line, column=mark.column))
    return rules


def _read_rule_file(path: Path, display: str) -> bytes:
    try:
        return read_document_bytes(path, MAX_RULE_FILE_BYTES)
    except NotLinted as exc:
        raise SourceError(display, f"cannot read rule file: {exc}") from None


def _rule_file_text(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            display, f"rule files must be UTF-8 ({exc.reason} at byte {exc.start})"
        ) from None


def load_rules(locations: list[str], cache_dir: Path | None = None) -> RuleSet:
    """Load every rule file under ``locations``; all problems are raised together.

    ``cache_dir``: where validated rules are kept between runs (``rules.cache``).
    """
    files = discover_rule_files(locations)
    read: list[tuple[Path, str, bytes | SourceError]] = []
    for path in files:
        display = display_path(path)
        try:
            read.append((path, display, _read_rule_file(path, display)))
        except SourceError as exc:
            read.append((path, display, exc))
    sources = [(str(p), d, raw) for p, d, raw in read if isinstance(raw, bytes)]
    cache = None
    if cache_dir is not None and len(sources) == len(read):
        cache = RuleCache(cache_dir, rules_key(sources))
        cached = cache.load()
        if cached is not None:
            return cached
    rules: list[RuleBase] = []
    errors: list[SourceError] = []
    seen: dict[str, RuleBase] = {}
    for _path, display, raw in read:
        try:
            if isinstance(raw, SourceError):
                raise raw
            file_rules = parse_rule_text(_rule_file_text(raw, display), display)
        except SourceErrors as exc:
            errors.extend(exc.errors)
            continue
        except SourceError as exc:
            errors.append(exc)
            continue
        for rule in file_rules:
            first = seen.get(rule.id)
            if first is not None and first.origin and rule.origin:
                errors.append(
                    SourceError(
                        rule.origin.path,
                        f"duplicate rule id {rule.id!r} (first defined at "
                        f"{first.origin.path}:{first.origin.line})",
                        rule.origin.line,
                        rule.origin.column,
                    )
                )
                continue
            seen[rule.id] = rule
            rules.append(rule)
    if errors:
        raise SourceErrors(errors)
    ruleset = RuleSet(tuple(rules), tuple(str(f) for f in files))
    if cache is not None:
        ruleset = ruleset.with_fingerprint()
        cache.save(ruleset)
    return ruleset
