"""``a2a card|send|tasks|get|cancel``: talk to any A2A agent from the shell.

Output is formatted with rich (colours, a spinner while waiting) when stdout
is a terminal and stays plain text when piped; ``--json`` prints ProtoJSON
(one object per line for streams).  Errors go to stderr with exit code 1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Coroutine
from contextlib import nullcontext
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from rich.text import Text

from a2a.client import Client
from a2a.client._http import HttpChannel
from a2a.client.discovery import CardResolver
from a2a.errors import A2AError
from a2a.types import (
    AgentCard,
    Message,
    StreamEvent,
    StreamResponse,
    Task,
    TaskArtifactUpdateEvent,
    TaskState,
    TaskStatusUpdateEvent,
)

__all__ = ["Output", "describe_event", "register"]

_STATE_STYLE = {
    TaskState.TASK_STATE_COMPLETED: "green",
    TaskState.TASK_STATE_FAILED: "red",
    TaskState.TASK_STATE_REJECTED: "red",
    TaskState.TASK_STATE_CANCELED: "yellow",
    TaskState.TASK_STATE_INPUT_REQUIRED: "magenta",
    TaskState.TASK_STATE_AUTH_REQUIRED: "magenta",
}


def state_name(state: TaskState) -> str:
    """``TASK_STATE_INPUT_REQUIRED`` → ``input-required``."""
    return state.value.removeprefix("TASK_STATE_").lower().replace("_", "-")


class Output:
    """Rich output on a terminal, plain lines elsewhere."""

    def __init__(self, file: Any = None, err: Any = None) -> None:
        self.console = Console(file=file or sys.stdout, highlight=False, soft_wrap=True)
        self.errors = Console(file=err or sys.stderr, highlight=False, soft_wrap=True)
        self.rich = self.console.is_terminal

    def waiting(self, what: str) -> Any:
        """A spinner while waiting (terminal only)."""
        return self.console.status(what) if self.rich else nullcontext()

    def line(self, text: str, style: str = "") -> None:
        if self.rich:
            self.console.print(Text(text, style=style))
        else:
            self.console.file.write(text + "\n")
            self.console.file.flush()

    def note(self, text: str) -> None:
        """A remark for the person at the terminal, on stderr."""
        self.errors.print(Text(text, style="dim"))

    def json(self, data: Any) -> None:
        self.console.file.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.console.file.flush()


def describe_event(event: StreamEvent) -> tuple[str, str]:
    """One line (and its style) per stream event."""
    if isinstance(event, Task):
        return f"task {event.id}: {state_name(event.status.state)}", "bold"
    if isinstance(event, Message):
        return f"message: {event.text}", ""
    if isinstance(event, TaskStatusUpdateEvent):
        state = event.status.state
        said = f": {event.status.message.text}" if event.status.message is not None else ""
        return f"status: {state_name(state)}{said}", _STATE_STYLE.get(state, "cyan")
    assert isinstance(event, TaskArtifactUpdateEvent)
    artifact = event.artifact
    name = artifact.name or artifact.artifact_id
    flags = " (append)" if event.append else ""
    flags += " (last chunk)" if event.last_chunk else ""
    return f"artifact {name}{flags}: {artifact.text}", "green"


_STATES = {state_name(s): s for s in TaskState if s is not TaskState.TASK_STATE_UNSPECIFIED}


def _headers(values: list[str] | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    for value in values or []:
        name, sep, content = value.partition(":")
        if not sep or not name.strip():
            raise SystemExit(f"a2a: --header expects 'Name: value', got {value!r}")
        headers[name.strip()] = content.strip()
    return headers


def _client(args: argparse.Namespace) -> Client:
    return Client(
        args.url,
        binding=getattr(args, "binding", None),
        headers=_headers(args.header),
    )


def _run(coro: Coroutine[Any, Any, int], out: Output) -> int:
    try:
        return asyncio.run(coro)
    except A2AError as exc:
        kind = type(exc).__name__.rstrip("_")
        out.errors.print(Text(f"error: {kind}: {exc}", style="bold red"))
        return 1


# -- card


def print_card(card: AgentCard, out: Output) -> None:
    out.line(f"{card.name} {card.version}".strip(), "bold")
    if card.description:
        out.line(card.description)
    if card.provider is not None:
        out.line(f"provider: {card.provider.organization} {card.provider.url}".rstrip())
    out.line("interfaces:", "bold")
    for i in card.supported_interfaces:
        tenant = f" tenant={i.tenant}" if i.tenant else ""
        out.line(f"  {i.protocol_binding} {i.protocol_version} {i.url}{tenant}")
    caps = card.capabilities
    flags = [
        name
        for name, on in (
            ("streaming", caps.streaming),
            ("push notifications", caps.push_notifications),
            ("extended card", caps.extended_agent_card),
        )
        if on
    ]
    out.line(f"capabilities: {', '.join(flags) or 'none'}")
    for ext in caps.extensions:
        out.line(f"  extension {ext.uri}{' (required)' if ext.required else ''}")
    if card.security_schemes:
        out.line(f"security schemes: {', '.join(card.security_schemes)}")
    if card.skills:
        out.line("skills:", "bold")
        for skill in card.skills:
            out.line(f"  {skill.id}: {skill.name}: {skill.description}")


async def _card(args: argparse.Namespace, out: Output) -> int:
    async with httpx.AsyncClient(follow_redirects=True) as http:
        resolver = CardResolver(HttpChannel(http, headers=_headers(args.header)))
        with out.waiting(f"fetching the card of {args.url}"):
            card = await resolver.resolve(args.url)
    report = None
    if args.verify:
        assert resolver.last_url is not None
        with out.waiting("verifying the card's signature"):
            report = await verify_report(resolver.last_url, args.trust)
    if args.json:
        out.json(resolver.last_raw if report is None else {"card": resolver.last_raw, **report})
    else:
        print_card(card, out)
        if report is not None:
            print_verification(report, out)
    return 0 if report is None or report["verified"] else 1


def read_keys(path: str) -> dict[str, Any]:
    """A JWKS document from a file holding a JWKS or one JWK (``--trust``)."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as exc:
        raise argparse.ArgumentTypeError(f"cannot read keys from {path}: {exc}") from None
    if not isinstance(document, dict):
        raise argparse.ArgumentTypeError(f"{path} holds neither a JWKS nor a JWK")
    return document if "keys" in document else {"keys": [document]}


