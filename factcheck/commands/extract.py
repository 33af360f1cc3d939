"""``factcheck extract PATHS``: every claim the checks understood, as JSON or YAML.

Users see what was read from their documents and can turn it into rules.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from factcheck.checks import registry
from factcheck.checks.base import CheckContext
from factcheck.project import Project, load_documents
from factcheck.rules.patterns import on_document


def run(args: argparse.Namespace) -> int:
    project = Project.from_args(args)
    rules = project.load_rules(args.rules)
    checks = [
        cls(CheckContext(rules, project.settings.checks.get(cls.name, {})))
        for cls in registry.checks()
    ]
    documents: list[dict[str, Any]] = []
    for loaded in load_documents(project.files(args.paths), project.manifest()):
        if loaded.document is None:
            continue
        doc = loaded.document
        with on_document(doc.path):
            claims = [claim for check in checks for claim in check.claims(doc)]
        claims.sort(key=lambda c: (c["location"]["line"], c["location"]["column"], c["kind"]))
        published = doc.metadata.published
        documents.append(
            {"path": doc.path, "published": str(published) if published else None, "claims": claims}
        )
    payload = {"version": 1, "documents": documents}
    if args.format == "yaml":
        import yaml

        sys.stdout.write(yaml.safe_dump(payload, sort_keys=False, allow_unicode=True))
    else:
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0
