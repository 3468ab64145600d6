"""Running one check: its applicability, its time limit, and its outcome.

Shared by the A2A suite's runner and the ACP suite's: a check raises
:class:`~a2a.conformance.registry.CheckFailed` or
:class:`~a2a.conformance.registry.CheckSkipped`, or returns to pass; a
time-out or a transport failure is a failure of the check that waited; any
other exception is an ``error`` (a suite bug, or an answer it could not read).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Collection
from typing import Any

import httpx

from a2a.conformance.registry import Check, CheckFailed, CheckSkipped, Registry
from a2a.conformance.report import CheckResult, Outcome

__all__ = ["applies", "execute"]


def applies(check: Check, registry: Registry, features: Collection[str]) -> str | None:
    """``None`` if ``check`` applies to an agent with ``features``, else why it does not."""
    for need in check.needs:
        if need not in features:
            return registry.needs[need]
    for name in check.unless:
        if name in features:
            return registry.unless[name]
    return None


async def execute(
    check: Check,
    context: Any,
    *,
    binding: str | None,
    semaphore: asyncio.Semaphore,
    limit: float,
) -> CheckResult:
    """Run ``check`` against ``context`` (at most ``limit`` seconds) and report its outcome."""
    requirement = check.requirement

    def result(outcome: Outcome, **fields: Any) -> CheckResult:
        return CheckResult(requirement, binding, outcome, **fields)

    async with semaphore:
        started = time.monotonic()
        try:
            await asyncio.wait_for(check.func(context), limit)
        except CheckFailed as exc:
            out = result(Outcome.FAILED, expected=exc.expected, seen=exc.seen)
        except CheckSkipped as exc:
            out = result(Outcome.SKIPPED, reason=exc.reason)
        except asyncio.TimeoutError:
            out = result(
                Outcome.FAILED,
                expected=f"the check to finish within {limit:g}s",
                seen="the agent kept it waiting",
            )
        except httpx.HTTPError as exc:
            out = result(
                Outcome.FAILED,
                expected="an HTTP answer",
                seen=f"transport failure: {type(exc).__name__}: {exc}"[:300],
            )
        except Exception as exc:
            broke = f"the check broke: {type(exc).__name__}: {exc}"
            out = result(Outcome.ERROR, reason=broke[:300])
        else:
            out = result(Outcome.PASSED)
        out.duration = time.monotonic() - started
        return out
