"""``a2a serve``: run an agent as an A2A server."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from a2a.cli.keys import add_serve_arguments, apply_serve_arguments
from a2a.cli.serving import add_server_options, run_server
from a2a.identity.errors import KeyFormatError

__all__ = ["register"]


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "serve",
        help="serve an agent over JSON-RPC and HTTP+JSON",
        description="Serve an agent (a Python file or module, optionally :ATTR) as an A2A server.",
    )
    parser.add_argument("target", metavar="PATH_OR_MODULE[:ATTR]", help="e.g. examples/echo.py")
    add_server_options(parser, port=8000)
    parser.add_argument(
        "--public-url",
        help="URL the card advertises (default: the host each request was sent to)",
    )
    parser.add_argument(
        "--compat-0.3",
        dest="compat_v03",
        action="store_true",
        help="also answer A2A 0.3 clients (0.3 method names, a card with 0.3 fields)",
    )
    parser.add_argument(
        "--allow-private-webhooks",
        action="store_true",
        help="let push notifications go to loopback and private addresses (local testing only)",
    )
    add_serve_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from a2a.protocol.ssrf import UrlPolicy
    from a2a.server.app import create_app
    from a2a.server.loader import AgentLoadError, load_agent

    try:
        agent = load_agent(args.target)
    except AgentLoadError as exc:
        print(f"a2a serve: {exc}", file=sys.stderr)
        return 2
    try:
        app = create_app(
            agent,
            base_url=args.public_url,
            legacy_v03=args.compat_v03,
            webhook_policy=UrlPolicy(allow_private=args.allow_private_webhooks),
        )
        app = apply_serve_arguments(app, args)
    except (KeyFormatError, OSError, ValueError) as exc:
        print(f"a2a serve: {exc}", file=sys.stderr)
        return 2
    shown = args.public_url or f"http://{args.host}:{args.port}"
    card = f"{shown.rstrip('/')}/.well-known/agent-card.json"
    print(f"Serving {agent.info.name!r} at {shown} (card: {card})")
    run_server(app, args)
    return 0
