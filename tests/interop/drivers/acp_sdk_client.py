"""Drive a server with the acp-sdk 1.0.3 client (runs in the acp-sdk venv).

Reads ``{"base_url": URL, "other_url": URL?, "scenarios": [NAME, ...]}`` on
stdin and prints ``{NAME: result}``; a scenario that raises reports
``{"raised": type, "message": text}``.  Results are plain JSON so the test
side asserts without importing acp-sdk.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from acp_sdk.client import Client
from acp_sdk.models import (
    ACPError,
    Message,
    MessageAwaitResume,
    MessagePart,
    RunStatus,
)


def _run(run: Any) -> dict[str, Any]:
    return json.loads(run.model_dump_json())


def _answer(text: str) -> MessageAwaitResume:
    return MessageAwaitResume(message=Message(parts=[MessagePart(content=text)]))


async def _poll(client: Client, run_id: Any, until: set[RunStatus]) -> Any:
    for _ in range(2000):  # bounded: 2000 x 5 ms
        run = await client.run_status(run_id=run_id)
        if run.status in until:
            return run
        await asyncio.sleep(0.005)
    raise TimeoutError(f"run never reached {until}")


async def discovery(client: Client, cfg: dict[str, Any]) -> Any:
    await client.ping()
    names = [a.name async for a in client.agents()]
    manifest = await client.agent(name="echo")
    return {"names": names, "echo": json.loads(manifest.model_dump_json())}


async def sync(client: Client, cfg: dict[str, Any]) -> Any:
    return _run(await client.run_sync("Howdy!", agent="echo"))


async def run_async(client: Client, cfg: dict[str, Any]) -> Any:
    created = await client.run_async("Howdy async!", agent="echo")
    done = await _poll(client, created.run_id, {RunStatus.COMPLETED, RunStatus.FAILED})
    return {"created": _run(created), "done": _run(done)}


async def stream(client: Client, cfg: dict[str, Any]) -> Any:
    return [json.loads(e.model_dump_json()) async for e in client.run_stream("3", agent="streamer")]


async def events(client: Client, cfg: dict[str, Any]) -> Any:
    run = await client.run_sync("Howdy!", agent="echo")
    return [json.loads(e.model_dump_json()) async for e in client.run_events(run_id=run.run_id)]


async def await_sync(client: Client, cfg: dict[str, Any]) -> Any:
    first = await client.run_sync("please do X", agent="approver")
    resumed = await client.run_resume_sync(_answer("yes"), run_id=first.run_id)
    try:
        await client.run_resume_sync(_answer("again"), run_id=first.run_id)
        again: Any = "accepted"
    except ACPError as exc:
        again = {
            "code": str(
                exc.error.code.value if hasattr(exc.error.code, "value") else exc.error.code
            )
        }
    return {"first": _run(first), "resumed": _run(resumed), "again": again}


async def await_stream(client: Client, cfg: dict[str, Any]) -> Any:
    first = [
        json.loads(e.model_dump_json()) async for e in client.run_stream("Y", agent="approver")
    ]
    run_id = first[-1]["run"]["run_id"]
    second = [
        json.loads(e.model_dump_json())
        async for e in client.run_resume_stream(_answer("no"), run_id=run_id)
    ]
    return {"first": first, "second": second}


async def await_async(client: Client, cfg: dict[str, Any]) -> Any:
    created = await client.run_async("Z", agent="approver")
    waiting = await _poll(client, created.run_id, {RunStatus.AWAITING})
    resumed = await client.run_resume_async(_answer("yes"), run_id=created.run_id)
    done = await _poll(client, created.run_id, {RunStatus.COMPLETED, RunStatus.FAILED})
    return {"waiting": _run(waiting), "resumed": _run(resumed), "done": _run(done)}


async def cancel(client: Client, cfg: dict[str, Any]) -> Any:
    created = await client.run_async("zzz", agent="slow")
    await _poll(client, created.run_id, {RunStatus.IN_PROGRESS})
    cancelling = await client.run_cancel(run_id=created.run_id)
    done = await _poll(client, created.run_id, {RunStatus.CANCELLED})
    try:
        again: Any = _run(await client.run_cancel(run_id=created.run_id))
    except ACPError as exc:
        again = {"raised": str(exc)}
    listed = [
        json.loads(e.model_dump_json()) async for e in client.run_events(run_id=created.run_id)
    ]
    return {"cancelling": _run(cancelling), "done": _run(done), "again": again, "events": listed}


async def failing(client: Client, cfg: dict[str, Any]) -> Any:
    return _run(await client.run_sync("x", agent="failing"))


async def errors(client: Client, cfg: dict[str, Any]) -> Any:
    out = {}
    for name, call in (
        ("unknown_agent", client.run_sync("x", agent="nope")),
        ("unknown_run", client.run_status(run_id="20c68ff0-0770-41a7-9ac2-65eeba428d73")),
    ):
        try:
            await call
            out[name] = "accepted"
        except ACPError as exc:
            out[name] = {"code": str(getattr(exc.error.code, "value", exc.error.code))}
    return out


async def session(client: Client, cfg: dict[str, Any]) -> Any:
    async with client.session() as s:
        one = await s.run_sync("turn 1", agent="history")
        two = await s.run_sync("turn 2", agent="history")
        descriptor = await s.refresh_session()
        out: dict[str, Any] = {
            "one": _run(one),
            "two": _run(two),
            "session": json.loads(descriptor.model_dump_json()),
        }
        if cfg.get("other_url"):
            # A hop: the SDK client fetches the descriptor here and forwards it there.
            three = await s.run_sync("turn 3", agent="history", base_url=cfg["other_url"])
            out["three"] = _run(three)
            other = await s.refresh_session(base_url=cfg["other_url"])
            out["other_session"] = json.loads(other.model_dump_json())
        return out


async def agent_sync(client: Client, cfg: dict[str, Any]) -> Any:
    return _run(await client.run_sync(cfg["text"], agent=cfg["agent"]))


async def agent_stream(client: Client, cfg: dict[str, Any]) -> Any:
    stream = client.run_stream(cfg["text"], agent=cfg["agent"])
    return [json.loads(e.model_dump_json()) async for e in stream]


async def agent_await(client: Client, cfg: dict[str, Any]) -> Any:
    """Await then resume, once in sync mode and once in stream mode."""
    first = await client.run_sync(cfg["text"], agent=cfg["agent"])
    resumed = await client.run_resume_sync(_answer(cfg["answer"]), run_id=first.run_id)
    events = [
        json.loads(e.model_dump_json())
        async for e in client.run_stream(cfg["text"], agent=cfg["agent"])
    ]
    run_id = events[-1]["run"]["run_id"]
    after = [
        json.loads(e.model_dump_json())
        async for e in client.run_resume_stream(_answer(cfg["answer"]), run_id=run_id)
    ]
    return {"first": _run(first), "resumed": _run(resumed), "events": events, "after": after}


SCENARIOS = {
    f.__name__.removeprefix("run_") if f.__name__ == "run_async" else f.__name__: f
    for f in (
        discovery,
        sync,
        run_async,
        stream,
        events,
        await_sync,
        await_stream,
        await_async,
        cancel,
        failing,
        errors,
        session,
        agent_sync,
        agent_stream,
        agent_await,
    )
}


async def main() -> None:
    cfg = json.load(sys.stdin)
    results: dict[str, Any] = {}
    async with Client(base_url=cfg["base_url"], timeout=30) as client:
        for name in cfg["scenarios"]:
            try:
                results[name] = await asyncio.wait_for(SCENARIOS[name](client, cfg), 60)
            except Exception as exc:  # reported to the test, which decides
                results[name] = {"raised": type(exc).__name__, "message": str(exc)}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    asyncio.run(main())
