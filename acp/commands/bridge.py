"""``acp bridge ACP_URL --port P``: serve every agent of an ACP server as an A2A agent."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from a2a.cli.serving import add_server_options, run_server
from a2a.errors import A2AError

__all__ = ["register"]


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "bridge",
        help="serve the agents of an ACP server as A2A agents",
        description=(
            "Serve every agent of the ACP server at ACP_URL as an A2A agent: card at "
            "/NAME/.well-known/agent-card.json, JSON-RPC at /NAME/, HTTP+JSON at /NAME/rest."
        ),
    )
    parser.add_argument("acp_url", help="base URL of the ACP server")
    add_server_options(parser, port=8002)
    parser.add_argument("--public-url", help="URL the cards advertise (default http://HOST:PORT)")
    parser.add_argument("--api-key", help="API key for the ACP server (X-API-Key)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:

    from acp.bridge import create_bridge_app, discover
    from acp.client import Client

    async def manifests() -> Any:
        async with Client(args.acp_url, api_key=args.api_key, timeout=30) as probe:
            return await discover(probe)

    try:
        found = asyncio.run(manifests())
    except A2AError as exc:
        print(f"acp bridge: cannot list the agents of {args.acp_url}: {exc}", file=sys.stderr)
        return 1
    public = args.public_url or f"http://{args.host}:{args.port}"
    client = Client(args.acp_url, api_key=args.api_key)
    app = create_bridge_app(client, found, public_url=public)
    for manifest in found:
        print(f"A2A agent {manifest.name}: {public}/{manifest.name}/.well-known/agent-card.json")
    # Runs are cancelled once the graceful timeout cuts what still waits on them
    # (acp-sdk's servers hang here).
    run_server(app, args)
    return 0
