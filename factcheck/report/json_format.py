"""``--format json``: ``{"version": 1, "findings": [...], "summary": {...}}``."""

from __future__ import annotations

import json
from collections.abc import Iterator

from factcheck.engine import LintResult
from factcheck.report import ReportOptions
from factcheck.report.summary import summary

SCHEMA_VERSION = 1
# Where the findings go in the document: ``json.dumps`` of the whole payload
# would hold every finding as a dictionary and the output as millions of
# small pieces besides the text itself (on 50 MB of prose, the largest
# memory of the run after the analysis); each finding is encoded on its own.
_FINDINGS = '"findings": []'


def render(result: LintResult, options: ReportOptions) -> str:
    """What ``json.dumps(payload, indent=2, ensure_ascii=False)`` writes."""
    encode = json.JSONEncoder(indent=2, ensure_ascii=False).encode
    skeleton = encode({"version": SCHEMA_VERSION, "findings": [], "summary": summary(result)})
    if not result.findings:
        return skeleton + "\n"
    before, after = skeleton.split(_FINDINGS, 1)

    def pieces() -> Iterator[str]:
        yield before
        yield '"findings": [\n    '
        for n, finding in enumerate(result.findings):
            if n:
                yield ",\n    "
            # A finding two levels down: JSON strings hold no raw newline.
            yield encode(finding.to_dict()).replace("\n", "\n    ")
        yield "\n  ]"
        yield after
        yield "\n"

    return "".join(pieces())
