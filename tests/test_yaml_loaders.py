"""YAML is parsed by libyaml where available; results and errors must not change."""

from __future__ import annotations

import pytest
import yaml

from factcheck import yamlsource
from factcheck.errors import SourceError

VALID = [
    "title: Coalition meets\npublished: 2023-07-07\n",
    "m: {ééé: 1, b: [x, 'y', 3.5]}\nempty:\nanchor: &a {k: v}\nmerged:\n  <<: *a\n  z: 1\n",
    "# only a comment\n",
]
INVALID = [
    "title: [unclosed\n",
    "a: 1\na: 2\n",
    "x: !!python/object:os.system 1\n",
    "a: b: c\n",
    "\tkey: tab\n",
]

pytestmark = pytest.mark.skipif(
    not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml"
)


@pytest.mark.parametrize("text", VALID)
def test_fast_loader_gives_the_same_values_and_positions(text: str) -> None:
    fast = yamlsource._load(text, "f.md", 1, yaml.CSafeLoader)  # type: ignore[arg-type]
    slow = yamlsource._load(text, "f.md", 1, yaml.SafeLoader)
    assert (fast.data, fast.value_marks, fast.key_marks) == (
        slow.data,
        slow.value_marks,
        slow.key_marks,
    )


@pytest.mark.parametrize("text", INVALID)
def test_errors_are_worded_as_the_python_parser_words_them(text: str) -> None:
    with pytest.raises(SourceError) as slow:
        yamlsource._load(text, "f.md", 1, yaml.SafeLoader)
    with pytest.raises(SourceError) as reported:
        yamlsource.load_yaml(text, "f.md", line_offset=1)
    assert str(reported.value) == str(slow.value)
