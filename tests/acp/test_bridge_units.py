"""The bridges in-process: an A2A agent behind our A2A server and client, served over ACP;
and the ACP -> A2A bridge app's routing."""

from __future__ import annotations

from typing import Any

import httpx

from a2a.client import Client as A2AClient
from a2a.server import create_app as create_a2a_app
from acp.bridge import create_bridge_app, remote_agent
from acp.bridge.a2a_remote import ClientRemote
from acp.client import Client
from acp.server import ACPServer
from acp.types import AgentManifest
from tests.acp.conftest import run_body, serve, sse_events
from tests.acp.test_mapping import direct, tasky


def _remote(agent: Any, host: str) -> tuple[ClientRemote, httpx.AsyncClient]:
    app = create_a2a_app(agent, base_url=f"http://{host}")
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
    return ClientRemote(A2AClient(f"http://{host}", http_client=http)), http


async def test_remote_a2a_agents_over_acp() -> None:
    tasky_remote, tasky_http = _remote(tasky, "tasky.test")
    direct_remote, direct_http = _remote(direct, "direct.test")
    await tasky_remote.client.open()
    await direct_remote.client.open()
    server = ACPServer([remote_agent(tasky_remote), remote_agent(direct_remote, name="dr")])
    async with serve(server=server) as (http, _):

        async def run(agent: str, text: str) -> dict[str, Any]:
            out: dict[str, Any] = (await http.post("/runs", json=run_body(agent, text))).json()
            return out

        assert [a["name"] for a in (await http.get("/agents")).json()["agents"]] == ["tasky", "dr"]
        assert (await run("dr", "hi"))["output"][0]["parts"][0]["content"] == "direct: hi"
        rejected = await run("tasky", "reject")
        assert rejected["status"] == "failed"
        assert rejected["error"] == {"code": "invalid_input", "message": "no", "data": None}
        assert (await run("tasky", "cancel"))["status"] == "cancelled"
        returned = await run("tasky", "return")
        assert returned["output"][-1]["parts"][0]["content"] == "returned while working"
        events = sse_events(
            (await http.post("/runs", json=run_body("tasky", "ask", mode="stream"))).text
        )
        thinking = next(e for e in events if e["type"] == "generic")["generic"]
        assert thinking["message"]["parts"][0]["content"] == "thinking"
        awaiting = events[-1]["run"]
        assert awaiting["await_request"]["message"]["parts"][0]["content"] == "more?"
        resume = {"await_resume": {"message": {"parts": [{"content": "yes"}]}}, "mode": "sync"}
        done = (await http.post(f"/runs/{awaiting['run_id']}", json=resume)).json()
        assert done["status"] == "completed"
        # The answer reached the same A2A task: its history holds the whole exchange.
        assert done["output"][-1]["parts"][0]["content"].startswith("got yes; history")
    for closable in (tasky_remote, direct_remote, tasky_http, direct_http):
        await closable.aclose()


async def test_bridge_app_routes_by_agent_name() -> None:
    client = Client("http://acp.invalid")
    app = create_bridge_app(client, [AgentManifest(name="echo")], public_url="http://b.test")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://b.test") as http:
        card = (await http.get("/echo/.well-known/agent-card.json")).json()
        assert card["supportedInterfaces"][0]["url"] == "http://b.test/echo/"
        assert (await http.get("/nobody/.well-known/agent-card.json")).status_code == 404
    await client.aclose()
