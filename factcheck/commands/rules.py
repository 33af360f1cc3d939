"""``factcheck rules check`` and ``factcheck rules schema``."""

from __future__ import annotations

import argparse
import json
import sys

from factcheck.project import Project
from factcheck.rules.examples import run_examples
from factcheck.rules.loader import rule_file_model


def check(args: argparse.Namespace) -> int:
    """Validate rule files and run their examples; a failing example is an error."""
    project = Project.from_args(args)
    rules = project.load_rules(args.rules)
    failures = run_examples(rules)
    for failure in failures:
        print(failure, file=sys.stderr)
    examples = sum(len(r.examples.fail) + len(r.examples.pass_) for r in rules)
    if failures:
        print(
            f"{len(failures)} of {examples} examples failed in {len(rules)} rules.", file=sys.stderr
        )
        return 2
    print(f"{len(rules)} rules in {len(rules.files)} files: valid; {examples} examples pass.")
    return 0


def schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of a rule file (for editors' YAML support)."""
    document = rule_file_model().model_json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "factcheck rule file"
    print(json.dumps(document, indent=2, sort_keys=True))
    return 0
