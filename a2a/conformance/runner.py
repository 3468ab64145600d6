"""Run the suite: discover the agent, plan the checks, run them concurrently, report.

::

    report = await run_suite(SuiteOptions("http://localhost:8000"))
    print(report.passed, report.failing_ids())

Independent checks run concurrently (``SuiteOptions.concurrency``) over one
pooled HTTP client; fixtures they share run once per binding.  Each check has
its own time limit, so a hanging agent fails the checks that wait for it and
nothing else.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin

import httpx

import a2a.conformance.checks  # noqa: F401 - registers every check
from a2a.client.discovery import card_urls, normalize_binding, parse_card
from a2a.conformance.context import AgentContext, BindingContext, SuiteOptions
from a2a.conformance.execution import applies, execute
from a2a.conformance.registry import A2A, Check
from a2a.conformance.report import CheckResult, Outcome, Report
from a2a.conformance.requirements import BINDINGS, Level, Scope
from a2a.conformance.shapes import member
from a2a.conformance.wire import Reply, Wire
from a2a.protocol.negotiation import major_minor
from a2a.types import AgentCard, AgentInterface

__all__ = ["Planned", "plan", "run_suite", "select"]

Progress = Callable[[CheckResult], None]


class Planned:
    """One check to run: a requirement on one binding (``None`` for once-per-agent)."""

    __slots__ = ("binding", "check")

    def __init__(self, check: Check, binding: str | None) -> None:
        self.check = check
        self.binding = binding


def select(level: str | Level = Level.MAY, only: tuple[str, ...] = ()) -> list[Check]:
    """The registered A2A checks selected by ``--level`` and ``--only``, in table order."""
    return A2A.select(level, only)


def plan(checks: list[Check], bindings: list[str]) -> list[Planned]:
    """Each check once, or once per binding it applies to."""
    planned: list[Planned] = []
    for check in checks:
        if check.requirement.scope is Scope.AGENT:
            planned.append(Planned(check, None))
        else:
            planned.extend(Planned(check, b) for b in bindings if b in check.requirement.bindings)
    return planned


def _interfaces(card: dict[str, Any], card_url: str) -> dict[str, AgentInterface]:
    """The first 1.0 interface of each binding the suite drives (A2A §8.3.2 order)."""
    found: dict[str, AgentInterface] = {}
    entries = member(card, "supportedInterfaces", [])
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            continue
        binding = normalize_binding(str(member(entry, "protocolBinding") or ""))
        binding = next((b for b in BINDINGS if b.upper() == binding.upper()), binding)
        version = major_minor(str(member(entry, "protocolVersion") or "1.0"))
        if binding in BINDINGS and version == "1.0" and binding not in found:
            found[binding] = AgentInterface(
                url=urljoin(card_url, entry["url"]),
                protocol_binding=binding,
                protocol_version="1.0",
                tenant=str(member(entry, "tenant") or ""),
            )
    return found


async def _fetch_card(http: httpx.AsyncClient, options: SuiteOptions) -> tuple[str, Reply]:
    headers = {"Accept": "application/json", **options.headers}
    candidates = card_urls(options.url)
    reply: Reply | None = None
    for index, url in enumerate(candidates):
        response = await http.get(url, headers=headers, timeout=options.timeout)
        reply = Wire(http, "card", url).rest_reply(response)
        if response.status_code != 404 or index == len(candidates) - 1:
            return url, reply
    raise AssertionError("unreachable")  # pragma: no cover


async def _extended_card(agent: AgentContext, bindings: list[str]) -> None:
    """Read the extended card (it may advertise the convention) when we can."""
    if not (agent.capability("extendedAgentCard") and agent.options.headers and bindings):
        return
    try:
        reply = await agent.wire(bindings[0]).call("GetExtendedAgentCard", {})
    except httpx.HTTPError:
        return
    if reply.error is None and isinstance(reply.result, dict):
        agent.extended_card = reply.result


async def _run_one(
    item: Planned,
    agent: AgentContext,
    contexts: dict[str, BindingContext],
    features: set[str],
    semaphore: asyncio.Semaphore,
) -> CheckResult:
    check, binding = item.check, item.binding
    if binding is not None and binding not in contexts:
        missing = f"the card declares no A2A 1.0 {binding} interface"
        return CheckResult(check.requirement, binding, Outcome.SKIPPED, reason=missing)
    reason = applies(check, A2A, features)
    if reason is not None:
        return CheckResult(check.requirement, binding, Outcome.SKIPPED, reason=reason)
    context: Any = contexts[binding] if binding is not None else agent
    return await execute(
        check, context, binding=binding, semaphore=semaphore, limit=agent.options.check_timeout
    )


async def run_suite(
    options: SuiteOptions,
    *,
    progress: Progress | None = None,
    on_plan: Callable[[int], None] | None = None,
    http: httpx.AsyncClient | None = None,
) -> Report:
    """Run the selected checks against the agent at ``options.url``.

    ``on_plan`` is told how many checks will run, ``progress`` gets each
    result as it completes.  Raises ``ValueError`` if a binding asked for in
    ``options.bindings`` is not one the suite knows.
    """
    wanted = [normalize_binding(b) for b in options.bindings]
    for binding in wanted:
        if binding not in BINDINGS:
            raise ValueError(f"unknown binding {binding!r}: choose jsonrpc or rest")
    started = time.monotonic()
    report = Report(options.url, [], datetime.now(timezone.utc).isoformat(timespec="seconds"))
    client = http or httpx.AsyncClient(
        follow_redirects=True,
        timeout=options.timeout,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
    )
    agent: AgentContext | None = None
    contexts: dict[str, BindingContext] = {}
    try:
        card_url, card_reply = await _fetch_card(client, options)
        card: AgentCard | None = None
        try:
            card = parse_card(card_reply.body)
        except ValueError:
            card = None
        body = card_reply.body if isinstance(card_reply.body, dict) else {}
        interfaces = _interfaces(body, card_url)
        agent = AgentContext(
            options,
            client,
            card_url=card_url,
            card_reply=card_reply,
            card=card,
            interfaces=interfaces,
        )
        report.agent = str(body.get("name") or "")
        bindings = [b for b in BINDINGS if b in interfaces and (not wanted or b in wanted)]
        for binding in wanted:
            if binding not in interfaces:
                report.notes.append(f"the card declares no A2A 1.0 {binding} interface")
        if not body:
            report.notes.append(f"no Agent Card at {card_url}: {card_reply.describe()}")
        report.bindings = bindings
        await _extended_card(agent, bindings)
        report.convention = agent.convention
        if agent.requires_auth and not options.headers:
            report.notes.append(
                "the card declares security requirements and no credentials were given "
                "(--header): the agent will refuse most calls"
            )
        contexts = {b: BindingContext(agent, b) for b in bindings}
        features = agent.features()
        planned = plan(select(options.level, options.only), bindings)
        if on_plan is not None:
            on_plan(len(planned))
        semaphore = asyncio.Semaphore(max(1, options.concurrency))

        async def run(item: Planned) -> CheckResult:
            assert agent is not None
            if not body and item.check.id != "A2A-CARD-FETCH-001":
                out = CheckResult(
                    item.check.requirement,
                    item.binding,
                    Outcome.SKIPPED,
                    reason="no Agent Card to test",
                )
            else:
                out = await _run_one(item, agent, contexts, features, semaphore)
            if progress is not None:
                progress(out)
            return out

        report.results = list(await asyncio.gather(*(run(item) for item in planned)))
    finally:
        for context in contexts.values():
            context.cancel_fixtures()
        if agent is not None:
            await agent.aclose()
        if http is None:
            await client.aclose()
        report.duration = time.monotonic() - started
    return report
