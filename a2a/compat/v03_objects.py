"""A2A 0.3 objects (parts, messages, tasks, events, push configs) to and from the 1.0 models.

What 0.3 looks like, next to 1.0 (A2A notes §1.2):

* objects carry a ``kind`` tag (``task``, ``message``, ``status-update``,
  ``artifact-update``; parts ``text``, ``file``, ``data``) where 1.0 uses a
  wrapper member;
* states and roles are lowercase (``input-required``, ``user``);
* files are ``{"kind":"file","file":{"bytes"|"uri", "mimeType", "name"}}``;
* status events carry ``final``;
* push configs nest ``pushNotificationConfig`` inside ``{taskId, ...}`` and
  ``authentication.schemes`` is a list.

Lossy corners, on purpose: a 1.0 ``data`` part whose value is not an object
becomes ``{"value": ...}`` (0.3 data parts hold objects only); ``mediaType``
and ``filename`` on text and data parts have no 0.3 field and are dropped;
only the first of several 0.3 push ``schemes`` is kept.

Malformed input raises ``ValueError`` (pydantic's ``ValidationError`` is one).
"""

from __future__ import annotations

from typing import Any

from a2a.types import (
    Artifact,
    Message,
    Part,
    Role,
    StreamEvent,
    StreamResponse,
    Task,
    TaskArtifactUpdateEvent,
    TaskPushNotificationConfig,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
    format_timestamp,
)

__all__ = [
    "Json",
    "artifact_from_v03",
    "artifact_to_v03",
    "event_from_v03",
    "event_to_v03",
    "inner_push_from_v03",
    "inner_push_to_v03",
    "message_from_v03",
    "message_to_v03",
    "part_from_v03",
    "part_to_v03",
    "push_config_from_v03",
    "push_config_to_v03",
    "role_from_v03",
    "role_to_v03",
    "state_from_v03",
    "state_to_v03",
    "stream_response_from_v03",
    "stream_response_to_v03",
    "task_from_v03",
    "task_to_v03",
]

Json = dict[str, Any]

# ---------------------------------------------------------------------------
# Enums

_S = TaskState
_STATES = {
    _S.TASK_STATE_UNSPECIFIED: "unknown",
    _S.TASK_STATE_SUBMITTED: "submitted",
    _S.TASK_STATE_WORKING: "working",
    _S.TASK_STATE_COMPLETED: "completed",
    _S.TASK_STATE_FAILED: "failed",
    _S.TASK_STATE_CANCELED: "canceled",
    _S.TASK_STATE_INPUT_REQUIRED: "input-required",
    _S.TASK_STATE_REJECTED: "rejected",
    _S.TASK_STATE_AUTH_REQUIRED: "auth-required",
}
_STATES_BACK = {name: state for state, name in _STATES.items()}
_ROLES = {Role.ROLE_USER: "user", Role.ROLE_AGENT: "agent"}
_ROLES_BACK = {name: role for role, name in _ROLES.items()}


def state_to_v03(state: TaskState) -> str:
    return _STATES[state]


def state_from_v03(value: Any) -> TaskState:
    """A 0.3 state name; ``"unknown"`` maps to ``TASK_STATE_UNSPECIFIED``."""
    if isinstance(value, str) and value in _STATES_BACK:
        return _STATES_BACK[value]
    raise ValueError(f"unknown 0.3 task state {value!r}")


def role_to_v03(role: Role) -> str:
    if role not in _ROLES:
        raise ValueError("a 0.3 message needs role user or agent")
    return _ROLES[role]


def role_from_v03(value: Any) -> Role:
    if isinstance(value, str) and value in _ROLES_BACK:
        return _ROLES_BACK[value]
    raise ValueError(f"unknown 0.3 role {value!r}")


# ---------------------------------------------------------------------------
# Parts, messages, artifacts, tasks, events


def _put(out: Json, key: str, value: Any) -> None:
    """Set ``key`` unless ``value`` is empty (0.3 optional fields are simply absent)."""
    if value not in (None, "", [], {}):
        out[key] = value


def part_to_v03(part: Part) -> Json:
    out: Json
    if part.text is not None:
        out = {"kind": "text", "text": part.text}
    elif part.raw is not None or part.url is not None:
        file: Json = {}
        if part.raw is not None:
            file["bytes"] = part.to_dict()["raw"]
        else:
            file["uri"] = part.url
        _put(file, "mimeType", part.media_type)
        _put(file, "name", part.filename)
        out = {"kind": "file", "file": file}
    else:
        data = part.data
        out = {"kind": "data", "data": data if isinstance(data, dict) else {"value": data}}
    _put(out, "metadata", part.metadata)
    return out