async def verify_report(card_url: str, trusted: dict[str, Any] | None) -> dict[str, Any]:
    """The signature verdict on the card at ``card_url`` (``a2a card --verify``).

    Keys come from ``trusted`` (a JWKS document) when given, otherwise
    from the JWKS that the card's own origin publishes.  The URL was typed by
    the user, so loopback and plain-HTTP agents may be checked too; the
    same-origin rule for keys still holds.
    """
    from urllib.parse import urlsplit

    from a2a.client.identity import card_report
    from a2a.identity.trust import TrustStore
    from a2a.protocol.ssrf import UrlPolicy

    policy = UrlPolicy(allow_private=True, allow_http=True)
    store = None
    if trusted is not None:
        parts = urlsplit(card_url)
        store = TrustStore(require_https=False)
        store.pin(f"{parts.scheme}://{parts.netloc}", trusted)
    return await card_report(card_url, trust=store, policy=policy)


def print_verification(report: dict[str, Any], out: Output) -> None:
    if report["verified"]:
        out.line(f"signature: verified ({report['alg']}, key {report['kid']})", "green")
    else:
        out.line(f"signature: NOT verified: {report['reason']} ({report['detail']})", "red")


# -- send


def print_task(task: Task, out: Output) -> None:
    state = task.status.state
    out.line(f"task {task.id} ({state_name(state)})", _STATE_STYLE.get(state, "bold"))
    out.line(f"context {task.context_id}", "dim")
    if task.status.message is not None and task.status.message.text:
        out.line(f"status: {task.status.message.text}")
    for artifact in task.artifacts:
        out.line(f"artifact {artifact.name or artifact.artifact_id}:", "bold")
        out.line(artifact.text)


async def _send(args: argparse.Namespace, out: Output) -> int:
    task_id: str = args.task_id or ""
    context_id: str = args.context_id or ""
    async with _client(args) as agent:
        if args.stream:
            stream = agent.stream(args.text, task_id=task_id, context_id=context_id)
            async with stream:
                async for event in stream:
                    if args.json:
                        out.json(StreamResponse.wrap(event).to_dict())
                    else:
                        out.line(*describe_event(event))
            result = stream.result
        else:
            with out.waiting("waiting for the agent"):
                result = await agent.send(
                    args.text,
                    task_id=task_id,
                    context_id=context_id,
                    timeout=args.timeout,
                    return_immediately=args.no_wait,
                )
            if args.json:
                payload = result.task or result.message
                assert payload is not None
                out.json(StreamResponse.wrap(payload).to_dict())
            else:
                out.line(result.text)
    if result.task is not None and not args.json:
        state = result.task.status.state
        if state.is_interrupted:
            out.note(
                f"the agent is waiting ({state_name(state)}): {result.prompt}\n"
                f"answer with: a2a send {args.url} TEXT --task-id {result.task.id}"
            )
        elif out.rich or state is not TaskState.TASK_STATE_COMPLETED:
            out.note(f"task {result.task.id}: {state_name(state)}")
    failed = {TaskState.TASK_STATE_FAILED, TaskState.TASK_STATE_REJECTED}
    return 1 if result.state in failed else 0


