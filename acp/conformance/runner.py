"""Run the ACP suite against a server: choose the agent, run the checks, report.

The agent tested is ``SuiteOptions.agent`` when given, else the first agent
whose manifest advertises the behaviour convention, else the first listed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timezone

import httpx

from a2a.conformance.execution import applies, execute
from a2a.conformance.report import CheckResult, Outcome, Report
from acp.conformance.checks import ACP
from acp.conformance.context import RunContext, SuiteOptions

__all__ = ["run_acp_suite"]


def _choose(ctx: RunContext, wanted: str | None) -> str | None:
    """Pick the agent to test; a note for the report when the choice is not the asked one."""
    body = ctx.agents_answer.body if ctx.agents_answer is not None else None
    agents = body.get("agents") if isinstance(body, dict) else None
    ctx.agents = [a for a in agents or [] if isinstance(a, dict) and isinstance(a.get("name"), str)]
    chosen: dict[str, object] | None = None
    if wanted is not None:
        chosen = next((a for a in ctx.agents if a["name"] == wanted), None)
        if chosen is None:
            return f"the server lists no agent named {wanted!r}"
    else:
        for agent in ctx.agents:
            ctx.manifest = agent
            if ctx.convention:
                chosen = agent
                break
        chosen = chosen or (ctx.agents[0] if ctx.agents else None)
    ctx.manifest = dict(chosen or {})
    ctx.agent = str(ctx.manifest.get("name") or "")
    return None


async def run_acp_suite(
    options: SuiteOptions,
    *,
    progress: Callable[[CheckResult], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    http: httpx.AsyncClient | None = None,
) -> Report:
    """Run the selected ACP checks against the server at ``options.url``."""
    started = time.monotonic()
    report = Report(
        options.url,
        ["ACP"],
        datetime.now(timezone.utc).isoformat(timespec="seconds"),
        suite="acp-conformance",
    )
    client = http or httpx.AsyncClient(
        timeout=options.timeout,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
    )
    ctx = RunContext(options, client)
    try:
        ctx.agents_answer = await ctx.get("agents")
        note = _choose(ctx, options.agent)
        if note:
            report.notes.append(note)
        report.agent = ctx.agent
        report.convention = ctx.convention
        features = ctx.features()
        checks = ACP.select(options.level, options.only)
        if on_plan is not None:
            on_plan(len(checks))
        semaphore = asyncio.Semaphore(max(1, options.concurrency))

        async def one(check: object) -> CheckResult:
            from a2a.conformance.registry import Check

            assert isinstance(check, Check)
            reason = applies(check, ACP, features)
            if reason is not None:
                out = CheckResult(check.requirement, None, Outcome.SKIPPED, reason=reason)
            else:
                out = await execute(
                    check, ctx, binding=None, semaphore=semaphore, limit=options.check_timeout
                )
            if progress is not None:
                progress(out)
            return out

        report.results = list(await asyncio.gather(*(one(c) for c in checks)))
    finally:
        ctx.cancel_fixtures()
        if http is None:
            await client.aclose()
        report.duration = time.monotonic() - started
    return report
