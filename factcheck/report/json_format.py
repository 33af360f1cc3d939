"""``--format json``: ``{"version": 1, "findings": [...], "summary": {...}}``."""

from __future__ import annotations

import json

from factcheck.engine import LintResult
from factcheck.report import ReportOptions
from factcheck.report.summary import summary

SCHEMA_VERSION = 1


def render(result: LintResult, options: ReportOptions) -> str:
    payload = {
        "version": SCHEMA_VERSION,
        "findings": [finding.to_dict() for finding in result.findings],
        "summary": summary(result),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
