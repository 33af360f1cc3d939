"""The CI workflow and the editor integration: the workflow's shell steps run
here as written, the committed rule schema is what `factcheck rules schema`
prints, and every rule file points editors at it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO, run_cli

WORKFLOW = REPO / ".github" / "workflows" / "factcheck.yml"
MODELINE = "# yaml-language-server: $schema=../docs/rule-schema.json"


def steps(job: str) -> list[dict[str, Any]]:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    result: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return result


def test_workflow_runs_tests_uploads_sarif_and_annotates() -> None:
    assert {"run": "bash .ci/run"}.items() <= steps("tests")[-1].items()
    corpus = steps("corpus")
    uses = [step.get("uses", "") for step in corpus]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    runs = " ".join(step.get("run", "") for step in corpus)
    assert "--format sarif" in runs and "--format github --changed-since" in runs
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow["jobs"]["corpus"]["permissions"]["security-events"] == "write"


def test_the_sarif_step_runs_as_written(tmp_path: Path) -> None:
    (step,) = [s for s in steps("corpus") if "--format sarif" in s.get("run", "")]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "factcheck"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m factcheck "$@"\n')
    launcher.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", step["run"] + f" && mv factcheck.sarif {tmp_path}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    log = json.loads((tmp_path / "factcheck.sarif").read_text())
    assert log["version"] == "2.1.0" and log["runs"][0]["tool"]["driver"]["name"] == "factcheck"


def test_the_committed_rule_schema_is_up_to_date() -> None:
    printed = run_cli("rules", "schema")
    assert printed.code == 0
    committed = (REPO / "docs" / "rule-schema.json").read_text()
    assert committed == printed.out, (
        "docs/rule-schema.json is stale: run `factcheck rules schema > docs/rule-schema.json`"
    )


def test_every_rule_file_names_the_schema_for_editors() -> None:
    missing = [
        path.name
        for path in sorted((REPO / "rules").glob("*.y*ml"))
        if MODELINE not in path.read_text(encoding="utf-8").splitlines()[:5]
    ]
    assert not missing, f"add `{MODELINE}` at the top of: {', '.join(missing)}"
    assert (REPO / "rules" / "../docs/rule-schema.json").resolve().is_file()
