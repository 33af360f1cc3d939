from __future__ import annotations

from factcheck.corpus.document import Document
from factcheck.corpus.suppression import parse_suppressions
from factcheck.findings import Category, Finding, Severity


def finding(line: int, code: str = "FC101") -> Finding:
    return Finding("d.txt", line, 1, line, 2, code, Category.CONTRADICTION, Severity.ERROR, "m")


def test_plain_text_same_line_with_code_and_reason() -> None:
    doc = Document("d.txt", "85 countries joined. [factcheck: ignore FC101 -- quoted on purpose]\n")
    (directive,) = parse_suppressions(doc).directives
    assert directive.reason == "quoted on purpose"
    s = parse_suppressions(doc)
    assert s.suppresses(finding(1))
    assert not s.suppresses(finding(1, "FC201"))
    assert not s.suppresses(finding(2))


def test_html_comment_on_its_own_line_covers_the_next_line() -> None:
    doc = Document("d.md", "<!-- factcheck: ignore FC1 -->\n85 countries joined.\n")
    s = parse_suppressions(doc)
    assert s.suppresses(finding(2, "FC101"))
    assert s.suppresses(finding(2, "FC110"))
    assert not s.suppresses(finding(1))


def test_ignore_without_codes_covers_everything_on_the_line() -> None:
    s = parse_suppressions(Document("d.md", "Text <!-- factcheck: ignore -->\n"))
    assert s.suppresses(finding(1, "FC301"))


def test_ignore_next_line_and_ignore_file() -> None:
    doc = Document("d.txt", "a [factcheck: ignore-next-line FC2]\nb\nc\n")
    s = parse_suppressions(doc)
    assert s.suppresses(finding(2, "FC201")) and not s.suppresses(finding(1, "FC201"))
    whole = parse_suppressions(Document("d.txt", "x\n[factcheck: ignore-file FC3]\n"))
    assert whole.suppresses(finding(40, "FC301")) and not whole.suppresses(finding(40, "FC101"))


def test_malformed_directive_suppresses_nothing() -> None:
    s = parse_suppressions(Document("d.txt", "x [factcheck: ignore banana]\n"))
    assert not s.suppresses(finding(1))
