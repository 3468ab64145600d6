"""The ACP REST API as an ASGI app (Starlette), routed from :data:`acp.protocol.ENDPOINTS`.

Every answer is either the endpoint's JSON, an SSE stream, or ACP's error
body ``{"code","message","data"}`` with the status of :mod:`acp.errors`;
routing misses (404/405) and unexpected failures get the same body, and no
internal exception text reaches the wire.  Bodies are read without regard to
``Content-Type`` (the SDK's client sends none), up to ``max_body_bytes``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from a2a.errors import AuthenticationError
from a2a.protocol.ssrf import UrlPolicy
from acp.errors import ACPError, InvalidInputError, NotFoundError, ServerError
from acp.protocol import ENDPOINTS, parse_body, parse_uuid, sse_frame
from acp.server.agent import Agent
from acp.server.auth import Authenticator
from acp.server.core import ACPServer, ServerLimits
from acp.server.runner import RunHandle
from acp.types import RunCreateRequest, RunMode, RunResumeRequest

__all__ = ["create_app"]

logger = logging.getLogger("acp.server")

JSON = "application/json"
Endpoint = Callable[[Request], Awaitable[Response]]

#: Endpoints answered without authentication: liveness, and history resources,
#: whose random URLs are capabilities other servers dereference (distributed sessions).
OPEN_ENDPOINTS = frozenset({"ping", "read_resource"})


def _json(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status_code=status, media_type=JSON, headers=headers)


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps({"code": code, "message": message, "data": None}, separators=(",", ":"))
    return _json(body.encode(), status, headers)


def error_response(exc: Exception) -> Response:
    """The ACP error body for ``exc`` (a generic 500 for anything unexpected)."""
    if isinstance(exc, ACPError):
        return _json(json.dumps(exc.to_body(), separators=(",", ":")).encode(), exc.http_status)
    if isinstance(exc, AuthenticationError):
        code = "unauthorized" if exc.http_status == 401 else "forbidden"
        headers = {"WWW-Authenticate": exc.challenge} if exc.challenge else None
        return _error(exc.http_status, code, exc.message, headers)
    if isinstance(exc, HTTPException):
        code = "not_found" if exc.status_code == 404 else "server_error"
        if exc.status_code in (400, 422):
            code = "invalid_input"
        return _error(exc.status_code, code, str(exc.detail), dict(exc.headers or {}) or None)
    logger.error("unexpected error while serving an ACP request", exc_info=exc)
    return _error(500, "server_error", ServerError.default_message)


class _Handlers:
    """One coroutine per endpoint name of the route table."""

    def __init__(self, server: ACPServer, auth: Authenticator | None, public_url: str | None):
        self.server = server
        self.auth = auth
        self.public_url = public_url
        self.limit = server.limits.max_body_bytes
        self._manifests = {a.name: a.manifest.to_json() for a in server.agents.values()}
        self._agents = b'{"agents":[' + b",".join(self._manifests.values()) + b"]}"

    def wrap(self, name: str) -> Endpoint:
        handler: Callable[[Request, str | None], Awaitable[Response]] = getattr(self, name)
        authenticate = self.auth is not None and name not in OPEN_ENDPOINTS

        async def endpoint(request: Request) -> Response:
            try:
                # Read (within the limit) before authenticating: signatures cover the body.
                request.state.body = await self._body(request)
                principal = await self.auth(request) if authenticate and self.auth else None
                return await handler(request, principal)
            except Exception as exc:  # the one boundary: every failure gets ACP's body
                return error_response(exc)

        endpoint.__name__ = name
        return endpoint

    async def _body(self, request: Request) -> bytes:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            raise InvalidInputError("Request body too large", http_status=413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.limit:
                raise InvalidInputError("Request body too large", http_status=413)
        return bytes(body)

    def _run(self, request: Request, principal: str | None) -> RunHandle:
        run_id = parse_uuid(request.path_params["run_id"], "run_id")
        return self.server.run(run_id, principal)

    async def _answer(
        self, handle: RunHandle, mode: RunMode, start: int, headers: dict[str, str] | None
    ) -> Response:
        if mode is RunMode.STREAM:
            return StreamingResponse(
                _sse(handle, start), media_type="text/event-stream", headers=headers
            )
        if mode is RunMode.ASYNC:
            return _json(handle.log.run_json(), 202, headers)
        await handle.wait_paused()
        return _json(handle.log.run_json(), 200, headers)

    # -- endpoints (names match acp.protocol.ENDPOINTS) ----------------------

    async def ping(self, request: Request, principal: str | None) -> Response:
        return _json(b"{}")

    async def list_agents(self, request: Request, principal: str | None) -> Response:
        # The spec's limit/offset are ignored, as by the SDK: the list is small and fixed.
        return _json(self._agents)

    async def read_agent(self, request: Request, principal: str | None) -> Response:
        name = request.path_params["name"]
        manifest = self._manifests.get(name)
        if manifest is None:
            raise NotFoundError(f"Agent {name} not found")
        return _json(manifest)

    async def create_run(self, request: Request, principal: str | None) -> Response:
        body = parse_body(RunCreateRequest, request.state.body)
        base_url = self.public_url or str(request.base_url)
        handle = self.server.create_run(
            body, base_url=base_url, principal=principal, headers=request.headers
        )
        headers = {"Run-ID": str(handle.log.run.run_id)}
        return await self._answer(handle, body.mode, 0, headers)

    async def read_run(self, request: Request, principal: str | None) -> Response:
        return _json(self._run(request, principal).log.run_json())

    async def resume_run(self, request: Request, principal: str | None) -> Response:
        handle = self._run(request, principal)
        body = parse_body(RunResumeRequest, request.state.body)
        start = len(handle.log.events)
        handle.resume(body.await_resume)
        return await self._answer(handle, body.mode, start, None)

    async def cancel_run(self, request: Request, principal: str | None) -> Response:
        handle = self._run(request, principal)
        handle.cancel()
        return _json(handle.log.run_json(), 202)

    async def list_run_events(self, request: Request, principal: str | None) -> Response:
        return _json(self._run(request, principal).log.events_json())

    async def read_session(self, request: Request, principal: str | None) -> Response:
        session_id = parse_uuid(request.path_params["session_id"], "session_id")
        session = self.server.sessions.read(session_id, principal)
        if session is None:
            raise NotFoundError(f"Session {session_id} not found")
        return _json(session.to_json())

    async def read_resource(self, request: Request, principal: str | None) -> Response:
        resource_id = parse_uuid(request.path_params["resource_id"], "resource_id")
        data = self.server.sessions.resources.get(resource_id)
        if data is None:
            raise NotFoundError(f"Resource {resource_id} not found")
        return _json(data)


async def _sse(handle: RunHandle, start: int) -> AsyncIterator[bytes]:
    # One write per batch: events the agent produced together leave together.
    async for batch in handle.follow(start):
        yield b"".join(sse_frame(event) for event in batch)


async def _http_error(request: Request, exc: Exception) -> Response:
    return error_response(exc)


def create_app(
    *agents: Agent,
    server: ACPServer | None = None,
    limits: ServerLimits | None = None,
    auth: Authenticator | None = None,
    public_url: str | None = None,
    url_policy: UrlPolicy | None = None,
    on_shutdown: Sequence[Callable[[], Awaitable[None]]] = (),
) -> Starlette:
    """An ASGI app serving ``agents`` (or an existing ``server``) over ACP.

    ``public_url`` is the base of the history URLs this server hands out
    (default: the base URL each request arrived at).  ``auth`` turns on
    authentication (see :mod:`acp.server.auth`).  ``on_shutdown`` callbacks
    run after the runs are cancelled (e.g. to close outbound clients).
    """
    if server is None:
        server = ACPServer(agents, limits=limits, url_policy=url_policy)
    elif agents:
        raise ValueError("pass agents or server, not both")
    handlers = _Handlers(server, auth, public_url)
    routes = [Route(e.path, handlers.wrap(e.name), methods=[e.method]) for e in ENDPOINTS]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await server.shutdown()
        for callback in on_shutdown:
            await callback()

    exception_handlers: dict[Any, Any] = {HTTPException: _http_error, Exception: _http_error}
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers=exception_handlers)
    app.state.acp = server
    return app
