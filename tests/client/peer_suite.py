"""The client test suite that runs against real agents.

Each ``tests/interop/test_client_<peer>.py`` module imports these tests and
provides a ``peer`` fixture (a :class:`Peer`: where the agent listens, which
binding to force, which protocol version to expect).  The agent under test
must behave like ``tests/interop/drivers/sdk1_server.py``: ``echo`` by
default, and ``slow``, ``ask``, ``auth``, ``direct``, ``fail`` prefixes.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from a2a.cli import main as cli_main
from a2a.client import ApiKey, Client, SyncClient
from a2a.errors import (
    TaskNotCancelableError,
    TaskNotFoundError,
    UnsupportedOperationError,
)
from a2a.types import (
    Message,
    Task,
    TaskArtifactUpdateEvent,
    TaskState,
    TaskStatusUpdateEvent,
)

__all__ = [
    "Peer",
    "agent",
    "test_auth_required_stops",
    "test_cancel_finished_task_is_not_cancelable",
    "test_card_and_interface",
    "test_cli_card",
    "test_cli_continue_a_task",
    "test_cli_send_prints_the_reply",
    "test_cli_send_stream",
    "test_cli_tasks_get_cancel",
    "test_cli_unknown_task",
    "test_direct_message_reply",
    "test_extended_card",
    "test_failed_task",
    "test_get_task_round_trip",
    "test_input_required_stops_and_resumes",
    "test_list_tasks_paginates",
    "test_push_config_crud",
    "test_send_blocking_reassembles_chunks",
    "test_send_return_immediately_then_cancel",
    "test_stream_events_in_order",
    "test_subscribe_then_cancel",
    "test_sync_client",
    "test_unknown_task_errors",
]

S = TaskState


@dataclass(frozen=True)
class Peer:
    """An agent under test, reached through one binding."""

    name: str
    url: str
    binding: str
    version: str
    #: Credentials the agent requires (an API key in ``X-API-Key``), if any.
    auth: ApiKey | None = None

    @property
    def options(self) -> dict[str, Any]:
        """Keyword arguments for :class:`Client` and :class:`SyncClient`."""
        return {"binding": self.binding, "auth": self.auth}

    @property
    def cli(self) -> list[str]:
        """Options for every CLI command: the binding and the credentials."""
        key = ["--header", f"X-API-Key: {self.auth.value}"] if self.auth is not None else []
        return ["--binding", self.binding, *key]

    @property
    def lists_tasks(self) -> bool:
        """``ListTasks`` exists from 1.0 on."""
        return self.version == "1.0"


@pytest.fixture
async def agent(peer: Peer) -> AsyncIterator[Client]:
    async with Client(peer.url, **peer.options) as client:
        yield client


async def test_card_and_interface(peer: Peer, agent: Client) -> None:
    assert agent.card is not None
    assert agent.card.name
    assert agent.interface.protocol_version == peer.version
    assert (
        agent.interface.protocol_binding
        == {"jsonrpc": "JSONRPC", "rest": "HTTP+JSON"}[peer.binding]
    )
    assert agent.card.capabilities.streaming is True


async def test_send_blocking_reassembles_chunks(agent: Client) -> None:
    result = await agent.send_text("hello")
    assert result.task is not None
    assert result.state is S.TASK_STATE_COMPLETED
    assert result.text == "echo: hello"
    (artifact,) = result.task.artifacts
    assert [p.text for p in artifact.parts] == ["echo: ", "hello"]
    assert result.task.context_id


async def test_send_return_immediately_then_cancel(agent: Client) -> None:
    result = await agent.send_text("slow one", return_immediately=True)
    assert result.task is not None
    assert result.state in (S.TASK_STATE_SUBMITTED, S.TASK_STATE_WORKING)
    canceled = await agent.cancel_task(result.task.id)
    assert canceled.id == result.task.id
    assert canceled.status.state is S.TASK_STATE_CANCELED
    fetched = await agent.get_task(result.task.id)
    assert fetched.status.state is S.TASK_STATE_CANCELED


async def test_stream_events_in_order(agent: Client) -> None:
    events = []
    async with agent.stream("streamed") as stream:
        async for event in stream:
            events.append(event)
    assert isinstance(events[0], Task)
    last = events[-1]
    assert isinstance(last, TaskStatusUpdateEvent)
    assert last.status.state is S.TASK_STATE_COMPLETED
    chunks = [e for e in events if isinstance(e, TaskArtifactUpdateEvent)]
    assert [c.append for c in chunks] == [False, True]
    assert chunks[-1].last_chunk is True
    assert stream.task is not None
    assert stream.task.status.state is S.TASK_STATE_COMPLETED
    assert stream.text == "echo: streamed"


async def test_get_task_round_trip(agent: Client) -> None:
    result = await agent.send_text("remember me")
    assert result.task is not None
    fetched = await agent.get_task(result.task.id)
    assert fetched.id == result.task.id
    assert fetched.context_id == result.task.context_id
    assert fetched.status.state is S.TASK_STATE_COMPLETED
    assert "".join(a.text for a in fetched.artifacts) == "echo: remember me"


async def test_list_tasks_paginates(peer: Peer, agent: Client) -> None:
    if not peer.lists_tasks:
        with pytest.raises(UnsupportedOperationError):
            await agent.list_tasks()
        return
    context = str(uuid.uuid4())
    sent = set()
    for index in range(3):
        result = await agent.send_text(f"item {index}", context_id=context)
        assert result.task is not None
        sent.add(result.task.id)
    page = await agent.list_tasks(context_id=context, page_size=2)
    assert len(page.tasks) == 2
    assert page.total_size == 3
    assert page.next_page_token
    seen = [task.id async for task in agent.iter_tasks(context_id=context, page_size=2)]
    assert sorted(seen) == sorted(sent)


async def test_subscribe_then_cancel(agent: Client) -> None:
    started = await agent.send_text("slow two", return_immediately=True)
    assert started.task is not None
    task_id = started.task.id
    async with agent.subscribe(task_id) as stream:
        first = await stream.__anext__()
        assert isinstance(first, Task)
        assert first.id == task_id
        canceled = await agent.cancel_task(task_id)
        assert canceled.status.state is S.TASK_STATE_CANCELED
        rest = [event async for event in stream]
    assert all(getattr(e, "task_id", task_id) == task_id for e in rest)
    assert (await agent.get_task(task_id)).status.state is S.TASK_STATE_CANCELED


async def test_push_config_crud(agent: Client) -> None:
    # A running task: some servers take no configs for finished ones.
    result = await agent.send_text("slow push", return_immediately=True)
    assert result.task is not None
    task_id = result.task.id
    created = await agent.create_push_config(
        task_id, "http://127.0.0.1:9/hook", config_id="cfg-1", token="secret-token"
    )
    assert created.id == "cfg-1"
    assert created.task_id == task_id
    assert created.url == "http://127.0.0.1:9/hook"
    fetched = await agent.get_push_config(task_id, "cfg-1")
    assert fetched.token == "secret-token"
    listed = await agent.list_push_configs(task_id)
    assert [c.id for c in listed.configs] == ["cfg-1"]
    await agent.delete_push_config(task_id, "cfg-1")
    assert (await agent.list_push_configs(task_id)).configs == []
    await agent.cancel_task(task_id)


async def test_input_required_stops_and_resumes(agent: Client) -> None:
    question = await agent.send_text("ask me")
    assert question.needs_input
    assert question.prompt == "your name?"
    answer = await agent.send(question.follow_up("bob"))
    assert answer.task is not None
    assert question.task is not None
    assert answer.task.id == question.task.id
    assert answer.state is S.TASK_STATE_COMPLETED
    assert answer.text == "hello, bob"


async def test_auth_required_stops(agent: Client) -> None:
    result = await agent.send_text("auth please")
    assert result.needs_auth
    assert result.prompt == "please sign in"


async def test_direct_message_reply(agent: Client) -> None:
    result = await agent.send_text("direct hi")
    assert result.task is None
    assert isinstance(result.message, Message)
    assert result.text == "direct: direct hi"


async def test_failed_task(agent: Client) -> None:
    result = await agent.send_text("fail now")
    assert result.state is S.TASK_STATE_FAILED
    assert result.prompt == "it failed"


async def test_unknown_task_errors(agent: Client) -> None:
    missing = str(uuid.uuid4())
    with pytest.raises(TaskNotFoundError):
        await agent.get_task(missing)
    with pytest.raises(TaskNotFoundError):
        await agent.cancel_task(missing)
    with pytest.raises(TaskNotFoundError):
        await agent.get_push_config(missing, "x")


async def test_cancel_finished_task_is_not_cancelable(agent: Client) -> None:
    result = await agent.send_text("finish first")
    assert result.task is not None
    with pytest.raises(TaskNotCancelableError):
        await agent.cancel_task(result.task.id)


async def test_extended_card(agent: Client) -> None:
    card = await agent.get_extended_card()
    assert card.name.endswith("(extended)")
    assert agent.card is card


async def test_sync_client(peer: Peer) -> None:
    def work() -> tuple[str, list[str]]:
        with SyncClient(peer.url, **peer.options) as client:
            text = client.send_text("sync").text
            kinds = [type(e).__name__ for e in client.stream("sync stream")]
            return text, kinds

    text, kinds = await asyncio.to_thread(work)
    assert text == "echo: sync"
    assert kinds[0] == "Task"
    assert kinds[-1] == "TaskStatusUpdateEvent"


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the ``a2a`` program in process; returns its exit code, stdout and stderr."""
    code = cli_main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_card(peer: Peer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["card", peer.url, *peer.cli[2:]], capsys)
    assert code == 0
    assert "interfaces:" in out
    code, out, _ = run_cli(["card", peer.url, "--json", *peer.cli[2:]], capsys)
    assert code == 0
    assert json.loads(out)["name"] in out


