"""The official a2a-sdk 1.x client against `acp bridge` (runs in the a2a-sdk venv).

Reads ``{"url": BRIDGE_BASE_URL}`` on stdin; every agent of the bridged ACP
server is at ``BRIDGE/NAME``.  Prints what it observed as JSON.
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
    CancelTaskRequest,
    GetTaskRequest,
    Message,
    Part,
    Role,
    SendMessageConfiguration,
    SendMessageRequest,
    TaskState,
)


def message(text: str, task_id: str = "", context_id: str = "") -> Message:
    return Message(
        message_id=str(uuid.uuid4()),
        role=Role.ROLE_USER,
        parts=[Part(text=text)],
        task_id=task_id,
        context_id=context_id,
    )


def kind(event: Any) -> str:
    return str(event.WhichOneof("payload"))


def artifact_text(task: Any) -> str:
    return "".join(p.text for a in task.artifacts for p in a.parts)


def streamed_text(events: list[Any]) -> str:
    return "".join(
        p.text
        for e in events
        if e.WhichOneof("payload") == "artifact_update"
        for p in e.artifact_update.artifact.parts
    )


def last_state(events: list[Any]) -> str:
    last = events[-1]
    if last.HasField("status_update"):
        return TaskState.Name(last.status_update.status.state)
    return TaskState.Name(last.task.status.state)


async def client(http: httpx.AsyncClient, url: str, streaming: bool, binding: str) -> Any:
    config = ClientConfig(
        streaming=streaming, httpx_client=http, supported_protocol_bindings=[binding]
    )
    return await ClientFactory(config).create_from_url(url)


async def scenario(base: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    async with httpx.AsyncClient(timeout=30) as http:
        for binding in ("JSONRPC", "HTTP+JSON"):
            echo = await client(http, f"{base}/echo", False, binding)
            events = [
                e async for e in echo.send_message(SendMessageRequest(message=message("hello")))
            ]
            task = events[-1].task
            out[f"echo_{binding}"] = {
                "state": TaskState.Name(task.status.state),
                "artifact": artifact_text(task),
            }
            await echo.close()

        streamer = await client(http, f"{base}/streamer", True, "JSONRPC")
        events = [e async for e in streamer.send_message(SendMessageRequest(message=message("3")))]
        out["stream"] = {
            "kinds": [kind(e) for e in events],
            "text": streamed_text(events),
            "last": last_state(events),
        }
        await streamer.close()

        approver = await client(http, f"{base}/approver", True, "JSONRPC")
        first = [
            e async for e in approver.send_message(SendMessageRequest(message=message("do X")))
        ]
        head = first[0].task
        asked = first[-1].status_update.status.message
        second = [
            e
            async for e in approver.send_message(
                SendMessageRequest(message=message("yes", head.id, head.context_id))
            )
        ]
        out["multi_turn"] = {
            "first_last": last_state(first),
            "question": "".join(p.text for p in asked.parts),
            "second_last": last_state(second),
            "second_text": streamed_text(second),
            "same_task": all(
                (e.task.id if e.HasField("task") else
                 e.status_update.task_id if e.HasField("status_update") else
                 e.artifact_update.task_id) == head.id
                for e in second
            ),
        }  # fmt: skip
        await approver.close()

        failing = await client(http, f"{base}/failing", False, "JSONRPC")
        failed = [e async for e in failing.send_message(SendMessageRequest(message=message("x")))]
        task = failed[-1].task
        out["failing"] = {
            "state": TaskState.Name(task.status.state),
            "message": "".join(p.text for p in task.status.message.parts),
        }
        await failing.close()

        history = await client(http, f"{base}/history", False, "JSONRPC")
        context = str(uuid.uuid4())
        turns = []
        for text in ("turn 1", "turn 2"):
            done = [
                e
                async for e in history.send_message(
                    SendMessageRequest(message=message(text, context_id=context))
                )
            ]
            turns.append(artifact_text(done[-1].task))
        out["session"] = turns
        await history.close()

        slow = await client(http, f"{base}/slow", False, "JSONRPC")
        request = SendMessageRequest(
            message=message("zzz"), configuration=SendMessageConfiguration(return_immediately=True)
        )
        started = [e async for e in slow.send_message(request)][-1].task
        for _ in range(200):  # wait (bounded) until the ACP run has produced its first part
            got = await slow.get_task(GetTaskRequest(id=started.id))
            if got.artifacts:
                break
            await asyncio.sleep(0.02)
        canceled = await slow.cancel_task(CancelTaskRequest(id=started.id))
        out["cancel"] = {
            "state": TaskState.Name(canceled.status.state),
            "artifact": artifact_text(got),
        }
        await slow.close()
    return out


def main() -> None:
    args = json.load(sys.stdin)
    json.dump(asyncio.run(scenario(args["url"])), sys.stdout)


if __name__ == "__main__":
    main()