# -- tasks, get, cancel


async def _tasks(args: argparse.Namespace, out: Output) -> int:
    status = _STATES[args.status] if args.status else None
    async with _client(args) as agent:
        with out.waiting("listing tasks"):
            page = await agent.list_tasks(
                context_id=args.context_id or "", status=status, page_size=args.page_size,
                page_token=args.page_token or "",
            )  # fmt: skip
    if args.json:
        out.json(page.to_dict())
        return 0
    if out.rich:
        table = Table("task", "state", "context", "updated")
        for task in page.tasks:
            stamp = task.status.timestamp.isoformat() if task.status.timestamp else ""
            style = _STATE_STYLE.get(task.status.state, "")
            table.add_row(
                task.id, Text(state_name(task.status.state), style), task.context_id, stamp
            )
        out.console.print(table)
    else:
        for task in page.tasks:
            out.line(f"{task.id}\t{state_name(task.status.state)}\t{task.context_id}")
    if page.next_page_token:
        out.note(f"more: --page-token {page.next_page_token}")
    return 0


async def _get(args: argparse.Namespace, out: Output) -> int:
    async with _client(args) as agent:
        with out.waiting("fetching the task"):
            task = await agent.get_task(args.task_id, history_length=args.history_length)
    if args.json:
        out.json(task.to_dict())
    else:
        print_task(task, out)
    return 0


async def _cancel(args: argparse.Namespace, out: Output) -> int:
    async with _client(args) as agent:
        with out.waiting("canceling"):
            task = await agent.cancel_task(args.task_id)
    if args.json:
        out.json(task.to_dict())
    else:
        out.line(f"task {task.id}: {state_name(task.status.state)}")
    return 0


# -- registration


def _common(parser: argparse.ArgumentParser, *, binding: bool = True) -> None:
    parser.add_argument("url", metavar="URL", help="the agent's base URL (or its card's URL)")
    parser.add_argument(
        "--header",
        "-H",
        action="append",
        metavar="'NAME: VALUE'",
        help="add a header to every request (credentials, for instance); repeatable",
    )
    parser.add_argument("--json", action="store_true", help="print ProtoJSON instead of text")
    if binding:
        parser.add_argument(
            "--binding", choices=["jsonrpc", "rest"], help="use this binding, not the card's first"
        )


def _command(function: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        out = Output()
        return _run(function(args, out), out)

    return run


def register(subparsers: Any) -> None:
    """Add the client commands to the ``a2a`` parser."""
    card = subparsers.add_parser("card", help="print an agent's card")
    _common(card, binding=False)
    card.add_argument(
        "--verify", action="store_true", help="check the card's signature (exit 1 if it fails)"
    )
    card.add_argument(
        "--trust",
        metavar="JWKS_OR_KEY",
        type=read_keys,
        help="with --verify: trust only these keys (a JWKS or one JWK file), not the origin's",
    )
    card.set_defaults(func=_command(_card))

    send = subparsers.add_parser("send", help="send a message and print the reply")
    _common(send)
    send.add_argument("text", metavar="TEXT", help="the message")
    send.add_argument("--stream", action="store_true", help="print events as they arrive")
    send.add_argument("--task-id", help="continue this task (answer its question)")
    send.add_argument("--context-id", help="continue this conversation")
    send.add_argument("--timeout", type=float, help="give up after this many seconds")
    send.add_argument(
        "--no-wait", action="store_true", help="return as soon as the agent created the task"
    )
    send.set_defaults(func=_command(_send))

    tasks = subparsers.add_parser("tasks", help="list an agent's tasks, newest first")
    _common(tasks)
    tasks.add_argument("--context-id", help="only tasks of this conversation")
    tasks.add_argument("--status", choices=list(_STATES), help="only tasks in this state")
    tasks.add_argument("--page-size", type=int, help="tasks per page (1-100)")
    tasks.add_argument("--page-token", help="continue a listing")
    tasks.set_defaults(func=_command(_tasks))

    get = subparsers.add_parser("get", help="print a task")
    _common(get)
    get.add_argument("task_id", metavar="TASK_ID")
    get.add_argument("--history-length", type=int, help="at most this many messages of history")
    get.set_defaults(func=_command(_get))

    cancel = subparsers.add_parser("cancel", help="cancel a task")
    _common(cancel)
    cancel.add_argument("task_id", metavar="TASK_ID")
    cancel.set_defaults(func=_command(_cancel))
