"""Reading documents: encodings, line endings, positions, metadata, manifests."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from factcheck.corpus.document import Document
from factcheck.corpus.loading import load_bytes, load_file
from factcheck.corpus.manifest import load_manifests
from factcheck.errors import SourceErrors
from factcheck.partial_date import PartialDate
from tests.conftest import REPO, SEEDS, run_cli

TEXT = "Blinken said “84 countries”\u00a0joined.\nSecond line é.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # with BOM
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-32"), "utf-32"),
    ],
)
def test_text_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    loaded = load_bytes(data, "doc.txt")
    assert loaded.document is not None
    assert loaded.document.text == TEXT
    assert loaded.document.encoding == encoding
    assert loaded.findings == []


def test_latin1_is_decoded_and_reported() -> None:
    loaded = load_bytes("Caf\u00e9 in M\u00e9xico\n".encode("latin-1"), "doc.txt")
    assert loaded.document is not None
    assert loaded.document.text == "Caf\u00e9 in M\u00e9xico\n"
    assert [f.code for f in loaded.findings] == ["FC002"]
    assert loaded.findings[0].severity.value == "info"


def test_nul_bytes_are_binary_and_reported_not_crashed() -> None:
    loaded = load_bytes(b"PK\x03\x04\x00\x00binary", "archive.txt")
    assert loaded.document is None
    assert [f.code for f in loaded.findings] == ["FC003"]
    assert "NUL" in loaded.findings[0].message


def test_empty_file_is_an_empty_document() -> None:
    loaded = load_bytes(b"", "empty.txt")
    assert loaded.document is not None
    assert loaded.document.text == ""
    assert loaded.document.position(0) == (1, 1)


def test_crlf_and_nbsp_are_kept_and_columns_count_characters() -> None:
    text = "Line one\r\n\u201cQuoted\u201d\u00a0word here\r\n"
    doc = Document("d.txt", text)
    offset = text.index("word")
    assert doc.position(offset) == (2, 10)
    assert doc.line_text(2) == "\u201cQuoted\u201d\u00a0word here"
    assert "\r\n" in doc.text and "\u00a0" in doc.text


def test_position_and_offset_round_trip() -> None:
    doc = Document("d.txt", "ab\ncd\n\nef")
    for offset in range(len(doc.text)):
        assert doc.offset(*doc.position(offset)) == offset


def test_seed_003_starting_with_blink_is_text(tmp_path: Path) -> None:
    # file(1) calls it an archive because of its first bytes; it is plain UTF-8.
    path = SEEDS / "003_6c50fc142d424041.txt"
    assert path.read_bytes().startswith(b"Blink")
    loaded = load_file(path, "seeds/003_6c50fc142d424041.txt")
    assert loaded.document is not None and loaded.findings == []
    assert loaded.document.text.startswith("Blinken Seeks")


def test_seeds_are_byte_identical_to_the_shared_copies() -> None:
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("no shared/ beside the checkout")
    for original in sorted(shared.iterdir()):
        assert (SEEDS / original.name).read_bytes() == original.read_bytes()
    assert sorted(p.name for p in SEEDS.iterdir()) == sorted(p.name for p in shared.iterdir())


def test_front_matter_gives_metadata_and_is_not_prose() -> None:
    text = "---\ntitle: Coalition\npublished: 2023-07-07\nlayout: post\n---\nBody text.\n"
    loaded = load_bytes(text.encode(), "a.md")
    doc = loaded.document
    assert doc is not None and loaded.findings == []
    assert doc.metadata.title == "Coalition"
    assert doc.metadata.published == PartialDate(2023, 7, 7)
    assert doc.body == "Body text.\n"
    assert doc.position(doc.body_start) == (6, 1)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\ntitle: [unclosed\n---\nBody\n", 3, "invalid YAML"),
        ("---\npublished: 2023-13-01\n---\nBody\n", 2, "published"),
        ("---\ntitle: x\nBody without closing\n", 1, "closing"),
        ("---\n- a list\n---\nBody\n", 2, "mapping"),
    ],
)
def test_bad_front_matter_is_a_located_finding(text: str, line: int, message: str) -> None:
    loaded = load_bytes(text.encode(), "a.md")
    assert loaded.document is not None  # still linted
    (finding,) = loaded.findings
    assert finding.code == "FC004"
    assert finding.line == line
    assert message in finding.message


def test_manifest_sections_give_dates_per_story() -> None:
    manifest = load_manifests([REPO / "corpus.yaml"])
    path = SEEDS / "001_b855940789092e60.txt"
    loaded = load_file(path, "seeds/001_b855940789092e60.txt", manifest)
    doc = loaded.document
    assert doc is not None and loaded.findings == []
    first = doc.text.index("Consistent with the Biden")
    second = doc.text.index("Reportedly President Joe Biden")
    assert doc.published_at(first) == PartialDate(2023, 6, 21)
    assert doc.published_at(second) == PartialDate(2023, 11, 13)
    assert doc.published_at(0) == PartialDate(2023, 6, 21)


def test_manifest_month_precision_date() -> None:
    manifest = load_manifests([REPO / "corpus.yaml"])
    loaded = load_file(SEEDS / "003_6c50fc142d424041.txt", "seeds/003", manifest)
    assert loaded.document is not None
    assert loaded.document.metadata.published == PartialDate(2023, 1)


def test_manifest_errors_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "corpus.yaml"
    bad.write_text("documents:\n  - path: a.txt\n    publshed: 2023-01-01\n")
    with pytest.raises(SourceErrors) as info:
        load_manifests([bad])
    assert "corpus.yaml:3:5: unknown field 'publshed' (did you mean 'published'?)" in str(
        info.value
    )


def test_manifest_section_that_matches_nothing_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Hello\n")
    (tmp_path / "corpus.yaml").write_text(
        "documents:\n  - path: a.txt\n    sections:\n      - starts_with: Nowhere\n"
    )
    manifest = load_manifests([tmp_path / "corpus.yaml"])
    loaded = load_file(tmp_path / "a.txt", "a.txt", manifest)
    assert [f.code for f in loaded.findings] == ["FC004"]


def test_unreadable_paths_are_findings_and_the_rest_is_linted(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Plain prose.\n")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "link.txt").symlink_to(tmp_path / "missing-target.txt")
    result = run_cli("--no-color", "--format", "json", str(tmp_path), cwd=tmp_path)
    assert result.code == 1, result.err
    assert '"FC003"' in result.out and '"FC001"' in result.out
    assert '"documents": 1' in result.out