def part_from_v03(data: Json) -> Part:
    kind = data.get("kind") or next((k for k in ("text", "file", "data") if k in data), None)
    meta = data.get("metadata")
    if kind == "text":
        return Part(text=_str(data.get("text"), "text"), metadata=meta)
    if kind == "file":
        file = data.get("file")
        if not isinstance(file, dict):
            raise ValueError("a file part needs a file object")
        content = (
            {"raw": file["bytes"]}
            if file.get("bytes") is not None
            else {"url": _str(file.get("uri"), "file.uri")}
        )
        return Part.model_validate(
            {
                **content,
                "metadata": meta,
                "mediaType": file.get("mimeType") or "",
                "filename": file.get("name") or "",
            }
        )
    if kind == "data":
        if "data" not in data:
            raise ValueError("a data part needs data")
        return Part(data=data["data"], metadata=meta)
    raise ValueError(f"unknown 0.3 part kind {kind!r}")


def _str(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string")
    return value


def message_to_v03(message: Message) -> Json:
    out: Json = {
        "kind": "message",
        "messageId": message.message_id,
        "role": role_to_v03(message.role),
        "parts": [part_to_v03(p) for p in message.parts],
    }
    _put(out, "contextId", message.context_id)
    _put(out, "taskId", message.task_id)
    _put(out, "metadata", message.metadata)
    _put(out, "extensions", list(message.extensions))
    _put(out, "referenceTaskIds", list(message.reference_task_ids))
    return out


def message_from_v03(data: Json) -> Message:
    return Message(
        message_id=data.get("messageId") or "",
        context_id=data.get("contextId") or "",
        task_id=data.get("taskId") or "",
        role=role_from_v03(data.get("role")),
        parts=[part_from_v03(p) for p in _objects(data.get("parts"), "parts")],
        metadata=data.get("metadata"),
        extensions=list(data.get("extensions") or []),
        reference_task_ids=list(data.get("referenceTaskIds") or []),
    )


def _objects(value: Any, name: str) -> list[Json]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"{name} must be a list of objects")
    return value


def artifact_to_v03(artifact: Artifact) -> Json:
    out: Json = {
        "artifactId": artifact.artifact_id,
        "parts": [part_to_v03(p) for p in artifact.parts],
    }
    _put(out, "name", artifact.name)
    _put(out, "description", artifact.description)
    _put(out, "metadata", artifact.metadata)
    _put(out, "extensions", list(artifact.extensions))
    return out


def artifact_from_v03(data: Json) -> Artifact:
    return Artifact(
        artifact_id=data.get("artifactId") or "",
        name=data.get("name") or "",
        description=data.get("description") or "",
        parts=[part_from_v03(p) for p in _objects(data.get("parts"), "parts")],
        metadata=data.get("metadata"),
        extensions=list(data.get("extensions") or []),
    )


def _status_to_v03(status: TaskStatus) -> Json:
    out: Json = {"state": state_to_v03(status.state)}
    if status.message is not None:
        out["message"] = message_to_v03(status.message)
    if status.timestamp is not None:
        out["timestamp"] = format_timestamp(status.timestamp)
    return out


def _status_from_v03(data: Any) -> TaskStatus:
    if not isinstance(data, dict):
        raise ValueError("status must be an object")
    message = data.get("message")
    return TaskStatus.model_validate(
        {
            "state": state_from_v03(data.get("state")),
            "message": message_from_v03(message) if isinstance(message, dict) else None,
            "timestamp": data.get("timestamp") or None,
        }
    )


def task_to_v03(task: Task) -> Json:
    out: Json = {
        "kind": "task",
        "id": task.id,
        "contextId": task.context_id,
        "status": _status_to_v03(task.status),
    }
    _put(out, "artifacts", [artifact_to_v03(a) for a in task.artifacts])
    _put(out, "history", [message_to_v03(m) for m in task.history])
    _put(out, "metadata", task.metadata)
    return out


def task_from_v03(data: Json) -> Task:
    return Task(
        id=data.get("id") or "",
        context_id=data.get("contextId") or "",
        status=_status_from_v03(data.get("status")),
        artifacts=[artifact_from_v03(a) for a in _objects(data.get("artifacts"), "artifacts")],
        history=[message_from_v03(m) for m in _objects(data.get("history"), "history")],
        metadata=data.get("metadata"),
    )


