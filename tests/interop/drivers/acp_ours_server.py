"""Our ACP server with the test agents of ``tests/acp/agents.py`` (runs in our venv).

Usage: python -m tests.interop.drivers.acp_ours_server PORT
       [--await-timeout S] [--allow-private-history] [--api-key KEY]
"""

from __future__ import annotations

import argparse

import uvicorn

from a2a.protocol.ssrf import UrlPolicy
from acp.server import APIKeyAuth, ServerLimits, create_app
from tests.acp.agents import AGENTS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--await-timeout", type=float, default=3600.0)
    parser.add_argument("--allow-private-history", action="store_true")
    parser.add_argument("--api-key")
    args = parser.parse_args()
    app = create_app(
        *AGENTS,
        limits=ServerLimits(await_timeout=args.await_timeout),
        url_policy=UrlPolicy(allow_private=args.allow_private_history),
        auth=APIKeyAuth({args.api_key: "tester"}) if args.api_key else None,
    )
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,
    )


if __name__ == "__main__":
    main()
