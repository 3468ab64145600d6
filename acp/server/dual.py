"""One server, both protocols: ACP's paths go to the ACP app, everything else to A2A's.

The two path spaces do not overlap: ACP owns ``/ping``, ``/agents``,
``/runs``, ``/sessions`` and ``/resources``; the A2A reference server owns
``/`` (JSON-RPC), ``/rest/...`` and ``/.well-known/...``.  Both apps'
lifespans run, so shutdown cancels the runs of both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send

from acp.protocol import ENDPOINTS

__all__ = ["ACP_ROOTS", "ProtocolRouter"]

#: First path segments that belong to ACP, from the route table.
ACP_ROOTS = frozenset(e.path.split("/")[1] for e in ENDPOINTS)


class ProtocolRouter:
    """An ASGI app dispatching between an ACP app and an A2A app by path."""

    def __init__(self, acp_app: Starlette, a2a_app: Starlette) -> None:
        self.acp_app = acp_app
        self.a2a_app = a2a_app

        @asynccontextmanager
        async def lifespan(_: Starlette) -> AsyncIterator[None]:
            async with (
                acp_app.router.lifespan_context(acp_app),
                a2a_app.router.lifespan_context(a2a_app),
            ):
                yield

        self._lifespan: ASGIApp = Starlette(lifespan=lifespan)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(scope, receive, send)
            return
        root = scope.get("path", "/").split("/", 2)[1] if scope["type"] == "http" else ""
        app = self.acp_app if root in ACP_ROOTS else self.a2a_app
        await app(scope, receive, send)