def event_to_v03(event: StreamEvent, *, final: bool | None = None) -> Json:
    """Any stream event in 0.3 form.

    For status updates, ``final`` defaults to "the stream ends here": a
    terminal or interrupted state, which is when 1.0 servers close (A2A §7.2).
    """
    if isinstance(event, Task):
        return task_to_v03(event)
    if isinstance(event, Message):
        return message_to_v03(event)
    out: Json = {"taskId": event.task_id, "contextId": event.context_id}
    if isinstance(event, TaskStatusUpdateEvent):
        state = event.status.state
        out["kind"] = "status-update"
        out["status"] = _status_to_v03(event.status)
        out["final"] = (state.is_terminal or state.is_interrupted) if final is None else final
    else:
        out["kind"] = "artifact-update"
        out["artifact"] = artifact_to_v03(event.artifact)
        if event.append:
            out["append"] = True
        if event.last_chunk:
            out["lastChunk"] = True
    _put(out, "metadata", event.metadata)
    return out


def event_from_v03(data: Any) -> StreamEvent:
    """A ``kind``-tagged 0.3 object as a 1.0 event (``final`` is dropped: 1.0 closes the stream)."""
    if not isinstance(data, dict):
        raise ValueError("expected a 0.3 object")
    kind = data.get("kind") or _guess_kind(data)
    if kind == "task":
        return task_from_v03(data)
    if kind == "message":
        return message_from_v03(data)
    ids = {"task_id": data.get("taskId") or "", "context_id": data.get("contextId") or ""}
    if kind == "status-update":
        return TaskStatusUpdateEvent(
            status=_status_from_v03(data.get("status")), metadata=data.get("metadata"), **ids
        )
    if kind == "artifact-update":
        artifact = data.get("artifact")
        if not isinstance(artifact, dict):
            raise ValueError("an artifact update needs an artifact object")
        return TaskArtifactUpdateEvent(
            artifact=artifact_from_v03(artifact),
            append=bool(data.get("append")),
            last_chunk=bool(data.get("lastChunk")),
            metadata=data.get("metadata"),
            **ids,
        )
    raise ValueError(f"unknown 0.3 kind {kind!r}")


def _guess_kind(data: Json) -> str | None:
    # Some 0.3 peers omit ``kind``; the shape still tells.
    if "artifact" in data:
        return "artifact-update"
    if "status" in data and "taskId" in data:
        return "status-update"
    if "status" in data and "id" in data:
        return "task"
    if "messageId" in data:
        return "message"
    return None


def stream_response_to_v03(response: StreamResponse) -> Json:
    return event_to_v03(response.payload)


def stream_response_from_v03(data: Any) -> StreamResponse:
    return StreamResponse.wrap(event_from_v03(data))


# ---------------------------------------------------------------------------
# Push notification configs


def inner_push_to_v03(config: TaskPushNotificationConfig) -> Json:
    """The 0.3 ``PushNotificationConfig`` (no task id), as embedded in ``message/send``."""
    out: Json = {"url": config.url}
    _put(out, "id", config.id)
    _put(out, "token", config.token)
    if config.authentication is not None:
        auth: Json = {"schemes": [config.authentication.scheme]}
        _put(auth, "credentials", config.authentication.credentials)
        out["authentication"] = auth
    return out


def inner_push_from_v03(data: Any, task_id: str = "") -> TaskPushNotificationConfig:
    if not isinstance(data, dict):
        raise ValueError("pushNotificationConfig must be an object")
    auth = data.get("authentication")
    authentication = None
    if isinstance(auth, dict):
        schemes = auth.get("schemes") or []
        authentication = {
            "scheme": schemes[0] if schemes else "",
            "credentials": auth.get("credentials") or "",
        }
    return TaskPushNotificationConfig.model_validate(
        {
            "id": data.get("id") or "",
            "taskId": task_id,
            "url": data.get("url") or "",
            "token": data.get("token") or "",
            "authentication": authentication,
        }
    )


def push_config_to_v03(config: TaskPushNotificationConfig) -> Json:
    """``{taskId, pushNotificationConfig: {...}}``, the 0.3 ``TaskPushNotificationConfig``."""
    return {"taskId": config.task_id, "pushNotificationConfig": inner_push_to_v03(config)}


def push_config_from_v03(data: Any) -> TaskPushNotificationConfig:
    if not isinstance(data, dict):
        raise ValueError("expected a 0.3 TaskPushNotificationConfig object")
    return inner_push_from_v03(data.get("pushNotificationConfig"), data.get("taskId") or "")
