"""The ``acp`` command line.

Each command lives in a module with a ``register(subparsers)`` function that
sets ``func`` on its parser; this module only assembles them.  To add a
command (``conformance``, ...), add its module to :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

#: Modules contributing sub-commands, in help order.
COMMAND_MODULES: tuple[str, ...] = (
    "acp.commands.client",
    "acp.commands.serve",
    "acp.commands.bridge",
    "acp.conformance.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="acp",
        description="Call, serve and bridge ACP (Agent Communication Protocol) agents.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``acp`` console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
