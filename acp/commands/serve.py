"""``acp serve PATH_OR_MODULE[:ATTR] [--port P] [--a2a]``: serve agents over ACP (and A2A)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from a2a.cli.serving import add_server_options, run_server

__all__ = ["register"]


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "serve",
        help="serve agents over ACP",
        description=(
            "Serve the agents of a Python file or module over ACP: ACP-native agents, and "
            "agents written with the A2A authoring API (e.g. examples/echo.py), unchanged."
        ),
    )
    parser.add_argument("target", metavar="PATH_OR_MODULE[:ATTR]", help="e.g. examples/echo.py")
    add_server_options(parser, port=8001)
    parser.add_argument(
        "--a2a",
        action="store_true",
        help="also serve the (single) A2A-authored agent over A2A on the same port",
    )
    parser.add_argument("--public-url", help="base URL this server is reached at")
    parser.add_argument("--api-key", action="append", default=[], help="accept this API key")
    parser.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="ISSUER=JWKS_FILE",
        help="accept RFC 9421 request signatures by these keys (a JWKS or one JWK) for ISSUER",
    )
    parser.set_defaults(func=run)


def authenticator(api_keys: list[str], trusted: list[str]) -> Any:
    """The authenticator for ``--api-key`` and ``--trust`` options (``None`` for neither)."""
    import json

    from a2a.identity.httpauth import RequestVerifier
    from a2a.identity.trust import TrustStore
    from acp.server import AnyOf, APIKeyAuth, HTTPSignatureAuth

    schemes: list[Any] = []
    if api_keys:
        schemes.append(APIKeyAuth({key: f"key-{i}" for i, key in enumerate(api_keys)}))
    if trusted:
        store = TrustStore()
        for item in trusted:
            issuer, sep, path = item.partition("=")
            if not sep or not issuer or not path:
                raise ValueError(f"--trust wants ISSUER=JWKS_FILE, got {item!r}")
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
            store.pin(issuer, document if "keys" in document else {"keys": [document]})
        schemes.append(HTTPSignatureAuth(RequestVerifier(store)))
    if not schemes:
        return None
    return schemes[0] if len(schemes) == 1 else AnyOf(*schemes)


def run(args: argparse.Namespace) -> int:

    from acp.server import create_app
    from acp.server.loader import AgentLoadError, load_agents

    try:
        loaded = load_agents(args.target)
    except AgentLoadError as exc:
        print(f"acp serve: {exc}", file=sys.stderr)
        return 2
    try:
        auth = authenticator(args.api_key, args.trust)
    except (OSError, ValueError) as exc:
        print(f"acp serve: {exc}", file=sys.stderr)
        return 2
    app: Any = create_app(*loaded.acp, auth=auth, public_url=args.public_url)
    names = ", ".join(a.name for a in loaded.acp)
    shown = args.public_url or f"http://{args.host}:{args.port}"
    if args.a2a:
        if len(loaded.a2a) != 1:
            print("acp serve: --a2a needs exactly one A2A-authored agent", file=sys.stderr)
            return 2
        from a2a.server import create_app as create_a2a_app
        from acp.server.dual import ProtocolRouter

        app = ProtocolRouter(app, create_a2a_app(loaded.a2a[0], base_url=args.public_url))
        print(f"Serving A2A at {shown} (card: {shown}/.well-known/agent-card.json)")
    print(f"Serving ACP agents {names} at {shown}")
    # Runs are cancelled once the graceful timeout cuts what still waits on them
    # (acp-sdk's servers hang here).
    run_server(app, args)
    return 0
