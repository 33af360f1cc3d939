"""Finding codes: stable identifiers with their documentation and examples.

Every check declares its codes here-shaped (see ``factcheck.checks``); the
catalogue drives ``factcheck explain``, the SARIF rule table, the generated
docs pages and the example-driven tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.findings import Category, Severity

CODE_PATTERN = re.compile(r"^FC\d{3}$")


@dataclass(frozen=True)
class ExampleDoc:
    text: str
    published: str | None = None
    name: str = "example.txt"


@dataclass(frozen=True)
class Example:
    """A small corpus: the finding must (or must not) land in ``docs[0]``.

    ``rules`` is YAML for a rule file in force while the example runs.
    """

    docs: tuple[ExampleDoc, ...]
    rules: str | None = None

    @classmethod
    def of(cls, *texts: str, published: str | None = None, rules: str | None = None) -> Example:
        docs = tuple(
            ExampleDoc(text, published, f"example-{i}.txt") for i, text in enumerate(texts)
        )
        return cls(docs, rules)


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    category: Category
    severity: Severity
    summary: str
    explanation: str
    fail: tuple[Example, ...] = ()
    pass_: tuple[Example, ...] = field(default=())
    fixable: bool = False

    def __post_init__(self) -> None:
        if not CODE_PATTERN.match(self.code):
            raise ValueError(f"bad code {self.code!r}")

    def help_uri(self) -> str:
        return f"docs/codes/{self.code}.md"
