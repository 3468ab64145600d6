"""A black-box conformance suite for A2A 1.0 agents, whatever they are written in.

::

    from a2a.conformance import SuiteOptions, run_suite

    report = await run_suite(SuiteOptions("http://localhost:8000"))
    for result in report.failures():
        print(result.name, result.explanation())

Every check has a stable requirement id, a level and a spec section
(:data:`REQUIREMENTS`).  From the shell: ``a2a conformance URL``; inside a
pytest run: ``pytest --a2a-url URL`` (the plugin is installed with the
library).  The suite talks to the agent only over the wire (its own raw
layer and the public client), never through the reference server's code.

Names load lazily, so the pytest plugin costs nothing until it is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from a2a.conformance.context import SuiteOptions
    from a2a.conformance.convention import SKILL_ID, parse_command
    from a2a.conformance.registry import CHECKS, Check
    from a2a.conformance.report import CheckResult, Outcome, Report
    from a2a.conformance.requirements import (
        BINDINGS,
        REQUIREMENTS,
        REQUIREMENTS_BY_ID,
        Level,
        Requirement,
        Scope,
    )
    from a2a.conformance.runner import run_suite, select

__all__ = [
    "BINDINGS",
    "CHECKS",
    "REQUIREMENTS",
    "REQUIREMENTS_BY_ID",
    "SKILL_ID",
    "Check",
    "CheckResult",
    "Level",
    "Outcome",
    "Report",
    "Requirement",
    "Scope",
    "SuiteOptions",
    "parse_command",
    "run_suite",
    "select",
]

_HOMES = {
    "SuiteOptions": "context",
    "SKILL_ID": "convention",
    "parse_command": "convention",
    "CHECKS": "runner",  # through the runner, so that every check is registered
    "Check": "registry",
    "CheckResult": "report",
    "Outcome": "report",
    "Report": "report",
    "BINDINGS": "requirements",
    "REQUIREMENTS": "requirements",
    "REQUIREMENTS_BY_ID": "requirements",
    "Level": "requirements",
    "Requirement": "requirements",
    "Scope": "requirements",
    "run_suite": "runner",
    "select": "runner",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'a2a.conformance' has no attribute {name!r}")
    module = importlib.import_module(f"a2a.conformance.{home}")
    if name == "CHECKS":
        from a2a.conformance.registry import CHECKS

        return CHECKS
    return getattr(module, name)
