"""A black-box conformance suite for A2A 1.0 agents, whatever they are written in.

::

    from a2a.conformance import SuiteOptions, run_suite

    report = await run_suite(SuiteOptions("http://localhost:8000"))
    for result in report.failures():
        print(result.name, result.explanation())

Every check has a stable requirement id, a level and a spec section
(:data:`REQUIREMENTS`).  From the shell: ``a2a conformance URL``; inside a
pytest run: ``pytest -p a2a.conformance.pytest_plugin --a2a-url URL``.
The suite talks to the agent only over the wire (its own raw layer and the
public client), never through the reference server's code.
"""

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
