"""The data model on the wire: ProtoJSON names, enums, oneofs, required fields, timestamps.

Every check walks the documents of :func:`~.fixtures.samples` (card, send
results, tasks, lists, stream events) and reports the first offending path.
Members whose content is the sender's own JSON (``metadata``, ``Part.data``,
extension ``params``, JWS ``header``, OAuth ``scopes``) are not inspected, and
the keys of name-keyed maps (``securitySchemes``, requirement ``schemes``)
are names, not fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from a2a.conformance.checks.fixtures import Sample, samples
from a2a.conformance.context import BindingContext
from a2a.conformance.registry import check, fail
from a2a.conformance.shapes import STREAM_MEMBERS, artifacts_of, history_of, member
from a2a.types import Role, TaskState

__all__: list[str] = []

FREE = frozenset({"metadata", "params", "header", "scopes", "data"})
NAMED = frozenset({"securitySchemes", "schemes"})
CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.(\d+))?Z$")
PART_MEMBERS = ("text", "raw", "url", "data")
STATES = {s.value for s in TaskState if s is not TaskState.TASK_STATE_UNSPECIFIED}
ROLES = {r.value for r in Role if r is not Role.ROLE_UNSPECIFIED}


def members(value: Any, path: str = "$") -> Iterator[tuple[str, str, Any, str]]:
    """``(path, key, value, parent key)`` for every field of every A2A object in ``value``."""
    yield from _walk(value, path, "")


def _walk(value: Any, path: str, parent: str) -> Iterator[tuple[str, str, Any, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}"
            if parent not in NAMED:
                yield where, key, item, parent
            if key not in FREE:
                yield from _walk(item, where, key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]", parent)


def _first(found: list[str], expected: str) -> None:
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        fail(expected, found[0] + more)


def _all(documents: list[Sample]) -> Iterator[tuple[str, str, str, Any, str]]:
    for label, document in documents:
        for path, key, value, parent in members(document):
            yield label, path, key, value, parent


@check("A2A-DM-CAMEL-001")
async def camel_case(ctx: BindingContext) -> None:
    found = [
        f"{label}: {path}"
        for label, path, key, _, _ in _all(await samples(ctx))
        if key != "@type" and not CAMEL.match(key)
    ]
    _first(found, "lowerCamelCase field names")


@check("A2A-DM-KIND-001")
async def no_kind(ctx: BindingContext) -> None:
    found = [
        f"{label}: {path} = {value!r}"
        for label, path, key, value, _ in _all(await samples(ctx))
        if key == "kind"
    ]
    _first(found, "no kind member")


@check("A2A-DM-ENUM-001")
async def enum_names(ctx: BindingContext) -> None:
    found = []
    for label, path, key, value, parent in _all(await samples(ctx)):
        bad_state = key == "state" and parent == "status" and value not in STATES
        if bad_state or (key == "role" and value not in ROLES):
            found.append(f"{label}: {path} = {value!r}")
    _first(found, "TASK_STATE_* and ROLE_* names")


def _oneof_problems(label: str, document: Any) -> Iterator[str]:
    if label.startswith("SendMessage result"):
        present = [k for k in ("task", "message") if isinstance(document, dict) and k in document]
        if len(present) != 1:
            yield f"{label}: members {present or 'none'} of task/message"
    if label.startswith("stream event"):
        present = [k for k in STREAM_MEMBERS if isinstance(document, dict) and k in document]
        if len(present) != 1:
            yield f"{label}: members {present or 'none'} of {'/'.join(STREAM_MEMBERS)}"
    for path, key, value, _ in members(document):
        if key == "parts" and isinstance(value, list):
            for index, part in enumerate(value):
                present = [k for k in PART_MEMBERS if isinstance(part, dict) and k in part]
                if len(present) != 1:
                    yield f"{label}: {path}[{index}] sets {present or 'none'}"


@check("A2A-DM-ONEOF-001")
async def oneofs(ctx: BindingContext) -> None:
    found = [p for label, doc in await samples(ctx) for p in _oneof_problems(label, doc)]
    _first(found, "exactly one member of each oneof")


def _text(obj: Any, name: str) -> bool:
    value = member(obj, name)
    return isinstance(value, str) and bool(value)


def _required(kind: str, obj: Any, where: str) -> Iterator[str]:
    if not isinstance(obj, dict):
        yield f"{where} is not an object"
        return
    needed: dict[str, tuple[str, ...]] = {
        "task": ("id",),
        "message": ("messageId",),
        "artifact": ("artifactId",),
        "statusUpdate": ("taskId", "contextId"),
        "artifactUpdate": ("taskId", "contextId"),
    }
    for name in needed[kind]:
        if not _text(obj, name):
            yield f"{where}.{name}"
    if kind in ("task", "statusUpdate"):
        status = member(obj, "status")
        if not isinstance(status, dict) or "state" not in status:
            yield f"{where}.status.state"
        elif isinstance(status.get("message"), dict):
            yield from _required("message", status["message"], f"{where}.status.message")
    if kind == "message" and member(obj, "role") is None:
        yield f"{where}.role"
    parts = member(obj, "parts")
    if kind in ("message", "artifact") and not (isinstance(parts, list) and parts):
        yield f"{where}.parts (at least one)"
    if kind == "task":
        for index, artifact in enumerate(artifacts_of(obj)):
            yield from _required("artifact", artifact, f"{where}.artifacts[{index}]")
        for index, message in enumerate(history_of(obj)):
            yield from _required("message", message, f"{where}.history[{index}]")
    if kind == "artifactUpdate":
        artifact = member(obj, "artifact")
        if not isinstance(artifact, dict):
            yield f"{where}.artifact"
        else:
            yield from _required("artifact", artifact, f"{where}.artifact")


def _required_problems(label: str, document: Any) -> Iterator[str]:
    if not isinstance(document, dict):
        return
    if label.startswith(("SendMessage result", "stream event")):
        for kind in ("task", "message", "statusUpdate", "artifactUpdate"):
            if isinstance(member(document, kind), dict):
                yield from _required(kind, member(document, kind), f"{label}: {kind}")
    elif label == "GetTask result":
        yield from _required("task", document, label)
    elif label == "ListTasks result":
        for index, task in enumerate(member(document, "tasks") or []):
            yield from _required("task", task, f"{label}: tasks[{index}]")


@check("A2A-DM-REQUIRED-001")
async def required_fields(ctx: BindingContext) -> None:
    found = [p for label, doc in await samples(ctx) for p in _required_problems(label, doc)]
    _first(found, "every REQUIRED field present and set")


def _timestamps(documents: list[Sample]) -> Iterator[tuple[str, Any]]:
    for label, path, key, value, _ in _all(documents):
        if key == "timestamp":
            yield f"{label}: {path}", value


@check("A2A-DM-TIMESTAMP-001")
async def timestamps_utc(ctx: BindingContext) -> None:
    found = [
        f"{where} = {value!r}"
        for where, value in _timestamps(await samples(ctx))
        if not (isinstance(value, str) and TIMESTAMP.match(value))
    ]
    _first(found, "YYYY-MM-DDTHH:MM:SS[.fff]Z")


@check("A2A-DM-TIMESTAMP-002")
async def timestamps_millis(ctx: BindingContext) -> None:
    # ProtoJSON leaves the fraction out of a whole second, so one timestamp without a
    # fraction proves nothing; coarse digits do, and so does never showing milliseconds.
    digits = []
    for where, value in _timestamps(await samples(ctx)):
        match = TIMESTAMP.match(value) if isinstance(value, str) else None
        if match is not None:
            digits.append((where, value, len(match.group(2) or "")))
    coarse = [f"{where} = {value!r}" for where, value, n in digits if 0 < n < 3]
    _first(coarse, "at least three fraction digits")
    if digits and all(n == 0 for _, _, n in digits):
        fail("millisecond precision", f"whole seconds only, e.g. {digits[0][1]!r}")


_EMPTY_STRINGS = frozenset(
    {"taskId", "contextId", "messageId", "artifactId", "filename", "mediaType"}
)
_EMPTY_LISTS = frozenset({"artifacts", "history", "extensions", "referenceTaskIds"})


@check("A2A-DM-DEFAULTS-001")
async def defaults_omitted(ctx: BindingContext) -> None:
    found = []
    for label, path, key, value, _ in _all(await samples(ctx)):
        if value is None:
            found.append(f"{label}: {path} = null")
        elif key in _EMPTY_STRINGS and value == "":
            found.append(f'{label}: {path} = ""')
        elif key in _EMPTY_LISTS and value == []:
            found.append(f"{label}: {path} = []")
        elif key == "metadata" and value == {}:
            found.append(f"{label}: {path} = {{}}")
    _first(found, "default values left out")
