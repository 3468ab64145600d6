"""Our ACP server over HTTP (in-process ASGI): every endpoint, every mode, every error path."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from acp.server import ACPServer, APIKeyAuth, RunContext, ServerLimits, agent, create_app
from acp.types import Message
from tests.acp.agents import AGENTS
from tests.acp.conftest import run_body, serve, sse_events

RESUME = {"await_resume": {"type": "message", "message": {"parts": [{"content": "yes"}]}}}


async def test_ping_agents_and_manifest() -> None:
    async with serve() as (http, _):
        assert (await http.get("/ping")).json() == {}
        names = [a["name"] for a in (await http.get("/agents?limit=1&offset=1")).json()["agents"]]
        assert names[:3] == ["echo", "streamer", "approver"]
        echo = (await http.get("/agents/echo")).json()
        assert echo["metadata"]["capabilities"] == [
            {"name": "Echo", "description": "Returns its input unchanged"}
        ]
        assert echo["metadata"]["domains"] is None  # every key written, null when unset
        assert "status" not in echo
        missing = await http.get("/agents/nope")
        assert missing.status_code == 404
        assert missing.json() == {
            "code": "not_found",
            "message": "Agent nope not found",
            "data": None,
        }


async def test_sync_run_shape_and_run_id_header() -> None:
    async with serve() as (http, _):
        response = await http.post("/runs", json=run_body("echo", "Howdy!"))
        run = response.json()
        assert response.status_code == 200
        assert response.headers["run-id"] == run["run_id"]
        assert list(run) == [
            "run_id", "agent_name", "session_id", "status", "await_request",
            "output", "error", "created_at", "finished_at",
        ]  # fmt: skip
        assert run["status"] == "completed"
        assert run["output"][0]["role"] == "agent/echo"
        assert run["created_at"].endswith("Z")
        assert len(run["created_at"]) == 27


async def test_lenient_input_without_content_type_role_or_mode() -> None:
    async with serve() as (http, _):
        body = b'{"agent_name":"echo","input":[{"parts":[{"content":"bare"}]}],"extra":1}'
        response = await http.post("/runs", content=body)
        assert response.status_code == 200
        assert response.json()["output"][0]["parts"][0]["content_type"] == "text/plain"


async def test_async_mode_then_poll_and_events() -> None:
    async with serve() as (http, _):
        created = await http.post("/runs", json=run_body("echo", mode="async"))
        assert created.status_code == 202
        assert created.json()["status"] == "created"
        run_id = created.json()["run_id"]
        for _ in range(100):
            if (await http.get(f"/runs/{run_id}")).json()["status"] == "completed":
                break
            await asyncio.sleep(0)
        events = (await http.get(f"/runs/{run_id}/events")).json()["events"]
        assert [e["type"] for e in events] == [
            "run.created", "run.in-progress", "message.created", "message.part",
            "message.completed", "run.completed",
        ]  # fmt: skip
        # A whole message keeps its final role in every event (acp-sdk leaks the input's).
        assert events[2]["message"]["role"] == "agent/echo"


async def test_stream_await_and_stream_resume() -> None:
    async with serve() as (http, _):
        first = sse_events(
            (await http.post("/runs", json=run_body("approver", mode="stream"))).text
        )
        assert [e["type"] for e in first] == [
            "run.created", "run.in-progress", "generic", "run.awaiting",
        ]  # fmt: skip
        run_id = first[-1]["run"]["run_id"]
        assert first[-1]["run"]["await_request"]["message"]["role"] == "agent/approver"
        resumed = await http.post(f"/runs/{run_id}", json={**RESUME, "mode": "stream"})
        assert "run-id" not in resumed.headers
        second = sse_events(resumed.text)
        assert [e["type"] for e in second] == [
            "run.in-progress", "message.created", "message.part", "message.completed",
            "run.completed",
        ]  # fmt: skip
        assert second[0]["run"]["await_request"] is None  # cleared once answered


async def test_async_resume_answers_202_in_progress() -> None:
    async with serve() as (http, _):
        run_id = (await http.post("/runs", json=run_body("approver"))).json()["run_id"]
        resumed = await http.post(
            f"/runs/{run_id}", json={**RESUME, "mode": "async", "run_id": run_id}
        )
        assert resumed.status_code == 202
        assert resumed.json()["status"] == "in-progress"


async def test_coroutine_agent_asks_through_the_context() -> None:
    async with serve() as (http, _):
        first = (await http.post("/runs", json=run_body("asker"))).json()
        assert first["status"] == "awaiting"
        body = {"await_resume": {"message": {"parts": [{"content": "Ada"}]}}, "mode": "sync"}
        done = (await http.post(f"/runs/{first['run_id']}", json=body)).json()
        texts = [p["content"] for m in done["output"] for p in m["parts"]]
        assert texts == ["thanks", "Hello, Ada"]


async def test_await_timeout_fails_the_run() -> None:
    async with serve(limits=ServerLimits(await_timeout=0.01)) as (http, server):
        run_id = (await http.post("/runs", json=run_body("approver"))).json()["run_id"]
        await server.run(uuid.UUID(run_id)).wait_paused()
        handle = server.run(uuid.UUID(run_id))
        while not handle.log.status.is_terminal:
            await handle.changed()
        run = (await http.get(f"/runs/{run_id}")).json()
        assert run["status"] == "failed"
        assert run["error"]["data"] == {"reason": "await_timeout"}
        late = await http.post(f"/runs/{run_id}", json={**RESUME, "mode": "sync"})
        assert late.status_code == 409


async def test_cancel_is_idempotent_and_refused_for_finished_runs() -> None:
    async with serve() as (http, server):
        run_id = (await http.post("/runs", json=run_body("slow", mode="async"))).json()["run_id"]
        await asyncio.sleep(0)
        first = await http.post(f"/runs/{run_id}/cancel")
        assert first.status_code == 202
        assert first.json()["status"] == "cancelling"
        second = await http.post(f"/runs/{run_id}/cancel")
        assert second.status_code == 202
        task = server.run(uuid.UUID(run_id)).task
        assert task is not None
        await asyncio.gather(task, return_exceptions=True)
        assert (await http.get(f"/runs/{run_id}")).json()["status"] == "cancelled"
        assert (await http.post(f"/runs/{run_id}/cancel")).json()["status"] == "cancelled"
        done = (await http.post("/runs", json=run_body("echo"))).json()["run_id"]
        refused = await http.post(f"/runs/{done}/cancel")
        assert refused.status_code == 409


async def test_cancel_an_awaiting_run() -> None:
    async with serve() as (http, _):
        run_id = (await http.post("/runs", json=run_body("approver"))).json()["run_id"]
        assert (await http.post(f"/runs/{run_id}/cancel")).json()["status"] == "cancelling"
        for _ in range(10):
            await asyncio.sleep(0)
        assert (await http.get(f"/runs/{run_id}")).json()["status"] == "cancelled"


async def test_failing_agents_never_leak_internal_text() -> None:
    @agent("boom")
    async def boom(input: list[Message], ctx: RunContext) -> str:
        raise RuntimeError("secret /srv/app/config.py line 3")

    @agent("weird")
    async def weird(input: list[Message], ctx: RunContext) -> Any:
        return object()

    async with serve(server=ACPServer([boom, weird])) as (http, _):
        for name in ("boom", "weird"):
            run = (await http.post("/runs", json=run_body(name))).json()
            assert run["status"] == "failed"
            assert run["error"] == {
                "code": "server_error",
                "message": "The agent failed",
                "data": None,
            }


async def test_max_events_fails_the_run() -> None:
    server = ACPServer(AGENTS, limits=ServerLimits(max_events_per_run=20))
    async with serve(server=server) as (http, _):
        run = (await http.post("/runs", json=run_body("streamer", "100"))).json()
        assert run["status"] == "failed"
        assert run["error"]["data"] == {"reason": "max_events"}


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("POST", "/runs", b"{not json", 422, "invalid_input"),
        ("POST", "/runs", b"", 422, "invalid_input"),
        ("POST", "/runs", b"[]", 422, "invalid_input"),
        ("POST", "/runs", b'{"agent_name":"echo"}', 422, "invalid_input"),
        ("POST", "/runs", b'{"agent_name":"nope","input":[]}', 404, "not_found"),
        ("POST", "/runs", b'{"agent_name":"echo","input":[],"mode":"fast"}', 422, "invalid_input"),
        (
            "POST",
            "/runs",
            b'{"agent_name":"echo","input":[{"role":"assistant","parts":[]}]}',
            422,
            "invalid_input",
        ),
        (
            "POST",
            "/runs",
            b'{"agent_name":"echo","input":[{"parts":[{"content":"a","content_url":"http://x/y"}]}]}',
            422,
            "invalid_input",
        ),
        ("GET", "/runs/not-a-uuid", None, 422, "invalid_input"),
        ("GET", f"/runs/{uuid.uuid4()}", None, 404, "not_found"),
        ("GET", f"/runs/{uuid.uuid4()}/events", None, 404, "not_found"),
        ("POST", f"/runs/{uuid.uuid4()}/cancel", None, 404, "not_found"),
        ("POST", f"/runs/{uuid.uuid4()}", b'{"await_resume":{"type":"nope"}}', 404, "not_found"),
        ("GET", f"/sessions/{uuid.uuid4()}", None, 404, "not_found"),
        ("GET", "/sessions/xyz", None, 422, "invalid_input"),
        ("GET", f"/resources/{uuid.uuid4()}", None, 404, "not_found"),
        ("GET", "/nowhere", None, 404, "not_found"),
        ("DELETE", "/runs", None, 405, "server_error"),
    ],
)
async def test_bad_requests_get_acp_error_bodies(
    method: str, path: str, body: bytes | None, status: int, code: str
) -> None:
    async with serve() as (http, _):
        response = await http.request(method, path, content=body)
        assert response.status_code == status
        error = response.json()
        assert error["code"] == code
        assert set(error) == {"code", "message", "data"}
        assert "Traceback" not in error["message"]
        assert "'input'" not in error["message"]


async def test_validation_errors_name_fields_without_echoing_input() -> None:
    async with serve() as (http, _):
        body = run_body("echo")
        body["input"][0]["role"] = "assistant-SECRET"
        error = (await http.post("/runs", json=body)).json()
        assert error["data"]["errors"][0]["loc"] == "input[0].role"
        assert "SECRET" not in error["message"]


async def test_resume_with_a_bad_body_on_an_awaiting_run() -> None:
    async with serve() as (http, _):
        run_id = (await http.post("/runs", json=run_body("approver"))).json()["run_id"]
        bad = await http.post(
            f"/runs/{run_id}", json={"await_resume": {"type": "nope"}, "mode": "sync"}
        )
        assert bad.status_code == 422
        assert (await http.get(f"/runs/{run_id}")).json()["status"] == "awaiting"


async def test_session_mismatch_and_oversized_bodies() -> None:
    async with serve(limits=ServerLimits(max_body_bytes=2000)) as (http, _):
        body = run_body("echo", session_id=str(uuid.uuid4()), session={"id": str(uuid.uuid4())})
        mismatch = await http.post("/runs", json=body)
        assert mismatch.status_code == 400
        assert mismatch.json()["message"] == "Session ID mismatch"
        huge = await http.post("/runs", json=run_body("echo", "x" * 5000))
        assert huge.status_code == 413
        assert huge.json()["code"] == "invalid_input"


async def test_forwarded_history_to_private_addresses_is_refused_by_default() -> None:
    async with serve() as (http, _):
        session = {"id": str(uuid.uuid4()), "history": ["http://127.0.0.1:9/resources/x"]}
        run = (await http.post("/runs", json=run_body("history", session=session))).json()
        assert run["status"] == "failed"
        assert run["error"]["code"] == "server_error"
        assert "refused" in run["error"]["message"]


async def test_api_key_auth_and_ownership() -> None:
    auth = APIKeyAuth({"k-alice": "alice", "k-bob": "bob"})
    server = ACPServer(AGENTS)
    app = create_app(server=server, auth=auth)
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://acp.test") as http:
        assert (await http.get("/ping")).status_code == 200
        anonymous = await http.get("/agents")
        assert anonymous.status_code == 401
        assert anonymous.headers["www-authenticate"].startswith("Bearer")
        assert (await http.get("/agents", headers={"X-API-Key": "wrong"})).status_code == 401
        alice = {"Authorization": "Bearer k-alice"}
        run = (await http.post("/runs", json=run_body("echo"), headers=alice)).json()
        assert (await http.get(f"/runs/{run['run_id']}", headers=alice)).status_code == 200
        bob = {"X-API-Key": "k-bob"}
        assert (await http.get(f"/runs/{run['run_id']}", headers=bob)).status_code == 404
        assert (await http.get(f"/sessions/{run['session_id']}", headers=bob)).status_code == 404
        stolen = run_body("echo", session_id=run["session_id"])
        assert (await http.post("/runs", json=stolen, headers=bob)).status_code == 404
    await server.shutdown()


def test_agents_need_unique_names_and_async_handlers() -> None:
    with pytest.raises(ValueError, match="two agents"):
        ACPServer([AGENTS[0], AGENTS[0]])
    with pytest.raises(TypeError):
        agent("sync")(lambda input, ctx: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(ValueError, match="not both"):
        create_app(AGENTS[0], server=ACPServer([]))


async def test_too_many_active_runs_is_503() -> None:
    async with serve(limits=ServerLimits(max_active_runs=1)) as (http, _):
        first = await http.post("/runs", json=run_body("slow", mode="async"))
        assert first.status_code == 202
        busy = await http.post("/runs", json=run_body("echo"))
        assert busy.status_code == 503
        assert busy.json()["code"] == "server_error"


async def test_streamed_request_body_over_the_limit() -> None:
    async def chunks() -> Any:
        for _ in range(10):
            yield b" " * 500

    async with serve(limits=ServerLimits(max_body_bytes=2000)) as (http, _):
        response = await http.post("/runs", content=chunks())
        assert response.status_code == 413


def _history_server(status: int, body: bytes) -> Any:
    import httpx

    return httpx.AsyncClient(
        transport=httpx.MockTransport(lambda r: httpx.Response(status, content=body))
    )


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (404, b"", "answered 404"),
        (200, b"x" * 3000, "too large"),
        (200, b'{"role":"robot"}', "not a message"),
    ],
)
async def test_remote_history_failures_fail_the_run(status: int, body: bytes, reason: str) -> None:
    from a2a.protocol.ssrf import UrlPolicy

    client = _history_server(status, body)
    server = ACPServer(
        AGENTS,
        limits=ServerLimits(max_resource_bytes=2000),
        url_policy=UrlPolicy(allow_http=True),
        history_client=client,
        history_resolver=_public_resolver,
    )
    async with serve(server=server) as (http, _):
        session = {"id": str(uuid.uuid4()), "history": ["http://history.example/resources/1"]}
        run = (await http.post("/runs", json=run_body("history", session=session))).json()
        assert run["status"] == "failed"
        assert reason in run["error"]["message"]
    assert not client.is_closed  # the caller's client stays open
    await client.aclose()


async def test_remote_history_is_read() -> None:
    from a2a.protocol.ssrf import UrlPolicy

    stored = Message.user("from elsewhere").to_json()
    client = _history_server(200, stored)
    server = ACPServer(
        AGENTS,
        url_policy=UrlPolicy(allow_http=True),
        history_client=client,
        history_resolver=_public_resolver,
    )
    async with serve(server=server) as (http, _):
        session = {"id": str(uuid.uuid4()), "history": ["http://history.example/resources/1"]}
        run = (await http.post("/runs", json=run_body("history", "now", session=session))).json()
        assert run["output"][0]["parts"][0]["content"] == (
            "history has 1 messages [from elsewhere]; new input: now"
        )
    await client.aclose()


async def test_remote_history_behind_a_name_resolving_to_a_private_address_is_refused() -> None:
    from a2a.protocol.ssrf import UrlPolicy

    fetched: list[str] = []

    def answer(request: Any) -> Any:
        import httpx

        fetched.append(str(request.url))
        return httpx.Response(200, content=Message.user("secret").to_json())

    import httpx

    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))

    async def internal(host: str, port: int) -> list[str]:
        return ["10.0.0.7"]  # e.g. a DNS name pointing into the private network

    server = ACPServer(
        AGENTS, url_policy=UrlPolicy(allow_http=True), history_client=client,
        history_resolver=internal,
    )  # fmt: skip
    async with serve(server=server) as (http, _):
        session = {"id": str(uuid.uuid4()), "history": ["http://history.example/resources/1"]}
        run = (await http.post("/runs", json=run_body("history", session=session))).json()
        assert run["status"] == "failed"
        assert "refused" in run["error"]["message"]
    assert fetched == []
    await client.aclose()


async def _public_resolver(host: str, port: int) -> list[str]:
    return ["93.184.215.14"]  # any public address: the mock transport answers


async def test_a_cancel_after_the_agents_last_await_still_cancels() -> None:
    holder: dict[str, ACPServer] = {}

    @agent("self-cancel")
    async def self_cancel(input: list[Message], ctx: RunContext) -> str:
        holder["server"].run(ctx.run_id).cancel()  # as if a cancel request came in right now
        return "finished anyway"

    server = ACPServer([self_cancel])
    holder["server"] = server
    async with serve(server=server) as (http, _):
        run = (await http.post("/runs", json=run_body("self-cancel"))).json()
        assert run["status"] == "cancelled"
        assert run["error"] is None
        assert (await http.get(f"/sessions/{run['session_id']}")).json()["history"] == []


async def test_a_cancelled_run_that_then_asks_for_input_is_cancelled() -> None:
    holder: dict[str, ACPServer] = {}

    @agent("cancel-then-ask")
    async def cancel_then_ask(input: list[Message], ctx: RunContext) -> str:
        holder["server"].run(ctx.run_id).cancel()
        answer = await ctx.ask("still there?")
        return answer.text

    server = ACPServer([cancel_then_ask])
    holder["server"] = server
    async with serve(server=server) as (http, _):
        run = (await http.post("/runs", json=run_body("cancel-then-ask"))).json()
        assert run["status"] == "cancelled"
        assert run["await_request"] is None
