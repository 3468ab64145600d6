"""``acp conformance URL``: run the ACP conformance suite against a live server.

Same conventions as ``a2a conformance``: a progress bar on a terminal, plain
text when piped, ``--report FILE.xml|FILE.json``, exit 0 when no selected
MUST check failed, 1 when one did, 2 when the server could not be tested.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from typing import Any

import httpx
from rich.console import Console

from a2a.conformance.console import (
    add_run_options,
    render_summary,
    run_with_progress,
    write_reports,
)
from a2a.conformance.report import CheckResult, Report
from acp.conformance.context import SuiteOptions
from acp.conformance.runner import run_acp_suite

__all__ = ["register"]


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "conformance",
        help="test a live ACP server against the ACP conformance suite",
        description=(
            "Run the ACP conformance suite against the server at URL (one of its agents). "
            "Each check has a requirement id, a level and a section of ACP's OpenAPI "
            "document; the run fails when a MUST fails."
        ),
    )
    parser.add_argument("url", help="the server's base URL")
    parser.add_argument(
        "--agent", help="the agent to test (default: the convention's, or the first)"
    )
    add_run_options(parser, id_example="ACP-RUN")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = Console(highlight=False, soft_wrap=True)
    options = SuiteOptions(
        url=args.url,
        agent=args.agent,
        level=args.level,
        only=tuple(args.only or ()),
        headers=dict(args.header or []),
        timeout=args.timeout,
        concurrency=args.concurrency,
    )
    try:
        report = asyncio.run(_run(options, console))
    except httpx.HTTPError as exc:
        Console(file=sys.stderr).print(f"acp conformance: cannot test {args.url}: {exc}")
        return 2
    render_summary(report, console, verbose=args.verbose, title="ACP conformance")
    return write_reports(report, args.report or [], "acp conformance")


async def _run(options: SuiteOptions, console: Console) -> Report:
    async def run(done: Callable[[CheckResult], None], planned: Callable[[int], None]) -> Report:
        return await run_acp_suite(options, progress=done, on_plan=planned)

    return await run_with_progress(run, console, "ACP conformance")
