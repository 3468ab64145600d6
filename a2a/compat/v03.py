"""A2A 0.3 JSON-RPC to and from the 1.0 models, for every operation 0.3 has, without I/O.

A client uses :func:`request_to_v03` and :func:`response_from_v03` to talk to
a 0.3 agent; a server uses :func:`request_from_v03` and :func:`response_to_v03`
to answer a 0.3 client.  Each operation is one row of :data:`V03_OPERATIONS`,
keyed by the 1.0 method name of :data:`a2a.operations.OPERATIONS`; the 0.3
method name is the table's ``legacy_method``.

Request shapes (params, 0.3 → 1.0):

* ``message/send``, ``message/stream``: ``MessageSendParams`` →
  ``SendMessageRequest``; ``configuration.blocking`` is the inverse of
  ``returnImmediately`` (both default to blocking);
* ``tasks/get``: ``{id, historyLength}``; ``tasks/cancel``,
  ``tasks/resubscribe``: ``{id, metadata}``;
* ``tasks/pushNotificationConfig/set``: ``{taskId, pushNotificationConfig}``;
  ``.../get`` and ``.../delete``: ``{id: taskId, pushNotificationConfigId}``
  (an absent config id means the task's default config, whose id is the task
  id); ``.../list``: ``{id: taskId}``;
* ``agent/getAuthenticatedExtendedCard``: no params.

Results: ``message/send`` returns a bare ``kind``-tagged Task or Message;
streams carry ``kind``-tagged events; push ``list`` returns an array; push
``delete`` returns ``null``.  ``ListTasks`` does not exist in 0.3.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from a2a.compat.v03_card import (
    LEGACY_CARD_VERSION,
    card_from_v03,
    card_to_v03,
    hybrid_card,
    is_v03_card,
    scheme_from_v03,
    scheme_to_v03,
)
from a2a.compat.v03_objects import (
    Json,
    artifact_from_v03,
    artifact_to_v03,
    event_from_v03,
    event_to_v03,
    inner_push_from_v03,
    inner_push_to_v03,
    message_from_v03,
    message_to_v03,
    part_from_v03,
    part_to_v03,
    push_config_from_v03,
    push_config_to_v03,
    role_from_v03,
    role_to_v03,
    state_from_v03,
    state_to_v03,
    stream_response_from_v03,
    stream_response_to_v03,
    task_from_v03,
    task_to_v03,
)
from a2a.errors import InvalidParamsError, MethodNotFoundError, UnsupportedOperationError
from a2a.operations import OPERATIONS, Operation
from a2a.protocol.validation import validation_error
from a2a.types import (
    A2AModel,
    AgentCard,
    CancelTaskRequest,
    DeleteTaskPushNotificationConfigRequest,
    Empty,
    GetExtendedAgentCardRequest,
    GetTaskPushNotificationConfigRequest,
    GetTaskRequest,
    ListTaskPushNotificationConfigsRequest,
    ListTaskPushNotificationConfigsResponse,
    Message,
    SendMessageConfiguration,
    SendMessageRequest,
    SendMessageResponse,
    SubscribeToTaskRequest,
    Task,
    required_violations,
)

__all__ = [
    "LEGACY_CARD_VERSION",
    "V03_OPERATIONS",
    "V03Operation",
    "artifact_from_v03",
    "artifact_to_v03",
    "card_from_v03",
    "card_to_v03",
    "event_from_v03",
    "event_to_v03",
    "hybrid_card",
    "inner_push_from_v03",
    "inner_push_to_v03",
    "is_v03_card",
    "legacy_method",
    "message_from_v03",
    "message_to_v03",
    "operation_for",
    "part_from_v03",
    "part_to_v03",
    "push_config_from_v03",
    "push_config_to_v03",
    "request_from_v03",
    "request_to_v03",
    "response_from_v03",
    "response_to_v03",
    "role_from_v03",
    "role_to_v03",
    "scheme_from_v03",
    "scheme_to_v03",
    "state_from_v03",
    "state_to_v03",
    "stream_response_from_v03",
    "stream_response_to_v03",
    "task_from_v03",
    "task_to_v03",
]


@dataclass(frozen=True)
class V03Operation:
    """How one operation's params and result look in 0.3, both ways."""

    request_to: Callable[[Any], Any]
    request_from: Callable[[Json], A2AModel]
    response_to: Callable[[Any], Any]
    response_from: Callable[[Any], A2AModel]


