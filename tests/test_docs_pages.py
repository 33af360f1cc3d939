"""Every code has an up-to-date docs page (regenerate with scripts/update_docs.py)."""

from __future__ import annotations

import importlib.util

from tests.conftest import REPO


def test_code_pages_are_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location(
        "update_docs", REPO / "scripts" / "update_docs.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    docs = REPO / "docs" / "codes"
    wanted = module.pages()
    present = {p.name for p in docs.glob("*.md")}
    assert present == set(wanted), "run: python scripts/update_docs.py"
    for name, text in wanted.items():
        assert (docs / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run scripts/update_docs.py"
        )
