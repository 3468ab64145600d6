"""The ACP server without HTTP: agents, runs and sessions, with named limits.

:class:`ACPServer` is what the HTTP app (:mod:`acp.server.app`) and the
A2A bridge drive.  Finished runs and sessions live in bounded stores; active
runs end by themselves (agent return, cancel, or await timeout), so nothing
here grows with the number of runs served.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import httpx

from a2a.protocol.ssrf import UrlPolicy
from a2a.server.outbound import Resolver, system_resolver
from acp.errors import NotFoundError, ServerError
from acp.protocol import RunLog, check_session
from acp.server.agent import Agent, RunContext
from acp.server.runner import RunHandle
from acp.server.sessions import Sessions
from acp.server.store import BoundedStore, Clock
from acp.types import AgentManifest, Message, Run, RunCreateRequest

__all__ = ["ACPServer", "ServerLimits"]


@dataclass(frozen=True, slots=True)
class ServerLimits:
    """Every limit of the server, with safe defaults (seconds, bytes, counts)."""

    max_body_bytes: int = 4 * 2**20
    await_timeout: float = 3600.0
    max_active_runs: int = 10_000
    max_finished_runs: int = 10_000
    finished_run_ttl: float = 3600.0
    max_events_per_run: int = 100_000
    max_sessions: int = 10_000
    session_ttl: float = 3600.0
    max_history: int = 1_000
    max_resource_bytes: int = 2**20
    history_fetch_timeout: float = 10.0


class ACPServer:
    """Several agents behind one run table.

    ``url_policy`` governs which history URLs of forwarded sessions may be
    fetched (the default refuses private addresses and plain HTTP);
    ``history_client`` is the httpx client that fetches them (proxies, TLS
    settings; it stays open at shutdown), one of our own by default.  Each
    history URL's host is resolved by ``history_resolver`` (the system's by
    default), every address checked against the policy, and the request pinned
    to the checked address.
    """

    def __init__(
        self,
        agents: Iterable[Agent],
        *,
        limits: ServerLimits | None = None,
        url_policy: UrlPolicy | None = None,
        history_client: httpx.AsyncClient | None = None,
        history_resolver: Resolver = system_resolver,
        clock: Clock = time.monotonic,
    ) -> None:
        self.limits = limits or ServerLimits()
        self.agents: dict[str, Agent] = {}
        for agent in agents:
            if agent.name in self.agents:
                raise ValueError(f"two agents are named {agent.name!r}")
            self.agents[agent.name] = agent
        self.active: dict[uuid.UUID, RunHandle] = {}
        self.finished: BoundedStore[uuid.UUID, RunHandle] = BoundedStore(
            max_entries=self.limits.max_finished_runs,
            ttl=self.limits.finished_run_ttl,
            clock=clock,
        )
        self.sessions = Sessions(
            max_sessions=self.limits.max_sessions,
            ttl=self.limits.session_ttl,
            max_history=self.limits.max_history,
            max_resource_bytes=self.limits.max_resource_bytes,
            fetch_timeout=self.limits.history_fetch_timeout,
            url_policy=url_policy or UrlPolicy(),
            clock=clock,
            http_client=history_client,
            resolver=history_resolver,
        )

    def manifests(self) -> list[AgentManifest]:
        return [agent.manifest for agent in self.agents.values()]

    def agent(self, name: str) -> Agent:
        """The agent called ``name``; :class:`NotFoundError` otherwise."""
        agent = self.agents.get(name)
        if agent is None:
            raise NotFoundError(f"Agent {name} not found")
        return agent

    def create_run(
        self,
        request: RunCreateRequest,
        *,
        base_url: str,
        principal: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> RunHandle:
        """Create a run and schedule its agent (must be called in the event loop).

        ``base_url`` is where this server's ``/resources/{id}`` URLs live.
        """
        agent = self.agent(request.agent_name)
        session_id = check_session(request)
        if len(self.active) >= self.limits.max_active_runs:
            raise ServerError("The server is running too many runs", http_status=503)
        record = self.sessions.join(session_id, request.session, principal)
        history_urls = list(record.descriptor.history)
        log = RunLog(Run(agent_name=agent.name, session_id=record.descriptor.id))
        run_input = list(request.input)

        async def history() -> list[Message]:
            return await self.sessions.load(history_urls)

        def complete(handle: RunHandle) -> None:
            self.sessions.record(record, run_input + handle.log.run.output, base_url)

        handle = RunHandle(
            log,
            agent,
            await_timeout=self.limits.await_timeout,
            max_events=self.limits.max_events_per_run,
            owner=principal,
            history=history,
            on_complete=complete,
            on_finish=self._finished,
        )
        self.active[log.run.run_id] = handle
        context = RunContext(
            run_id=log.run.run_id,
            agent_name=agent.name,
            session=record.descriptor,
            driver=handle,
            headers=headers,
            principal=principal,
        )
        handle.start(run_input, context)
        return handle

    def _finished(self, handle: RunHandle) -> None:
        run_id = handle.log.run.run_id
        self.active.pop(run_id, None)
        self.finished.put(run_id, handle)

    def run(self, run_id: uuid.UUID, principal: str | None = None) -> RunHandle:
        """The run ``run_id`` as seen by ``principal``; :class:`NotFoundError` otherwise."""
        handle = self.active.get(run_id) or self.finished.get(run_id)
        if handle is None or handle.owner != principal:
            raise NotFoundError(f"Run {run_id} not found")
        return handle

    async def shutdown(self) -> None:
        """Cancel every active run and wait for them to record it; close outbound clients."""
        tasks = [h.task for h in self.active.values() if h.task is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        await self.sessions.aclose()
