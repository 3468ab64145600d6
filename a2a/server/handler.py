"""One method per A2A operation, independent of the binding that carried the request.

Transports decode a request into its typed message and a :class:`CallContext`,
call :meth:`RequestHandler.dispatch`, and encode what comes back: a response
model, or for streaming operations an :class:`EventStream`.  Every protocol
decision lives here or in :mod:`a2a.protocol`, so both bindings behave alike.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from a2a.errors import (
    AuthenticationError,
    InvalidParamsError,
    TaskNotFoundError,
    UnsupportedOperationError,
)
from a2a.identity.envelope import VerifiedIdentity
from a2a.operations import Operation
from a2a.protocol.listing import list_query
from a2a.protocol.negotiation import check_capability
from a2a.protocol.ssrf import UnsafeURLError, UrlPolicy, check_url
from a2a.protocol.tasks import check_history_length, limit_history
from a2a.server.auth import ANONYMOUS, Principal
from a2a.server.run import Run
from a2a.server.runtime import TaskRuntime
from a2a.server.store import PushConfigStore, TaskStore
from a2a.server.streams import StreamItem, Subscription, snapshot
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
    ListTasksRequest,
    ListTasksResponse,
    Message,
    SendMessageRequest,
    SendMessageResponse,
    SubscribeToTaskRequest,
    Task,
    TaskPushNotificationConfig,
    new_id,
)

__all__ = ["CallContext", "EventStream", "ExtendedCard", "RequestHandler"]

ExtendedCard = AgentCard | Callable[[Principal], AgentCard]
"""A fixed extended card, or a function of the authenticated caller."""


@dataclass(frozen=True, slots=True)
class CallContext:
    """Who calls, under which tenant, protocol version and extensions."""

    principal: Principal = ANONYMOUS
    tenant: str = ""
    version: str = "1.0"
    extensions: tuple[str, ...] = ()
    #: The sender proven by a signed envelope (see :mod:`a2a.server.identity`), if any.
    identity: VerifiedIdentity | None = None

    @property
    def owner(self) -> str:
        """The key that scopes stored data: the caller, within the tenant."""
        return f"{self.tenant}\x1f{self.principal.id}" if self.tenant else self.principal.id


class EventStream:
    """The events of one streaming call; iterate it, and always :meth:`close` it."""

    def __init__(self, runtime: TaskRuntime, owner: str, task_id: str, sub: Subscription) -> None:
        self._runtime = runtime
        self._owner = owner
        self._task_id = task_id
        self._sub = sub

    async def next(self, timeout: float | None = None) -> StreamItem | None:
        """The next event; ``None`` at the end; :class:`TimeoutError` after ``timeout``."""
        return await self._sub.get(timeout)

    async def __aiter__(self) -> AsyncIterator[StreamItem]:
        while (item := await self._sub.get()) is not None:
            yield item

    def close(self) -> None:
        self._runtime.unsubscribe(self._owner, self._task_id, self._sub)


_SNAKE = re.compile(r"(?<!^)(?=[A-Z])")


class RequestHandler:
    """The server's behaviour for every operation of :data:`a2a.operations.OPERATIONS`."""

    def __init__(
        self,
        runtime: TaskRuntime,
        store: TaskStore,
        push_store: PushConfigStore,
        card: Callable[[], AgentCard],
        *,
        extended_card: ExtendedCard | None = None,
        webhook_policy: UrlPolicy = UrlPolicy(),
    ) -> None:
        self.runtime = runtime
        self.store = store
        self.push_store = push_store
        self._card = card
        self._extended_card = extended_card
        self.webhook_policy = webhook_policy
        self._methods: dict[str, Callable[..., Any]] = {}

    async def dispatch(self, op: Operation, request: A2AModel, call: CallContext) -> Any:
        """Run ``op``: returns its response model, or an :class:`EventStream`."""
        if op.capability is not None:  # most operations need none; skip building the card
            check_capability(
                op,
                self._card().capabilities,
                extended_card_configured=self._extended_card is not None,
            )
        method = self._methods.get(op.method)
        if method is None:
            method = self._methods[op.method] = getattr(self, _SNAKE.sub("_", op.method).lower())
        return await method(request, call)

    # -- messages -------------------------------------------------------------

    async def _start(
        self,
        request: SendMessageRequest,
        call: CallContext,
        *,
        subscribe: bool,
        inline: bool = False,
    ) -> tuple[Run, Subscription | None]:
        config = request.configuration
        push = config.task_push_notification_config if config is not None else None
        if config is not None:
            check_history_length(config.history_length)
        if push is not None:
            self._check_webhook(push.url, "configuration.taskPushNotificationConfig.url")
        owner = call.owner

        async def register_push(task: Task) -> None:
            if push is not None:
                await self.push_store.put_config(
                    owner, push.model_copy(update={"task_id": task.id, "id": push.id or new_id()})
                )
                self._watch(owner, task.id)

        message = request.message
        return await self.runtime.start(
            owner,
            message,
            caller=call.principal.id,
            identity=call.identity,
            extensions=call.extensions,
            metadata=request.metadata,
            accepted_output_modes=tuple(config.accepted_output_modes) if config else (),
            subscribe=subscribe,
            inline=inline,
            on_create=register_push if push is not None else None,
        )

    async def send_message(
        self, request: SendMessageRequest, call: CallContext
    ) -> SendMessageResponse:
        config = request.configuration
        blocking = config is None or not config.return_immediately
        run, _ = await self._start(request, call, subscribe=False, inline=blocking)
        if blocking:
            await run.execute_inline(self.runtime.agent)
        # Awaiting the futures directly: if this call is cancelled (the client
        # left), only the wait ends; the run goes on in its own task.
        if config is not None and config.return_immediately:
            await run.started
            if not run.outcome.done() and run.task is not None:
                result: Task | Message = snapshot(run.task)
            else:
                result = await run.outcome
        else:
            result = await run.outcome
        if isinstance(result, Message):
            return SendMessageResponse(message=result)
        history = config.history_length if config is not None else None
        return SendMessageResponse(task=limit_history(result, history))

    async def send_streaming_message(
        self, request: SendMessageRequest, call: CallContext
    ) -> EventStream:
        run, sub = await self._start(request, call, subscribe=True)
        assert sub is not None
        stream = EventStream(self.runtime, call.owner, run.task_id, sub)
        # Errors before the first event go back as a plain error, not a stream.
        await run.started
        if run.outcome.done() and run.outcome.exception() is not None:
            stream.close()
            raise run.outcome.exception()  # type: ignore[misc]
        return stream

    # -- tasks ----------------------------------------------------------------

    async def get_task(self, request: GetTaskRequest, call: CallContext) -> Task:
        check_history_length(request.history_length)
        task = await self.runtime.get(call.owner, request.id)
        return limit_history(task, request.history_length)

    async def list_tasks(self, request: ListTasksRequest, call: CallContext) -> ListTasksResponse:
        return await self.store.list_tasks(call.owner, list_query(request))

    async def cancel_task(self, request: CancelTaskRequest, call: CallContext) -> Task:
        return await self.runtime.cancel(call.owner, request.id)

    async def subscribe_to_task(
        self, request: SubscribeToTaskRequest, call: CallContext
    ) -> EventStream:
        sub = await self.runtime.subscribe(call.owner, request.id)
        return EventStream(self.runtime, call.owner, request.id, sub)

    # -- push notification configs ------------------------------------------

    def _watch(self, owner: str, task_id: str) -> None:
        if self.runtime.notifier is not None:
            self.runtime.notifier.watch(owner, task_id)

    def _check_webhook(self, url: str, field: str) -> None:
        try:
            check_url(url, self.webhook_policy)
        except UnsafeURLError as exc:
            raise InvalidParamsError(
                "Webhook URL refused", field_violations=[(field, str(exc))]
            ) from None

    async def _require_task(self, call: CallContext, task_id: str) -> Task:
        return await self.runtime.get(call.owner, task_id)

    async def create_task_push_notification_config(
        self, request: TaskPushNotificationConfig, call: CallContext
    ) -> TaskPushNotificationConfig:
        if not request.task_id:
            raise InvalidParamsError(field_violations=[("taskId", "required field is missing")])
        self._check_webhook(request.url, "url")
        task = await self._require_task(call, request.task_id)
        if task.status.state.is_terminal:
            raise UnsupportedOperationError(
                "The task is in a terminal state", metadata={"taskId": task.id}
            )
        config = request.model_copy(update={"id": request.id or new_id(), "tenant": call.tenant})
        await self.push_store.put_config(call.owner, config)
        self._watch(call.owner, task.id)
        return config

    async def get_task_push_notification_config(
        self, request: GetTaskPushNotificationConfigRequest, call: CallContext
    ) -> TaskPushNotificationConfig:
        await self._require_task(call, request.task_id)
        config = await self.push_store.get_config(call.owner, request.task_id, request.id)
        if config is None:
            raise TaskNotFoundError(
                "Push notification config not found",
                metadata={"taskId": request.task_id, "configId": request.id},
            )
        return config

    async def list_task_push_notification_configs(
        self, request: ListTaskPushNotificationConfigsRequest, call: CallContext
    ) -> ListTaskPushNotificationConfigsResponse:
        if request.page_size < 0:
            raise InvalidParamsError(field_violations=[("pageSize", "must not be negative")])
        await self._require_task(call, request.task_id)
        configs = sorted(
            await self.push_store.list_configs(call.owner, request.task_id), key=lambda c: c.id
        )
        if request.page_token:
            configs = [c for c in configs if c.id > request.page_token]
        size = request.page_size or len(configs) or 1
        page = configs[:size]
        more = len(configs) > size
        return ListTaskPushNotificationConfigsResponse(
            configs=page, next_page_token=page[-1].id if more and page else ""
        )

    async def delete_task_push_notification_config(
        self, request: DeleteTaskPushNotificationConfigRequest, call: CallContext
    ) -> Empty:
        await self._require_task(call, request.task_id)
        await self.push_store.delete_config(call.owner, request.task_id, request.id)
        return Empty()

    # -- card -----------------------------------------------------------------

    async def get_extended_agent_card(
        self, request: GetExtendedAgentCardRequest, call: CallContext
    ) -> AgentCard:
        if not call.principal.authenticated:
            raise AuthenticationError("The extended card requires authentication")
        extended = self._extended_card
        assert extended is not None  # checked by check_capability
        return extended(call.principal) if callable(extended) else extended
