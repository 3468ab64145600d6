"""Options and the uvicorn call shared by every serving command (serve, bridges)."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_server_options", "run_server"]


def add_server_options(parser: argparse.ArgumentParser, *, port: int) -> None:
    """``--host``, ``--port`` (default ``port``), ``--log-level`` and ``--graceful-timeout``."""
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=port, help=f"TCP port (default {port})")
    parser.add_argument("--log-level", default="warning", help="uvicorn log level")
    parser.add_argument(
        "--graceful-timeout",
        type=float,
        default=5.0,
        help="seconds open requests get at shutdown (default 5)",
    )


def run_server(app: Any, args: argparse.Namespace) -> None:
    """Serve ``app`` with uvicorn as the options say, until interrupted."""
    import uvicorn

    # A bounded graceful shutdown: requests still waiting on a task or run (a
    # blocking send, an open stream) are cut after this many seconds.
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        timeout_graceful_shutdown=args.graceful_timeout,
    )
