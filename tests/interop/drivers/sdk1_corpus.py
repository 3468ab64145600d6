"""Golden ProtoJSON from a2a-sdk 1.x: runs inside the SDK's own virtualenv.

Two modes, both reading and writing JSON:

``generate``
    Build protobuf messages with ``a2a.types.a2a_pb2`` for every message type
    of the ``lf.a2a.v1`` descriptor and print their ProtoJSON, as the SDK
    server emits it (``json_format.MessageToDict``; ``ListTasksResponse``
    through the SDK's own ``serialize_list_tasks_response``).  Also prints a
    summary of the descriptor, stored with the corpus, so tests can check
    coverage and apply rules field by field without protobuf installed.

``reparse``
    Read ``[{"type": ..., "json": ..., "serializer": ...}, ...]`` on stdin,
    parse each with ``json_format.Parse`` and print what the SDK re-emits
    (or the parser's error), in the same order.

Cases are deterministic: fixed ids, fixed timestamps, no clock, no randomness.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from importlib.metadata import version
from typing import Any

from a2a.server.routes.common import serialize_list_tasks_response
from google.api import annotations_pb2, field_behavior_pb2
from google.protobuf import json_format, struct_pb2
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message as PbMessage
from sdk1_corpus_cases import (
    EDGE_CASES,
    T_2025,
    list_tasks_response_cases,
    struct,
    ts,
    value,
)

from a2a.types import a2a_pb2 as pb

FILE = pb.DESCRIPTOR
REQUIRED = field_behavior_pb2.REQUIRED

# --------------------------------------------------------------------------
# Descriptor summary


def _real_oneof(field: FieldDescriptor) -> str | None:
    oneof = field.containing_oneof
    if oneof is None:
        return None
    # proto3 `optional` puts a field in a synthetic one-member oneof "_name".
    if len(oneof.fields) == 1 and oneof.name == "_" + field.name:
        return None
    return str(oneof.name)


def _real_oneofs(desc: Descriptor) -> list[Any]:
    return [o for o in desc.oneofs if not (len(o.fields) == 1 and o.name == "_" + o.fields[0].name)]


def _is_required(field: FieldDescriptor) -> bool:
    return REQUIRED in list(field.GetOptions().Extensions[field_behavior_pb2.field_behavior])


def _is_map(field: FieldDescriptor) -> bool:
    return bool(
        field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type.GetOptions().map_entry
    )


_SCALAR = {
    FieldDescriptor.TYPE_STRING: "string",
    FieldDescriptor.TYPE_BOOL: "bool",
    FieldDescriptor.TYPE_INT32: "int32",
    FieldDescriptor.TYPE_BYTES: "bytes",
    FieldDescriptor.TYPE_ENUM: "enum",
    FieldDescriptor.TYPE_MESSAGE: "message",
}


def _type_of(field: FieldDescriptor) -> str:
    if field.type == FieldDescriptor.TYPE_ENUM:
        return str(field.enum_type.full_name)
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        return str(field.message_type.full_name)
    return _SCALAR[field.type]


def _field_summary(field: FieldDescriptor) -> dict[str, Any]:
    info: dict[str, Any] = {
        "name": field.name,
        "jsonName": field.json_name,
        "number": field.number,
    }
    if _is_map(field):
        key, value = (
            field.message_type.fields_by_name["key"],
            field.message_type.fields_by_name["value"],
        )
        info["map"] = {"key": _type_of(key), "value": _type_of(value)}
    else:
        info["type"] = _type_of(field)
        info["repeated"] = bool(field.is_repeated)
    info["presence"] = bool(field.has_presence)
    oneof = _real_oneof(field)
    if oneof:
        info["oneof"] = oneof
    info["required"] = _is_required(field)
    return info


def descriptor_summary() -> dict[str, Any]:
    messages = {
        name: {"fields": [_field_summary(f) for f in desc.fields]}
        for name, desc in sorted(FILE.message_types_by_name.items())
    }
    enums = {
        name: [value.name for value in sorted(desc.values, key=lambda v: v.number)]
        for name, desc in sorted(FILE.enum_types_by_name.items())
    }
    services = {
        name: [
            {
                "name": method.name,
                "input": method.input_type.full_name,
                "output": method.output_type.full_name,
                "serverStreaming": bool(method.server_streaming),
                "http": json_format.MessageToDict(
                    method.GetOptions().Extensions[annotations_pb2.http]
                ),
            }
            for method in desc.methods
        ]
        for name, desc in sorted(FILE.services_by_name.items())
    }
    return {"package": FILE.package, "messages": messages, "enums": enums, "services": services}


# --------------------------------------------------------------------------
# Generic builders driven by the descriptor


def _messages_by_full_name() -> dict[str, type[PbMessage]]:
    return {desc.full_name: getattr(pb, name) for name, desc in FILE.message_types_by_name.items()}


CLASSES = _messages_by_full_name()


def _scalar_sample(field: FieldDescriptor, variant: int, label: str, unicode: bool) -> Any:
    kind = field.type
    if kind == FieldDescriptor.TYPE_STRING:
        return f'{label}-{variant} ✓ 😀 "q" \\ \n' if unicode else f"{label}-{variant}"
    if kind == FieldDescriptor.TYPE_BOOL:
        return True
    if kind == FieldDescriptor.TYPE_INT32:
        return 7 + variant
    if kind == FieldDescriptor.TYPE_BYTES:
        return b"\x00\x01\xfb\xff" + bytes([variant])
    if kind == FieldDescriptor.TYPE_ENUM:
        values = [v.number for v in field.enum_type.values if v.number != 0]
        return values[variant % len(values)]
    raise AssertionError(f"unexpected scalar type {kind}")


def _message_sample(field_type: Descriptor, variant: int, depth: int, unicode: bool) -> Any:
    name = field_type.full_name
    if name == "google.protobuf.Timestamp":
        return ts(T_2025 + variant, 250_000_000 * (variant % 4))
    if name == "google.protobuf.Struct":
        return struct({"k": f"v{variant}", "n": variant, "nested": {"list": [True, None]}})
    if name == "google.protobuf.Value":
        return value({"variant": variant, "items": ["a", 1, None]})
    return full(CLASSES[name], variant, depth + 1, unicode=unicode)


def full(
    cls: type[PbMessage], variant: int = 0, depth: int = 0, *, unicode: bool = False
) -> PbMessage:
    """Every field set; each real oneof holds member ``variant`` (modulo its size).

    With ``unicode``, every string holds non-ASCII text and JSON escapes.
    """
    if depth > 8:
        raise AssertionError("the a2a descriptor has no recursive types")
    msg = cls()
    desc = cls.DESCRIPTOR
    chosen = {
        oneof.name: oneof.fields[variant % len(oneof.fields)].name for oneof in _real_oneofs(desc)
    }
    for field in desc.fields:
        oneof = _real_oneof(field)
        if oneof is not None and chosen[oneof] != field.name:
            continue
        label = f"{desc.name}.{field.json_name}"
        target = getattr(msg, field.name)
        if _is_map(field):
            value_field = field.message_type.fields_by_name["value"]
            for index in range(2):
                key = f"{field.json_name}-key-{index}"
                if value_field.type == FieldDescriptor.TYPE_MESSAGE:
                    target[key].CopyFrom(
                        _message_sample(value_field.message_type, variant + index, depth, unicode)
                    )
                else:
                    target[key] = f"{label}-value-{index}"
        elif field.is_repeated:
            for index in range(2):
                if field.type == FieldDescriptor.TYPE_MESSAGE:
                    target.add().CopyFrom(
                        _message_sample(field.message_type, variant + index, depth, unicode)
                    )
                else:
                    target.append(_scalar_sample(field, variant + index, label, unicode))
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            target.CopyFrom(_message_sample(field.message_type, variant, depth, unicode))
        else:
            setattr(msg, field.name, _scalar_sample(field, variant, label, unicode))
    return msg


def minimal(cls: type[PbMessage]) -> PbMessage:
    """The smallest message a strict reader accepts.

    Every REQUIRED message field holds its own minimal message, and every real
    oneof holds its first member at its zero value.
    """
    msg = cls()
    desc = cls.DESCRIPTOR
    done: set[str] = set()
    for field in desc.fields:
        oneof = _real_oneof(field)
        in_first = oneof is not None and oneof not in done
        required = _is_required(field)
        if oneof is not None and not in_first:
            continue
        if oneof is not None:
            done.add(oneof)
            _set_zero(msg, field)
        elif required and field.type == FieldDescriptor.TYPE_MESSAGE and not field.is_repeated:
            getattr(msg, field.name).CopyFrom(minimal(CLASSES[field.message_type.full_name]))
    return msg


def _set_zero(msg: PbMessage, field: FieldDescriptor) -> None:
    """Set a field with presence to its zero value, so that it is present."""
    if field.type != FieldDescriptor.TYPE_MESSAGE:
        setattr(msg, field.name, field.default_value)
        return
    name = field.message_type.full_name
    if name == "google.protobuf.Value":
        getattr(msg, field.name).null_value = struct_pb2.NULL_VALUE
    elif name in CLASSES:
        getattr(msg, field.name).CopyFrom(minimal(CLASSES[name]))
    else:  # Struct, Timestamp: present and empty (the epoch, for a Timestamp)
        getattr(msg, field.name).SetInParent()


def optional_zero(cls: type[PbMessage]) -> PbMessage:
    """``minimal`` plus every other field with presence set to its zero value."""
    msg = minimal(cls)
    for field in cls.DESCRIPTOR.fields:
        if field.has_presence and _real_oneof(field) is None and not msg.HasField(field.name):
            _set_zero(msg, field)
    return msg


# --------------------------------------------------------------------------
# Serialization, as the SDK server does it


def to_json(name: str, msg: PbMessage) -> Any:
    if name == "ListTasksResponse":
        return serialize_list_tasks_response(msg, include_artifacts=True)
    return json_format.MessageToDict(msg, preserving_proto_field_name=False)


def generic_cases(name: str) -> Iterator[tuple[str, PbMessage]]:
    cls = getattr(pb, name)
    desc = cls.DESCRIPTOR
    yield "empty", cls()
    if minimal(cls) != cls():
        yield "minimal", minimal(cls)
    if optional_zero(cls) != minimal(cls):
        yield "optional-fields-zero", optional_zero(cls)
    oneofs = _real_oneofs(desc)
    members = max((len(o.fields) for o in oneofs), default=1)
    for variant in range(members):
        suffix = f"-{oneofs[0].fields[variant].name}" if oneofs else ""
        yield f"full{suffix}", full(cls, variant)
    yield "full-unicode", full(cls, 1, unicode=True)
    for oneof in oneofs:
        for field in oneof.fields:
            msg = cls()
            _set_zero(msg, field)
            for other in desc.fields:  # keep the strict reader's required fields
                if _is_required(other) and other.type == FieldDescriptor.TYPE_MESSAGE:
                    required_type = CLASSES[other.message_type.full_name]
                    getattr(msg, other.name).CopyFrom(minimal(required_type))
            yield f"oneof-{field.name}-zero", msg
    for field in desc.fields:
        if field.type == FieldDescriptor.TYPE_ENUM and not field.is_repeated:
            for number in sorted(v.number for v in field.enum_type.values):
                msg = minimal(cls)
                setattr(msg, field.name, number)
                yield f"enum-{field.name}-{field.enum_type.values_by_number[number].name}", msg


def generate() -> dict[str, Any]:
    cases: dict[str, list[dict[str, Any]]] = {}
    for name in sorted(FILE.message_types_by_name):
        out: list[dict[str, Any]] = []
        if name == "ListTasksResponse":
            pairs: list[tuple[str, Any]] = [
                (case, to_json(name, msg)) for case, msg in generic_cases(name)
            ]
            pairs += list(list_tasks_response_cases())
        else:
            produced = list(generic_cases(name)) + list(EDGE_CASES.get(name, lambda: iter(()))())
            pairs = [(case, to_json(name, msg)) for case, msg in produced]
        seen: set[str] = set()
        for case, data in pairs:
            if case in seen:
                raise AssertionError(f"duplicate case {name}/{case}")
            seen.add(case)
            out.append({"name": case, "json": data})
        cases[name] = out
    return {
        "generator": {
            "a2a-sdk": version("a2a-sdk"),
            "protobuf": version("protobuf"),
        },
        "descriptor": descriptor_summary(),
        "cases": cases,
    }


# --------------------------------------------------------------------------
# Reverse direction: parse what another implementation wrote


def reparse(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for item in items:
        msg = getattr(pb, item["type"])()
        try:
            json_format.Parse(item["text"], msg)
        except json_format.ParseError as exc:
            results.append({"ok": False, "error": str(exc)})
            continue
        results.append({"ok": True, "json": to_json(item["type"], msg)})
    return results


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else "generate"
    if mode == "generate":
        out: Any = generate()
    elif mode == "reparse":
        out = reparse(json.load(sys.stdin))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
