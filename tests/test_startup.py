"""What a run on one file pays before any work: models built without their
validators where validation would change nothing, and modules left unimported
until a run needs them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from factcheck.checks import registry
from factcheck.config import Settings
from factcheck.corpus.metadata import MetadataFields
from factcheck.plain_values import construct, construct_plain
from factcheck.spin.fingerprints import Fingerprint, shipped, shipped_entries

REPO = Path(__file__).resolve().parent.parent


def _same(built: BaseModel, validated: BaseModel) -> None:
    assert built == validated
    assert built.model_fields_set == validated.model_fields_set
    assert {k: type(v) for k, v in vars(built).items()} == {
        k: type(v) for k, v in vars(validated).items()
    }


@pytest.mark.parametrize(
    "table",
    [
        {},
        {"paths": ["corpus"], "checks": {}},
        {"paths": ["a", "b"], "rules": ["rules"], "extensions": [".md"], "cache-dir": "c"},
        {"per-file-ignores": {"drafts/*": ["FC1"]}, "fail-on": "warning", "select": ["FC"]},
        {"per_file_ignores": {"x": []}, "baseline": "b.json", "checks": {"names": {"cutoff": 90}}},
    ],
)
def test_plain_settings_are_what_validation_gives(table: dict[str, Any]) -> None:
    built = construct_plain(Settings, table)
    assert built is not None
    _same(built, Settings.model_validate(table))


@pytest.mark.parametrize(
    "table",
    [
        {"jobs": 2},  # a constraint: validated
        {"fail-on": "fatal"},  # not a severity
        {"paths": "corpus"},  # not a list
        {"paths": [1]},
        {"pathz": ["corpus"]},  # unknown key: the error names it
        {"per-file-ignores": {"a": ["FC1"]}, "per_file_ignores": {"b": []}},  # twice
        {"root": "elsewhere"},
        {"jobs": True},
    ],
)
def test_other_settings_are_validated(table: dict[str, Any]) -> None:
    assert construct_plain(Settings, table) is None


@pytest.mark.parametrize(
    "data",
    [
        {"title": "A", "published": dt.date(2023, 7, 6), "layout": "post", "tags": [1]},
        {"date": "2023-07", "source": "Wire", "url": "https://example.org/a"},
        {"published": 2021, "title": None},
        {},
    ],
)
def test_plain_front_matter_is_what_validation_gives(data: dict[str, Any]) -> None:
    built = construct_plain(MetadataFields, data)
    assert built is not None
    _same(built, MetadataFields.model_validate(data))


@pytest.mark.parametrize(
    "data",
    [{"published": "July 2023"}, {"title": 7}, {"published": True}, {"date": [2023]}, ["x"]],
)
def test_other_front_matter_is_validated(data: Any) -> None:
    assert construct_plain(MetadataFields, data) is None


def test_models_with_validators_are_always_validated() -> None:
    assert construct_plain(Fingerprint, {"spun": ["White Home"], "original": "x"}) is None


@pytest.mark.parametrize("model", [c.settings_model for c in registry.checks() if c.settings_model])
def test_check_defaults_are_valid_and_built_without_validation(model: type[BaseModel]) -> None:
    # The configuration loader skips the tables of checks it was not given,
    # and parse_settings constructs their defaults: both rely on this.
    _same(construct(model, {}), model.model_validate({}))


def test_the_shipped_fingerprints_are_what_validation_gives() -> None:
    validated = tuple(Fingerprint.model_validate(entry) for entry in shipped_entries())
    assert shipped() == validated
    for built, checked in zip(shipped(), validated, strict=True):
        _same(built, checked)


ARTICLE = """---
title: Council meeting
published: 2023-07-06
layout: post
---

The council said on Tuesday that {n} people attended the meeting in March 2023.

“We expect a decision next week,” said the mayor's spokesperson.
"""


@pytest.mark.parametrize("configured", [True, False])
def test_a_plain_one_file_run_builds_no_model_validator(tmp_path: Path, configured: bool) -> None:
    """Building a validator costs milliseconds, the first one pydantic's
    plugin loader (importlib.metadata) besides: a project with front matter
    and default check settings, configured or not, needs none."""
    (tmp_path / "corpus").mkdir()
    for n in range(3):
        (tmp_path / "corpus" / f"a{n}.md").write_text(ARTICLE.format(n=40 + n), encoding="utf-8")
    if configured:
        (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["corpus"]\n')
    code = (
        "import sys\n"
        "import pydantic._internal._model_construction as construction\n"
        "built = []\n"
        "complete = construction.complete_model_class\n"
        "def record(cls, *args, **kwargs):\n"
        "    built.append(cls.__name__)\n"
        "    return complete(cls, *args, **kwargs)\n"
        "construction.complete_model_class = record\n"
        "from factcheck.cli import main\n"
        "main(['corpus/a1.md', '--no-cache', '-q'])\n"
        "print(built, 'pydantic.plugin._loader' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert proc.stderr.strip() == "[] False"


def test_phrase_rule_fingerprints_are_what_validation_gives() -> None:
    from factcheck.checks.spin import PhraseRule
    from factcheck.rules.loader import load_rules
    from factcheck.spin.fingerprints import Context

    rules = load_rules([str(REPO / "rules")]).of_type(PhraseRule)
    assert rules
    for rule in rules:
        context = {name: getattr(rule, name) for name in Context.model_fields}
        validated = Fingerprint(spun=rule.patterns, original=rule.expected, **context)
        _same(rule.fingerprint(), validated)
