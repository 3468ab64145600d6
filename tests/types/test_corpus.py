"""Our models against the golden ProtoJSON corpus of a2a-sdk 1.x (no peer needed).

Every case must parse into the model named like the proto message and
serialize back to the same JSON value, or differ only by a rule documented in
``spec/vectors/README.md`` (see ``tests/types/corpus.py``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import MISSING, ValidationError

import a2a.types
from a2a.types import A2AModel, ProtoEnum
from tests.types.corpus import (
    ALWAYS_EMITTED,
    CORPUS_DIR,
    PARSE_REQUIRED,
    Case,
    assert_same_json,
    cases,
    descriptor,
    expected_output,
    expected_rejection,
    index,
)

ACCEPTED = [c for c in cases() if expected_rejection(c) is None]
REJECTED = [c for c in cases() if expected_rejection(c) is not None]

#: Proto REQUIRED fields that our models deliberately do not mark REQUIRED.
UNMARKED_REQUIRED = {
    # An agent without declared skills is legal (spec contradiction §11 #10).
    ("AgentCard", "skills"),
    # A last page has an empty token and an empty page has no task: both legal.
    ("ListTasksResponse", "tasks"),
    ("ListTasksResponse", "next_page_token"),
    ("ListTasksResponse", "page_size"),
    ("ListTasksResponse", "total_size"),
}


def model(type_name: str) -> type[A2AModel]:
    cls = getattr(a2a.types, type_name)
    assert isinstance(cls, type)
    assert issubclass(cls, A2AModel)
    return cls


# --------------------------------------------------------------------------
# Coverage of the descriptor


def test_corpus_covers_every_message_type_of_the_descriptor() -> None:
    names = set(descriptor()["messages"])
    assert index()["descriptor"]["package"] == "lf.a2a.v1"
    assert len(names) == 44  # a2a-sdk 1.3.0's a2a_pb2; a new message must get cases
    assert sorted(names) == index()["messages"]
    files = {p.stem for p in CORPUS_DIR.glob("*.json") if not p.name.startswith("_")}
    assert files == names
    per_type: dict[str, int] = {}
    for case in cases():
        per_type[case.type] = per_type.get(case.type, 0) + 1
    assert set(per_type) == names
    assert min(per_type.values()) >= 3  # empty, full and unicode at least


@pytest.mark.parametrize("type_name", sorted(descriptor()["messages"]))
def test_every_message_has_a_model_with_the_same_fields(type_name: str) -> None:
    cls = model(type_name)
    by_alias = {info.alias or name: (name, info) for name, info in cls.model_fields.items()}
    proto = {f["jsonName"]: f for f in descriptor()["messages"][type_name]["fields"]}
    assert set(by_alias) == set(proto)
    for json_name, field in proto.items():
        name, info = by_alias[json_name]
        assert name.rstrip("_") == field["name"]
        key = (type_name, field["name"])
        if key in PARSE_REQUIRED:
            assert info.is_required()
        elif key in ALWAYS_EMITTED:
            assert info.get_default(call_default_factory=True) is not None
        else:
            default = info.get_default(call_default_factory=True)
            # Presence in proto ⇔ "unset" is a distinct default (None, or MISSING for a Value).
            assert (default is None or default is MISSING) == field["presence"], name
        marked = name in cls.__required_fields__
        assert marked == (field["required"] and key not in UNMARKED_REQUIRED), name


@pytest.mark.parametrize("enum_name", sorted(descriptor()["enums"]))
def test_every_enum_has_the_same_members_in_number_order(enum_name: str) -> None:
    cls = getattr(a2a.types, enum_name)
    assert issubclass(cls, ProtoEnum)
    assert [m.name for m in cls] == descriptor()["enums"][enum_name]
    assert [m.number for m in cls] == list(range(len(cls)))


# --------------------------------------------------------------------------
# Round trip of every case


def _bytes_of(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.id)
def test_case_parses_and_serializes_back_to_the_same_json(case: Case) -> None:
    cls = model(case.type)
    expected = expected_output(case)

    from_bytes = cls.from_json(_bytes_of(case.json))
    wire = from_bytes.to_json()
    assert_same_json(json.loads(wire), expected)

    from_data = cls.from_dict(case.json)
    assert_same_json(from_data.to_dict(), expected)
    assert from_data == from_bytes

    # Our output is a fixed point: reading it again changes nothing, byte for byte.
    assert cls.from_json(wire).to_json() == wire


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.id)
def test_case_also_parses_from_snake_case_keys_and_enum_numbers(case: Case) -> None:
    snake = _snake_keys(case.type, case.json)
    parsed = model(case.type).from_dict(snake)
    assert_same_json(parsed.to_dict(), expected_output(case))


def _snake_keys(type_name: str, value: Any) -> Any:
    """``value`` with snake_case field names and enum numbers instead of names."""
    if not isinstance(value, dict):
        return value
    messages = descriptor()["messages"]
    enums = descriptor()["enums"]
    out = {}
    for field in messages[type_name]["fields"]:
        if field["jsonName"] not in value:
            continue
        item = value[field["jsonName"]]
        target = field["map"]["value"] if "map" in field else field["type"]
        child = target.removeprefix("lf.a2a.v1.")
        if child in enums and isinstance(item, str):
            item = enums[child].index(item)
        elif child in messages:
            if "map" in field:
                item = {k: _snake_keys(child, v) for k, v in item.items()}
            elif field["repeated"]:
                item = [_snake_keys(child, v) for v in item]
            else:
                item = _snake_keys(child, item)
        out[field["name"]] = item
    return out


# --------------------------------------------------------------------------
# The documented differences, tested as rules


def test_rejected_cases_are_exactly_the_documented_ones() -> None:
    assert {c.id for c in REJECTED} == {
        # A oneof with no member: exactly one is required.
        "Part/empty",
        "OAuthFlows/empty",
        "SecurityScheme/empty",
        "SendMessageResponse/empty",
        "StreamResponse/empty",
        # A REQUIRED message field that is absent.
        "OAuth2SecurityScheme/empty",
        "SendMessageRequest/empty",
        "Task/empty",
        "TaskArtifactUpdateEvent/empty",
        "TaskStatusUpdateEvent/empty",
    }


@pytest.mark.parametrize("case", REJECTED, ids=lambda c: c.id)
def test_rejected_case_gives_a_clear_validation_error(case: Case) -> None:
    with pytest.raises(ValidationError) as info:
        model(case.type).from_json(_bytes_of(case.json))
    text = str(info.value)
    assert expected_rejection(case) in text  # type: ignore[operator]


def test_rules_change_only_the_cases_they_name() -> None:
    changed = {c.id for c in ACCEPTED if expected_output(c) != c.json}
    assert changed == {
        "AgentCard/empty",  # capabilities added
        "TaskStatus/timestamp-nanos",
        "TaskStatus/timestamp-one-nano",
        "TaskStatus/timestamp-max",
        "ListTasksResponse/page-with-artifacts",
        "ListTasksResponse/page-without-artifacts",
        "ListTasksResponse/last-page",
    }


def test_nanosecond_timestamps_are_truncated_to_microseconds() -> None:
    case = next(c for c in cases() if c.id == "TaskStatus/timestamp-nanos")
    assert case.json["timestamp"] == "2025-01-01T12:00:00.123456789Z"
    out = a2a.types.TaskStatus.from_dict(case.json).to_dict()
    assert out["timestamp"] == "2025-01-01T12:00:00.123456Z"


def test_list_tasks_nested_defaults_are_dropped_but_top_level_fields_kept() -> None:
    case = next(c for c in cases() if c.id == "ListTasksResponse/page-without-artifacts")
    sdk_task = case.json["tasks"][1]
    assert sdk_task["contextId"] == ""
    assert sdk_task["history"] == []
    out = a2a.types.ListTasksResponse.from_dict(case.json).to_dict()
    assert "contextId" not in out["tasks"][1]
    assert "history" not in out["tasks"][1]
    assert out["tasks"][2]["status"] == {}  # SDK: {"state": "TASK_STATE_UNSPECIFIED"}
    assert set(out) == {"tasks", "nextPageToken", "pageSize", "totalSize"}
    empty = next(c for c in cases() if c.id == "ListTasksResponse/empty")
    assert a2a.types.ListTasksResponse.from_dict(empty.json).to_dict() == empty.json


def test_agent_card_without_capabilities_gains_an_empty_object() -> None:
    card = a2a.types.AgentCard.from_dict({"name": "n"})
    assert card.to_dict() == {"name": "n", "capabilities": {}}
