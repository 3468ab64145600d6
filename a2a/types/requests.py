"""Request and response messages of the A2A operations (A2A §3, ``A2AService``)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from a2a.types._base import REQUIRED, A2AModel, Int32, Timestamp
from a2a.types.message import Message
from a2a.types.push import TaskPushNotificationConfig
from a2a.types.security import exactly_one
from a2a.types.task import Task, TaskArtifactUpdateEvent, TaskState, TaskStatusUpdateEvent

__all__ = [
    "CancelTaskRequest",
    "DeleteTaskPushNotificationConfigRequest",
    "Empty",
    "GetExtendedAgentCardRequest",
    "GetTaskPushNotificationConfigRequest",
    "GetTaskRequest",
    "ListTaskPushNotificationConfigsRequest",
    "ListTaskPushNotificationConfigsResponse",
    "ListTasksRequest",
    "ListTasksResponse",
    "SendMessageConfiguration",
    "SendMessageRequest",
    "SendMessageResponse",
    "StreamEvent",
    "StreamResponse",
    "SubscribeToTaskRequest",
]


class SendMessageConfiguration(A2AModel):
    accepted_output_modes: list[str] = Field(default_factory=list)
    task_push_notification_config: TaskPushNotificationConfig | None = None
    history_length: Int32 | None = None
    return_immediately: bool = False


class SendMessageRequest(A2AModel):
    tenant: str = ""
    message: Annotated[Message, REQUIRED]
    configuration: SendMessageConfiguration | None = None
    metadata: dict[str, Any] | None = None


class GetTaskRequest(A2AModel):
    tenant: str = ""
    id: Annotated[str, REQUIRED] = ""
    history_length: Int32 | None = None


class ListTasksRequest(A2AModel):
    tenant: str = ""
    context_id: str = ""
    status: TaskState = TaskState.TASK_STATE_UNSPECIFIED
    page_size: Int32 | None = None
    page_token: str = ""
    history_length: Int32 | None = None
    status_timestamp_after: Timestamp | None = None
    include_artifacts: bool | None = None


_LIST_TASKS_ALWAYS = {"tasks": [], "nextPageToken": "", "pageSize": 0, "totalSize": 0}


class ListTasksResponse(A2AModel):
    """One page of tasks; all four fields are always on the wire (A2A §3.1.4)."""

    tasks: list[Task] = Field(default_factory=list)
    next_page_token: str = ""
    page_size: Int32 = 0
    total_size: Int32 = 0

    @model_serializer(mode="wrap")
    def _always_present(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        for key, value in _LIST_TASKS_ALWAYS.items():
            if key not in data:
                data[key] = [] if key == "tasks" else value
        return data


class CancelTaskRequest(A2AModel):
    tenant: str = ""
    id: Annotated[str, REQUIRED] = ""
    metadata: dict[str, Any] | None = None


class SubscribeToTaskRequest(A2AModel):
    tenant: str = ""
    id: Annotated[str, REQUIRED] = ""


class GetTaskPushNotificationConfigRequest(A2AModel):
    tenant: str = ""
    task_id: Annotated[str, REQUIRED] = ""
    id: Annotated[str, REQUIRED] = ""


class DeleteTaskPushNotificationConfigRequest(A2AModel):
    tenant: str = ""
    task_id: Annotated[str, REQUIRED] = ""
    id: Annotated[str, REQUIRED] = ""


class ListTaskPushNotificationConfigsRequest(A2AModel):
    tenant: str = ""
    task_id: Annotated[str, REQUIRED] = ""
    page_size: Int32 = 0
    page_token: str = ""


class ListTaskPushNotificationConfigsResponse(A2AModel):
    configs: list[TaskPushNotificationConfig] = Field(default_factory=list)
    next_page_token: str = ""


class GetExtendedAgentCardRequest(A2AModel):
    tenant: str = ""


class Empty(A2AModel):
    """``google.protobuf.Empty``: ``{}`` on the wire."""


StreamEvent = Task | Message | TaskStatusUpdateEvent | TaskArtifactUpdateEvent
"""Anything a stream can carry, unwrapped."""


class SendMessageResponse(A2AModel):
    """Either the task the message created or continued, or a direct reply message."""

    task: Task | None = None
    message: Message | None = None

    @model_validator(mode="after")
    def _one_payload(self) -> SendMessageResponse:
        # The cheap test first (every reply passes here); exactly_one words the error.
        if (self.task is None) is (self.message is None):
            exactly_one(self, ("task", "message"), "SendMessageResponse")
        return self

    @property
    def payload(self) -> Task | Message:
        """The task or message that is set."""
        if self.task is not None:
            return self.task
        assert self.message is not None  # guaranteed by the oneof check
        return self.message


class StreamResponse(A2AModel):
    """One event of a stream (and the body of a push notification)."""

    task: Task | None = None
    message: Message | None = None
    status_update: TaskStatusUpdateEvent | None = None
    artifact_update: TaskArtifactUpdateEvent | None = None

    @model_validator(mode="after")
    def _one_payload(self) -> StreamResponse:
        # The cheap test first (every event passes here); exactly_one words the error.
        count = (
            (self.task is not None)
            + (self.message is not None)
            + (self.status_update is not None)
            + (self.artifact_update is not None)
        )
        if count != 1:
            exactly_one(
                self, ("task", "message", "status_update", "artifact_update"), "StreamResponse"
            )
        return self

    @property
    def payload(self) -> StreamEvent:
        """The event that is set."""
        event = self.task or self.message or self.status_update or self.artifact_update
        assert event is not None  # guaranteed by the oneof check
        return event

    @classmethod
    def wrap(cls, event: StreamEvent) -> StreamResponse:
        """Put an event into the wrapper member that matches its type."""
        if isinstance(event, Task):
            return cls(task=event)
        if isinstance(event, Message):
            return cls(message=event)
        if isinstance(event, TaskStatusUpdateEvent):
            return cls(status_update=event)
        return cls(artifact_update=event)
