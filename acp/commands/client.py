"""``acp agents URL`` and ``acp run URL AGENT TEXT [--stream] [--session ID]``."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from typing import Any

from a2a.errors import A2AError

__all__ = ["register"]


def register(sub: Any) -> None:
    agents = sub.add_parser("agents", help="list the agents of an ACP server")
    agents.add_argument("url", help="base URL of the ACP server")
    agents.add_argument("--json", action="store_true", help="print the manifests as JSON")
    agents.add_argument("--api-key", help="sent as X-API-Key")
    agents.add_argument("--timeout", type=float, default=30.0, help="seconds (default 30)")
    agents.set_defaults(func=lambda args: _main(_agents(args)))

    run = sub.add_parser("run", help="run an agent once and print its output")
    run.add_argument("url", help="base URL of the ACP server")
    run.add_argument("agent", help="agent name")
    run.add_argument("text", help="the user message")
    run.add_argument("--stream", action="store_true", help="print output as it is produced")
    run.add_argument("--session", type=uuid.UUID, help="session id (UUID) to continue")
    run.add_argument(
        "--answer",
        action="append",
        default=[],
        help="resume the run with this text when it awaits input (repeat for several)",
    )
    run.add_argument("--api-key", help="sent as X-API-Key")
    run.add_argument("--timeout", type=float, default=120.0, help="seconds (default 120)")
    run.set_defaults(func=lambda args: _main(_run(args)))


def _main(coro: Any) -> int:
    try:
        code: int = asyncio.run(coro)
    except A2AError as exc:
        print(f"acp: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return code


async def _agents(args: argparse.Namespace) -> int:
    from acp.client import Client

    async with Client(args.url, api_key=args.api_key, timeout=args.timeout) as client:
        manifests = await client.agents()
    if args.json:
        print(json.dumps([m.to_dict() for m in manifests], indent=2))
        return 0
    for manifest in manifests:
        description = (manifest.description or "").strip().splitlines()
        print(f"{manifest.name}\t{description[0] if description else ''}")
    return 0


def _print_await(run: Any) -> int:
    question = run.await_request.message.text if run.await_request else ""
    print(f"[awaiting input] {question}")
    print(f"[run {run.run_id} in session {run.session_id}]", file=sys.stderr)
    return 3


async def _run(args: argparse.Namespace) -> int:
    from acp.client import Client

    answers = list(args.answer)
    async with Client(args.url, api_key=args.api_key, timeout=args.timeout) as client:
        if args.stream:
            return await _run_stream(client, args, answers)
        run = await client.run_sync(args.agent, args.text, session_id=args.session)
        while run.status.value == "awaiting" and answers:
            _print_output(run)
            run = await client.run_resume_sync(run.run_id, answers.pop(0))
        if run.status.value == "awaiting":
            return _print_await(run)
        _print_output(run)
        if run.error is not None:
            print(f"acp: run failed: {run.error.message}", file=sys.stderr)
            return 1
        return 0


def _print_output(run: Any) -> None:
    for message in run.output:
        for part in message.parts:
            print(part.content if part.content is not None else part.content_url)
    run.output.clear()  # printed once, even when the run is resumed afterwards


async def _run_stream(client: Any, args: argparse.Namespace, answers: list[str]) -> int:
    from acp.types import ArtifactEvent, MessagePartEvent, RunAwaitingEvent, RunFailedEvent

    events = client.run_stream(args.agent, args.text, session_id=args.session)
    while True:
        awaiting, printed = None, False
        async for event in events:
            if isinstance(event, (MessagePartEvent, ArtifactEvent)) and event.part.content:
                print(event.part.content, end="", flush=True)
                printed = True
            elif isinstance(event, RunAwaitingEvent):
                awaiting = event.run
            elif isinstance(event, RunFailedEvent):
                reason = event.run.error.message if event.run.error else "failed"
                print(f"\nacp: run failed: {reason}", file=sys.stderr)
                return 1
        if printed:
            print()
        if awaiting is None:
            return 0
        if not answers:
            return _print_await(awaiting)
        events = client.run_resume_stream(awaiting.run_id, answers.pop(0))
