"""Helpers for running the conformance suite against servers on loopback."""

from __future__ import annotations

from typing import Any

from a2a.conformance import Report, SuiteOptions, run_suite
from tests.conformance.servers import ALICE, BOB


async def run(url: str, **options: Any) -> Report:
    """The whole suite against ``url`` as Alice (Bob is the second caller)."""
    settings: dict[str, Any] = {"headers": ALICE, "second_headers": BOB, "concurrency": 16}
    settings.update(options)
    return await run_suite(SuiteOptions(url, **settings))


def explain(report: Report, *ids: str) -> str:
    """The failing results (other than ``ids``), one per line, for assertion messages."""
    lines = [
        f"{r.name} {r.outcome.value}: {r.explanation()}"
        for r in report.results
        if r.failing and r.id not in ids
    ]
    return "\n".join(lines) or "(no other failures)"
