"""Drive the official a2a-sdk 0.3 client against a server; runs in the a2a-sdk-03 venv.

Reads ``{"url": ...}`` on stdin, runs a fixed scenario against an echo-style
agent over JSON-RPC 0.3 and prints what it observed as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from typing import Any

import httpx
from a2a.client import ClientConfig, ClientFactory
from a2a.types import (
    Message,
    Part,
    Role,
    Task,
    TaskIdParams,
    TaskQueryParams,
    TaskState,
    TextPart,
    TransportProtocol,
)


def message(text: str) -> Message:
    return Message(
        message_id=str(uuid.uuid4()), role=Role.user, parts=[Part(root=TextPart(text=text))]
    )


def artifact_text(task: Task) -> str:
    return "".join(
        p.root.text for a in task.artifacts or [] for p in a.parts if isinstance(p.root, TextPart)
    )


def code_of(exc: Exception) -> Any:
    error = getattr(exc, "error", None)
    return getattr(error, "code", type(exc).__name__)


async def scenario(url: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    async with httpx.AsyncClient(timeout=30) as http:
        config = {"httpx_client": http, "supported_transports": [TransportProtocol.jsonrpc]}
        blocking = await ClientFactory.connect(url, ClientConfig(streaming=False, **config))
        streaming = await ClientFactory.connect(url, ClientConfig(streaming=True, **config))

        final: Any = None
        async for event in blocking.send_message(message("hello")):
            final = event
        task = final[0] if isinstance(final, tuple) else final
        out["send"] = {"state": task.status.state.value, "artifact": artifact_text(task)}

        updates: list[str] = []
        last: Any = None
        async for event in streaming.send_message(message("stream me")):
            last = event
            if isinstance(event, tuple) and event[1] is not None:
                updates.append(event[1].kind)
        streamed = last[0]
        out["stream"] = {
            "state": streamed.status.state.value,
            "artifact": artifact_text(streamed),
            "updates": updates,
        }

        got = await blocking.get_task(TaskQueryParams(id=task.id))
        out["get"] = {"id": got.id, "state": got.status.state.value}

        try:
            await blocking.cancel_task(TaskIdParams(id=task.id))
        except Exception as exc:
            out["cancel_completed"] = code_of(exc)
        try:
            await blocking.get_task(TaskQueryParams(id="no-such-task"))
        except Exception as exc:
            out["get_unknown"] = code_of(exc)
        await blocking.close()
        await streaming.close()
    assert TaskState.completed.value == "completed"
    return out


def main() -> None:
    args = json.load(sys.stdin)
    json.dump(asyncio.run(scenario(args["url"])), sys.stdout)


if __name__ == "__main__":
    main()
