"""The ``a2a`` command line.

Each command group lives in its own module with a ``register(subparsers)``
function; this module only assembles them, so commands load lazily and stay
independent.  :func:`assemble` and :func:`run` serve the ``acp`` command too.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable, Sequence
from importlib.metadata import entry_points

__all__ = ["assemble", "build_parser", "main", "run"]

# Modules that contribute sub-commands, in help order.
_COMMAND_MODULES = (
    "a2a.cli.demo",
    "a2a.cli.serve",
    "a2a.cli.client",
    "a2a.cli.keys",
    "a2a.cli.conformance",
)


def assemble(
    prog: str, description: str, modules: Iterable[str], entry_group: str | None = None
) -> argparse.ArgumentParser:
    """A parser whose sub-commands come from ``modules`` and the ``entry_group`` entry points."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in modules:
        importlib.import_module(name).register(sub)
    if entry_group is not None:
        for entry in entry_points(group=entry_group):
            entry.load()(sub)
    return parser


def run(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    """Parse ``argv``, run the chosen command, return its exit code (130 on Ctrl-C)."""
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    return code


def build_parser() -> argparse.ArgumentParser:
    # Other installed packages add commands through the "a2a.commands" entry-point
    # group (``acp`` adds ``a2a bridge``); a2a itself never imports them.
    return assemble(
        "a2a", "Serve, call, verify and test A2A agents.", _COMMAND_MODULES, "a2a.commands"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``a2a`` console script; returns the exit code."""
    return run(build_parser(), argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
