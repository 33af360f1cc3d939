"""The list-free detector's every suspect, score for score, on clean news and
the seeds (004 is spun), at three cut-offs: the detector's shortcuts (a
candidate abandoned once it cannot reach the cut-off, per-span caches) must
leave its output exactly as scoring every candidate in full gives it.

``tests/spin_scores.json`` holds that output; after a deliberate change to
what the detector finds, rewrite it with ``python -m tests.test_spin_scores``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SEEDS

EXPECTED = Path(__file__).with_name("spin_scores.json")
THRESHOLDS = (0.5, 4.25, 8.0)
TEXTS = {
    "clean_news.txt": REPO / "benchmarks" / "data" / "clean_news.txt",
    **{path.name: path for path in sorted(SEEDS.glob("*.txt"))},
}


def suspects(threshold: float) -> dict[str, list[list[Any]]]:
    from factcheck.spin.detector import DetectorSettings, SpinDetector
    from factcheck.spin.language_model import english
    from factcheck.spin.thesaurus import synonyms

    detector = SpinDetector(english(), synonyms(), DetectorSettings(threshold=threshold))
    return {
        name: [
            [s.start, s.end, s.text, s.original, s.score, s.context_score]
            for s in detector.scan(path.read_text("utf-8"), 7)
        ]
        for name, path in TEXTS.items()
    }


@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_detector_output_is_unchanged(threshold: float) -> None:
    expected = json.loads(EXPECTED.read_text("utf-8"))[str(threshold)]
    assert suspects(threshold) == expected


def test_memos_cleared_when_full_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.spin import detector

    for memo in ("_SPAN_MEMO", "_SENTENCE_MEMO", "_WORD_MEMO"):
        monkeypatch.setattr(detector, memo, 2)
    expected = json.loads(EXPECTED.read_text("utf-8"))["4.25"]
    assert suspects(4.25) == expected


def test_expected_output_has_findings_at_every_cut_off() -> None:
    # Guards the guard: an empty file would pass the comparison trivially.
    expected = json.loads(EXPECTED.read_text("utf-8"))
    assert all(expected[str(t)]["004_b9860484f37b842b.txt"] for t in THRESHOLDS)


if __name__ == "__main__":
    EXPECTED.write_text(
        json.dumps({str(t): suspects(t) for t in THRESHOLDS}, indent=0, ensure_ascii=False) + "\n",
        "utf-8",
    )
