"""Property-based tests: random documents and random rule files never produce a
traceback; every problem is a finding or a one-line error with exit 2.

Rule files are generated from the rule-file JSON Schema, so every rule type a
check registers is covered with random values for each of its fields (valid
ones most of the time, hostile ones often enough), with no change here.
"""

from __future__ import annotations

import json
import os
import re
import string
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.corpus.loading import load_bytes
from factcheck.engine import Linter
from factcheck.errors import SourceError, SourceErrors
from factcheck.rules.loader import parse_rule_text, rule_file_model
from factcheck.rules.ruleset import RuleSet
from factcheck.yamlsource import load_yaml
from tests.conftest import REPO, Run, run_cli

# Bounded and deterministic on CI (two cores, minutes for the whole suite);
# random locally, where a new failure is worth finding.
PROPERTY = settings(
    max_examples=int(os.environ.get("FACTCHECK_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FINDING_LINE = re.compile(r"^.+:\d+:\d+: FC\d{3} \S.*$")
DETAIL_LINE = re.compile(r"^    (--> .+:\d+:\d+: |(unsafe )?fix: ).*$")
SUMMARY_LINE = re.compile(r"^(No findings|Found \d+ findings?) .*\.$")
ERROR_LINE = re.compile(r"^factcheck: error: \S.*$")
EXAMPLE_LINE = re.compile(r"^\S.*:\d+:\d+: rule '.*', (fail|pass) example \d+: \S.*$")
EXAMPLE_SUMMARY = re.compile(r"^\d+ of \d+ examples failed in \d+ rules\.$")
CHECKED = re.compile(r"^\d+ rules in \d+ files: valid; \d+ examples pass\.$")

# --- documents -------------------------------------------------------------

FRAGMENTS = [
    "---\n",
    "---\r\n",
    "...\n",
    "title: A title\n",
    "published: 2023-07-06\n",
    "published: 2023-02-30\n",
    "date: [1, 2]\n",
    "title: !!python/object/apply:os.system ['true']\n",
    "a: &x [*x]\n",
    "<!-- factcheck: ignore FC101 -- quoted -->",
    "[factcheck: ignore-next-line]",
    "[factcheck: ignore-file FC1, FC4",
    "<!-- factcheck: ignore",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\x00",
    "\x1b[31m",
    "\u2028",
    "\ufeff",
    "\ud800",
    "The minister said on 5 March 2023 that 40,000 people, or 12.5%, left.",
    "« Il a dit » \u2013 \u201cquoted\u201d \u2014 1\u202f000\u00a0000 € in Zürich, 三千人.",
    "Blinken met Secretary Blinken in Washington last August.",
    "1/2/2023 2023-13-45 1e309 -0 ½ ٣",
]

# The project's own rules, once there are any, so that rule-driven checks run too.
RULE_ARGS = ["--rules", str(REPO / "rules")] if (REPO / "rules").is_dir() else []

document_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=30
).map("".join)


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if "16" in encoding else "replace")


document_bytes = st.one_of(
    st.builds(encode, document_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])),
    st.binary(max_size=300),
)


def check_lint_output(run: Run) -> None:
    assert run.code in (0, 1), run
    assert run.err == "", run.err
    lines = run.out.splitlines()
    assert lines and SUMMARY_LINE.match(lines[-1]), run.out
    for line in lines[:-1]:
        assert FINDING_LINE.match(line) or DETAIL_LINE.match(line), line


@PROPERTY
@given(st.lists(document_bytes, min_size=1, max_size=3))
def test_random_documents_lint_cleanly(documents: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for index, data in enumerate(documents):
            (root / f"doc{index}.md").write_bytes(data)
        check_lint_output(run_cli("--no-color", *RULE_ARGS, ".", cwd=root))
        as_json = run_cli("--format", "json", *RULE_ARGS, ".", cwd=root)
        assert as_json.code in (0, 1) and as_json.err == ""
        for finding in json.loads(as_json.out)["findings"]:
            data = documents[int(finding["path"][3])]
            assert 1 <= finding["line"] <= data.count(b"\n") + data.count(b"\r") + 1
            assert finding["column"] >= 1
        extracted = run_cli("extract", *RULE_ARGS, ".", cwd=root)
        assert extracted.code == 0 and extracted.err == "", extracted
        assert json.loads(extracted.out)["version"] == 1


@PROPERTY
@given(document_bytes)
def test_loaded_documents_have_consistent_positions(data: bytes) -> None:
    loaded = load_bytes(data, "doc.md")
    result = Linter(RuleSet()).run([loaded])
    doc = loaded.document
    if doc is None:
        assert [f.code for f in result.findings] == ["FC003"]
        return
    assert 0 <= doc.body_start <= len(doc.text)
    lines = len(doc.line_starts)
    for finding in result.findings:
        assert 1 <= finding.line <= finding.end_line <= lines


# --- rule files ------------------------------------------------------------

SCHEMA = rule_file_model().model_json_schema(by_alias=True)
DEFS: dict[str, Any] = SCHEMA.get("$defs", {})

HOSTILE_PATTERNS = ["(a|aa)+b", "(a", "[z-a]", "(a{1000}){1000}", r"\b\w+\b", "(?<=x)y", ""]
junk_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["2023-02-30", "0000", "9999-99", "person", "error", "{0.__class__}"]),
)
junk = st.recursive(
    junk_scalar,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.text(string.ascii_lowercase, max_size=8), children, max_size=3),
    ),
    max_leaves=8,
)


