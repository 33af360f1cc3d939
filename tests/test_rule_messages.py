"""Rule messages are templates from untrusted files: only plain placeholders are
allowed, checked at load time, and filled in without ``str.format``."""

from __future__ import annotations

from typing import ClassVar, Literal

import pytest

from factcheck.errors import SourceErrors
from factcheck.rules.base import RuleBase
from factcheck.rules.loader import parse_rule_text
from factcheck.rules.messages import parse_template, render
from factcheck.yamlsource import load_yaml, validate


class QuoteRule(RuleBase):
    type: Literal["quote"]
    message_placeholders: ClassVar[frozenset[str] | None] = frozenset({"found", "expected"})


def quote_rule(message: str) -> QuoteRule:
    text = f"id: q\ntype: quote\nexamples: {{}}\nmessage: '{message}'\n"
    return validate(QuoteRule, load_yaml(text, "rules/q.yaml"))


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ("{found.__class__.__mro__}", "placeholder {found.__class__.__mro__} must be a plain name"),
        ("{found[0]}", "must be a plain name"),
        ("{0}", "placeholder {0} must be a plain name"),
        ("{found:>1000000000}", "placeholder {found} cannot have a format spec"),
        ("{found!x}", "unknown conversion !x"),
        ("{speaker}", "unknown placeholder {speaker} (available: {expected}, {found})"),
        ("{", "Single '{' encountered in format string (write {{ and }} for literal braces)"),
        ("}", "Single '}' encountered"),
    ],
)
def test_unsafe_or_unknown_templates_are_located_errors(message: str, problem: str) -> None:
    with pytest.raises(SourceErrors) as caught:
        quote_rule(message)
    [error] = caught.value.errors
    assert str(error).startswith("rules/q.yaml:4:10: field 'message': ")
    assert problem in str(error)


def test_render_fills_placeholders_and_keeps_literal_braces() -> None:
    rule = quote_rule("wrote {found!r}, not {expected} {{sic}}")
    assert rule.render_message("unused", found="Blinkin", expected="Blinken") == (
        "wrote 'Blinkin', not Blinken {sic}"
    )
    assert quote_rule("").render_message("default {found}", found="x") == "default x"


def test_values_are_never_interpreted() -> None:
    hostile = "{expected.__class__}{0}"
    assert render("{found} / {expected}", {"found": hostile, "expected": "x"}) == (
        "{expected.__class__}{0} / x"
    )


def test_undeclared_rule_types_still_refuse_attribute_access() -> None:
    rules = "rules:\n  - {id: a, type: entity, name: A, examples: {}, message: '{name.upper}'}\n"
    with pytest.raises(SourceErrors, match="must be a plain name"):
        parse_rule_text(rules, "rules/e.yaml")
    ok = "rules:\n  - {id: a, type: entity, name: A, examples: {}, message: 'see {name}'}\n"
    [rule] = parse_rule_text(ok, "rules/e.yaml")
    assert rule.render_message("d", name="Antony Blinken") == "see Antony Blinken"


def test_parse_template_without_declared_placeholders_accepts_any_name() -> None:
    assert parse_template("a {x} b {y!s}") == [("a ", "x", None), (" b ", "y", "s")]
