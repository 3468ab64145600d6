"""Every A2A operation, declared once.

Both transports, both routers, the client, the conformance suite and the docs
iterate over :data:`OPERATIONS`.  Adding an operation is one row here and one
handler method on the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from a2a.types import (
    AgentCard,
    CancelTaskRequest,
    DeleteTaskPushNotificationConfigRequest,
    Empty,
    GetExtendedAgentCardRequest,
    GetTaskPushNotificationConfigRequest,
    GetTaskRequest,
    ListTaskPushNotificationConfigsRequest,
    ListTaskPushNotificationConfigsResponse,
    ListTasksRequest,
    ListTasksResponse,
    SendMessageRequest,
    SendMessageResponse,
    StreamResponse,
    SubscribeToTaskRequest,
    Task,
    TaskPushNotificationConfig,
)
from a2a.types._base import A2AModel

__all__ = ["OPERATIONS", "OPERATIONS_BY_METHOD", "Capability", "Operation"]


class Capability(str, Enum):
    """The card capability an operation depends on (A2A §3.3.4)."""

    STREAMING = "streaming"
    PUSH_NOTIFICATIONS = "pushNotifications"
    EXTENDED_AGENT_CARD = "extendedAgentCard"


@dataclass(frozen=True)
class Operation:
    """One row of the operation table.

    ``http_path`` uses ``{name}`` for path parameters, named after the request
    field they fill; every path also exists under a ``/{tenant}`` prefix.
    """

    method: str
    legacy_method: str
    request: type[A2AModel]
    response: type[A2AModel]
    http_method: str
    http_path: str
    streaming: bool = False
    capability: Capability | None = None
    #: Extra HTTP verbs the server accepts for the same path (A2A §11 #1).
    extra_http_methods: tuple[str, ...] = ()
    #: Whether the HTTP+JSON request carries a JSON body.
    has_body: bool = False
    #: Whether the operation only reads: safe to retry after a transient failure.
    idempotent: bool = False

    @property
    def path_params(self) -> tuple[str, ...]:
        """Names of the ``{...}`` segments of ``http_path``, in order."""
        names = []
        for segment in self.http_path.split("/"):
            segment = segment.split(":", 1)[0]
            if segment.startswith("{") and segment.endswith("}"):
                names.append(segment[1:-1])
        return tuple(names)


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "SendMessage", "message/send", SendMessageRequest, SendMessageResponse,
        "POST", "/message:send", has_body=True,
    ),
    Operation(
        "SendStreamingMessage", "message/stream", SendMessageRequest, StreamResponse,
        "POST", "/message:stream", streaming=True, capability=Capability.STREAMING,
        has_body=True,
    ),
    Operation(
        "GetTask", "tasks/get", GetTaskRequest, Task,
        "GET", "/tasks/{id}", idempotent=True,
    ),
    Operation(
        "ListTasks", "", ListTasksRequest, ListTasksResponse,
        "GET", "/tasks", idempotent=True,
    ),
    Operation(
        "CancelTask", "tasks/cancel", CancelTaskRequest, Task,
        "POST", "/tasks/{id}:cancel", has_body=True,
    ),
    Operation(
        "SubscribeToTask", "tasks/resubscribe", SubscribeToTaskRequest, StreamResponse,
        "POST", "/tasks/{id}:subscribe", streaming=True, capability=Capability.STREAMING,
        extra_http_methods=("GET",), has_body=True,
    ),
    Operation(
        "CreateTaskPushNotificationConfig", "tasks/pushNotificationConfig/set",
        TaskPushNotificationConfig, TaskPushNotificationConfig,
        "POST", "/tasks/{task_id}/pushNotificationConfigs",
        capability=Capability.PUSH_NOTIFICATIONS, has_body=True,
    ),
    Operation(
        "GetTaskPushNotificationConfig", "tasks/pushNotificationConfig/get",
        GetTaskPushNotificationConfigRequest, TaskPushNotificationConfig,
        "GET", "/tasks/{task_id}/pushNotificationConfigs/{id}",
        capability=Capability.PUSH_NOTIFICATIONS, idempotent=True,
    ),
    Operation(
        "ListTaskPushNotificationConfigs", "tasks/pushNotificationConfig/list",
        ListTaskPushNotificationConfigsRequest, ListTaskPushNotificationConfigsResponse,
        "GET", "/tasks/{task_id}/pushNotificationConfigs",
        capability=Capability.PUSH_NOTIFICATIONS, idempotent=True,
    ),
    Operation(
        "DeleteTaskPushNotificationConfig", "tasks/pushNotificationConfig/delete",
        DeleteTaskPushNotificationConfigRequest, Empty,
        "DELETE", "/tasks/{task_id}/pushNotificationConfigs/{id}",
        capability=Capability.PUSH_NOTIFICATIONS, idempotent=True,
    ),
    Operation(
        "GetExtendedAgentCard", "agent/getAuthenticatedExtendedCard",
        GetExtendedAgentCardRequest, AgentCard,
        "GET", "/extendedAgentCard", capability=Capability.EXTENDED_AGENT_CARD,
        idempotent=True,
    ),
)  # fmt: skip

OPERATIONS_BY_METHOD: dict[str, Operation] = {op.method: op for op in OPERATIONS}
