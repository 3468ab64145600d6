"""An async ACP client with typed errors and timeouts on every call.

Exception boundary: every call raises only :class:`acp.errors.ACPError`
subclasses (the server's error body, decoded by :func:`acp.errors.error_from_body`),
:class:`a2a.errors.AuthenticationError`/``PermissionDeniedError`` (401/403
from an authenticating server), :class:`a2a.errors.TimeoutError_` (a limit
expired) or :class:`a2a.errors.TransportError` (no answer, or one that is not
ACP).  httpx and pydantic exceptions never escape.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from types import TracebackType
from typing import Any, TypeVar
from uuid import UUID

import httpx
from httpx_sse import SSEError, aconnect_sse
from pydantic import ValidationError

from a2a.client.sse import DEFAULT_MAX_EVENT_BYTES, bounded_events
from a2a.errors import AuthenticationError, PermissionDeniedError, TimeoutError_, TransportError
from acp.errors import error_from_body
from acp.protocol import path_for
from acp.types import (
    ACPModel,
    AgentManifest,
    AgentsListResponse,
    ErrorEvent,
    Event,
    Message,
    MessageAwaitResume,
    MessagePart,
    Run,
    RunCreateRequest,
    RunEventsListResponse,
    RunMode,
    RunResumeRequest,
    Session,
    parse_event,
)

__all__ = ["DEFAULT_TIMEOUT", "Client", "Input", "to_messages"]

#: Connect fast or fail; allow a sync run two minutes; streams may idle five.
DEFAULT_TIMEOUT = httpx.Timeout(120.0, connect=5.0, pool=10.0)
DEFAULT_STREAM_IDLE = 300.0

Input = str | MessagePart | Message | Sequence[str] | Sequence[MessagePart] | Sequence[Message]
"""What a run accepts: text, parts or messages (parts and text make one user message)."""

_M = TypeVar("_M", bound=ACPModel)


def to_messages(value: Input) -> list[Message]:
    """Normalize run input to a list of messages."""
    if isinstance(value, Message):
        return [value]
    items: list[Any] = [value] if isinstance(value, (str, MessagePart)) else list(value)
    if all(isinstance(i, Message) for i in items):
        return items
    if all(isinstance(i, (str, MessagePart)) for i in items):
        return [Message.user(*items)]
    raise TypeError("run input mixes messages with parts or text")


def _resume(value: MessageAwaitResume | Message | str) -> MessageAwaitResume:
    if isinstance(value, MessageAwaitResume):
        return value
    return MessageAwaitResume(message=Message.user(value) if isinstance(value, str) else value)


class Client:
    """A client of one ACP server at ``base_url`` (a path prefix is kept).

    ``api_key`` is sent as ``X-API-Key``; ``auth`` and ``headers`` go to httpx.
    ``max_event_bytes`` bounds one streamed event, checked while it arrives.
    Use as an async context manager, or call :meth:`aclose`.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        stream_idle_timeout: float = DEFAULT_STREAM_IDLE,
        api_key: str | None = None,
        headers: dict[str, str] | None = None,
        auth: httpx.Auth | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
    ) -> None:
        if not base_url.endswith("/"):
            base_url += "/"
        all_headers = {"Accept": "application/json", **(headers or {})}
        if api_key is not None:
            all_headers["X-API-Key"] = api_key
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self.max_event_bytes = max_event_bytes
        self.stream_timeout = httpx.Timeout(
            stream_idle_timeout,
            connect=self.timeout.connect,
            write=self.timeout.write,
            pool=self.timeout.pool,
        )
        self._http = httpx.AsyncClient(
            base_url=base_url,
            headers=all_headers,
            timeout=self.timeout,
            auth=auth,
            transport=transport,
            follow_redirects=False,
        )

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- the one boundary ------------------------------------------------------

    async def _call(self, method: str, path: str, body: ACPModel | None = None) -> httpx.Response:
        content = body.to_json() if body is not None else None
        headers = {"Content-Type": "application/json"} if content is not None else None
        try:
            response = await self._http.request(method, path, content=content, headers=headers)
        except httpx.TimeoutException as exc:
            raise TimeoutError_(f"ACP request timed out: {method} /{path}") from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"ACP request failed: {method} /{path}: {exc}") from exc
        if response.is_error:
            raise _error(response.status_code, response.content, response.headers)
        return response

    @staticmethod
    def _parse(model: type[_M], response: httpx.Response) -> _M:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise TransportError(f"the server's answer is not a valid {model.__name__}") from exc

    async def _stream(self, path: str, body: ACPModel) -> AsyncIterator[Event]:
        try:
            async with aconnect_sse(
                self._http,
                "POST",
                path,
                content=body.to_json(),
                headers={"Content-Type": "application/json", "Accept": "text/event-stream"},
                timeout=self.stream_timeout,
            ) as source:
                response = source.response
                if response.is_error:
                    await response.aread()
                    raise _error(response.status_code, response.content, response.headers)
                async for sse in bounded_events(response, self.max_event_bytes):
                    if not sse.data:
                        continue
                    try:
                        event = parse_event(sse.data)
                    except ValidationError:
                        if _known_type(sse.data):
                            raise TransportError("the server sent an invalid event") from None
                        continue  # an event type this client does not know: skipped
                    if isinstance(event, ErrorEvent):
                        raise error_from_body(None, event.error.to_dict())
                    yield event
        except httpx.TimeoutException as exc:
            raise TimeoutError_("ACP stream idle for too long") from exc
        except (httpx.HTTPError, SSEError) as exc:
            raise TransportError(f"ACP stream failed: {exc}") from exc

    # -- discovery ---------------------------------------------------------------

    async def ping(self) -> None:
        await self._call("GET", path_for("ping"))

    async def agents(self) -> list[AgentManifest]:
        response = await self._call("GET", path_for("list_agents"))
        return self._parse(AgentsListResponse, response).agents

    async def agent(self, name: str) -> AgentManifest:
        return self._parse(
            AgentManifest, await self._call("GET", path_for("read_agent", name=name))
        )

    # -- runs --------------------------------------------------------------------

    @staticmethod
    def _create(
        agent: str,
        input: Input,
        mode: RunMode,
        session_id: UUID | str | None,
        session: Session | None,
    ) -> RunCreateRequest:
        return RunCreateRequest(
            agent_name=agent,
            input=to_messages(input),
            mode=mode,
            session_id=UUID(str(session_id)) if session_id is not None else None,
            session=session,
        )

    async def run_sync(
        self,
        agent: str,
        input: Input,
        *,
        session_id: UUID | str | None = None,
        session: Session | None = None,
    ) -> Run:
        """Run ``agent`` and wait until it finishes or awaits input."""
        body = self._create(agent, input, RunMode.SYNC, session_id, session)
        return self._parse(Run, await self._call("POST", path_for("create_run"), body))

    async def run_async(
        self,
        agent: str,
        input: Input,
        *,
        session_id: UUID | str | None = None,
        session: Session | None = None,
    ) -> Run:
        """Start a run and return at once (``created``); poll with :meth:`run_status`."""
        body = self._create(agent, input, RunMode.ASYNC, session_id, session)
        return self._parse(Run, await self._call("POST", path_for("create_run"), body))

    def run_stream(
        self,
        agent: str,
        input: Input,
        *,
        session_id: UUID | str | None = None,
        session: Session | None = None,
    ) -> AsyncIterator[Event]:
        """The run's events as they happen; ends after a terminal or ``run.awaiting`` event."""
        body = self._create(agent, input, RunMode.STREAM, session_id, session)
        return self._stream(path_for("create_run"), body)

    async def run_status(self, run_id: UUID | str) -> Run:
        return self._parse(Run, await self._call("GET", path_for("read_run", run_id=run_id)))

    async def run_events(self, run_id: UUID | str) -> list[Event]:
        response = await self._call("GET", path_for("list_run_events", run_id=run_id))
        return self._parse(RunEventsListResponse, response).events

    async def run_cancel(self, run_id: UUID | str) -> Run:
        """Ask the server to cancel; the answer is usually ``cancelling``."""
        response = await self._call("POST", path_for("cancel_run", run_id=run_id))
        return self._parse(Run, response)

    async def run_resume_sync(
        self, run_id: UUID | str, answer: MessageAwaitResume | Message | str
    ) -> Run:
        body = RunResumeRequest(await_resume=_resume(answer), mode=RunMode.SYNC)
        return self._parse(
            Run, await self._call("POST", path_for("resume_run", run_id=run_id), body)
        )

    async def run_resume_async(
        self, run_id: UUID | str, answer: MessageAwaitResume | Message | str
    ) -> Run:
        body = RunResumeRequest(await_resume=_resume(answer), mode=RunMode.ASYNC)
        return self._parse(
            Run, await self._call("POST", path_for("resume_run", run_id=run_id), body)
        )

    def run_resume_stream(
        self, run_id: UUID | str, answer: MessageAwaitResume | Message | str
    ) -> AsyncIterator[Event]:
        body = RunResumeRequest(await_resume=_resume(answer), mode=RunMode.STREAM)
        return self._stream(path_for("resume_run", run_id=run_id), body)

    # -- sessions -----------------------------------------------------------------

    async def session(self, session_id: UUID | str) -> Session:
        """The session descriptor (forward it to another server with ``session=``)."""
        response = await self._call("GET", path_for("read_session", session_id=session_id))
        return self._parse(Session, response)


_EVENT_TYPES = frozenset(
    {
        "run.created",
        "run.in-progress",
        "run.awaiting",
        "run.completed",
        "run.failed",
        "run.cancelled",
        "message.created",
        "message.part",
        "message.completed",
        "generic",
        "error",
    }
)


def _known_type(data: str) -> bool:
    try:
        decoded: Any = json.loads(data)
    except ValueError:
        return True
    return not isinstance(decoded, dict) or decoded.get("type") in _EVENT_TYPES


def _error(status: int, content: bytes, headers: httpx.Headers) -> Exception:
    try:
        body: Any = json.loads(content) if content else None
    except ValueError:
        body = None
    message = body.get("message") if isinstance(body, dict) else None
    if status == 401:
        return AuthenticationError(
            message if isinstance(message, str) else None,
            challenge=headers.get("www-authenticate"),
        )
    if status == 403 and isinstance(body, dict) and body.get("code") == "forbidden":
        return PermissionDeniedError(message if isinstance(message, str) else None)
    return error_from_body(status, body)
