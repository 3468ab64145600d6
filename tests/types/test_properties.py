"""Property tests: Part oneof and round trip, Struct metadata round trip."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from a2a.types import Message, Part, Task

# JSON values as a Struct holds them: any text, exact integers of any size,
# finite floats, nested arrays and objects.
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=25,
)
structs = st.dictionaries(st.text(), json_values, max_size=6)

MEMBERS: dict[str, st.SearchStrategy[Any]] = {
    "text": st.text(),
    "raw": st.binary(),
    "url": st.text(min_size=1),
    "data": json_values,
}


def same(a: Any, b: Any) -> bool:
    """Equality that tells bool, int and float apart, and -0.0 from 0.0."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float) and isinstance(b, float):
        return repr(a) == repr(b)
    return type(a) is type(b) and a == b


@st.composite
def parts(draw: st.DrawFn) -> Part:
    member = draw(st.sampled_from(sorted(MEMBERS)))
    value = draw(MEMBERS[member])
    extra: dict[str, Any] = {}
    if draw(st.booleans()):
        extra["metadata"] = draw(structs)
    if draw(st.booleans()):
        extra["filename"] = draw(st.text())
    if draw(st.booleans()):
        extra["media_type"] = draw(st.text())
    return Part(**{member: value}, **extra)


@settings(max_examples=150)
@given(parts())
def test_part_round_trips_through_json_and_dict(part: Part) -> None:
    wire = part.to_json()
    again = Part.from_json(wire)
    assert again.kind == part.kind
    assert again.to_json() == wire
    assert same(again.to_dict(), part.to_dict())
    assert same(Part.from_dict(json.loads(wire)).to_dict(), json.loads(wire))
    if part.kind == "raw":
        assert again.raw == part.raw
    elif part.kind == "data":
        assert same(again.data, part.data)


@settings(max_examples=100)
@given(
    st.sets(st.sampled_from(sorted(MEMBERS))).filter(lambda s: len(s) != 1),
    st.data(),
)
def test_part_without_exactly_one_member_is_rejected(
    members: set[str], data: st.DataObject
) -> None:
    values = {m: data.draw(MEMBERS[m]) for m in members}
    with pytest.raises(ValidationError, match=rf"exactly one of .*\(found {len(members)}\)"):
        Part(**values)
    wire = Part.model_construct(**values).model_dump_json(exclude_defaults=True)
    with pytest.raises(ValidationError, match=rf"\(found {len(members)}\)"):
        Part.from_json(wire)


@settings(max_examples=150)
@given(structs)
def test_struct_metadata_round_trips_exactly(metadata: dict[str, Any]) -> None:
    message = Message(message_id="m", metadata=metadata)
    wire = message.to_json()
    assert same(json.loads(wire)["metadata"], metadata)
    again = Message.from_json(wire)
    assert same(again.metadata, metadata)
    assert again.to_json() == wire
    task = Task.from_dict({"id": "t", "status": {}, "metadata": json.loads(wire)["metadata"]})
    assert same(task.metadata, metadata)
