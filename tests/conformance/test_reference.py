"""Against our own reference server, every check that applies passes, on both bindings.

The agent is ``examples/conformance_agent.py``; the variants switch on what
the main setup leaves out (a signed card, the signed-envelope extension,
capabilities switched off, a required extension), so that every requirement
is seen passing somewhere.  Skips are asserted exactly: a check that silently
stopped applying would show up here.
"""

from __future__ import annotations

from a2a.agent import agent
from a2a.conformance import BINDINGS, REQUIREMENTS, Outcome, Report, Scope
from a2a.identity.jwk import generate_key
from a2a.server.identity import ServerIdentity, with_identity
from a2a.types import AgentExtension
from examples.conformance_agent import conformance_agent
from examples.echo import echo
from tests.conformance.conftest import explain, run
from tests.conformance.servers import SignedCard, reference_app
from tests.support.live import serve_built

REQUIRED = "https://example.org/ext/conformance-required/v1"

limited = agent(
    name="Limited conformance agent",
    description="No streaming, no push, no extended card; one required extension.",
    streaming=False,
    push_notifications=False,
    extensions=[AgentExtension(uri=REQUIRED, description="required for the test", required=True)],
    skills=conformance_agent.info.skills,
)(conformance_agent._func)


def outcomes(report: Report, outcome: Outcome) -> set[str]:
    return {r.id for r in report.results if r.outcome is outcome}


def ids(prefixes: tuple[str, ...]) -> set[str]:
    return {r.id for r in REQUIREMENTS if r.id.startswith(prefixes)}


# Requirements that do not apply to the main setup, and why: the card is not
# signed, declares no extension, declares every capability (so gating is moot).
NOT_APPLICABLE = ids(("A2A-SIG-", "A2A-ENV-", "A2A-EXT-REQUIRED", "A2A-EXT-ECHO", "A2A-CAP-"))


def every_result_present(report: Report, bindings: tuple[str, ...] = BINDINGS) -> None:
    for requirement in REQUIREMENTS:
        found = {r.binding for r in report.results if r.id == requirement.id}
        if requirement.scope is Scope.AGENT:
            assert found == {None}, requirement.id
        else:
            assert found == {b for b in bindings if b in requirement.bindings}, requirement.id


async def test_every_check_passes_on_both_bindings() -> None:
    with serve_built(reference_app) as url:
        report = await run(url)
    every_result_present(report)
    assert report.failures() == [], explain(report)
    assert outcomes(report, Outcome.SKIPPED) == NOT_APPLICABLE
    assert report.passed
    assert report.exit_code == 0


async def test_gating_and_required_extensions() -> None:
    with serve_built(lambda base: reference_app(base, limited, auth=False)) as url:
        report = await run(url, headers={}, second_headers={})
    assert report.failures() == [], explain(report)
    passed = outcomes(report, Outcome.PASSED)
    assert ids(("A2A-CAP-", "A2A-EXT-")) <= passed
    skipped = outcomes(report, Outcome.SKIPPED)
    assert ids(("A2A-STREAM-", "A2A-SUB-", "A2A-PUSH-", "A2A-AUTH-")) <= skipped


async def test_signed_card() -> None:
    with serve_built(lambda base: SignedCard(reference_app(base))) as url:
        report = await run(url, only=("A2A-CARD", "A2A-SIG"))
    assert report.failures() == [], explain(report)
    assert ids(("A2A-SIG-",)) <= outcomes(report, Outcome.PASSED)


def with_envelopes(base: str) -> object:
    return with_identity(reference_app(base), ServerIdentity(key=generate_key()))


async def test_signed_envelope_extension() -> None:
    with serve_built(with_envelopes) as url:  # type: ignore[arg-type]
        report = await run(url)
    assert report.failures() == [], explain(report)
    assert ids(("A2A-ENV-", "A2A-SIG-")) <= outcomes(report, Outcome.PASSED)


async def test_agent_without_the_convention() -> None:
    with serve_built(lambda base: reference_app(base, echo)) as url:
        report = await run(url)
    assert report.failures() == [], explain(report)
    skipped = [r for r in report.results if r.outcome is Outcome.SKIPPED]
    assert any("behaviour convention" in r.reason for r in skipped)
    assert not report.convention
    assert {"A2A-CORE-SEND-001", "A2A-CORE-GET-001", "A2A-STREAM-FIRST-001"} <= outcomes(
        report, Outcome.PASSED
    )
