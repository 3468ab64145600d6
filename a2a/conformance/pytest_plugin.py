"""The conformance suite inside a pytest run: one test item per check.

Installed with the library (entry point ``pytest11``), and inert unless
``--a2a-url`` is given::

    pytest --a2a-url http://localhost:8000 --a2a-header "Authorization: Bearer t"

Items are named ``A2A-CORE-SEND-001[JSONRPC]``; a failing MUST or SHOULD
check fails its item with what was expected and what was seen, a check that
does not apply is skipped with the reason.  The whole suite runs once, when
the first item runs, and each item reports its own result.  The suite is
imported lazily, so the plugin costs nothing in runs that do not use it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from a2a.conformance import CheckResult, Report, SuiteOptions

__all__ = ["ConformanceFailure", "ConformanceItem"]

_REPORT = pytest.StashKey["Report | BaseException"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("a2a-conformance", "A2A conformance suite")
    group.addoption("--a2a-url", help="run the A2A conformance suite against this agent")
    group.addoption(
        "--a2a-binding", action="append", choices=["jsonrpc", "rest"], help="binding to test"
    )
    group.addoption(
        "--a2a-level", choices=["must", "should", "may"], default="may", help="weakest level"
    )
    group.addoption("--a2a-only", action="append", metavar="PATTERN", help="requirement ids")
    group.addoption("--a2a-header", action="append", metavar="'NAME: VALUE'", help="credentials")
    group.addoption(
        "--a2a-second-header", action="append", metavar="'NAME: VALUE'",
        help="a second caller's credentials",
    )  # fmt: skip
    group.addoption("--a2a-webhook-url", help="the push receiver's URL as the agent sees it")


def _headers(values: list[str] | None) -> dict[str, str]:
    headers = {}
    for value in values or []:
        name, sep, content = value.partition(":")
        if not sep or not name.strip():
            raise pytest.UsageError(f"--a2a-header expects 'Name: value', got {value!r}")
        headers[name.strip()] = content.strip()
    return headers


def _options(config: pytest.Config) -> SuiteOptions:
    from a2a.conformance import SuiteOptions

    return SuiteOptions(
        url=str(config.getoption("a2a_url")),
        bindings=tuple(config.getoption("a2a_binding") or ()),
        level=str(config.getoption("a2a_level")),
        only=tuple(config.getoption("a2a_only") or ()),
        headers=_headers(config.getoption("a2a_header")),
        second_headers=_headers(config.getoption("a2a_second_header")),
        webhook_url=config.getoption("a2a_webhook_url"),
    )


def pytest_report_header(config: pytest.Config) -> str | None:
    url = config.getoption("a2a_url")
    return f"a2a conformance: {url}" if url else None


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if not config.getoption("a2a_url"):
        return
    from a2a.client.discovery import normalize_binding
    from a2a.conformance import BINDINGS
    from a2a.conformance.runner import plan, select

    options = _options(config)
    wanted = [normalize_binding(b) for b in options.bindings] or list(BINDINGS)
    for planned in plan(select(options.level, options.only), [b for b in BINDINGS if b in wanted]):
        name = planned.check.id + (f"[{planned.binding}]" if planned.binding else "")
        items.append(
            ConformanceItem.from_parent(
                session,
                name=name,
                nodeid=f"a2a-conformance::{name}",
                requirement_id=planned.check.id,
                binding=planned.binding,
            )
        )


class ConformanceFailure(Exception):
    """A check that failed: its result explains it."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__(result.explanation())
        self.result = result


class ConformanceItem(pytest.Item):
    """One check of the suite against the agent of ``--a2a-url``."""

    def __init__(self, *, requirement_id: str, binding: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.requirement_id = requirement_id
        self.binding = binding
        from a2a.conformance import REQUIREMENTS_BY_ID

        requirement = REQUIREMENTS_BY_ID[requirement_id]
        self.add_marker(pytest.mark.a2a_conformance(requirement.level.value))
        self.user_properties.append(("level", requirement.level.value))
        self.user_properties.append(("section", requirement.section))

    def _report(self) -> Report:
        found = self.config.stash.get(_REPORT, None)
        if found is None:
            from a2a.conformance import run_suite

            try:
                found = asyncio.run(run_suite(_options(self.config)))
            except Exception as exc:  # every item then reports why the suite could not run
                found = exc
            self.config.stash[_REPORT] = found
        if isinstance(found, BaseException):
            raise found
        return found

    def runtest(self) -> None:
        from a2a.conformance import Outcome

        report = self._report()
        result = next(
            (
                r
                for r in report.results
                if r.id == self.requirement_id and r.binding == self.binding
            ),
            None,
        )
        if result is None:
            pytest.skip("not run: the card declares no interface for this binding")
        if result.outcome is Outcome.SKIPPED:
            pytest.skip(result.reason)
        if result.failing:
            raise ConformanceFailure(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ConformanceFailure):
            result = excinfo.value.result
            requirement = result.requirement
            return (
                f"{result.name} {requirement.level.value} (A2A §{requirement.section}): "
                f"{requirement.title}\n{result.explanation()}"
            )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int | None, str]:
        return "a2a-conformance", None, self.name


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "a2a_conformance(level): a check of the A2A conformance suite"
    )
