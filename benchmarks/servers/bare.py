"""The ceiling: a bare Starlette JSON echo, ``uvicorn benchmarks.servers.bare:app``.

One handler, on ``/`` and ``/rest/message:send``, parses the JSON body and
answers with a JSON body of the same shape and size as a Message reply of
the other two servers.  It does no protocol work at all: whatever our server
spends above it is A2A overhead.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

__all__ = ["app"]


def _reply(message: dict[str, Any]) -> dict[str, Any]:
    text = "".join(part.get("text", "") for part in message.get("parts", ()))
    return {
        "message": {
            "messageId": message.get("messageId", "") + "-reply",
            "contextId": "ctx-0123456789abcdef0123456789abcdef",
            "role": "ROLE_AGENT",
            "parts": [{"text": "echo: " + text}],
        }
    }


async def jsonrpc(request: Request) -> JSONResponse:
    body = await request.json()
    result = _reply(body["params"]["message"])
    return JSONResponse({"jsonrpc": "2.0", "id": body.get("id"), "result": result})


async def rest(request: Request) -> JSONResponse:
    body = await request.json()
    return JSONResponse(_reply(body["message"]))


app = Starlette(
    routes=[
        Route("/", jsonrpc, methods=["POST"]),
        Route("/rest/message:send", rest, methods=["POST"]),
    ]
)
