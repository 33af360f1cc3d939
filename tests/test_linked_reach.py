"""Reach as a closure (``Check.linked_keys``): a finding in one document can
depend on a document it shares nothing with, through a third one; a run
reporting on one document follows the chain through the store's indexes and
reads only the documents on it."""

from __future__ import annotations

from typing import Any

from factcheck.checks.attribution import AttributionCheck
from factcheck.checks.base import Check
from factcheck.checks.reach import reaches
from factcheck.factstore import FactStore
from factcheck.findings import Finding
from factcheck.rules.ruleset import RuleSet
from tests.test_group_keys import _unique, from_reach, gathered, topical_news

FIRST_HALF = "We will keep working with our partners in the region until"
SECOND_HALF = "every family that lost a home has a safe place to live again"


def chained_corpus(unrelated: int) -> list[tuple[str, str, str | None]]:
    """Two documents quoting different halves of one statement, credited to
    different people, and a third quoting it whole: only through the third
    are the halves the same quotation.  Then documents on other stories."""
    texts: list[tuple[str, str, str | None]] = [
        ("a.md", f"“{FIRST_HALF},” Antony Blinken said in Jakarta on Monday.\n", None),
        ("b.md", f"“{SECOND_HALF},” Wang Wenbin told reporters in Beijing.\n", None),
        (
            "c.md",
            f"Antony Blinken told the summit: “{FIRST_HALF} {SECOND_HALF}.”\n",
            None,
        ),
    ]
    for n, text in enumerate(topical_news(unrelated, seed=9)):
        quoted = " ".join(text.split()[:12])
        texts.append((f"other{n:03d}.md", f"“{quoted},” Anne Milgram said.\n\n{text}", None))
    return texts


def attribution_facts(unrelated: int) -> tuple[Check, dict[str, Any]]:
    return gathered(AttributionCheck, chained_corpus(unrelated), RuleSet())


def in_first(findings: list[Finding]) -> list[Finding]:
    return sorted((f for f in findings if f.path == "a.md"), key=lambda f: f.sort_key)


def test_the_reach_follows_a_chain_of_quotations() -> None:
    check, facts = attribution_facts(20)
    whole = list(check.compare(facts))
    # The conflict in a.md is with b.md, which shares no word pair with it.
    (conflict,) = in_first(whole)
    assert conflict.code == "FC201" and "b.md" in conflict.message
    assert not set(check.reach_keys(facts["a.md"]) or ()) & set(
        check.reach_keys(facts["b.md"]) or ()
    )
    reach = reaches(check, facts)
    assert reach is not None
    assert reach["a.md"] == {"a.md", "b.md", "c.md"}
    assert from_reach(check, facts, reach) == sorted(set(whole), key=lambda f: f.sort_key)


def test_a_scoped_run_reads_only_the_chain_from_the_store() -> None:
    check, facts = attribution_facts(40)
    store = FactStore.temporary([check])
    try:
        store.write(store.rows(path, path, "", {check.name: f}) for path, f in facts.items())
        store.register((path, path, "", path == "a.md") for path in facts)
        scoped = in_first(list(store.compare(scoped=True)))
        assert store.compared[check.name] == 3
        store.register((path, path, "", False) for path in facts)
        full = in_first(list(store.compare(scoped=False)))
        assert store.compared[check.name] == 3  # a full run reads facts on demand
    finally:
        store.close()
    assert scoped == full == in_first(list(check.compare(facts)))
    assert scoped


def test_the_closure_follows_links_not_every_shared_key() -> None:
    # x.md shares a's rarest words in another order (no link, same keys) and
    # two made-up words with y.md: a key closure would run on to y.md, the
    # closure of links stops at x.md.
    reversed_first = " ".join(reversed(FIRST_HALF.split()))
    texts = [
        *chained_corpus(5),
        ("x.md", f"“Zorblax quintrel {reversed_first},” Jane Doe said.\n", None),
        (
            "y.md",
            "“Zorblax quintrel markets rallied on Tuesday after a long week,” Li Wei said.\n",
            None,
        ),
    ]
    check, facts = gathered(AttributionCheck, texts, RuleSet())
    reach = reaches(check, facts)
    assert reach is not None
    assert "x.md" in reach["a.md"] and "y.md" not in reach["a.md"]
    assert {"x.md", "y.md"} <= reach["x.md"]
    assert from_reach(check, facts, reach) == _unique(list(check.compare(facts)))
