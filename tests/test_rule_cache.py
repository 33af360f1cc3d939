"""Validated rules kept between runs (factcheck/rules/cache.py)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from factcheck.checks.entities import EntityRule
from factcheck.errors import SourceErrors
from factcheck.rules import loader
from factcheck.rules.cache import FILE_NAME
from factcheck.rules.loader import load_rules
from factcheck.rules.ruleset import RuleSet
from tests.conftest import run_cli
from tests.test_rule_files import ENTITY, write


def _no_validation(text: str, path: str) -> list[object]:
    raise AssertionError(f"{path} validated again")


def _cache(tmp_path: Path) -> Path:
    """A cache directory, as the analysis cache creates it."""
    directory = tmp_path / "cache"
    directory.mkdir()
    return directory


def test_second_load_comes_from_the_cache_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules_dir = str(write(tmp_path, ENTITY))
    cache = _cache(tmp_path)
    first = load_rules([rules_dir], cache)
    assert (cache / FILE_NAME).is_file()
    monkeypatch.setattr(loader, "parse_rule_text", _no_validation)
    second = load_rules([rules_dir], cache)
    assert second == first and second.files == first.files
    (rule,) = second
    assert rule.origin is not None and (rule.origin.line, rule.origin.column) == (2, 5)
    # The stored fingerprint is the one the rules give when computed afresh.
    assert second.fingerprint() == RuleSet(second.rules, second.files).fingerprint()


def test_an_edited_rule_file_is_validated_again(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    rules_dir = str(write(tmp_path, ENTITY))
    before = load_rules([rules_dir], cache)
    write(tmp_path, ENTITY.replace("aliases: [Blinken]", "aliases: [Tony Blinken]"))
    after = load_rules([rules_dir], cache)
    assert after.fingerprint() != before.fingerprint()
    (rule,) = after.of_type(EntityRule)
    assert rule.aliases == ["Tony Blinken"]
    # A broken file never comes from the cache: its errors are located as ever.
    write(tmp_path, ENTITY.replace("kind: person", "kind: robot"))
    with pytest.raises(SourceErrors) as info:
        load_rules([rules_dir], cache)
    assert ":4:11: field 'kind': input should be" in str(info.value)


def test_an_added_rule_file_is_a_miss(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    rules_dir = str(write(tmp_path, ENTITY))
    load_rules([rules_dir], cache)
    write(tmp_path, ENTITY.replace("blinken", "blinken-two"), name="more.yaml")
    assert [r.id for r in load_rules([rules_dir], cache)] == ["blinken-two", "blinken"]


@pytest.mark.parametrize("body", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_cache_file_is_a_miss(tmp_path: Path, body: bytes) -> None:
    cache = _cache(tmp_path)
    rules_dir = str(write(tmp_path, ENTITY))
    load_rules([rules_dir], cache)
    key = (cache / FILE_NAME).read_bytes().split(b"\n", 1)[0]
    content = key + b"\n" + body
    (cache / FILE_NAME).write_bytes(content)
    assert [r.id for r in load_rules([rules_dir], cache)] == ["blinken"]
    # ... and is replaced by a good one.
    assert (cache / FILE_NAME).read_bytes() != content


def test_a_file_for_other_rules_is_never_unpickled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path)
    rules_dir = str(write(tmp_path, ENTITY))
    load_rules([rules_dir], cache)
    stored = (cache / FILE_NAME).read_bytes()
    (cache / FILE_NAME).write_bytes(b"0" * 40 + stored[40:])

    def no_unpickling(*args: object) -> object:
        raise AssertionError("unpickled a file with another key")

    monkeypatch.setattr(pickle, "load", no_unpickling)
    assert [r.id for r in load_rules([rules_dir], cache)] == ["blinken"]


def test_no_directory_is_created_for_the_rules(tmp_path: Path) -> None:
    rules_dir = str(write(tmp_path, ENTITY))
    assert [r.id for r in load_rules([rules_dir], tmp_path / "cache")] == ["blinken"]
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_directory_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the directory should be")
    rules_dir = str(write(tmp_path, ENTITY))
    assert [r.id for r in load_rules([rules_dir], blocker)] == ["blinken"]


def test_lint_keeps_rules_in_the_cache_directory_and_no_cache_skips_it(tmp_path: Path) -> None:
    write(tmp_path, ENTITY)
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\nrules = ["rules"]\n')
    (tmp_path / "a.txt").write_text("Secretary of State Antony Blinken arrived.\n")
    assert run_cli("--no-cache", "a.txt", cwd=tmp_path).code == 0
    assert not (tmp_path / ".factcheck_cache").exists()
    for _ in range(2):
        run = run_cli("a.txt", cwd=tmp_path)
        assert run.code == 0, run.err
    assert (tmp_path / ".factcheck_cache" / FILE_NAME).is_file()
