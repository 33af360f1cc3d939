"""pre-commit, for real: a temporary git repository installs the factcheck hook
from this checkout, a commit that plants a problem in a seed is refused with
the finding, and a harmless edit goes through.  Known findings of the corpus
are accepted in a committed baseline first, as docs/integrations.md advises.

Two ways of installing the hook are exercised:
- ``repo: local`` with the hook definition read from this checkout's
  ``.pre-commit-hooks.yaml`` (its file filters, serial run...) and the
  already-installed factcheck as entry: no hook environment is built, so it
  runs offline;
- the manifest exactly as another repository uses it (``repo:`` pointing at a
  commit of this checkout, ``language: python``): pre-commit builds the hook's
  virtualenv with pip, which needs the package index (PyPI).  Set
  FACTCHECK_OFFLINE_TESTS=1 to skip that one where there is no index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.checks import registry
from factcheck.findings import Category
from tests.conftest import REPO, SEEDS, run_cli
from tests.gitrepo import GIT_ENV, commit_all, git, init_repo

SEED = "002_c94b8ccce979d3e0.txt"
# Our own brief on the coalition, dated the day after seed 002, that agrees with it.
BRIEF = """---
title: Coalition against synthetic drugs holds first meeting
published: 2023-07-07
---
Officials from 84 countries joined the first meeting of the Global Coalition to
Address Synthetic Drug Threats, hosted virtually by the State Department.
"""


def hook_manifest() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    return hooks


def local_hook_config(args: list[str] | None = None) -> str:
    """This checkout's hook definition, run with the factcheck already installed."""
    from pre_commit.all_languages import languages  # type: ignore[import-untyped]

    (hook,) = [h for h in hook_manifest() if h["id"] == "factcheck"]
    hook = {
        **hook,
        "language": "unsupported" if "unsupported" in languages else "system",
        "entry": f"{sys.executable} -m factcheck",
        **({"args": args} if args else {}),
    }
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]})


def planted_number(text: str) -> str:
    assert "84 countries" in text
    return text.replace("84 countries", "85 countries")


def planted_metadata(text: str) -> str:
    return "---\npublished: last spring\n---\n" + text


def harmless(text: str) -> str:
    return text + "\n"


def pre_commit_env(home: Path) -> dict[str, str]:
    # No PYTHONPATH: a hook environment must find factcheck on its own.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return {**env, **GIT_ENV, "PRE_COMMIT_HOME": str(home)}


def make_corpus_repo(repo: Path, config: str) -> None:
    init_repo(repo)
    shutil.copytree(SEEDS, repo / "seeds")
    shutil.copy(REPO / "corpus.yaml", repo / "corpus.yaml")
    if (REPO / "rules").is_dir():
        shutil.copytree(REPO / "rules", repo / "rules")
    (repo / "rules").mkdir(exist_ok=True)
    settings = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["factcheck"]
    (repo / "pyproject.toml").write_text(
        '[tool.factcheck]\npaths = ["seeds", "briefs"]\nrules = ["rules"]\n'
        f'manifests = ["corpus.yaml"]\nextensions = {settings["extensions"]!r}\n'.replace("'", '"')
    )
    (repo / "briefs").mkdir()
    (repo / "briefs" / "coalition.md").write_text(BRIEF)
    (repo / ".gitignore").write_text(".factcheck_cache/\n")
    (repo / ".pre-commit-config.yaml").write_text(config)
    # Accept what the corpus already has, so only new problems block commits.
    baseline = run_cli("--update-baseline", cwd=repo)
    assert baseline.code == 0, baseline.err
    commit_all(repo, "corpus, accepted findings and hook configuration")


def run(command: list[str], repo: Path, env: dict[str, str]) -> tuple[int, str]:
    proc = subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    return proc.returncode, proc.stdout + proc.stderr