def _obj(value: Any, what: str) -> Json:
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be an object")
    return value


# --- message/send, message/stream


def _send_to(request: SendMessageRequest) -> Json:
    out: Json = {"message": message_to_v03(request.message)}
    config = request.configuration
    if config is not None:
        cfg: Json = {"blocking": not config.return_immediately}
        if config.accepted_output_modes:
            cfg["acceptedOutputModes"] = list(config.accepted_output_modes)
        if config.history_length is not None:
            cfg["historyLength"] = config.history_length
        if config.task_push_notification_config is not None:
            cfg["pushNotificationConfig"] = inner_push_to_v03(config.task_push_notification_config)
        out["configuration"] = cfg
    if request.metadata is not None:
        out["metadata"] = request.metadata
    return out


def _send_from(params: Json) -> SendMessageRequest:
    config = params.get("configuration")
    configuration = None
    if isinstance(config, dict):
        push = config.get("pushNotificationConfig")
        configuration = SendMessageConfiguration(
            accepted_output_modes=list(config.get("acceptedOutputModes") or []),
            history_length=config.get("historyLength"),
            return_immediately=config.get("blocking") is False,
            task_push_notification_config=inner_push_from_v03(push) if push else None,
        )
    return SendMessageRequest(
        message=message_from_v03(_obj(params.get("message"), "message")),
        configuration=configuration,
        metadata=params.get("metadata"),
    )


def _send_result_to(response: SendMessageResponse) -> Json:
    if response.task is not None:
        return task_to_v03(response.task)
    assert response.message is not None  # the oneof holds exactly one
    return message_to_v03(response.message)


def _send_result_from(result: Any) -> SendMessageResponse:
    event = event_from_v03(result)
    if isinstance(event, Task):
        return SendMessageResponse(task=event)
    if isinstance(event, Message):
        return SendMessageResponse(message=event)
    raise ValueError("message/send must return a task or a message")


# --- tasks/*


def _get_task_to(request: GetTaskRequest) -> Json:
    out: Json = {"id": request.id}
    if request.history_length is not None:
        out["historyLength"] = request.history_length
    return out


def _get_task_from(params: Json) -> GetTaskRequest:
    return GetTaskRequest(id=params.get("id") or "", history_length=params.get("historyLength"))


def _cancel_to(request: CancelTaskRequest) -> Json:
    out: Json = {"id": request.id}
    if request.metadata is not None:
        out["metadata"] = request.metadata
    return out


def _cancel_from(params: Json) -> CancelTaskRequest:
    return CancelTaskRequest(id=params.get("id") or "", metadata=params.get("metadata"))


def _task_result_from(result: Any) -> Task:
    return task_from_v03(_obj(result, "result"))


# --- tasks/pushNotificationConfig/*


def _push_ids_to(
    request: GetTaskPushNotificationConfigRequest | DeleteTaskPushNotificationConfigRequest,
) -> Json:
    return {"id": request.task_id, "pushNotificationConfigId": request.id}


def _push_get_from(params: Json) -> GetTaskPushNotificationConfigRequest:
    task_id = params.get("id") or ""
    return GetTaskPushNotificationConfigRequest(
        task_id=task_id, id=params.get("pushNotificationConfigId") or task_id
    )


def _push_delete_from(params: Json) -> DeleteTaskPushNotificationConfigRequest:
    task_id = params.get("id") or ""
    return DeleteTaskPushNotificationConfigRequest(
        task_id=task_id, id=params.get("pushNotificationConfigId") or task_id
    )


def _push_list_from(params: Json) -> ListTaskPushNotificationConfigsRequest:
    return ListTaskPushNotificationConfigsRequest(task_id=params.get("id") or "")


def _push_list_result_to(response: ListTaskPushNotificationConfigsResponse) -> list[Json]:
    return [push_config_to_v03(c) for c in response.configs]


