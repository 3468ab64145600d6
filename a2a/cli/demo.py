"""``a2a demo``: an agent and a client talking, step by step, with nothing to set up.

The demo serves ``examples/echo.py`` with a freshly generated signing key on a
free loopback port, in this process.  The public client then discovers the
agent, verifies its signed Agent Card against the keys the agent publishes on
its own origin (and shows that a tampered copy fails), sends it a task, streams
a second one and reads the task back.  Each step is printed as it happens; the
exit code is 0 when every step worked.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from a2a.agent import Agent
from a2a.cli.client import Output, describe_event, state_name
from a2a.client import Client
from a2a.errors import A2AError

__all__ = ["echo_agent", "register", "run_demo"]

_CARD_PATH = "/.well-known/agent-card.json"


def echo_agent() -> Agent:
    """The agent of ``examples/echo.py``.

    An installed wheel carries that file as ``a2a.cli._demo_echo``; a source
    checkout loads it from ``examples/``, so there is one copy of the example.
    """
    try:
        module = importlib.import_module("a2a.cli._demo_echo")
    except ImportError:
        from a2a.server.loader import load_agent

        source = Path(__file__).resolve().parents[2] / "examples" / "echo.py"
        return load_agent(f"{source}:echo")
    agent: Agent = module.echo
    return agent


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
    import httpx

    from a2a.client.identity import card_report
    from a2a.identity.card import verify_card
    from a2a.identity.errors import SignatureError
    from a2a.identity.jwk import generate_key
    from a2a.identity.trust import TrustStore
    from a2a.protocol.ssrf import UrlPolicy
    from a2a.server.app import create_app
    from a2a.server.identity import ServerIdentity, with_identity

    out.line("a2a demo: an A2A agent and a client, talking on this machine", "bold")
    _step(out, 1, "Start the Echo agent, with a new Ed25519 signing key, on a loopback port")
    key = generate_key("EdDSA")
    app = with_identity(create_app(echo_agent()), ServerIdentity(key=key))
    async with contextlib.AsyncExitStack() as stack:
        with out.waiting("starting the server"):
            url = await stack.enter_async_context(serving(app))
        out.line(f"   serving at {url}, signing as key {key.kid}")

        _step(out, 2, "Discover it: fetch its Agent Card")
        client = await stack.enter_async_context(Client(url, binding=binding))
        card = client.card
        assert card is not None
        out.line(f"   GET {url}{_CARD_PATH}")
        out.line(f"   found {card.name!r}: {card.description}")
        for interface in card.supported_interfaces:
            offered = f"{interface.protocol_binding} {interface.protocol_version}"
            out.line(f"   offers {offered} at {interface.url}")
        chosen = client.interface
        out.line(f"   using {chosen.protocol_binding} {chosen.protocol_version}", "green")

        _step(out, 3, "Verify the card's signature with the keys published on its own origin")
        loopback = UrlPolicy(
            allow_private=True, allow_http=True
        )  # the demo runs on http://127.0.0.1
        report = await card_report(url + _CARD_PATH, policy=loopback)
        if not report["verified"]:
            out.line(f"   NOT verified: {report['reason']} ({report['detail']})", "red")
            return 1
        out.line(f"   verified: {report['alg']} signature by key {report['kid']}", "green")
        async with httpx.AsyncClient() as http:
            tampered = (await http.get(url + _CARD_PATH)).json()
            jwks = (await http.get(url + "/.well-known/jwks.json")).json()
        tampered["description"] = "I am a different agent now."
        store = TrustStore(require_https=False)
        store.pin(url, jwks)
        try:
            verify_card(json.dumps(tampered), store, card_url=url + _CARD_PATH)
        except SignatureError as exc:
            out.line(f"   a tampered copy is refused: {exc.reason} ({exc.detail})", "green")
        else:
            out.line("   a tampered copy verified: this must not happen", "red")
            return 1

        _step(out, 4, f"Send a task and wait for the answer: {text!r}")
        with out.waiting("waiting for the agent"):
            result = await client.send_text(text)
        assert result.task is not None
        out.line(f"   task {result.task.id} is {state_name(result.task.status.state)}")
        out.line(f"   reply: {result.text}", "green")

        streamed = f"{text} (streamed)"
        _step(out, 5, f"Stream a second task, event by event: {streamed!r}")
        async with client.stream(streamed) as stream:
            async for event in stream:
                line, style = describe_event(event)
                out.line(f"   {line}", style)
        out.line(f"   reassembled reply: {stream.text}", "green")

        _step(out, 6, "Read the first task back by its id")
        fetched = await client.get_task(result.task.id)
        state = state_name(fetched.status.state)
        out.line(f"   {fetched.id}: {state}, {len(fetched.artifacts)} artifact(s)")

    _step(out, 7, "The agent is stopped. Try it yourself:")
    out.line("   a2a keys generate --alg EdDSA --out key.jwk")
    out.line("   a2a serve examples/echo.py --port 8000 --signing-key key.jwk")
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