def from_schema(node: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values for a JSON Schema node: mostly valid, one time in fifty hostile (so a
    good share of whole rule files is valid and reaches the checks)."""
    valid = _valid(node, depth)
    if not depth:
        return valid
    return st.integers(0, 49).flatmap(lambda n: junk if n == 0 else valid)


def _valid(node: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if "$ref" in node:
        return from_schema(DEFS[node["$ref"].split("/")[-1]], depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            return st.one_of([from_schema(option, depth + 1) for option in node[key]])
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if isinstance(kind, list):
        return st.one_of([_valid({**node, "type": k}, depth) for k in kind])
    if kind == "string":
        if node.get("format") == "regex":
            return st.one_of(st.sampled_from(HOSTILE_PATTERNS), st.text(max_size=12))
        if "pattern" in node:
            return st.from_regex(node["pattern"], fullmatch=True).filter(lambda s: len(s) < 40)
        return st.text(max_size=30)
    if kind == "integer":
        low, high = node.get("minimum"), node.get("maximum")
        return st.integers(min_value=low, max_value=high)
    if kind == "number":
        return st.floats(allow_nan=False, min_value=node.get("minimum"))
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        items = node.get("items", {})
        # The rules list itself is rarely empty: empty files prove little.
        return st.lists(from_schema(items, depth + 1), min_size=depth <= 1, max_size=3)
    if kind == "object" or "properties" in node:
        return _object(node, depth)
    return junk


def _object(node: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    properties: dict[str, Any] = node.get("properties", {})
    required = set(node.get("required", ()))
    fixed = {name: from_schema(sub, depth + 1) for name, sub in properties.items()}
    base = st.fixed_dictionaries(
        {k: v for k, v in fixed.items() if k in required},
        optional={k: v for k, v in fixed.items() if k not in required},
    )
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        return st.dictionaries(st.text(max_size=10), from_schema(extra, depth + 1), max_size=3)
    unknown = st.dictionaries(st.sampled_from(["vaule", "typ", "nmae", "x"]), junk, max_size=1)
    rarely_unknown = st.integers(0, 9).flatmap(lambda n: unknown if n == 0 else st.just({}))
    return st.builds(lambda known, more: {**more, **known}, base, rarely_unknown)


YAML_NOISE = [
    "!!python/object/apply:os.system ['true'] ",
    "&a ",
    "*a ",
    "<<: ",
    "\t",
    "- ",
    ": ",
    "{",
    "]",
    "\x00",
    "\n---\n",
    "? ",
    "'",
    '"\\x',
    "%YAML 1.1\n",
]


@st.composite
def rule_file_text(draw: st.DrawFn) -> str:
    document = draw(from_schema(SCHEMA))
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(YAML_NOISE)) + text[at:]
    return text


@PROPERTY
@given(rule_file_text())
def test_random_rule_files_load_or_fail_with_located_errors(text: str) -> None:
    try:
        rules = parse_rule_text(text, "rules/random.yaml")
    except SourceErrors as exc:
        for error in exc.errors:
            assert error.path == "rules/random.yaml" and "\n" not in error.message
    except SourceError as exc:
        assert "\n" not in exc.message
    else:
        ids = [rule.id for rule in rules]
        assert all(rule.origin is not None for rule in rules)
        assert len(ids) == len(rules)


@PROPERTY
@given(rule_file_text(), document_text)
def test_random_rule_files_through_the_command_line(text: str, document: str) -> None:
    """``rules check`` (which runs every example through the checks) and a lint run:
    exit 0, 1 or 2 and only well-formed lines, never a traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "rules").mkdir()
        (root / "rules" / "random.yaml").write_text(text, encoding="utf-8", errors="replace")
        (root / "doc.txt").write_text(document, encoding="utf-8", errors="replace")
        checked = run_cli("rules", "check", "--rules", "rules", cwd=root)
        assert checked.code in (0, 2), checked
        for line in checked.err.splitlines():
            assert any(p.match(line) for p in (ERROR_LINE, EXAMPLE_LINE, EXAMPLE_SUMMARY)), line
        if checked.code == 0:
            assert CHECKED.match(checked.out.strip()), checked.out
        linted = run_cli("--no-color", "--rules", "rules", "doc.txt", cwd=root)
        if linted.code == 2:
            assert linted.out == ""
            assert all(ERROR_LINE.match(line) for line in linted.err.splitlines()), linted.err
        else:
            check_lint_output(linted)


yaml_tree = st.recursive(
    junk_scalar,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(junk_scalar, children, max_size=4)
    ),
    max_leaves=20,
)


@PROPERTY
@given(
    st.one_of(
        yaml_tree.map(lambda tree: yaml.safe_dump(tree, allow_unicode=True)),
        st.lists(st.sampled_from([*YAML_NOISE, "a", "1", " ", "\n  "]), max_size=30).map("".join),
        st.text(max_size=80),
    )
)
def test_any_yaml_text_loads_or_raises_a_located_error(text: str) -> None:
    try:
        load_yaml(text, "any.yaml", line_offset=1)
    except SourceError as exc:
        assert exc.path == "any.yaml" and "\n" not in exc.message
        assert exc.line is None or exc.line >= 1
