"""Every kind of response our server sends is strict ProtoJSON for a2a-sdk's protobuf parser.

A scenario over both bindings collects real responses (send, stream events,
get, list, cancel, push configs, card, errors' payload types excluded), then
the SDK parses each strictly and re-serializes it: the JSON must come back
identical, so nothing we emit is unknown to the proto or differs from its
canonical form.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.interop.peers import DRIVERS, run_json
from tests.support.wire import Wire, user_message

pytestmark = pytest.mark.interop

STREAM_KEYS = {"task", "message", "statusUpdate", "artifactUpdate"}


async def collect(base: str, binding: str) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    async with httpx.AsyncClient(timeout=30) as http:
        card = (await http.get(base + "/.well-known/agent-card.json")).json()
        docs.append({"type": "AgentCard", "json": card})
        wire = Wire(http, base, binding)
        sent = await wire.call("SendMessage", {"message": user_message("héllo ✓")})
        docs.append({"type": "SendMessageResponse", "json": sent})
        task_id = sent["task"]["id"]
        for event in await wire.stream("SendStreamingMessage", {"message": user_message("s")}):
            assert set(event) <= STREAM_KEYS
            docs.append({"type": "StreamResponse", "json": event})
        docs.append({"type": "Task", "json": await wire.call("GetTask", {"id": task_id})})
        listed = await wire.call("ListTasks", {"pageSize": 1, "includeArtifacts": True})
        docs.append({"type": "ListTasksResponse", "json": listed})
        slow = await wire.call(
            "SendMessage",
            {"message": user_message("slow"), "configuration": {"returnImmediately": True}},
        )
        docs.append({"type": "SendMessageResponse", "json": slow})
        docs.append(
            {"type": "Task", "json": await wire.call("CancelTask", {"id": slow["task"]["id"]})}
        )
    return docs


@pytest.mark.parametrize("binding", ["JSONRPC", "HTTP+JSON"])
async def test_responses_are_canonical_protojson(
    sdk1_python: Path, echo_server: str, binding: str
) -> None:
    docs = await collect(echo_server, binding)
    results = run_json(sdk1_python, [str(DRIVERS / "sdk1_parse.py")], docs)
    for doc, result in zip(docs, results, strict=True):
        assert result["ok"], (doc["type"], result["error"])
        assert result["json"] == doc["json"], doc["type"]
