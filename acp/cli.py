"""The ``acp`` command line.

Each command lives in a module with a ``register(subparsers)`` function that
sets ``func`` on its parser; this module only assembles them.  To add a
command (``conformance``, ...), add its module to :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from a2a.cli import assemble, run

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

#: Modules contributing sub-commands, in help order.
COMMAND_MODULES: tuple[str, ...] = (
    "acp.commands.client",
    "acp.commands.serve",
    "acp.commands.bridge",
    "acp.conformance.cli",
)


def build_parser() -> argparse.ArgumentParser:
    return assemble(
        "acp",
        "Call, serve and bridge ACP (Agent Communication Protocol) agents.",
        COMMAND_MODULES,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``acp`` console script; returns the exit code."""
    return run(build_parser(), argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
