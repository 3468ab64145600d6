"""Drive the official a2a-sdk 1.x client against a server; runs in the a2a-sdk venv.

Reads ``{"url": ..., "binding": "JSONRPC" | "HTTP+JSON"}`` on stdin, runs one
fixed scenario against an echo-style agent (see examples/echo.py) and prints
what it observed as JSON, so the test in our venv can assert on it.
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
    ListTasksRequest,
    Message,
    Part,
    Role,
    SendMessageConfiguration,
    SendMessageRequest,
    SubscribeToTaskRequest,
    TaskState,
)


def message(text: str) -> Message:
    return Message(message_id=str(uuid.uuid4()), role=Role.ROLE_USER, parts=[Part(text=text)])


def kind(event: Any) -> str:
    return str(event.WhichOneof("payload"))


def artifact_text(task: Any) -> str:
    return "".join(p.text for a in task.artifacts for p in a.parts)


async def scenario(url: str, binding: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    async with httpx.AsyncClient(timeout=30) as http:
        blocking = await ClientFactory(
            ClientConfig(streaming=False, httpx_client=http, supported_protocol_bindings=[binding])
        ).create_from_url(url)
        streaming = await ClientFactory(
            ClientConfig(streaming=True, httpx_client=http, supported_protocol_bindings=[binding])
        ).create_from_url(url)

        # send (blocking): the echo task completes with its artifact
        events = [
            e async for e in blocking.send_message(SendMessageRequest(message=message("hello")))
        ]
        task = events[-1].task
        out["send"] = {
            "kinds": [kind(e) for e in events],
            "state": TaskState.Name(task.status.state),
            "artifact": artifact_text(task),
            "history": len(task.history),
        }

        # stream: Task first, then updates, ending on COMPLETED
        streamed = [
            e
            async for e in streaming.send_message(SendMessageRequest(message=message("stream me")))
        ]
        text = "".join(
            p.text
            for e in streamed
            if e.WhichOneof("payload") == "artifact_update"
            for p in e.artifact_update.artifact.parts
        )
        last = streamed[-1]
        out["stream"] = {
            "kinds": [kind(e) for e in streamed],
            "last_state": TaskState.Name(last.status_update.status.state)
            if last.HasField("status_update")
            else None,
            "artifact": text,
        }

        # get
        got = await blocking.get_task(GetTaskRequest(id=task.id, history_length=0))
        out["get"] = {
            "id": got.id,
            "state": TaskState.Name(got.status.state),
            "history": len(got.history),
        }

        # list, two pages
        page1 = await blocking.list_tasks(ListTasksRequest(page_size=1))
        page2 = await blocking.list_tasks(
            ListTasksRequest(page_size=1, page_token=page1.next_page_token)
        )
        out["list"] = {
            "total": page1.total_size,
            "page1": [t.id for t in page1.tasks],
            "page2": [t.id for t in page2.tasks],
            "next": bool(page1.next_page_token),
        }

        # a slow task: return immediately, subscribe, cancel while subscribed
        slow_req = SendMessageRequest(
            message=message("slow"), configuration=SendMessageConfiguration(return_immediately=True)
        )
        slow = [e async for e in blocking.send_message(slow_req)][-1].task
        sub_events: list[str] = []
        sub_states: list[str] = []

        async def follow() -> None:
            async for e in streaming.subscribe(SubscribeToTaskRequest(id=slow.id)):
                sub_events.append(kind(e))
                if e.HasField("status_update"):
                    sub_states.append(TaskState.Name(e.status_update.status.state))

        follower = asyncio.create_task(follow())
        await asyncio.sleep(0.5)
        canceled = await blocking.cancel_task(CancelTaskRequest(id=slow.id))
        await asyncio.wait_for(follower, 10)
        out["cancel"] = {
            "immediate_state": TaskState.Name(slow.status.state),
            "state": TaskState.Name(canceled.status.state),
            "subscribe_kinds": sub_events,
            "subscribe_states": sub_states,
        }

        # errors surface as the SDK's typed exceptions
        errors: dict[str, str] = {}
        try:
            await blocking.get_task(GetTaskRequest(id="no-such-task"))
        except Exception as exc:
            errors["get_unknown"] = type(exc).__name__
        try:
            await blocking.cancel_task(CancelTaskRequest(id=task.id))
        except Exception as exc:
            errors["cancel_completed"] = type(exc).__name__
        out["errors"] = errors
        await blocking.close()
        await streaming.close()
    return out


def main() -> None:
    args = json.load(sys.stdin)
    result = asyncio.run(scenario(args["url"], args["binding"]))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
