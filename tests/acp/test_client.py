"""Our ACP client: the exception boundary (MockTransport) and every call against our app."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from a2a.errors import AuthenticationError, PermissionDeniedError, TimeoutError_, TransportError
from acp.client import Client, to_messages
from acp.errors import (
    ACPError,
    InvalidInputError,
    NotFoundError,
    RunConflictError,
    ServerError,
    UnknownACPError,
)
from acp.server import ACPServer, APIKeyAuth, create_app
from acp.types import (
    Message,
    MessageAwaitResume,
    MessagePart,
    RunAwaitingEvent,
    RunCompletedEvent,
    RunStatus,
)
from tests.acp.agents import AGENTS
from tests.acp.conftest import acp_client


def _mock(handler: Callable[[httpx.Request], httpx.Response]) -> Client:
    return Client("http://peer.test/api/acp", transport=httpx.MockTransport(handler))


async def test_base_path_is_kept_and_json_is_declared() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"agents": []})

    async with _mock(handler) as client:
        assert await client.agents() == []
    assert seen[0].url.path == "/api/acp/agents"


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (404, {"code": "not_found", "message": "m", "data": None}, NotFoundError),
        (422, {"code": "invalid_input", "message": "m", "data": {"errors": []}}, InvalidInputError),
        (409, {"code": "invalid_input", "message": "m", "data": None}, RunConflictError),
        (500, {"code": "server_error", "message": "m", "data": None}, ServerError),
        (403, {"code": "server_error", "message": "sdk", "data": None}, ServerError),
        (418, {"code": "teapot", "message": "m", "data": None}, UnknownACPError),
        (502, b"<html>bad gateway</html>", UnknownACPError),
        (404, b"", NotFoundError),
        (401, {"code": "unauthorized", "message": "no"}, AuthenticationError),
        (403, {"code": "forbidden", "message": "no"}, PermissionDeniedError),
    ],
)
async def test_error_bodies_become_typed_errors(
    status: int, body: object, expected: type[Exception]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(body, bytes):
            return httpx.Response(status, content=body)
        return httpx.Response(status, json=body)

    async with _mock(handler) as client:
        with pytest.raises(expected) as info:
            await client.run_status("6b5b2a4e-1e5f-4a9c-9d7f-0c3c2b1a0f9e")
    if isinstance(info.value, ACPError):
        assert info.value.http_status == status
    if isinstance(info.value, UnknownACPError) and isinstance(body, dict):
        assert info.value.code_text == "teapot"


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (httpx.ConnectError("refused"), TransportError),
        (httpx.ReadTimeout("slow"), TimeoutError_),
    ],
)
async def test_transport_failures(failure: Exception, expected: type[Exception]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise failure

    async with _mock(handler) as client:
        with pytest.raises(expected):
            await client.ping()
        with pytest.raises(expected):
            [e async for e in client.run_stream("a", "x")]


async def test_garbage_answers_are_transport_errors() -> None:
    async with _mock(lambda r: httpx.Response(200, content=b"not json")) as client:
        with pytest.raises(TransportError):
            await client.agent("x")


async def test_streams_raise_on_error_events_and_skip_unknown_types() -> None:
    frames = [
        {"type": "run.teleported", "x": 1},
        {"type": "generic", "generic": {"a": 1}},
        {"type": "error", "error": {"code": "not_found", "message": "gone", "data": None}},
    ]
    body = b"".join(b"data: " + json.dumps(f).encode() + b"\n\n" for f in frames)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

    seen: list[str] = []

    async def consume(client: Client) -> None:
        async for event in client.run_stream("a", "x"):
            seen.append(event.type)

    async with _mock(handler) as client:
        with pytest.raises(NotFoundError, match="gone"):
            await consume(client)
    assert seen == ["generic"]


async def test_invalid_known_events_and_http_errors_on_streams() -> None:
    bad = b'data: {"type":"run.completed","run":{"nope":1}}\n\n'

    async with _mock(
        lambda r: httpx.Response(200, content=bad, headers={"content-type": "text/event-stream"})
    ) as client:
        with pytest.raises(TransportError):
            [e async for e in client.run_stream("a", "x")]
    async with _mock(
        lambda r: httpx.Response(404, json={"code": "not_found", "message": "Agent a not found"})
    ) as client:
        with pytest.raises(NotFoundError, match="Agent a"):
            [e async for e in client.run_stream("a", "x")]


async def test_stream_events_are_bounded_while_they_arrive() -> None:
    sent = [0]

    async def endless() -> AsyncIterator[bytes]:
        for _ in range(100_000):  # an event without end: data lines, never an empty line
            sent[0] += 1
            yield b"data: " + b"x" * 1000 + b"\n"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=endless(), headers={"content-type": "text/event-stream"})

    client = Client(
        "http://peer.test", transport=httpx.MockTransport(handler), max_event_bytes=50_000
    )
    async with client:
        with pytest.raises(TransportError):
            [e async for e in client.run_stream("a", "x")]
    assert sent[0] < 100  # stopped near the limit, not at the end of the stream

    big = b'data: {"type":"generic","generic":{"a":"' + b"y" * 60_000 + b'"}}\n\n'
    client = Client(
        "http://peer.test",
        transport=httpx.MockTransport(
            lambda r: httpx.Response(
                200, content=big, headers={"content-type": "text/event-stream"}
            )
        ),
        max_event_bytes=50_000,
    )
    async with client:
        with pytest.raises(TransportError, match="size limit"):
            [e async for e in client.run_stream("a", "x")]


def test_input_normalization() -> None:
    assert to_messages("hi")[0].parts[0].content == "hi"
    assert len(to_messages(["a", MessagePart(content="b")])[0].parts) == 2
    assert len(to_messages([Message.user("a"), Message.user("b")])) == 2
    with pytest.raises(TypeError):
        to_messages([Message.user("a"), "b"])  # type: ignore[list-item]


async def test_every_call_against_our_server() -> None:
    async with acp_client() as (client, _):
        await client.ping()
        assert "echo" in [a.name for a in await client.agents()]
        run = await client.run_sync("echo", "hello")
        assert run.output[0].parts[0].content == "hello"
        assert (await client.run_status(run.run_id)).status is RunStatus.COMPLETED
        assert (await client.run_events(run.run_id))[-1].type == "run.completed"
        session = await client.session(str(run.session_id))
        assert len(session.history) == 2
        again = await client.run_sync("history", "next", session_id=run.session_id)
        assert again.output[0].parts[0].content.startswith("history has 2 messages")
        waiting = [e async for e in client.run_stream("approver", "x")]
        assert isinstance(waiting[-1], RunAwaitingEvent)
        run_id = waiting[-1].run.run_id
        answer = MessageAwaitResume(message=Message.user("ok"))
        after = [e async for e in client.run_resume_stream(run_id, answer)]
        assert isinstance(after[-1], RunCompletedEvent)
        with pytest.raises(RunConflictError):
            await client.run_resume_sync(run_id, "again")
        started = await client.run_async("approver", "x")
        assert started.status is RunStatus.CREATED
        with pytest.raises(RunConflictError):
            await client.run_resume_async(started.run_id, Message.user("too early"))
        cancelled = await client.run_cancel(started.run_id)
        assert cancelled.status is RunStatus.CANCELLING


async def test_api_key_is_sent() -> None:
    server = ACPServer(AGENTS)
    transport = httpx.ASGITransport(app=create_app(server=server, auth=APIKeyAuth({"k": "me"})))
    async with Client("http://acp.test", transport=transport) as anonymous:
        with pytest.raises(AuthenticationError) as info:
            await anonymous.agents()
        assert info.value.challenge == 'Bearer realm="acp"'
    async with Client("http://acp.test", api_key="k", transport=transport) as keyed:
        assert next(a.name for a in await keyed.agents()) == "echo"
        run = await keyed.run_sync("echo", "x")
        assert server.run(run.run_id, "me").owner == "me"
    await server.shutdown()
