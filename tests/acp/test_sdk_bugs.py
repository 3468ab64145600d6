"""The known acp-sdk 1.0.3 bugs (``spec/acp.md`` §SDK bugs), each shown absent here.

1. Resuming a completed run flips it back to ``in-progress`` and hangs the caller.
2. Every finished run leaves a watcher task alive forever (work leaks after the run ends).
3. The session/resource store never evicts.
"""

from __future__ import annotations

import asyncio

from acp.server import ACPServer, ServerLimits
from tests.acp.agents import AGENTS
from tests.acp.conftest import Clock, run_body, serve, sse_events

RESUME = {"await_resume": {"type": "message", "message": {"parts": [{"content": "yes"}]}}}


async def test_resuming_a_completed_run_is_refused_and_changes_nothing() -> None:
    async with serve() as (http, _):
        first = (await http.post("/runs", json=run_body("approver"))).json()
        assert first["status"] == "awaiting"
        run_id = first["run_id"]
        done = await http.post(f"/runs/{run_id}", json={**RESUME, "mode": "sync"})
        assert done.json()["status"] == "completed"
        for mode in ("sync", "async", "stream"):
            again = await http.post(f"/runs/{run_id}", json={**RESUME, "mode": mode})
            assert again.status_code == 409
            assert again.json()["code"] == "invalid_input"
        after = (await http.get(f"/runs/{run_id}")).json()
        assert after["status"] == "completed"
        assert after["await_request"] is None
        assert after["finished_at"] == done.json()["finished_at"]


async def test_resume_of_a_run_that_never_awaited_is_refused() -> None:
    async with serve() as (http, _):
        run = (await http.post("/runs", json=run_body("echo"))).json()
        again = await http.post(f"/runs/{run['run_id']}", json={**RESUME, "mode": "sync"})
        assert again.status_code == 409


async def _settle() -> None:
    # Let done-callbacks and closing generators run (bounded, no timing involved).
    for _ in range(5):
        await asyncio.sleep(0)


async def test_finished_runs_leave_no_task_behind() -> None:
    limits = ServerLimits(await_timeout=0.01)
    async with serve(limits=limits) as (http, server):
        await http.get("/ping")
        await _settle()
        baseline = len(asyncio.all_tasks())
        for i in range(50):
            await http.post("/runs", json=run_body("echo", f"m{i}"))
            sse_events((await http.post("/runs", json=run_body("streamer", "5", "stream"))).text)
            await http.post("/runs", json=run_body("failing"))
            slow = (await http.post("/runs", json=run_body("slow", mode="async"))).json()
            await http.post(f"/runs/{slow['run_id']}/cancel")
            # Cancelled before its task ever ran:
            early = (await http.post("/runs", json=run_body("echo", mode="async"))).json()
            await http.post(f"/runs/{early['run_id']}/cancel")
            # An await that nobody answers times out and fails the run:
            await http.post("/runs", json=run_body("approver"))
        for _ in range(200):  # the awaiting runs end by their own timeout
            if not server.active:
                break
            await asyncio.sleep(0.01)
        await _settle()
        assert server.active == {}
        assert len(asyncio.all_tasks()) == baseline
        statuses = {server.run(k).log.status.value for k in server.finished}
        assert statuses == {"completed", "failed", "cancelled"}


async def test_finished_runs_are_evicted_by_count_and_age(clock: Clock) -> None:
    limits = ServerLimits(max_finished_runs=10, finished_run_ttl=60)
    server = ACPServer(AGENTS, limits=limits, clock=clock)
    async with serve(server=server) as (http, _):
        ids = [
            (await http.post("/runs", json=run_body("echo"))).json()["run_id"] for _ in range(25)
        ]
        await _settle()
        assert len(server.finished) == 10
        assert (await http.get(f"/runs/{ids[0]}")).status_code == 404
        assert (await http.get(f"/runs/{ids[-1]}")).status_code == 200
        clock.now += 61
        assert (await http.get(f"/runs/{ids[-1]}")).status_code == 404


async def test_sessions_and_their_history_are_evicted(clock: Clock) -> None:
    limits = ServerLimits(max_sessions=5, session_ttl=60)
    server = ACPServer(AGENTS, limits=limits, clock=clock)
    async with serve(server=server) as (http, _):
        sessions = []
        for i in range(20):
            run = (await http.post("/runs", json=run_body("echo", f"turn {i}"))).json()
            sessions.append(run["session_id"])
        assert len(server.sessions.records) == 5
        # Each completed run stored 2 resources (input + output); only live sessions keep theirs.
        assert len(server.sessions.resources) == 10
        assert (await http.get(f"/sessions/{sessions[0]}")).status_code == 404
        latest = (await http.get(f"/sessions/{sessions[-1]}")).json()
        assert (
            await http.get(latest["history"][0].replace("http://acp.test", ""))
        ).status_code == 200
        clock.now += 61
        await http.post("/runs", json=run_body("echo"))  # any insert evicts what expired
        assert len(server.sessions.records) == 1
        assert len(server.sessions.resources) == 2
        assert (await http.get(f"/sessions/{sessions[-1]}")).status_code == 404


async def test_session_history_is_capped() -> None:
    server = ACPServer(AGENTS, limits=ServerLimits(max_history=6))
    sid = "5b0c3b3e-64a8-4f43-9d2b-53b8f5dc1c7a"
    async with serve(server=server) as (http, _):
        for i in range(10):
            await http.post("/runs", json=run_body("echo", f"t{i}", session_id=sid))
        history = (await http.get(f"/sessions/{sid}")).json()["history"]
        assert len(history) == 6
        assert len(server.sessions.resources) == 6


async def test_a_session_evicted_during_its_run_still_takes_its_history_with_it(
    clock: Clock,
) -> None:
    server = ACPServer(AGENTS, limits=ServerLimits(max_sessions=2, session_ttl=60), clock=clock)
    async with serve(server=server) as (http, _):
        waiting = (await http.post("/runs", json=run_body("approver"))).json()
        for i in range(3):  # push the waiting run's session out of the store
            await http.post("/runs", json=run_body("echo", f"filler {i}"))
        resume = {"await_resume": {"message": {"parts": [{"content": "yes"}]}}, "mode": "sync"}
        done = (await http.post(f"/runs/{waiting['run_id']}", json=resume)).json()
        assert done["status"] == "completed"
        assert (await http.get(f"/sessions/{waiting['session_id']}")).status_code == 200
        clock.now += 61
        await http.post("/runs", json=run_body("echo"))
        assert len(server.sessions.resources) == 2  # only the newest session's two messages
