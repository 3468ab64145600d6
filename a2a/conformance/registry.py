"""Checks register against requirement ids; outcomes are raised, not returned.

A check is an async function decorated with :func:`check`::

    @check("A2A-CORE-GET-002")
    async def unknown_task(ctx: BindingContext) -> None:
        reply = await ctx.wire.call("GetTask", {"id": ctx.unknown_id()})
        ctx.expect_error(reply, TaskNotFoundError)

It passes by returning, fails by raising :class:`CheckFailed` (via
:func:`fail` / :func:`expect`) and is skipped by raising :class:`CheckSkipped`.
``needs`` lists features the agent must offer for the check to apply
(see :data:`NEEDS`); ``unless`` lists features whose presence makes it moot.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from a2a.conformance.requirements import REQUIREMENTS_BY_ID, Requirement

__all__ = [
    "CHECKS",
    "NEEDS",
    "Check",
    "CheckFailed",
    "CheckSkipped",
    "check",
    "expect",
    "fail",
    "skip",
]

#: Every feature a check may need, and the reason given when the agent lacks it.
NEEDS: dict[str, str] = {
    "convention": "the card does not advertise the behaviour convention "
    "(a skill with id a2a-conformance, see spec/conformance.md)",
    "streaming": "the card does not declare capabilities.streaming",
    "push": "the card does not declare capabilities.pushNotifications",
    "extended_card": "the card does not declare capabilities.extendedAgentCard",
    "auth": "the card declares no security requirements",
    "credentials": "no credentials given (--header)",
    "second": "no second caller's credentials given (--second-header)",
    "signed_card": "the card carries no signatures",
    "envelope": "the card does not declare the signed-envelope extension",
    "required_extension": "the card declares no required extension",
    "extension": "the card declares no extension",
}

#: Why a check whose ``unless`` feature is present does not apply.
UNLESS: dict[str, str] = {
    "streaming": "the card declares streaming, so gating does not apply (the streaming "
    "checks cover it)",
    "push": "the card declares pushNotifications, so gating does not apply (the push checks "
    "cover it)",
    "extended_card": "the card declares extendedAgentCard, so gating does not apply",
}


class CheckFailed(Exception):
    """The agent broke the requirement: what was expected and what was seen."""

    def __init__(self, expected: str, seen: str) -> None:
        super().__init__(f"expected {expected}; seen {seen}")
        self.expected = expected
        self.seen = seen


class CheckSkipped(Exception):
    """The requirement could not be checked against this agent (the reason says why)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def fail(expected: str, seen: str) -> NoReturn:
    raise CheckFailed(expected, seen)


def skip(reason: str) -> NoReturn:
    raise CheckSkipped(reason)


def expect(condition: object, expected: str, seen: str | Callable[[], str]) -> None:
    """Fail with ``expected``/``seen`` unless ``condition`` holds (``seen`` may be lazy)."""
    if not condition:
        raise CheckFailed(expected, seen() if callable(seen) else seen)


CheckFunc = Callable[[Any], Awaitable[None]]


@dataclass(frozen=True)
class Check:
    requirement: Requirement
    func: CheckFunc
    needs: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.requirement.id


CHECKS: dict[str, Check] = {}


def check(
    requirement_id: str, *, needs: tuple[str, ...] = (), unless: tuple[str, ...] = ()
) -> Callable[[CheckFunc], CheckFunc]:
    """Register the decorated function as the check of ``requirement_id``."""
    requirement = REQUIREMENTS_BY_ID[requirement_id]  # KeyError: an id not in the table
    for name in needs:
        if name not in NEEDS:
            raise ValueError(f"unknown need {name!r}")
    for name in unless:
        if name not in UNLESS:
            raise ValueError(f"unknown unless {name!r}")

    def register(func: CheckFunc) -> CheckFunc:
        if requirement_id in CHECKS:
            raise ValueError(f"{requirement_id} already has a check")
        CHECKS[requirement_id] = Check(requirement, func, needs, unless)
        return func

    return register
