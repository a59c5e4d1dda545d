"""``reporters.common.pretty_json`` writes exactly what ``json.dumps(value,
ensure_ascii=False, indent=2)`` writes (SARIF and GitLab output must not change with the
serializer), for any JSON value: Chinese text, control characters, empty containers,
nesting, and the lone surrogate pydantic-core refuses."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from perfgoal.reporters.common import pretty_json

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from('\n\t"\\\x00\x1f\u2028预算数')
)
_SCALARS = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _TEXT
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


@given(_VALUES)
def test_the_same_text_as_json_dumps(value: Any) -> None:
    assert pretty_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_a_lone_surrogate_falls_back_to_json_dumps() -> None:
    value = {"message": "坏\ud800字", "items": []}
    assert pretty_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
