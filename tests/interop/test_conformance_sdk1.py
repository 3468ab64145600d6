"""The conformance suite against an ``a2a-sdk`` 1.x agent: it runs to the end, and
what fails is exactly what ``spec/conformance.md`` documents (and explains)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from a2a.conformance import BINDINGS, REQUIREMENTS, Level, Outcome, Scope
from tests.conformance.conftest import explain, run
from tests.conformance.test_reference import NOT_APPLICABLE
from tests.interop.peers import DRIVERS, free_port, running
from tests.interop.venvs import ROOT, peer_python

pytestmark = pytest.mark.interop

DOC = ROOT / "spec" / "conformance.md"
START, END = "<!-- sdk1-failures:start -->", "<!-- sdk1-failures:end -->"


def documented() -> dict[str, set[str]]:
    """``{level: {requirement ids}}`` from the a2a-sdk table of ``spec/conformance.md``."""
    section = DOC.read_text(encoding="utf-8").split(START, 1)[1].split(END, 1)[0]
    found: dict[str, set[str]] = {level.value: set() for level in Level}
    for match in re.finditer(r"^\| `(A2A-[A-Z0-9-]+)` \| (MUST|SHOULD|MAY) \|", section, re.M):
        found[match.group(2)].add(match.group(1))
    return found


@pytest.fixture(scope="module")
def sdk1_agent() -> Iterator[str]:
    port = free_port()
    driver = [str(DRIVERS / "sdk1_conformance_agent.py"), "--port", str(port)]
    with running(peer_python("a2a-sdk-1"), driver, port):
        yield f"http://127.0.0.1:{port}"


async def test_suite_runs_to_the_end(sdk1_agent: str) -> None:
    report = await run(sdk1_agent)
    assert report.convention
    assert report.bindings == list(BINDINGS)
    assert not [r for r in report.results if r.outcome is Outcome.ERROR], explain(report)
    for requirement in REQUIREMENTS:
        found = {r.binding for r in report.results if r.id == requirement.id}
        expected = {None} if requirement.scope is Scope.AGENT else set(requirement.bindings)
        assert found == expected, requirement.id
    skipped = {r.id for r in report.results if r.outcome is Outcome.SKIPPED}
    assert skipped == NOT_APPLICABLE
    failing = {level.value: report.failing_ids(level) for level in Level}
    assert failing == documented(), explain(report)
