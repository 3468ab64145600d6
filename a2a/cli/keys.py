"""``a2a keys``: create signing keys and print their public JWKS.

::

    a2a keys generate --alg EdDSA --out key.jwk [--password-env VAR]
    a2a keys public key.jwk [--password-env VAR]

Private key files are written with mode 0600 and never overwritten unless
``--force``; with ``--password-env`` the key is encrypted (RFC 7517 §7 JWE,
PBES2-HS512+A256KW / A256GCM) under the password read from that variable.

:func:`add_serve_arguments` and :func:`apply_serve_arguments` give ``a2a serve``
its ``--signing-key`` options (signed card, JWKS, signed envelopes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from a2a.identity.errors import KeyFormatError
from a2a.identity.jwk import generate_key, jwks_document
from a2a.identity.keyfile import read_private_key, write_private_key

__all__ = ["add_serve_arguments", "apply_serve_arguments", "register"]


def _password(args: argparse.Namespace) -> str | None:
    name = args.password_env
    if name is None:
        return None
    value = os.environ.get(name)
    if not value:
        raise KeyFormatError(f"environment variable {name} is empty or unset")
    return value


def _generate(args: argparse.Namespace) -> int:
    try:
        key = generate_key(args.alg)
        write_private_key(args.out, key, password=_password(args), overwrite=args.force)
    except FileExistsError:
        print(f"error: {args.out} exists (use --force to replace it)", file=sys.stderr)
        return 1
    except KeyFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({"kid": key.kid, "alg": key.alg, "path": str(args.out)}))
    return 0


def _public(args: argparse.Namespace) -> int:
    try:
        key = read_private_key(args.key, password=_password(args))
    except (KeyFormatError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(jwks_document([key]), indent=2))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``keys`` command group."""
    keys = subparsers.add_parser("keys", help="create signing keys and print public JWKS")
    sub = keys.add_subparsers(dest="keys_command", metavar="ACTION")
    sub.required = True

    gen = sub.add_parser("generate", help="create a private key file (mode 0600)")
    gen.add_argument("--alg", choices=("EdDSA", "ES256"), default="EdDSA")
    gen.add_argument("--out", required=True, help="path of the private JWK file to create")
    gen.add_argument("--password-env", metavar="VAR", help="encrypt with the password in $VAR")
    gen.add_argument("--force", action="store_true", help="replace an existing file")
    gen.set_defaults(func=_generate)

    pub = sub.add_parser("public", help="print the public JWKS of a private key file")
    pub.add_argument("key", help="private JWK file")
    pub.add_argument("--password-env", metavar="VAR", help="read the password from $VAR")
    pub.set_defaults(func=_public)


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """The identity options of ``a2a serve``."""
    parser.add_argument(
        "--signing-key",
        metavar="KEY.jwk",
        help="sign the Agent Card and replies with this key; also serves the JWKS",
    )
    parser.add_argument(
        "--signing-key-password-env", metavar="VAR", help="variable holding the key's password"
    )
    parser.add_argument(
        "--trust",
        metavar="ORIGIN=JWKS_FILE",
        action="append",
        default=[],
        help="trust the keys in JWKS_FILE for callers from ORIGIN (repeatable)",
    )


def apply_serve_arguments(app: Any, args: argparse.Namespace) -> Any:
    """Wrap the server ``app`` as those options ask; unchanged without ``--signing-key``.

    Raises :class:`KeyFormatError` for an unusable key file.
    """
    if not getattr(args, "signing_key", None):
        return app
    from a2a.identity.trust import TrustStore
    from a2a.server.identity import ServerIdentity, with_identity

    store = TrustStore()
    for item in args.trust:
        origin, _, path = item.partition("=")
        store.pin(origin, json.loads(Path(path).read_text(encoding="utf-8")))
    key = read_private_key(args.signing_key, password=_password_from(args.signing_key_password_env))
    return with_identity(app, ServerIdentity(key=key, trust=store), base_url=args.public_url)


def _password_from(variable: str | None) -> str | None:
    return os.environ.get(variable) if variable else None
