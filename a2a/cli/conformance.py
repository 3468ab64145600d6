"""``a2a conformance URL``: run the A2A 1.0 conformance suite against a live agent.

On a terminal a progress bar runs while the checks do, and the summary is a
rich table; piped, the output is plain text.  ``--report`` writes JUnit XML
(``.xml``) or JSON (``.json``).  Exit status: 0 when no selected MUST check
failed, 1 when one did, 2 when the agent could not be tested at all.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console

from a2a.conformance import CheckResult, Report, SuiteOptions, run_suite
from a2a.conformance.console import (
    add_run_options,
    header_argument,
    render_summary,
    run_with_progress,
    write_reports,
)

__all__ = ["register"]


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "conformance",
        help="test a live agent against the A2A 1.0 conformance suite",
        description=(
            "Run the A2A 1.0 conformance suite against the agent at URL. Each check has a "
            "requirement id, a level and a spec section; the run fails when a MUST fails. "
            "Checks that need particular agent behaviour use the convention of "
            "spec/conformance.md and are skipped for agents that do not follow it."
        ),
    )
    parser.add_argument("url", help="the agent's base URL or its card URL")
    parser.add_argument(
        "--binding",
        action="append",
        choices=["jsonrpc", "rest"],
        help="test only this binding (repeatable; default: every binding the card declares)",
    )
    add_run_options(parser, id_example="A2A-PUSH")
    parser.add_argument(
        "--second-header",
        action="append",
        type=header_argument,
        metavar="'NAME: VALUE'",
        help="credentials of a second caller, for the isolation checks (repeatable)",
    )
    parser.add_argument(
        "--webhook-host", default="127.0.0.1", help="where the push receiver listens (127.0.0.1)"
    )
    parser.add_argument(
        "--webhook-url", help="the receiver's URL as the agent reaches it (default: its address)"
    )
    parser.add_argument(
        "--trust-jwks", type=Path, metavar="FILE", help="a JWKS of the agent's signing keys"
    )
    parser.set_defaults(func=run)


def _options(args: argparse.Namespace) -> SuiteOptions:
    return SuiteOptions(
        url=args.url,
        bindings=tuple(args.binding or ()),
        level=args.level,
        only=tuple(args.only or ()),
        headers=dict(args.header or []),
        second_headers=dict(args.second_header or []),
        timeout=args.timeout,
        concurrency=args.concurrency,
        webhook_host=args.webhook_host,
        webhook_url=args.webhook_url,
        trust_jwks=args.trust_jwks.read_text() if args.trust_jwks else None,
    )


def run(args: argparse.Namespace) -> int:
    console = Console(highlight=False, soft_wrap=True)
    errors = Console(file=sys.stderr, highlight=False)
    try:
        options = _options(args)
    except OSError as exc:
        errors.print(f"a2a conformance: {exc}")
        return 2
    try:
        report = asyncio.run(_run(options, console))
    except (httpx.HTTPError, ValueError) as exc:
        errors.print(f"a2a conformance: cannot test {args.url}: {exc}")
        return 2
    render_summary(report, console, verbose=args.verbose)
    return write_reports(report, args.report or [], "a2a conformance")


async def _run(options: SuiteOptions, console: Console) -> Report:
    async def run(done: Callable[[CheckResult], None], planned: Callable[[int], None]) -> Report:
        return await run_suite(options, progress=done, on_plan=planned)

    return await run_with_progress(run, console, "A2A conformance")