def test_cli_send_prints_the_reply(peer: Peer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["send", peer.url, "from the shell", *peer.cli], capsys)
    assert (code, out) == (0, "echo: from the shell\n")


def test_cli_send_stream(peer: Peer, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["send", peer.url, "streaming", "--stream", *peer.cli]
    code, out, _ = run_cli(argv, capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("task ")
    assert lines[-1] == "status: completed: done"
    assert any(line.endswith(": streaming") and "(last chunk)" in line for line in lines)


def test_cli_continue_a_task(peer: Peer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["send", peer.url, "ask", *peer.cli], capsys)
    assert (code, out) == (0, "your name?\n")
    assert "--task-id" in err
    task_id = err.split("--task-id ")[1].split()[0]
    argv = ["send", peer.url, "ann", "--task-id", task_id, *peer.cli]
    assert run_cli(argv, capsys)[:2] == (0, "hello, ann\n")


def test_cli_tasks_get_cancel(peer: Peer, capsys: pytest.CaptureFixture[str]) -> None:
    b = peer.cli
    code, out, _ = run_cli(["send", peer.url, "slow cli", "--no-wait", "--json", *b], capsys)
    assert code == 0
    task_id = json.loads(out)["task"]["id"]
    code, out, _ = run_cli(["get", peer.url, task_id, *b], capsys)
    assert code == 0
    assert out.startswith(f"task {task_id} (")
    if peer.lists_tasks:
        code, out, _ = run_cli(["tasks", peer.url, "--page-size", "100", *b], capsys)
        assert code == 0
        assert task_id in out
    else:
        code, _, err = run_cli(["tasks", peer.url, *b], capsys)
        assert code == 1
        assert "UnsupportedOperationError" in err
    code, out, _ = run_cli(["cancel", peer.url, task_id, *b], capsys)
    assert (code, out) == (0, f"task {task_id}: canceled\n")
    # Canceling again: servers differ (idempotent success, or TaskNotCancelable).
    code, out, err = run_cli(["cancel", peer.url, task_id, *b], capsys)
    if code == 0:
        assert out == f"task {task_id}: canceled\n"
    else:
        assert "TaskNotCancelableError" in err


def test_cli_unknown_task(peer: Peer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["get", peer.url, "no-such-task", *peer.cli], capsys)
    assert (code, out) == (1, "")
    assert "TaskNotFoundError" in err
