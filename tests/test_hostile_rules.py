"""Hostile rule files: every problem is one located line on stderr and exit 2;
nothing in a rule file is executed, expanded without bound or allowed to hang."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from factcheck.rules.loader import MAX_RULE_FILE_BYTES
from factcheck.yamlsource import MAX_DEPTH, MAX_NODES, load_yaml
from tests.conftest import Run, run_cli

VALID = """\
rules:
  - id: blinken
    type: entity
    kind: person
    name: Antony Blinken
    aliases: [Blinken]
    examples: {fail: [], pass: []}
"""
LOCATED = re.compile(r"^factcheck: error: rules/[\w.]+(:\d+(:\d+)?)?: \S.*$")


def check_rules(tmp_path: Path, text: str | bytes, name: str = "bad.yaml") -> Run:
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    target = rules / name
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    (tmp_path / "doc.txt").write_text("Blinken spoke.\n", encoding="utf-8")
    run = run_cli("--rules", "rules", "doc.txt", cwd=tmp_path)
    assert run.code == 2, run
    assert run.out == ""
    assert "Traceback" not in run.err
    for line in run.err.splitlines():
        assert LOCATED.match(line), line
    return run


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: [\n", "bad.yaml:2:1: invalid YAML: expected the node content"),
        (
            "rules:\n  - id: a\n   type: entity\n",
            "bad.yaml:3:4: invalid YAML: expected <block end>",
        ),
        ("rules: {}\n", "bad.yaml:1:8: "),
        ("rules: {}\n", "input should be a valid list"),
        ("- just\n- a list\n", "bad.yaml:1:1: a rule file is a mapping with a 'rules' list"),
        (
            VALID.replace("kind: person", "kind: 42"),
            "bad.yaml:4:11: field 'kind': input should be 'person'",
        ),
        (
            VALID.replace("kind: person", "kindd: person"),
            "bad.yaml:4:5: unknown field 'kindd' (did you mean 'kind'?)",
        ),
        (
            VALID.replace("    kind: person\n", "    kind: person\n    kind: place\n"),
            "bad.yaml:5:5: duplicate key 'kind'",
        ),
        (VALID.replace("type: entity", "type: entitty"), "bad.yaml:3:11: "),
        (VALID.replace("id: blinken", "id: Not An Id"), "bad.yaml:2:9: field 'id': string"),
        ("rules:\n  - {id: x, type: entity, name: X}\n", "missing field 'examples'"),
        (
            "rules:\n  \x00\n",
            "bad.yaml:2:3: invalid YAML: control character '\\x00' is not allowed",
        ),
        ("rules: [\x1b]\n", "bad.yaml:1:9: invalid YAML: control character '\\x1b' is not allowed"),
    ],
)
def test_malformed_rule_files(tmp_path: Path, text: str, message: str) -> None:
    run = check_rules(tmp_path, text)
    assert message in run.err


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.yaml").write_text(VALID, encoding="utf-8")
    run = check_rules(tmp_path, VALID, "b.yaml")
    assert run.err == (
        "factcheck: error: rules/b.yaml:2:5: duplicate rule id 'blinken' "
        "(first defined at rules/a.yaml:2)\n"
    )


def test_every_error_of_every_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.yaml").write_text("rules: [\n", encoding="utf-8")
    bad = VALID.replace("kind: person", "kind: 42").replace("name: Antony Blinken", "name: [1]")
    run = check_rules(tmp_path, bad, "b.yaml")
    assert len(run.err.splitlines()) == 3


@pytest.mark.parametrize(
    "tagged",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/apply:os.system {{args: ['touch {marker}']}}",
        '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
        "!!python/name:os.system",
        '!!python/object:__main__.Thing {{a: "{marker}"}}',
        "!custom {marker}",
    ],
)
def test_tags_that_would_construct_objects_are_refused(tmp_path: Path, tagged: str) -> None:
    marker = tmp_path / "pwned"
    text = VALID.replace("name: Antony Blinken", "name: " + tagged.format(marker=marker))
    run = check_rules(tmp_path, text)
    assert not marker.exists()
    [line] = run.err.splitlines()
    assert "bad.yaml:5:11:" in line
    assert "tag" in line


def test_front_matter_tags_are_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "doc.md").write_text(
        f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\nText.\n',
        encoding="utf-8",
    )
    run = run_cli("--no-color", "doc.md", cwd=tmp_path)
    assert not marker.exists()
    assert run.out.splitlines()[0].startswith(
        "doc.md:2:8: FC004 unsupported YAML tag '!!python/object/apply:os.system'"
    )


def test_billion_laughs(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    run = check_rules(tmp_path, "\n".join(lines) + "\nrules: []\n")
    assert f"more than {MAX_NODES} values once aliases are expanded" in run.err


def test_merge_key_bomb(tmp_path: Path) -> None:
    """Merge keys expand too; the size is computed before anything is built."""
    lines = ["m0: &m0 {k: 1}"]
    lines += [f"m{i}: &m{i} [*m{i - 1}, *m{i - 1}, {{<<: *m{i - 1}}}]" for i in range(1, 40)]
    run = check_rules(tmp_path, "rules: *m39\n" + "\n".join(lines).replace("m39: &m39", "x:"))
    assert "invalid YAML" in run.err or "values once aliases are expanded" in run.err


def test_recursive_alias(tmp_path: Path) -> None:
    run = check_rules(tmp_path, "rules: &r [*r]\n")
    assert "bad.yaml:1:8: an alias refers to a value that contains it" in run.err


@pytest.mark.parametrize("depth", [MAX_DEPTH + 5, 5000])
def test_deep_nesting(tmp_path: Path, depth: int) -> None:
    run = check_rules(tmp_path, "rules: " + "[" * depth + "]" * depth + "\n")
    assert f"nested more than {MAX_DEPTH} levels deep" in run.err


def test_merge_keys_work_and_explicit_keys_win() -> None:
    source = load_yaml(
        "base: &b {severity: warning, kind: person}\n"
        "rule: {<<: *b, kind: place, name: X}\n"
        "multi: {<<: [{a: 1}, {a: 2, b: 3}]}\n",
        "r.yaml",
    )
    assert source.data["rule"] == {"severity": "warning", "kind": "place", "name": "X"}
    assert source.data["multi"] == {"a": 1, "b": 3}


def test_very_large_rule_file(tmp_path: Path) -> None:
    padding = "# " + "x" * 1000 + "\n"
    text = VALID + padding * (MAX_RULE_FILE_BYTES // len(padding) + 1)
    run = check_rules(tmp_path, text)
    assert "bad.yaml: cannot read rule file: larger than the 5 MiB limit (5.0 MiB)" in run.err


def test_unreadable_rule_files_are_reported_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "broken.yaml").symlink_to("nowhere.yaml")
    os.mkfifo(tmp_path / "rules" / "pipe.yaml")
    (tmp_path / "rules" / "loop").symlink_to("..")
    run = check_rules(tmp_path, VALID, "good.yaml")
    assert run.err.splitlines() == [
        "factcheck: error: rules/broken.yaml: cannot read rule file: broken symbolic link",
        "factcheck: error: rules/pipe.yaml: cannot read rule file: "
        "not a regular file (a FIFO, socket or device)",
    ]


def test_rule_file_not_utf8(tmp_path: Path) -> None:
    run = check_rules(tmp_path, VALID.encode("utf-16"))
    assert "bad.yaml: rule files must be UTF-8" in run.err


def test_large_but_acceptable_rule_file_loads(tmp_path: Path) -> None:
    rules = "".join(
        f"  - id: person-{i}\n    type: entity\n    name: Person {i}\n"
        "    examples: {fail: [], pass: []}\n"
        for i in range(1000)
    )
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "many.yaml").write_text("rules:\n" + rules, encoding="utf-8")
    (tmp_path / "doc.txt").write_text("Person 7 spoke.\n", encoding="utf-8")
    run = run_cli("--rules", "rules", "doc.txt", cwd=tmp_path)
    assert run.code == 0, run.err
