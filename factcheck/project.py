"""Assemble a run from configuration and flags: settings, rules, manifest, files."""

from __future__ import annotations

import argparse
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck.cache import AnalysisCache, program_digest
from factcheck.checks import registry
from factcheck.config import Settings, find_config, load_settings
from factcheck.corpus.discovery import absolute_name, discover, discover_names, display_path
from factcheck.corpus.loading import Loaded, load_file
from factcheck.corpus.manifest import Manifest, load_manifests
from factcheck.engine import Linter
from factcheck.errors import FactcheckError
from factcheck.rules.loader import load_rules
from factcheck.rules.ruleset import RuleSet
from factcheck.selection import Selection


def split_codes(values: list[str] | None) -> list[str]:
    return [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]


@dataclass(frozen=True)
class Targets:
    """The files a run compares, and the paths whose findings it reports."""

    files: list[str]
    # Display paths of the documents named on the command line; None: all.
    scope: frozenset[str] | None


@dataclass
class Project:
    settings: Settings

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Project:
        config_file = Path(args.config) if getattr(args, "config", None) else find_config()
        if config_file is not None and not config_file.is_file():
            raise FactcheckError(f"{config_file}: configuration file not found")
        names = {check.name for check in registry.checks()}
        models = {c.name: c.settings_model for c in registry.checks() if c.settings_model}
        return cls(load_settings(config_file, names, models))

    def rule_locations(self, flags: list[str] | None) -> list[str]:
        if flags:
            return list(flags)
        return [self.settings.resolve(r) for r in self.settings.rules]

    def load_rules(self, flags: list[str] | None, cache_dir: Path | None = None) -> RuleSet:
        """``cache_dir``: keep the validated rules there between runs."""
        locations = self.rule_locations(flags)
        return load_rules(locations, cache_dir) if locations else RuleSet()

    def cache_dir(self, directory: str | None) -> Path:
        """The cache directory (``directory`` overrides the config)."""
        return Path(directory or self.settings.resolve(self.settings.cache_dir))

    def manifest(self) -> Manifest:
        return load_manifests([Path(self.settings.resolve(m)) for m in self.settings.manifests])

    def files(self, paths: list[str], extensions: list[str] | None = None) -> list[Path]:
        if not paths:
            paths = [self.settings.resolve(p) for p in self.settings.paths]
            if not paths:
                raise FactcheckError("no paths given and no [tool.factcheck] paths configured")
        return discover(paths, extensions or self.settings.extensions)

    def targets(self, paths: list[str], unsaved: Path | None = None) -> Targets:
        """Named files are checked against the whole configured corpus: cross-document
        findings need every document, but only the named ones are reported.
        ``unsaved`` is a file whose text comes from stdin and may not exist yet."""
        extensions = self.settings.extensions
        configured = [self.settings.resolve(p) for p in self.settings.paths]
        if not paths and unsaved is None:
            if not configured:
                raise FactcheckError("no paths given and no [tool.factcheck] paths configured")
            return Targets(discover_names(configured, extensions), None)
        named = discover_names(paths, extensions) if paths else []
        if unsaved is not None:
            named.append(os.path.normpath(unsaved))
        corpus = discover_names(configured, extensions) if configured else []
        scope = frozenset(display_path(p) for p in named)
        if _relative(corpus) and set(named) <= set(corpus):
            # The usual pre-commit run: files of the corpus, which is sorted
            # by relative name already, the order of the absolute names too.
            return Targets(corpus, scope)
        cwd = os.getcwd()
        merged = {absolute_name(name, cwd): name for name in corpus}
        merged.update((absolute_name(name, cwd), name) for name in named)
        files = [merged[key] for key in sorted(merged)]
        return Targets(files, scope)

    def cache(self, linter: Linter, manifest: Manifest, directory: str | None) -> AnalysisCache:
        """The cache for this run's configuration (``directory`` overrides the config)."""
        stamp = hashlib.sha256(
            f"{program_digest()}|{linter.fingerprint()}|{manifest.fingerprint()}".encode()
        ).hexdigest()[:24]
        return AnalysisCache(self.cache_dir(directory), stamp)

    def selection(self, select: list[str] | None, ignore: list[str] | None) -> Selection:
        # As in ruff, a --select on the command line starts afresh: the
        # configuration's select *and* ignore give way to it.
        chosen = split_codes(select)
        ignored = split_codes(ignore)
        if not chosen:
            chosen = [c.upper() for c in self.settings.select]
            ignored = [c.upper() for c in self.settings.ignore] + ignored
        per_file = tuple(
            (pattern, tuple(c.upper() for c in codes))
            for pattern, codes in sorted(self.settings.per_file_ignores.items())
        )
        return Selection(tuple(chosen), tuple(ignored), per_file)


def _relative(names: list[str]) -> bool:
    """Whether every (normalised) name is below the working directory."""
    return not any(os.path.isabs(name) or name.startswith("..") for name in names)


def load_documents(files: list[Path], manifest: Manifest) -> Iterator[Loaded]:
    """Documents one at a time, so a run never holds the whole corpus in memory."""
    for path in files:
        yield load_file(path, display_path(path), manifest)
