"""[tool.factcheck] discovery, validation and precedence of flags."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def project(tmp_path: Path, config: str) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.factcheck]\n" + config)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "ok.txt").write_text("Plain prose.\n")
    (tmp_path / "corpus" / "blob.txt").write_bytes(b"\x00\x01")
    (tmp_path / "corpus" / "notes.rst").write_bytes(b"\x00\x02")
    return tmp_path


def findings(result_out: str) -> list[dict[str, object]]:
    data = json.loads(result_out)
    assert set(data) == {"version", "findings", "summary"}
    return list(data["findings"])


def test_config_is_found_upward_and_paths_are_relative_to_it(tmp_path: Path) -> None:
    root = project(tmp_path, 'paths = ["corpus"]\n')
    sub = root / "deep" / "er"
    sub.mkdir(parents=True)
    result = run_cli("--format", "json", cwd=sub)
    assert result.code == 0, result.err  # FC003 is a warning; default fail-on is error
    paths = [f["path"] for f in findings(result.out)]
    assert paths == [(root / "corpus" / "blob.txt").as_posix()]


def test_extensions_from_config(tmp_path: Path) -> None:
    root = project(tmp_path, 'paths = ["corpus"]\nextensions = ["rst"]\n')
    result = run_cli("--format", "json", cwd=root)
    assert [f["path"] for f in findings(result.out)] == ["corpus/notes.rst"]


def test_ignore_and_per_file_ignores_from_config(tmp_path: Path) -> None:
    root = project(tmp_path, 'paths = ["corpus"]\nignore = ["FC003"]\n')
    assert findings(run_cli("--format", "json", cwd=root).out) == []
    root2 = tmp_path / "p2"
    root2.mkdir()
    project(
        root2, 'paths = ["corpus"]\n[tool.factcheck.per-file-ignores]\n"corpus/blob.*" = ["FC0"]\n'
    )
    assert findings(run_cli("--format", "json", cwd=root2).out) == []


def test_flags_override_config(tmp_path: Path) -> None:
    root = project(tmp_path, 'paths = ["corpus"]\nfail-on = "info"\nignore = ["FC003"]\n')
    assert run_cli(cwd=root).code == 0
    result = run_cli("--select", "FC003", "--fail-on", "warning", cwd=root)
    assert result.code == 1
    assert "corpus/blob.txt:1:1: FC003" in result.out


def test_unknown_key_is_a_located_error_with_suggestion(tmp_path: Path) -> None:
    root = project(tmp_path, 'paths = ["corpus"]\nrule = ["rules"]\n')
    result = run_cli(cwd=root)
    assert result.code == 2
    assert result.err.strip() == (
        "factcheck: error: pyproject.toml:3: [tool.factcheck] unknown key 'rule' "
        "(did you mean 'rules'?)"
    )


def test_invalid_toml_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.factcheck]\npaths = [\n")
    result = run_cli(cwd=tmp_path)
    assert result.code == 2
    assert result.err.startswith("factcheck: error: pyproject.toml:")
    assert "invalid TOML" in result.err


def test_wrong_type_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path, 'paths = "corpus"\n')
    result = run_cli(cwd=root)
    assert result.code == 2
    assert "pyproject.toml:2: [tool.factcheck] paths" in result.err


def test_no_paths_anywhere_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.factcheck]\n")
    result = run_cli(cwd=tmp_path)
    assert result.code == 2
    assert "no paths given" in result.err


def test_explicit_config_file(tmp_path: Path) -> None:
    root = project(tmp_path, 'paths = ["corpus"]\nignore = ["FC0"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("--config", str(root / "pyproject.toml"), "--format", "json", cwd=elsewhere)
    assert result.code == 0 and findings(result.out) == []
    missing = run_cli("--config", "nope.toml", cwd=elsewhere)
    assert missing.code == 2 and "nope.toml: configuration file not found" in missing.err
