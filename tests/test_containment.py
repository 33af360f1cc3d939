"""No network, no code execution, no traceback: the linter is contained.

The network and process tests run the real command in a subprocess with an
audit hook installed first: every socket connection, name lookup, process
launch or ``os.system`` call anywhere in the process is recorded, whatever
library would make it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.checks.base import DocumentReport
from factcheck.corpus import loading as load
from tests.conftest import REPO, SEEDS, run_cli

AUDITED = (
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.sendto",
    "urllib.Request",
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "ctypes.dlopen",
)

RUNNER = """
import json, sys
events = []
def hook(event, args):
    if event.startswith({audited!r}):
        events.append([event, repr(args)[:200]])
sys.addaudithook(hook)
from factcheck.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print(json.dumps({{"code": code, "events": events}}), file=sys.stderr)
"""


def run_audited(*args: str, cwd: Path) -> tuple[int, list[list[str]], str]:
    script = RUNNER.format(audited=AUDITED)
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    *messages, report = result.stderr.strip().splitlines()
    data = json.loads(report)
    return data["code"], data["events"], "\n".join(messages)


HOSTILE_RULES = """\
rules:
  - id: fetcher
    type: entity
    name: !!python/object/apply:urllib.request.urlopen ["http://198.51.100.7/"]
    source: https://198.51.100.7/evidence
    examples: {fail: [], pass: []}
"""


def test_lint_run_opens_no_connection_and_starts_no_process(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    (corpus / "links.md").write_text(
        "---\nurl: http://198.51.100.7/story\nsource: https://example.org\n---\n"
        'See http://198.51.100.7/ and <img src="http://198.51.100.7/x.png">.\n',
        encoding="utf-8",
    )
    code, events, _ = run_audited("--format", "json", "corpus", cwd=tmp_path)
    assert code in (0, 1)
    assert events == []


def test_rule_file_urls_and_tags_trigger_nothing(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yaml").write_text(HOSTILE_RULES, encoding="utf-8")
    (tmp_path / "doc.txt").write_text("Text.\n", encoding="utf-8")
    code, events, messages = run_audited("--rules", "rules", "doc.txt", cwd=tmp_path)
    assert code == 2
    assert "r.yaml:4:11: unsupported YAML tag" in messages
    assert events == []


def test_configured_project_run_is_contained(tmp_path: Path) -> None:
    """The repository's own configuration (seeds, manifest, rules) end to end."""
    rules = [] if (REPO / "rules").is_dir() else ["--rules", str(tmp_path)]
    code, events, messages = run_audited("--format", "sarif", *rules, cwd=REPO)
    assert code in (0, 1), messages
    assert events == []


def test_internal_error_is_one_line_with_a_distinct_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "doc.txt").write_text("Text.\n", encoding="utf-8")

    def broken(*args: object) -> DocumentReport:
        raise KeyError("unexpected state\nsecond line")

    monkeypatch.setattr(load, "load_bytes", broken)
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    run = run_cli("doc.txt", cwd=tmp_path)
    assert run.code == 3
    [line] = run.err.splitlines()
    assert line.startswith("factcheck: internal error: KeyError at test_containment.py:")
    assert line.endswith("(a bug; set FACTCHECK_DEBUG=1 for a traceback)")
    assert "Traceback" not in run.err

    monkeypatch.setenv("FACTCHECK_DEBUG", "1")
    debug = run_cli("doc.txt", cwd=tmp_path)
    assert debug.code == 3
    assert debug.err.startswith("Traceback (most recent call last):")
    assert debug.err.splitlines()[-1].startswith("factcheck: internal error: KeyError")


def test_usage_errors_keep_exit_code_2(tmp_path: Path) -> None:
    run = run_cli("no-such-file.txt", cwd=tmp_path)
    assert run.code == 2
    assert run.err == "factcheck: error: no-such-file.txt: no such file or directory\n"