def _push_list_result_from(result: Any) -> ListTaskPushNotificationConfigsResponse:
    if not isinstance(result, list):
        raise ValueError("the push config list must be an array")
    return ListTaskPushNotificationConfigsResponse(
        configs=[push_config_from_v03(c) for c in result]
    )


def _card_result_from(result: Any) -> AgentCard:
    return card_from_v03(_obj(result, "result"))


V03_OPERATIONS: dict[str, V03Operation] = {
    "SendMessage": V03Operation(
        _send_to, _send_from, _send_result_to, _send_result_from
    ),
    "SendStreamingMessage": V03Operation(
        _send_to, _send_from, stream_response_to_v03, stream_response_from_v03
    ),
    "GetTask": V03Operation(
        _get_task_to, _get_task_from, task_to_v03, _task_result_from
    ),
    "CancelTask": V03Operation(
        _cancel_to, _cancel_from, task_to_v03, _task_result_from
    ),
    "SubscribeToTask": V03Operation(
        lambda r: {"id": r.id},
        lambda p: SubscribeToTaskRequest(id=p.get("id") or ""),
        stream_response_to_v03,
        stream_response_from_v03,
    ),
    "CreateTaskPushNotificationConfig": V03Operation(
        push_config_to_v03, push_config_from_v03, push_config_to_v03, push_config_from_v03
    ),
    "GetTaskPushNotificationConfig": V03Operation(
        _push_ids_to, _push_get_from, push_config_to_v03, push_config_from_v03
    ),
    "ListTaskPushNotificationConfigs": V03Operation(
        lambda r: {"id": r.task_id},
        _push_list_from,
        _push_list_result_to,
        _push_list_result_from,
    ),
    "DeleteTaskPushNotificationConfig": V03Operation(
        _push_ids_to, _push_delete_from, lambda _r: None, lambda _r: Empty()
    ),
    "GetExtendedAgentCard": V03Operation(
        lambda _r: {}, lambda _p: GetExtendedAgentCardRequest(), card_to_v03, _card_result_from
    ),
}  # fmt: skip
"""Every operation that exists in 0.3, by 1.0 method name."""

_BY_LEGACY: dict[str, Operation] = {
    op.legacy_method: op for op in OPERATIONS if op.method in V03_OPERATIONS
}


def _row(op: Operation) -> V03Operation:
    row = V03_OPERATIONS.get(op.method)
    if row is None:
        raise UnsupportedOperationError(f"{op.method} does not exist in A2A 0.3")
    return row


def legacy_method(op: Operation) -> str:
    """The 0.3 method name of ``op``; :class:`UnsupportedOperationError` if 0.3 lacks it."""
    _row(op)
    return op.legacy_method


def operation_for(legacy: str) -> Operation:
    """The operation behind a 0.3 method name; :class:`MethodNotFoundError` if none."""
    op = _BY_LEGACY.get(legacy)
    if op is None:
        raise MethodNotFoundError(f"Method not found: {legacy}")
    return op


def request_to_v03(op: Operation, request: A2AModel) -> Any:
    """The 0.3 ``params`` for a 1.0 request (the tenant has no 0.3 form and is dropped)."""
    return _row(op).request_to(request)


def request_from_v03(op: Operation, params: Any) -> A2AModel:
    """A 1.0 request from 0.3 ``params``; :class:`InvalidParamsError` names what is wrong."""
    row = _row(op)
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise InvalidParamsError(field_violations=[("params", "expected a JSON object")])
    try:
        request = row.request_from(params)
    except ValidationError as exc:
        raise validation_error(exc) from None
    except ValueError as exc:
        raise InvalidParamsError(field_violations=[("params", str(exc))]) from None
    missing = required_violations(request)
    if missing:
        raise InvalidParamsError(field_violations=[(v.field, v.description) for v in missing])
    return request


def response_to_v03(op: Operation, response: A2AModel) -> Any:
    """The 0.3 ``result`` for a 1.0 response (for streams: one event)."""
    return _row(op).response_to(response)


def response_from_v03(op: Operation, result: Any) -> A2AModel:
    """A 1.0 response from a 0.3 ``result``; ``ValueError`` if it is malformed."""
    return _row(op).response_from(result)
