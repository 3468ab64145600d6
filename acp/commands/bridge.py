"""``acp bridge ACP_URL --port P``: serve every agent of an ACP server as an A2A agent."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

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
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8002, help="TCP port (default 8002)")
    parser.add_argument("--public-url", help="URL the cards advertise (default http://HOST:PORT)")
    parser.add_argument("--api-key", help="API key for the ACP server (X-API-Key)")
    parser.add_argument("--log-level", default="warning", help="uvicorn log level")
    parser.add_argument(
        "--graceful-timeout",
        type=float,
        default=5.0,
        help="seconds open requests get at shutdown (default 5)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

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
    # A bounded graceful shutdown: requests still waiting on a run are cut after
    # this many seconds, then the runs are cancelled (acp-sdk's servers hang here).
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        timeout_graceful_shutdown=args.graceful_timeout,
    )
    return 0
