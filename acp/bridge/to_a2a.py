"""Serve every agent of an ACP server as an A2A agent (``acp bridge ACP_URL``).

Each ACP agent becomes an A2A agent (:class:`ACPRemoteAgent`) served by the
A2A reference server, mounted at ``/{agent-name}`` (card, JSON-RPC at
``/{name}/``, HTTP+JSON at ``/{name}/rest``).  A message starts an ACP run
in ``stream`` mode and the run's events drive the task as they arrive:

* ``run.in-progress`` -> WORKING; ``generic`` -> WORKING with a data part;
* each output message -> one artifact, its parts streamed as chunks
  (``append``); a named ACP part (an ACP artifact) -> an artifact of that name;
* ``run.awaiting`` -> INPUT_REQUIRED with the await message; the client's
  follow-up on the task resumes the ACP run (``stream`` mode again);
* ``run.completed`` / ``run.failed`` / ``run.cancelled`` -> COMPLETED /
  FAILED (with the ACP error text) / CANCELED; an A2A cancel cancels the run.

The A2A context id selects the ACP session (:func:`acp.mapping.session_id_for`),
so multi-turn conversations keep their ACP history.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence

from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from a2a.agent import Agent, TaskContext
from a2a.errors import A2AError
from a2a.server import create_app as create_a2a_app
from a2a.types import Message as A2AMessage
from a2a.types import Part, TaskState
from acp.client import Client
from acp.mapping import info_from_manifest, message_from_a2a, part_to_a2a, session_id_for
from acp.types import (
    AgentManifest,
    ArtifactEvent,
    Event,
    GenericEvent,
    MessageCreatedEvent,
    MessagePartEvent,
    RunAwaitingEvent,
    RunCancelledEvent,
    RunCompletedEvent,
    RunCreatedEvent,
    RunFailedEvent,
    RunInProgressEvent,
)

__all__ = ["ACPRemoteAgent", "BridgeApp", "create_bridge_app", "discover"]


class _Turn:
    """Maps one stream of ACP run events onto the A2A task, keeping artifact ids stable."""

    def __init__(self, task: TaskContext, run_id: str | None) -> None:
        self.task = task
        self.run_id = run_id
        self.message_index = -1
        self.seen: set[str] = set()

    async def part(self, event: MessagePartEvent | ArtifactEvent) -> None:
        part = event.part
        if part.name is not None:
            artifact_id, name = f"{self.run_id}:{part.name}", part.name
        else:
            artifact_id, name = f"{self.run_id}:message-{max(self.message_index, 0)}", "output"
        append = artifact_id in self.seen
        self.seen.add(artifact_id)
        await self.task.artifact(
            part_to_a2a(part), artifact_id=artifact_id, name=name, append=append
        )


class ACPRemoteAgent(Agent):
    """An A2A agent whose work is done by one agent of a remote ACP server."""

    def __init__(self, client: Client, manifest: AgentManifest) -> None:
        super().__init__(info_from_manifest(manifest))
        self.client = client
        self.acp_name = manifest.name
        # A2A task id -> ACP run id, while the run awaits the client's input.
        self._awaiting: dict[str, str] = {}

    async def handle(self, message: A2AMessage, task: TaskContext) -> None:
        acp_message = message_from_a2a(message)
        run_id = self._awaiting.pop(task.task_id, None)
        if run_id is not None and task.state is TaskState.TASK_STATE_INPUT_REQUIRED:
            events = self.client.run_resume_stream(run_id, acp_message)
        else:
            session = session_id_for(task.context_id)
            events = self.client.run_stream(self.acp_name, [acp_message], session_id=session)
        turn = _Turn(task, run_id)
        try:
            await self._follow(events, turn)
        except asyncio.CancelledError:
            if turn.run_id is not None:
                with contextlib.suppress(A2AError):
                    await asyncio.shield(self.client.run_cancel(turn.run_id))
            raise

    async def _follow(self, events: AsyncIterator[Event], turn: _Turn) -> None:
        task = turn.task
        async for event in events:
            if isinstance(event, RunCreatedEvent):
                turn.run_id = str(event.run.run_id)
            elif isinstance(event, RunInProgressEvent):
                turn.run_id = str(event.run.run_id)
                if task.state is not TaskState.TASK_STATE_WORKING:
                    await task.working()
            elif isinstance(event, MessageCreatedEvent):
                # Whole messages repeat their parts as message.part events: count, don't copy.
                turn.message_index += 1
            elif isinstance(event, (MessagePartEvent, ArtifactEvent)):
                await turn.part(event)
            elif isinstance(event, GenericEvent):
                await task.working(Part.from_data(event.generic))
            elif isinstance(event, RunAwaitingEvent):
                request = event.run.await_request
                parts = [part_to_a2a(p) for p in request.message.parts] if request else []
                self._awaiting[task.task_id] = str(event.run.run_id)
                await task.ask(parts or ["Input required"])
                return
            elif isinstance(event, RunCompletedEvent):
                await task.complete()
                return
            elif isinstance(event, RunFailedEvent):
                error = event.run.error
                await task.fail(error.message if error is not None else "The ACP run failed")
                return
            elif isinstance(event, RunCancelledEvent):
                await task.status(TaskState.TASK_STATE_CANCELED)
                return
        await task.fail("The ACP stream ended before the run finished")


async def discover(client: Client) -> list[AgentManifest]:
    """The manifests of every agent the ACP server lists."""
    return await client.agents()


class BridgeApp:
    """ASGI: ``/{name}/...`` goes to that agent's A2A app, with the prefix removed.

    The prefix is stripped from ``path`` and ``raw_path`` (not moved to
    ``root_path``) because the A2A app routes on the raw path.
    """

    def __init__(self, apps: dict[str, Starlette], lifespan: Starlette) -> None:
        self.apps = apps
        self._lifespan = lifespan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._lifespan(scope, receive, send)
            return
        path: str = scope["path"]
        name, _, rest = path[1:].partition("/")
        app = self.apps.get(name)
        if app is None:
            await self._lifespan(scope, receive, send)  # a bare Starlette: 404
            return
        raw: bytes = scope.get("raw_path") or path.encode()
        inner = dict(scope)
        inner["path"] = "/" + rest
        inner["raw_path"] = raw[len(name) + 1 :] or b"/"
        await app(inner, receive, send)


def create_bridge_app(
    client: Client, manifests: Sequence[AgentManifest], *, public_url: str
) -> BridgeApp:
    """An ASGI app serving each ACP agent as an A2A agent under ``/{name}``.

    ``public_url`` is the bridge's own base URL (the cards advertise it).
    """
    base = public_url.rstrip("/")
    apps: dict[str, Starlette] = {
        m.name: create_a2a_app(ACPRemoteAgent(client, m), base_url=f"{base}/{m.name}")
        for m in manifests
    }

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            for app in apps.values():
                await stack.enter_async_context(app.router.lifespan_context(app))
            stack.push_async_callback(client.aclose)
            yield

    return BridgeApp(apps, Starlette(lifespan=lifespan))
