"""The A2A client: one async class over interchangeable transports.

Typical use::

    async with Client("http://localhost:8000") as agent:
        reply = await agent.send_text("hello")
        print(reply.text)

Opening the client fetches the Agent Card, picks the first interface whose
binding and version the client speaks (A2A §8.3.2) and builds the transport
registered for it.  Every method maps to one row of
:data:`a2a.operations.OPERATIONS`; the tenant of the chosen interface is
copied into every request.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Mapping, Sequence
from functools import partial
from types import TracebackType
from typing import Any, TypeVar, cast

import httpx

# Importing the bindings registers their transports.
import a2a.client.jsonrpc
import a2a.client.rest  # noqa: F401
from a2a.client._http import DEFAULT_MAX_EVENT_BYTES, HttpChannel, RetryPolicy, Timeouts
from a2a.client.auth import Credentials, card_auth
from a2a.client.discovery import CardResolver, select_interface
from a2a.client.identity import ChainedAuth, ClientIdentity, EnvelopeAuth, verify_event
from a2a.client.results import EventStream, SendResult
from a2a.client.transport import Transport, supported_interfaces, transport_factory
from a2a.errors import ClientError
from a2a.identity.envelope import EXTENSION_URI
from a2a.operations import OPERATIONS_BY_METHOD
from a2a.types import (
    A2AModel,
    AgentCard,
    AgentInterface,
    AuthenticationInfo,
    CancelTaskRequest,
    DeleteTaskPushNotificationConfigRequest,
    GetExtendedAgentCardRequest,
    GetTaskPushNotificationConfigRequest,
    GetTaskRequest,
    ListTaskPushNotificationConfigsRequest,
    ListTaskPushNotificationConfigsResponse,
    ListTasksRequest,
    ListTasksResponse,
    Message,
    Part,
    SendMessageConfiguration,
    SendMessageRequest,
    SendMessageResponse,
    StreamResponse,
    SubscribeToTaskRequest,
    Task,
    TaskPushNotificationConfig,
    TaskState,
)

__all__ = ["Client"]

_M = TypeVar("_M", bound=A2AModel)


class Client:
    """An async A2A client bound to one agent.

    ``url`` is the agent's base URL (or its card's URL); pass ``card`` instead
    to skip discovery.  ``binding`` forces ``"jsonrpc"`` or ``"rest"``;
    ``versions`` limits the protocol versions used (``("1.0",)`` refuses 0.3
    agents).  ``auth`` takes credentials matched against the card's security
    schemes (see :mod:`a2a.client.auth`); ``headers`` go on every request;
    ``extensions`` are announced in ``A2A-Extensions``.  Pass ``http_client``
    to share an :class:`httpx.AsyncClient` (the client then does not close it).
    ``max_event_bytes`` bounds one streamed event (its whole SSE text), checked
    while it arrives.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        card: AgentCard | None = None,
        binding: str | None = None,
        versions: Sequence[str] | None = None,
        auth: Credentials | None = None,
        headers: Mapping[str, str] | None = None,
        extensions: Sequence[str] = (),
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        identity: ClientIdentity | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
    ) -> None:
        if url is None and card is None:
            raise ValueError("give the agent's url or its card")
        self.url = url
        self.card: AgentCard | None = card
        self.binding = binding
        self.versions = tuple(versions) if versions is not None else None
        self.credentials = auth
        self.timeouts = timeouts or Timeouts()
        self.channel = HttpChannel(
            http_client or httpx.AsyncClient(follow_redirects=True),
            headers=headers,
            timeouts=self.timeouts,
            retry=retry,
            owns_client=http_client is None,
            extensions=extensions,
            max_event_bytes=max_event_bytes,
        )
        #: With an identity, requests are signed and replies and events verified
        #: (the signed-envelope extension, see ``spec/signed-envelope.md``).
        self.identity = identity
        if identity is not None:
            self.channel.extensions = (*self.channel.extensions, EXTENSION_URI)
            self.channel.check_event = partial(verify_event, identity)
        self._transport: Transport | None = None
        #: The card's JSON exactly as served (``None`` when the card was given).
        self.card_json: dict[str, Any] | None = None

    # -- lifecycle

    @classmethod
    async def connect(cls, url: str, **options: Any) -> Client:
        """Create a client for the agent at ``url`` and open it."""
        client = cls(url, **options)
        try:
            await client.open()
        except BaseException:
            await client.aclose()
            raise
        return client

    async def open(self) -> Client:
        """Fetch the card (unless given), choose the interface and build its transport."""
        if self._transport is not None:
            return self
        card_url: str | None = None
        if self.card is None:
            assert self.url is not None
            resolver = CardResolver(self.channel)
            self.card = await resolver.resolve(self.url)
            card_url = resolver.last_url
            self.card_json = resolver.last_raw
        supported = [
            (b, v) for b, v in supported_interfaces() if self.versions is None or v in self.versions
        ]
        interface = select_interface(self.card, supported, binding=self.binding, card_url=card_url)
        credentials = card_auth(self.card, self.credentials)
        if self.identity is None:
            self.channel.auth = credentials
        elif credentials is None:
            self.channel.auth = EnvelopeAuth(self.identity)
        else:
            self.channel.auth = ChainedAuth(EnvelopeAuth(self.identity), credentials)
        factory = transport_factory(interface.protocol_binding, interface.protocol_version)
        assert factory is not None  # select_interface only returns registered pairs
        self._transport = factory(self.channel, interface)
        return self

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()
        await self.channel.aclose()

    async def __aenter__(self) -> Client:
        try:
            return await self.open()
        except BaseException:
            await self.aclose()
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    @property
    def transport(self) -> Transport:
        if self._transport is None:
            raise ClientError("the client is not open: use `async with` or await open()")
        return self._transport

    @property
    def interface(self) -> AgentInterface:
        """The interface in use (binding, version, URL, tenant)."""
        return self.transport.interface

    # -- generic calls

    def _with_tenant(self, request: _M) -> _M:
        tenant = self.transport.interface.tenant
        if tenant and "tenant" in type(request).model_fields and not getattr(request, "tenant", ""):
            return request.model_copy(update={"tenant": tenant})
        return request

    async def call(self, method: str, request: A2AModel, *, timeout: float | None = None) -> Any:
        """Run any unary operation by its 1.0 method name (``"GetTask"``...)."""
        op = OPERATIONS_BY_METHOD[method]
        if op.streaming:
            raise ValueError(f"{method} is a streaming operation: use stream_call()")
        await self.open()
        return await self.transport.call(op, self._with_tenant(request), timeout=timeout)

    def stream_call(self, method: str, request: A2AModel) -> EventStream:
        """Run any streaming operation by its 1.0 method name."""
        op = OPERATIONS_BY_METHOD[method]
        if not op.streaming:
            raise ValueError(f"{method} is not a streaming operation: use call()")
        return EventStream(self._stream_events(method, request))

    async def _stream_events(
        self, method: str, request: A2AModel
    ) -> AsyncGenerator[StreamResponse, None]:
        await self.open()
        op = OPERATIONS_BY_METHOD[method]
        events = self.transport.stream(op, self._with_tenant(request))
        try:
            async for event in events:
                yield event
        finally:
            await events.aclose()

    # -- messages

    @staticmethod
    def _request(
        message: Message | str,
        *,
        task_id: str,
        context_id: str,
        return_immediately: bool,
        history_length: int | None,
        accepted_output_modes: Sequence[str] | None,
        push_config: TaskPushNotificationConfig | None,
        metadata: dict[str, Any] | None,
    ) -> SendMessageRequest:
        if isinstance(message, str):
            message = Message.user(message)
        if task_id or context_id:
            message = message.model_copy(
                update={
                    "task_id": task_id or message.task_id,
                    "context_id": context_id or message.context_id,
                }
            )
        config = SendMessageConfiguration(
            accepted_output_modes=list(accepted_output_modes or []),
            history_length=history_length,
            return_immediately=return_immediately,
            task_push_notification_config=push_config,
        )
        return SendMessageRequest(message=message, configuration=config, metadata=metadata)

    async def send(
        self,
        message: Message | str | Part,
        *,
        task_id: str = "",
        context_id: str = "",
        return_immediately: bool = False,
        history_length: int | None = None,
        accepted_output_modes: Sequence[str] | None = None,
        push_config: TaskPushNotificationConfig | None = None,
        metadata: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> SendResult:
        """Send a message and return the agent's answer.

        By default the call blocks until the task is terminal or interrupted
        (A2A §3.2.2) and waits as long as the agent works; ``timeout`` (or
        ``Timeouts.send``) sets a limit, after which
        :class:`~a2a.errors.TimeoutError_` is raised.  ``return_immediately``
        returns the task as soon as it exists.
        """
        if isinstance(message, Part):
            message = Message.user(message)
        request = self._request(
            message,
            task_id=task_id,
            context_id=context_id,
            return_immediately=return_immediately,
            history_length=history_length,
            accepted_output_modes=accepted_output_modes,
            push_config=push_config,
            metadata=metadata,
        )
        limit = timeout if timeout is not None else self.timeouts.send
        if return_immediately and limit is None:
            limit = self.timeouts.request
        response = cast(SendMessageResponse, await self.call("SendMessage", request, timeout=limit))
        return SendResult(task=response.task, message=response.message)

    async def send_text(self, text: str, **options: Any) -> SendResult:
        """Send ``text`` as a user message; same options as :meth:`send`."""
        return await self.send(Message.user(text), **options)

    def stream(
        self,
        message: Message | str | Part,
        *,
        task_id: str = "",
        context_id: str = "",
        history_length: int | None = None,
        accepted_output_modes: Sequence[str] | None = None,
        push_config: TaskPushNotificationConfig | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> EventStream:
        """Send a message and stream the agent's events as they come (no read timeout)."""
        if isinstance(message, Part):
            message = Message.user(message)
        request = self._request(
            message,
            task_id=task_id,
            context_id=context_id,
            return_immediately=False,
            history_length=history_length,
            accepted_output_modes=accepted_output_modes,
            push_config=push_config,
            metadata=metadata,
        )
        return self.stream_call("SendStreamingMessage", request)

    # -- tasks

    async def get_task(self, task_id: str, *, history_length: int | None = None) -> Task:
        request = GetTaskRequest(id=task_id, history_length=history_length)
        return cast(Task, await self.call("GetTask", request, timeout=self.timeouts.request))

    async def list_tasks(
        self,
        *,
        context_id: str = "",
        status: TaskState | None = None,
        page_size: int | None = None,
        page_token: str = "",
        history_length: int | None = None,
        include_artifacts: bool | None = None,
    ) -> ListTasksResponse:
        """One page of tasks, newest first (A2A §3.1.4); see :meth:`iter_tasks` for all."""
        request = ListTasksRequest(
            context_id=context_id,
            status=status or TaskState.TASK_STATE_UNSPECIFIED,
            page_size=page_size,
            page_token=page_token,
            history_length=history_length,
            include_artifacts=include_artifacts,
        )
        response = await self.call("ListTasks", request, timeout=self.timeouts.request)
        return cast(ListTasksResponse, response)

    async def iter_tasks(self, **filters: Any) -> AsyncIterator[Task]:
        """Every task the agent lets us see, following ``nextPageToken`` across pages."""
        token = ""
        while True:
            page = await self.list_tasks(page_token=token, **filters)
            for task in page.tasks:
                yield task
            token = page.next_page_token
            if not token:
                return

    async def cancel_task(self, task_id: str, *, metadata: dict[str, Any] | None = None) -> Task:
        request = CancelTaskRequest(id=task_id, metadata=metadata)
        return cast(Task, await self.call("CancelTask", request, timeout=self.timeouts.request))

    def subscribe(self, task_id: str) -> EventStream:
        """Stream a running task's events, starting with its current snapshot."""
        return self.stream_call("SubscribeToTask", SubscribeToTaskRequest(id=task_id))

    # -- push notification configs

    async def create_push_config(
        self,
        task_id: str,
        url: str,
        *,
        config_id: str = "",
        token: str = "",
        authentication: AuthenticationInfo | None = None,
    ) -> TaskPushNotificationConfig:
        request = TaskPushNotificationConfig(
            task_id=task_id, url=url, id=config_id, token=token, authentication=authentication
        )
        response = await self.call(
            "CreateTaskPushNotificationConfig", request, timeout=self.timeouts.request
        )
        return cast(TaskPushNotificationConfig, response)

    async def get_push_config(self, task_id: str, config_id: str) -> TaskPushNotificationConfig:
        request = GetTaskPushNotificationConfigRequest(task_id=task_id, id=config_id)
        response = await self.call(
            "GetTaskPushNotificationConfig", request, timeout=self.timeouts.request
        )
        return cast(TaskPushNotificationConfig, response)

    async def list_push_configs(
        self, task_id: str, *, page_size: int = 0, page_token: str = ""
    ) -> ListTaskPushNotificationConfigsResponse:
        request = ListTaskPushNotificationConfigsRequest(
            task_id=task_id, page_size=page_size, page_token=page_token
        )
        response = await self.call(
            "ListTaskPushNotificationConfigs", request, timeout=self.timeouts.request
        )
        return cast(ListTaskPushNotificationConfigsResponse, response)

    async def delete_push_config(self, task_id: str, config_id: str) -> None:
        request = DeleteTaskPushNotificationConfigRequest(task_id=task_id, id=config_id)
        await self.call("DeleteTaskPushNotificationConfig", request, timeout=self.timeouts.request)

    # -- cards

    async def get_extended_card(self) -> AgentCard:
        """The authenticated extended card; it also replaces :attr:`card` (A2A §3.1.11)."""
        response = await self.call(
            "GetExtendedAgentCard", GetExtendedAgentCardRequest(), timeout=self.timeouts.request
        )
        self.card = cast(AgentCard, response)
        return self.card
