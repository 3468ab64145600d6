"""Our ACP client against an acp-sdk 1.0.3 server (its own venv, a subprocess)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from acp.client import Client
from acp.errors import NotFoundError
from acp.types import (
    ArtifactEvent,
    GenericEvent,
    MessageCreatedEvent,
    MessagePartEvent,
    Run,
    RunAwaitingEvent,
    RunCompletedEvent,
    RunStatus,
)
from tests.interop.peers import DRIVERS, free_port, running
from tests.interop.venvs import peer_python

pytestmark = pytest.mark.interop

ROOT = Path(__file__).resolve().parents[2]
ENV = {"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


@pytest.fixture(scope="module")
def sdk_url() -> Iterator[str]:
    port = free_port()
    with running(peer_python("acp-sdk"), [str(DRIVERS / "acp_sdk_server.py"), str(port)], port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def ours_url() -> Iterator[str]:
    port = free_port()
    args = ["-m", "tests.interop.drivers.acp_ours_server", str(port), "--allow-private-history"]
    with running(sys.executable, args, port, env=ENV):
        yield f"http://127.0.0.1:{port}"


def _texts(run: Run) -> list[str]:
    return [p.content or "" for m in run.output for p in m.parts]


async def _until(client: Client, run_id: object, statuses: set[RunStatus]) -> Run:
    for _ in range(2000):  # bounded polling, 5 ms apart
        run = await client.run_status(str(run_id))
        if run.status in statuses:
            return run
        await asyncio.sleep(0.005)
    raise AssertionError(f"run never reached {statuses}")


async def test_discovery(sdk_url: str) -> None:
    async with Client(sdk_url) as client:
        await client.ping()
        names = [a.name for a in await client.agents()]
        assert {"echo", "streamer", "approver", "slow", "failing", "history"} <= set(names)
        assert (await client.agent("echo")).description == "Echoes every input message back"
        with pytest.raises(NotFoundError):
            await client.agent("nope")


async def test_sync_async_and_stream(sdk_url: str) -> None:
    async with Client(sdk_url) as client:
        run = await client.run_sync("echo", "Howdy!")
        assert run.status is RunStatus.COMPLETED
        assert _texts(run) == ["Howdy!"]
        created = await client.run_async("echo", "later")
        assert created.status is RunStatus.CREATED
        done = await _until(client, created.run_id, {RunStatus.COMPLETED})
        assert _texts(done) == ["later"]
        events = [e async for e in client.run_stream("streamer", "3")]
        assert isinstance(events[2], MessageCreatedEvent)
        parts = [e.part.content for e in events if isinstance(e, MessagePartEvent)]
        assert parts == ["tok0 ", "tok1 ", "tok2 "]
        assert isinstance(events[-1], RunCompletedEvent)
        listed = await client.run_events(str(run.run_id))
        assert listed[-1].type == "run.completed"


async def test_await_resume_in_every_mode(sdk_url: str) -> None:
    async with Client(sdk_url) as client:
        first = await client.run_sync("approver", "do X")
        assert first.status is RunStatus.AWAITING
        assert first.await_request is not None
        resumed = await client.run_resume_sync(str(first.run_id), "yes")
        assert _texts(resumed) == ["You said: yes"]

        events = [e async for e in client.run_stream("approver", "do Y")]
        assert isinstance(events[2], GenericEvent)
        assert isinstance(events[-1], RunAwaitingEvent)
        run_id = str(events[-1].run.run_id)
        after = [e async for e in client.run_resume_stream(run_id, "no")]
        assert after[0].type == "run.in-progress"
        assert isinstance(after[-1], RunCompletedEvent)
        assert _texts(after[-1].run) == ["You said: no"]

        created = await client.run_async("approver", "do Z")
        await _until(client, created.run_id, {RunStatus.AWAITING})
        accepted = await client.run_resume_async(str(created.run_id), "yes")
        assert accepted.status is RunStatus.IN_PROGRESS
        done = await _until(client, created.run_id, {RunStatus.COMPLETED})
        assert _texts(done) == ["You said: yes"]


async def test_cancel_and_failure(sdk_url: str) -> None:
    async with Client(sdk_url) as client:
        created = await client.run_async("slow", "zzz")
        await _until(client, created.run_id, {RunStatus.IN_PROGRESS})
        cancelling = await client.run_cancel(str(created.run_id))
        assert cancelling.status is RunStatus.CANCELLING
        done = await _until(client, created.run_id, {RunStatus.CANCELLED})
        assert done.finished_at is not None
        failed = await client.run_sync("failing", "x")
        assert failed.status is RunStatus.FAILED
        assert failed.error is not None
        assert failed.error.code == "invalid_input"
        assert failed.error.data == {"hint": "demo"}


async def test_sessions_including_a_hop_to_our_server(sdk_url: str, ours_url: str) -> None:
    sid = "323ddcda-b201-451f-9ea7-92897ea4145e"
    async with Client(sdk_url) as sdk, Client(ours_url) as ours:
        await sdk.run_sync("history", "turn 1", session_id=sid)
        two = await sdk.run_sync("history", "turn 2", session_id=sid)
        assert _texts(two)[0].startswith("history has 2 messages")
        descriptor = await sdk.session(sid)
        assert len(descriptor.history) == 4
        # Our server reads the history that the acp-sdk server stores.
        three = await ours.run_sync("history", "turn 3", session=descriptor)
        assert _texts(three)[0].startswith("history has 4 messages [turn 1|")
        mine = await ours.session(sid)
        assert mine.history[:4] == descriptor.history
        assert len(mine.history) == 6
        # And back: the acp-sdk server reads what ours stored.
        four = await sdk.run_sync("history", "turn 4", session=mine)
        assert _texts(four)[0].startswith("history has 6 messages [turn 1|")


async def test_artifact_events_are_typed(ours_url: str) -> None:
    async with Client(ours_url) as client:
        events = [e async for e in client.run_stream("artifact", "report body")]
        artifacts = [e for e in events if isinstance(e, ArtifactEvent)]
        assert [a.part.name for a in artifacts] == ["/report.txt"]
