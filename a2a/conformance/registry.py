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

import fnmatch
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from a2a.conformance.requirements import REQUIREMENTS, Level, Requirement

__all__ = [
    "A2A",
    "CHECKS",
    "NEEDS",
    "UNLESS",
    "Check",
    "CheckFailed",
    "CheckSkipped",
    "Registry",
    "check",
    "expect",
    "fail",
    "id_matches",
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


class Registry:
    """The checks of one suite, registered against its requirement table.

    ``needs`` and ``unless`` map each feature name a check may use to the
    reason given when it is missing (or, for ``unless``, present).
    """

    def __init__(
        self,
        requirements: Sequence[Requirement],
        needs: Mapping[str, str],
        unless: Mapping[str, str] | None = None,
    ) -> None:
        self.requirements = tuple(requirements)
        self.by_id = {r.id: r for r in self.requirements}
        self.needs = dict(needs)
        self.unless = dict(unless or {})
        self.checks: dict[str, Check] = {}

    def check(
        self, requirement_id: str, *, needs: tuple[str, ...] = (), unless: tuple[str, ...] = ()
    ) -> Callable[[CheckFunc], CheckFunc]:
        """Register the decorated function as the check of ``requirement_id``."""
        requirement = self.by_id[requirement_id]  # KeyError: an id not in the table
        for name in needs:
            if name not in self.needs:
                raise ValueError(f"unknown need {name!r}")
        for name in unless:
            if name not in self.unless:
                raise ValueError(f"unknown unless {name!r}")

        def register(func: CheckFunc) -> CheckFunc:
            if requirement_id in self.checks:
                raise ValueError(f"{requirement_id} already has a check")
            self.checks[requirement_id] = Check(requirement, func, needs, unless)
            return func

        return register

    def select(self, level: str | Level = Level.MAY, only: tuple[str, ...] = ()) -> list[Check]:
        """The registered checks selected by ``--level`` and ``--only``, in table order."""
        limit = level if isinstance(level, Level) else Level(level.upper())
        return [
            self.checks[r.id]
            for r in self.requirements
            if r.id in self.checks and r.level.within(limit) and id_matches(r.id, only)
        ]


def id_matches(requirement_id: str, patterns: tuple[str, ...]) -> bool:
    """Whether an id matches ``--only`` patterns: a prefix, or a glob (no patterns: all)."""
    if not patterns:
        return True
    for pattern in patterns:
        pattern = pattern.strip().upper()
        if any(c in pattern for c in "*?["):
            if fnmatch.fnmatchcase(requirement_id, pattern):
                return True
        elif requirement_id.startswith(pattern):
            return True
    return False


#: The A2A suite's registry; :func:`check` registers into it.
A2A = Registry(REQUIREMENTS, NEEDS, UNLESS)
CHECKS = A2A.checks
check = A2A.check
