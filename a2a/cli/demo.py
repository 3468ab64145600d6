"""``a2a demo``: an agent and a client talking, step by step, with nothing to set up.

The demo serves the echo agent (the same behaviour as ``examples/echo.py``,
kept here so that the demo works from an installed wheel too) on a free
loopback port, in this process, then uses the public client to discover it,
send it a task, stream a second one and read the task back.  Each step is
printed as it happens; the exit code is 0 when every step worked.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from typing import Any

from a2a.agent import TaskContext, agent
from a2a.cli.client import Output, describe_event, state_name
from a2a.client import Client
from a2a.errors import A2AError
from a2a.types import AgentSkill, Message

__all__ = ["demo_agent", "register", "run_demo"]


@agent(
    name="Echo",
    description="Echoes your text back, streamed as an artifact.",
    skills=[
        AgentSkill(
            id="echo",
            name="Echo",
            description="Repeats the text it receives.",
            tags=["echo", "example"],
            examples=["hello"],
        )
    ],
)
async def demo_agent(message: Message, task: TaskContext) -> None:
    """Report WORKING, stream ``echo: <text>`` in two chunks, complete."""
    await task.working()
    async with task.artifact_writer(name="echo") as out:
        await out.write("echo: ")
        await out.write(message.text, last=True)
    await task.complete()


@contextlib.asynccontextmanager
async def serving(app: Any) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on a free 127.0.0.1 port in this event loop."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    running = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if running.done():
                running.result()  # raises what stopped the server
                raise RuntimeError("the demo server stopped before it started")
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await running
        sock.close()


def _step(out: Output, number: int, text: str) -> None:
    out.line("")
    out.line(f"{number}. {text}", "bold cyan")


async def run_demo(out: Output, *, binding: str | None = None, text: str = "hello, agent") -> int:
    """Run every step of the demo; returns the exit code."""
    from a2a.server.app import create_app

    out.line("a2a demo: an A2A agent and a client, talking on this machine", "bold")
    _step(out, 1, "Start the Echo agent on a free loopback port (in this process)")
    async with contextlib.AsyncExitStack() as stack:
        with out.waiting("starting the server"):
            url = await stack.enter_async_context(serving(create_app(demo_agent)))
        out.line(f"   serving at {url}")

        _step(out, 2, "Discover it: fetch its Agent Card")
        client = await stack.enter_async_context(Client(url, binding=binding))
        card = client.card
        assert card is not None
        out.line(f"   GET {url}/.well-known/agent-card.json")
        out.line(f"   found {card.name!r}: {card.description}")
        for interface in card.supported_interfaces:
            offered = f"{interface.protocol_binding} {interface.protocol_version}"
            out.line(f"   offers {offered} at {interface.url}")
        chosen = client.interface
        out.line(f"   using {chosen.protocol_binding} {chosen.protocol_version}", "green")

        _step(out, 3, f"Send a task and wait for the answer: {text!r}")
        with out.waiting("waiting for the agent"):
            result = await client.send_text(text)
        assert result.task is not None
        out.line(f"   task {result.task.id} is {state_name(result.task.status.state)}")
        out.line(f"   reply: {result.text}", "green")

        streamed = f"{text} (streamed)"
        _step(out, 4, f"Stream a second task, event by event: {streamed!r}")
        async with client.stream(streamed) as stream:
            async for event in stream:
                line, style = describe_event(event)
                out.line(f"   {line}", style)
        out.line(f"   reassembled reply: {stream.text}", "green")

        _step(out, 5, "Read the first task back by its id")
        fetched = await client.get_task(result.task.id)
        state = state_name(fetched.status.state)
        out.line(f"   {fetched.id}: {state}, {len(fetched.artifacts)} artifact(s)")

    _step(out, 6, "The agent is stopped. Try it yourself:")
    out.line("   a2a serve examples/echo.py --port 8000")
    out.line("   a2a send http://127.0.0.1:8000 'hi there' --stream")
    return 0


def _run(args: argparse.Namespace) -> int:
    out = Output()
    try:
        return asyncio.run(run_demo(out, binding=args.binding, text=args.text))
    except A2AError as exc:
        out.errors.print(f"demo failed: {type(exc).__name__.rstrip('_')}: {exc}", style="red")
        return 1


def register(subparsers: Any) -> None:
    """Add ``a2a demo`` to the ``a2a`` parser."""
    parser = subparsers.add_parser(
        "demo", help="run an agent and a client side by side and show what they say"
    )
    parser.add_argument("--binding", choices=["jsonrpc", "rest"], help="force a binding")
    parser.add_argument("--text", default="hello, agent", help="what to send")
    parser.set_defaults(func=_run)
