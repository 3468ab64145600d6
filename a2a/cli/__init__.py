"""The ``a2a`` command line.

Each command group lives in its own module with a ``register(subparsers)``
function; this module only assembles them, so commands load lazily and stay
independent.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

__all__ = ["main"]

# Modules that contribute sub-commands, in help order.
_COMMAND_MODULES = (
    "a2a.cli.demo",
    "a2a.cli.serve",
    "a2a.cli.client",
    "a2a.cli.keys",
    "a2a.cli.conformance",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="a2a",
        description="Serve, call, verify and test A2A agents.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    # Other installed packages add commands through this entry-point group
    # (``acp`` adds ``a2a bridge``); a2a itself never imports them.
    for entry in entry_points(group="a2a.commands"):
        entry.load()(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``a2a`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
