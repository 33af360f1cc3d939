"""``--format sarif``: SARIF 2.1.0, as accepted by GitHub code scanning.

Columns are counted in Unicode code points (``columnKind``); every registered
code is listed as a reporting descriptor so ``ruleIndex`` values are stable.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from factcheck import __version__
from factcheck.checks import registry
from factcheck.engine import LintResult
from factcheck.findings import Finding, Severity
from factcheck.report import ReportOptions

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/factcheck-lint/"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    return quote(PurePosixPath(path).as_posix())


def _artifact(path: str) -> dict[str, Any]:
    return {"uri": _uri(path), "uriBaseId": "%SRCROOT%"}


def _fingerprint(finding: Finding) -> str:
    # Line-independent so that a finding keeps its identity when text above it moves.
    key = "\x1f".join((finding.path, finding.code, finding.rule or "", finding.message))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": _artifact(finding.path), "region": region}}
        ],
        "partialFingerprints": {"factcheckFindingHash/v1": _fingerprint(finding)},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.rule:
        result["properties"] = {"rule": finding.rule, "category": finding.category.value}
    else:
        result["properties"] = {"category": finding.category.value}
    if finding.related:
        result["relatedLocations"] = [
            {
                "id": i,
                "message": {"text": rel.message},
                "physicalLocation": {
                    "artifactLocation": _artifact(rel.path),
                    "region": {"startLine": rel.line, "startColumn": rel.column},
                },
            }
            for i, rel in enumerate(finding.related)
        ]
    if finding.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f"Replace with {finding.fix!r}"},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(finding.path),
                        "replacements": [
                            {"deletedRegion": region, "insertedContent": {"text": finding.fix}}
                        ],
                    }
                ],
            }
        ]
    return result


def render(result: LintResult, options: ReportOptions) -> str:
    codes = registry.codes()
    index = {code: i for i, code in enumerate(codes)}
    rules = [
        {
            "id": code.code,
            "name": code.name,
            "shortDescription": {"text": code.summary},
            "fullDescription": {"text": code.explanation},
            "help": {"text": code.explanation},
            "defaultConfiguration": {"level": _LEVEL[code.severity]},
            "properties": {"category": code.category.value},
        }
        for code in codes.values()
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "factcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index) for f in result.findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
