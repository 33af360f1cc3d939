"""Configuration from ``[tool.factcheck]`` in the nearest ``pyproject.toml``.

Paths in the file are relative to the file's directory.  Command-line flags
override what the file says.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from factcheck.corpus.discovery import display_path
from factcheck.errors import SourceError, clause
from factcheck.findings import Severity
from factcheck.plain_values import construct, construct_plain

CONFIG_FILE = "pyproject.toml"


class Settings(BaseModel):
    model_config = ConfigDict(
        defer_build=True,
        extra="forbid",
        populate_by_name=True,
        alias_generator=lambda s: s.replace("_", "-"),
    )

    paths: list[str] = Field(
        default_factory=list, description="Corpus paths linted when none are given."
    )
    rules: list[str] = Field(default_factory=list, description="Rule directories or files.")
    manifests: list[str] = Field(default_factory=list, description="Corpus manifest files.")
    extensions: list[str] = Field(default_factory=lambda: [".txt", ".md"])
    select: list[str] = Field(default_factory=lambda: ["ALL"])
    ignore: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    cache_dir: str = Field(
        default=".factcheck_cache", description="Incremental cache directory (see --no-cache)."
    )
    baseline: str = Field(
        default=".factcheck-baseline.json",
        description="Accepted findings, hidden from reports (see --update-baseline).",
    )
    jobs: int = Field(
        default=0,
        ge=0,
        description="Processes for per-document work (0: one per core when worth it).",
    )
    # Per-check tables such as [tool.factcheck.duplicates]; each check validates its own.
    checks: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # Directory the relative paths above are relative to (not a TOML key).
    root: Path = Field(default_factory=Path.cwd, exclude=True)
    config_file: Path | None = Field(default=None, exclude=True)

    def resolve(self, value: str) -> str:
        """A configured path, relative to the working directory when inside it
        (so findings show ``seeds/a.txt``, not an absolute path)."""
        path = Path(value)
        return display_path(path if path.is_absolute() else self.root / path)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml upward from ``start`` that has [tool.factcheck]."""
    directory = (start or Path.cwd()).resolve()
    for candidate in (directory, *directory.parents):
        file = candidate / CONFIG_FILE
        if file.is_file():
            try:
                data = tomllib.loads(file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                # A broken pyproject.toml is reported when we load it, not skipped.
                return file
            if "factcheck" in data.get("tool", {}):
                return file
    return None


def load_settings(
    file: Path | None,
    check_names: set[str],
    check_models: Mapping[str, type[BaseModel]] | None = None,
) -> Settings:
    """``check_models`` validates the tables of checks that declare settings."""
    if file is None:
        return construct(Settings, {})
    display = _display(file)
    try:
        text = file.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise SourceError(display, f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise SourceError(display, "not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        message = str(exc).split(" (at line")[0]
        raise SourceError(display, f"invalid TOML: {message}", line, column) from None
    table = dict(data.get("tool", {}).get("factcheck", {}))
    checks = {}
    for name in list(table):
        if isinstance(table[name], dict) and name in check_names:
            checks[name] = table.pop(name)
    table["checks"] = checks
    try:
        settings = construct_plain(Settings, table) or Settings.model_validate(table)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        key = ".".join(str(p) for p in err["loc"])
        line = _find_key_line(text, str(err["loc"][0]))
        if err["type"] == "extra_forbidden":
            known = [
                f.alias or n
                for n, f in Settings.model_fields.items()
                if n not in ("root", "config_file", "checks")
            ]
            close = difflib.get_close_matches(key, known + sorted(check_names), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise SourceError(
                display, f"[tool.factcheck] unknown key {key!r}{hint}", line
            ) from None
        raise SourceError(display, f"[tool.factcheck] {key}: {clause(err['msg'])}", line) from None
    for name, model in (check_models or {}).items():
        # Only the tables given: a check's defaults are valid (a test checks
        # them), and validating an empty table would build the model's
        # validator for nothing.
        if name not in settings.checks:
            continue
        try:
            model.model_validate(settings.checks.get(name, {}))
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            key = ".".join(str(p) for p in err["loc"])
            line = _find_key_line(text, key) if key else _find_key_line(text, name)
            where = f"[tool.factcheck.{name}]"
            msg = clause(err["msg"])
            message = f"{where} {key}: {msg}" if key else f"{where} {msg}"
            raise SourceError(display, message, line) from None
    settings.root = file.parent
    settings.config_file = file
    return settings


def _find_key_line(text: str, key: str) -> int | None:
    """Best-effort line of a key inside the [tool.factcheck] tables, for messages."""
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.startswith("[tool.factcheck")
            if inside and stripped.rstrip("]").endswith("." + key):
                return number
            continue
        if inside and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", stripped):
            return number
    return None


def _display(file: Path) -> str:
    try:
        return str(file.relative_to(Path.cwd()))
    except ValueError:
        return str(file)
