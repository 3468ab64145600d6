"""An acp-sdk 1.0.3 server with the agents our interop tests call (runs in the acp-sdk venv).

Usage: python acp_sdk_server.py PORT
"""

from __future__ import annotations

import asyncio
import os
import sys

os.environ.setdefault("PRODUCTION_MODE", "true")  # no BeeAI self-registration attempts

from acp_sdk.models import (
    Error,
    ErrorCode,
    Message,
    MessageAwaitRequest,
    MessagePart,
)
from acp_sdk.server import Context, Server

server = Server()


@server.agent(name="echo", description="Echoes every input message back")
async def echo(input: list[Message], context: Context):  # type: ignore[no-untyped-def]
    for message in input:
        yield Message(role="agent/echo", parts=message.parts)


@server.agent(name="streamer", description="Streams N text parts")
async def streamer(input: list[Message], context: Context):  # type: ignore[no-untyped-def]
    count = int(str(input[-1]) or "3")
    for i in range(count):
        yield MessagePart(content=f"tok{i} ")


@server.agent(name="approver", description="Asks the client for approval via await")
async def approver(input: list[Message], context: Context):  # type: ignore[no-untyped-def]
    yield {"thought": "asking for approval"}
    answer = yield MessageAwaitRequest(
        message=Message(role="agent/approver", parts=[MessagePart(content="Approve? (yes/no)")])
    )
    yield MessagePart(content=f"You said: {answer.message}")


@server.agent(name="slow", description="Emits one part, then sleeps")
async def slow(input: list[Message], context: Context):  # type: ignore[no-untyped-def]
    yield MessagePart(content="starting...")
    await asyncio.sleep(60)
    yield MessagePart(content="done")


@server.agent(name="failing", description="Always fails")
async def failing(input: list[Message], context: Context):  # type: ignore[no-untyped-def]
    yield Error(code=ErrorCode.INVALID_INPUT, message="I refuse", data={"hint": "demo"})


@server.agent(name="history", description="Replays session history then the new input")
async def history(input: list[Message], context: Context):  # type: ignore[no-untyped-def]
    past = [m async for m in context.session.load_history()]
    texts = "|".join(str(m) for m in past)
    yield MessagePart(content=f"history has {len(past)} messages [{texts}]; new input: {input[-1]}")


if __name__ == "__main__":
    server.run(
        host="127.0.0.1",
        port=int(sys.argv[1]),
        self_registration=False,
        configure_logger=False,
        log_level="warning",
        access_log=False,
    )
