"""Load the golden ProtoJSON corpus and state where our rules knowingly differ.

The corpus (``spec/vectors/protojson/``) is what a2a-sdk 1.x emits.  Our
models must read every case and write back the same JSON value, except for
the differences listed in ``spec/vectors/README.md``.  Each is a precise,
schema-guided rule implemented by :func:`expected_output` or
:func:`expected_rejection`; nothing is skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from a2a.types import format_timestamp, parse_timestamp

__all__ = [
    "CORPUS_DIR",
    "Case",
    "assert_same_json",
    "cases",
    "descriptor",
    "expected_output",
    "expected_rejection",
    "index",
]

CORPUS_DIR = Path(__file__).resolve().parents[2] / "spec" / "vectors" / "protojson"
PACKAGE_PREFIX = "lf.a2a.v1."
TIMESTAMP = "google.protobuf.Timestamp"

#: REQUIRED message fields that our models make the parser demand (they have no
#: default, so that ``task.status`` is never ``None``).  A protobuf parser takes
#: a message without them; we answer with a "Field required" validation error.
PARSE_REQUIRED = {
    ("OAuth2SecurityScheme", "flows"),
    ("SendMessageRequest", "message"),
    ("Task", "status"),
    ("TaskArtifactUpdateEvent", "artifact"),
    ("TaskStatusUpdateEvent", "status"),
}

#: REQUIRED message fields that our models default to an empty message and
#: always emit, even when the input lacked them.
ALWAYS_EMITTED = {("AgentCard", "capabilities")}


@dataclass(frozen=True)
class Case:
    type: str
    name: str
    json: Any

    @property
    def id(self) -> str:
        return f"{self.type}/{self.name}"


@cache
def index() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS_DIR / "_index.json").read_text(encoding="utf-8"))
    return data


def descriptor() -> dict[str, Any]:
    """The stored summary of the ``lf.a2a.v1`` descriptor."""
    result: dict[str, Any] = index()["descriptor"]
    return result


@cache
def cases() -> tuple[Case, ...]:
    out: list[Case] = []
    for name in index()["messages"]:
        data = json.loads((CORPUS_DIR / f"{name}.json").read_text(encoding="utf-8"))
        out.extend(Case(name, item["name"], item["json"]) for item in data)
    return tuple(out)


def _fields(type_name: str) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = descriptor()["messages"][type_name]["fields"]
    return fields


def _local(full_name: str) -> str | None:
    return full_name[len(PACKAGE_PREFIX) :] if full_name.startswith(PACKAGE_PREFIX) else None


# --------------------------------------------------------------------------
# The documented differences


def expected_rejection(case: Case) -> str | None:
    """The error text our parser must give for ``case``, or ``None`` if it must parse.

    Two rules: a oneof our model enforces (``Part.content`` and the wrapper
    messages) holds no member; or a field of :data:`PARSE_REQUIRED` is absent.
    """
    if not isinstance(case.json, dict):
        return None
    oneofs: dict[str, list[str]] = {}
    for field in _fields(case.type):
        if "oneof" in field:
            oneofs.setdefault(field["oneof"], []).append(field["jsonName"])
        elif (case.type, field["name"]) in PARSE_REQUIRED and field["jsonName"] not in case.json:
            return "Field required"
    for members in oneofs.values():
        if not any(member in case.json for member in members):
            return "exactly one of"
    return None


def _our_timestamp(text: str) -> str:
    # Python datetimes hold microseconds: nanoseconds are truncated, and the
    # fraction is written with 0, 3 or 6 digits like protobuf does.
    return format_timestamp(parse_timestamp(text))


def _is_default(field: dict[str, Any], value: Any, enums: dict[str, list[str]]) -> bool:
    if "map" in field:
        return value == {}
    if field["repeated"]:
        return value == []
    kind = field["type"]
    if kind in ("string", "bytes"):
        return value == ""
    if kind == "bool":
        return value is False
    if kind == "int32":
        return value == 0 and not isinstance(value, bool)
    if _local(kind) in enums:
        return value == enums[_local(kind) or ""][0]
    return False


def _transform(type_name: str, value: Any, strip_defaults: bool) -> Any:
    """Apply the per-field rules to one message value, recursively, by schema."""
    if not isinstance(value, dict):
        return value
    enums: dict[str, list[str]] = descriptor()["enums"]
    out = dict(value)
    for field in _fields(type_name):
        key = field["jsonName"]
        if key not in out:
            continue
        item = out[key]
        if strip_defaults and not field["presence"] and _is_default(field, item, enums):
            del out[key]
            continue
        child = _local(field["map"]["value"] if "map" in field else field["type"])
        if "map" not in field and field["type"] == TIMESTAMP and isinstance(item, str):
            out[key] = _our_timestamp(item)
        elif child in descriptor()["messages"]:
            if "map" in field:
                out[key] = {k: _transform(child, v, strip_defaults) for k, v in item.items()}
            elif field["repeated"]:
                out[key] = [_transform(child, v, strip_defaults) for v in item]
            else:
                out[key] = _transform(child, item, strip_defaults)
    return out


def expected_output(case: Case) -> Any:
    """What our ``to_dict()`` must return for ``case`` (the golden JSON, adjusted).

    * Timestamps: nanoseconds truncated to microseconds (0/3/6 fraction digits).
    * ``AgentCard.capabilities`` is always emitted (``{}`` when absent).
    * ``ListTasksResponse``: the SDK serializes with
      ``always_print_fields_with_no_presence``, so inside ``tasks`` it also
      prints fields without presence that hold their default (``"contextId":
      ""``, ``"history": []``, ``"state": "TASK_STATE_UNSPECIFIED"``...).  We
      print those four top-level fields always and nested defaults never.
    """
    data = case.json
    if case.type == "ListTasksResponse" and isinstance(data, dict):
        data = dict(data)
        data["tasks"] = [_transform("Task", t, strip_defaults=True) for t in data["tasks"]]
    data = _transform(case.type, data, strip_defaults=False)
    for type_name, field in ALWAYS_EMITTED:
        if case.type == type_name and isinstance(data, dict):
            data = {**data, field: data.get(field, {})}
    return data


def assert_same_json(
    actual: Any, expected: Any, path: str = "$", *, exact_numbers: bool = True
) -> None:
    """JSON-value equality that tells booleans and numbers apart.

    With ``exact_numbers`` (the default) an integer and a float are different
    values too; without, numbers compare by value (``1 == 1.0``), which is the
    right test against protobuf, whose ``Struct`` numbers are all doubles.
    """
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        assert actual.keys() == expected.keys(), (
            f"{path}: keys differ: extra {sorted(actual.keys() - expected.keys())}, "
            f"missing {sorted(expected.keys() - actual.keys())}"
        )
        for key in expected:
            assert_same_json(
                actual[key], expected[key], f"{path}.{key}", exact_numbers=exact_numbers
            )
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected an array, got {actual!r}"
        assert len(actual) == len(expected), f"{path}: {len(actual)} items, not {len(expected)}"
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_same_json(a, e, f"{path}[{i}]", exact_numbers=exact_numbers)
    elif (
        not exact_numbers
        and isinstance(expected, (int, float))
        and not isinstance(expected, bool)
        and isinstance(actual, (int, float))
        and not isinstance(actual, bool)
    ):
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"
    else:
        assert type(actual) is type(expected), (
            f"{path}: {actual!r} ({type(actual).__name__}) is not "
            f"{expected!r} ({type(expected).__name__})"
        )
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"
