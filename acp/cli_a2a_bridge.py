"""``a2a bridge A2A_URL --port P``: serve an A2A agent as an ACP agent.

This command belongs to the ``a2a`` command line, but lives in ``acp``
because ``a2a`` never imports ``acp``.  It is published under the entry-point
group ``a2a.commands`` (``bridge = "acp.cli_a2a_bridge:register"``), which the
``a2a`` CLI can load; it also runs on its own:
``python -m acp.cli_a2a_bridge A2A_URL --port P``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from typing import Any

from a2a.cli.serving import add_server_options, run_server
from a2a.errors import A2AError

__all__ = ["main", "register"]


def register(sub: Any) -> None:
    """Add the ``bridge`` command to an ``a2a`` sub-command parser."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "bridge",
        help="serve an A2A agent as an ACP agent",
        description="Serve the A2A agent at A2A_URL (any interface its card offers) over ACP.",
    )
    _arguments(parser)
    parser.set_defaults(func=run)


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a2a_url", help="base URL of the A2A agent (where its card is)")
    add_server_options(parser, port=8003)
    parser.add_argument("--name", help="ACP agent name (default: a slug of the card's name)")
    parser.add_argument("--public-url", help="base URL this server is reached at")


def run(args: argparse.Namespace) -> int:

    from a2a.client import Client
    from acp.bridge.a2a_remote import ClientRemote
    from acp.bridge.from_a2a import remote_agent
    from acp.server import create_app

    try:
        card = asyncio.run(ClientRemote.discover(args.a2a_url))
    except A2AError as exc:
        print(f"a2a bridge: {exc}", file=sys.stderr)
        return 1
    # Opened lazily, on the server's event loop, with the card already known.
    remote = ClientRemote(Client(args.a2a_url, card=card))
    acp_agent = remote_agent(remote, name=args.name)
    app = create_app(acp_agent, public_url=args.public_url, on_shutdown=[remote.aclose])
    shown = args.public_url or f"http://{args.host}:{args.port}"
    print(f"Serving A2A agent {remote.card.name!r} as ACP agent {acp_agent.name!r} at {shown}")
    # Runs are cancelled once the graceful timeout cuts what still waits on them
    # (acp-sdk's servers hang here).
    run_server(app, args)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command on its own (``python -m acp.cli_a2a_bridge``)."""
    parser = argparse.ArgumentParser(prog="a2a bridge", description=__doc__.split("\n\n")[0])
    _arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