def commit_seed(repo: Path, edit: Callable[[str], str], env: dict[str, str]) -> tuple[int, str]:
    seed = repo / "seeds" / SEED
    seed.write_text(edit((SEEDS / SEED).read_text(encoding="utf-8")), encoding="utf-8")
    git(repo, "add", "-A")
    return run(["git", "commit", "-m", "edit seed 002"], repo, env)


def refused_then_accepted(
    repo: Path, config: str, plant: Callable[[str], str], codes: set[str], tmp_path: Path
) -> None:
    make_corpus_repo(repo, config)
    env = pre_commit_env(tmp_path / "pre-commit-home")
    status, output = run([sys.executable, "-m", "pre_commit", "install"], repo, env)
    assert status == 0, output
    head = git(repo, "rev-parse", "HEAD").stdout

    status, output = commit_seed(repo, plant, env)
    assert status != 0, output
    reported = [line for line in output.splitlines() if line.startswith(f"seeds/{SEED}:")]
    assert any(line.split()[1] in codes for line in reported), output
    assert git(repo, "rev-parse", "HEAD").stdout == head  # nothing was committed

    status, output = commit_seed(repo, harmless, env)
    assert status == 0, output
    assert "factcheck" in output and "Passed" in output
    assert git(repo, "rev-parse", "HEAD").stdout != head


def test_commit_with_planted_metadata_error_is_refused(tmp_path: Path) -> None:
    refused_then_accepted(
        tmp_path / "repo", local_hook_config(), planted_metadata, {"FC004"}, tmp_path
    )


def number_contradiction_codes() -> set[str]:
    """Codes of the registered number checks (against rules or other documents)."""
    return {
        code.code
        for code in registry.codes().values()
        if code.category is Category.CONTRADICTION and code.name.startswith("number-")
    }


def test_commit_with_planted_number_contradiction_is_refused(tmp_path: Path) -> None:
    codes = number_contradiction_codes()
    if not codes:
        pytest.skip("no number check is registered yet (`factcheck explain --all`)")
    # Warnings block too: a contradiction between two documents may be a warning.
    config = local_hook_config(["--fail-on", "warning"])
    refused_then_accepted(tmp_path / "repo", config, planted_number, codes, tmp_path)


def shadow_commit(dest: Path) -> str:
    """A commit holding this checkout's working tree, as `pre-commit try-repo` makes."""
    listed = git(REPO, "ls-files", "-co", "--exclude-standard", "-z", check=False)
    if listed.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    init_repo(dest)
    for name in filter(None, listed.stdout.split("\0")):
        source = REPO / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    commit_all(dest, "snapshot")
    return git(dest, "rev-parse", "HEAD").stdout.strip()


@pytest.mark.skipif(
    os.environ.get("FACTCHECK_OFFLINE_TESTS") == "1", reason="builds the hook env from PyPI"
)
def test_the_published_hook_installs_and_refuses(tmp_path: Path) -> None:
    source = tmp_path / "factcheck-src"
    rev = shadow_commit(source)
    config = yaml.safe_dump(
        {"repos": [{"repo": str(source), "rev": rev, "hooks": [{"id": "factcheck"}]}]}
    )
    refused_then_accepted(tmp_path / "repo", config, planted_metadata, {"FC004"}, tmp_path)


def test_the_manifest_and_this_repository_configuration_agree_with_pyproject() -> None:
    (hook, rules_hook) = hook_manifest()
    assert (hook["id"], hook["language"], hook["types"]) == ("factcheck", "python", ["text"])
    assert hook["require_serial"] is True
    assert (rules_hook["id"], rules_hook["pass_filenames"]) == ("factcheck-rules", False)
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert hook["entry"] in project["scripts"]
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    local = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    for hook_id in ("factcheck", "factcheck-rules"):
        assert local[hook_id]["additional_dependencies"] == project["dependencies"]
    for hook_id in ("trailing-whitespace", "end-of-file-fixer", "mixed-line-ending"):
        assert local[hook_id]["exclude"] == "^seeds/"
    assert {"ruff", "ruff-format"} <= set(local)
