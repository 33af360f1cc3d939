"""Rule files: safe loading, validation errors located at file:line:column."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.errors import SourceErrors
from factcheck.rules.loader import load_rules
from tests.conftest import run_cli

ENTITY = """\
rules:
  - id: blinken
    type: entity
    kind: person
    name: Antony Blinken
    aliases: [Blinken]
    examples:
      pass: ["Secretary of State Antony Blinken arrived in Beijing."]
"""


def write(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    directory = tmp_path / "rules"
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(text)
    return directory


def errors_for(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(SourceErrors) as info:
        load_rules([str(write(tmp_path, text))])
    return [str(e) for e in info.value.errors]


def test_valid_rule_file_loads_with_origin(tmp_path: Path) -> None:
    rules = load_rules([str(write(tmp_path, ENTITY))])
    (rule,) = rules
    assert rule.id == "blinken"
    assert rule.origin is not None and rule.origin.line == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            ENTITY.replace("    name:", "    nmae:"),
            ":5:5: unknown field 'nmae' (did you mean 'name'?)",
        ),
        (ENTITY.replace("kind: person", "kind: robot"), ":4:11: field 'kind': input should be"),
        (ENTITY.replace("    name: Antony Blinken\n", ""), ":2:5: missing field 'name'"),
        (ENTITY.replace("type: entity", "type: numbr"), ":3:11: unknown type 'numbr' (expected"),
        (ENTITY.replace("    type: entity\n", ""), ":2:5: missing field 'type'"),
        (ENTITY.replace("id: blinken", "id: Bad Id"), ":2:9: field 'id': string should match"),
        (
            ENTITY.replace("    kind: person\n", "    kind: person\n    kind: place\n"),
            ":5:5: duplicate key 'kind'",
        ),
        (ENTITY.replace("aliases: [Blinken]", "aliases: [Blinken"), ":7:13: invalid YAML"),
        (
            ENTITY.replace("name: Antony Blinken", "name: !!python/object/apply:os.system [ls]"),
            ":5:11: unsupported YAML tag '!!python/object/apply:os.system'",
        ),
        ("rules: 3\n", ":1:8: field 'rules': input should be a valid list"),
        ("- a\n- b\n", ":1:1: a rule file is a mapping with a 'rules' list"),
        ("rules: []\nextra: 1\n", ":2:1: unknown field 'extra'"),
    ],
)
def test_errors_name_file_line_column_and_key(tmp_path: Path, text: str, expected: str) -> None:
    messages = errors_for(tmp_path, text)
    assert any(expected in m for m in messages), messages
    assert all(m.startswith(str(tmp_path / "rules" / "rules.yaml")) for m in messages)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, ENTITY, "a.yaml")
    directory = write(tmp_path, ENTITY, "b.yaml")
    with pytest.raises(SourceErrors) as info:
        load_rules([str(directory)])
    (error,) = info.value.errors
    assert "b.yaml:2:5: duplicate rule id 'blinken' (first defined at" in str(error)
    assert "a.yaml:2" in str(error)


def test_all_errors_are_reported_together(tmp_path: Path) -> None:
    text = ENTITY.replace("    name:", "    nmae:").replace("kind: person", "kind: robot")
    messages = errors_for(tmp_path, text)
    assert [m.split(": ", 1)[1] for m in messages] == [
        "missing field 'name'",
        "field 'kind': input should be 'person', 'organization', 'place' or 'other'",
        "unknown field 'nmae' (did you mean 'name'?)",
    ]


def test_cli_exits_2_with_one_line_per_error_and_no_traceback(tmp_path: Path) -> None:
    directory = write(tmp_path, ENTITY.replace("    name:", "    vaule:"))
    (tmp_path / "doc.txt").write_text("Text.\n")
    result = run_cli("--rules", str(directory), "doc.txt", cwd=tmp_path)
    assert result.code == 2
    assert result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert lines[0] == "factcheck: error: rules/rules.yaml:2:5: missing field 'name'"
    assert lines[1] == "factcheck: error: rules/rules.yaml:5:5: unknown field 'vaule'"
    assert "missing field 'name'" in result.err


def test_rules_check_reports_valid_files(tmp_path: Path) -> None:
    directory = write(tmp_path, ENTITY)
    result = run_cli("rules", "check", "--rules", str(directory), cwd=tmp_path)
    assert result.code == 0, result.err
    assert "1 rules in 1 files" in result.out


def test_missing_rule_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("rules", "check", "--rules", "nowhere", cwd=tmp_path)
    assert result.code == 2
    assert "nowhere: rule directory or file not found" in result.err


def test_schema_is_json_schema_of_the_rule_file() -> None:
    import json

    result = run_cli("rules", "schema")
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["title"] == "factcheck rule file"
    assert "rules" in schema["properties"]
    text = json.dumps(schema)
    assert '"entity"' in text
