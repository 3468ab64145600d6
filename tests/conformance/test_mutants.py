"""Against servers that each break one rule, the suite fails exactly that rule.

Each mutant (``mutants.py``, ``mutants_flow.py``) wraps our reference server
and names the requirement ids it must make fail; the suite must report those
at MUST level and nothing else (and exactly the SHOULD ids it names).
"""

from __future__ import annotations

import pytest

from a2a.conformance import Level
from tests.conformance import mutants as m
from tests.conformance import mutants_flow as f
from tests.conformance.conftest import explain, run
from tests.conformance.mutation import Mutant, MutantApp
from tests.conformance.servers import SignedCard, reference_app
from tests.support.live import serve_built

MUTANTS: list[type[Mutant]] = [
    m.KindDiscriminator,
    m.LowercaseStates,
    m.TimestampOffsets,
    m.SnakeCaseKeys,
    m.EnvelopeWithoutVersion,
    m.ParseErrorWrongCode,
    m.MethodNotFoundWrongCode,
    m.NotFoundAsInternalError,
    m.ErrorDataObject,
    m.EventsWithWrongId,
    m.RestErrorsWithoutErrorInfo,
    m.NotFoundWithStatus400,
    m.RestEventsEnveloped,
    m.NoVersionCheck,
    m.StreamingUndeclared,
    m.PushUndeclared,
    m.RequiredExtensionIgnored,
    m.CardWithoutVersion,
    m.InterfaceWithoutVersion,
    m.MessageToTerminalAccepted,
    m.CancelCompletedAccepted,
    m.ContextMismatchAccepted,
    m.ReturnImmediatelyIgnored,
    m.BlockingReturnsEarly,
    m.HistoryZeroIgnored,
    m.ValidationAsInternalError,
    m.ListWithoutEmptyToken,
    m.ListOldestFirst,
    m.ListIncludesArtifacts,
    f.StreamWithoutTaskFirst,
    f.StreamStaysOpen,
    f.TwoMessagesStreamed,
    f.ChunksWithoutAppend,
    f.SubscribeWithoutSnapshot,
    f.SubscribeTerminalAccepted,
    f.SubscribeUnknownUnsupported,
    f.PushWithoutAuthorization,
    f.PushDeleteNotIdempotent,
    f.AnonymousAccepted,
    f.ExtendedCardAnonymous,
    f.ForeignTaskVisible,
    f.ForeignTasksListed,
]


def test_there_are_enough_mutants_and_each_names_its_rule() -> None:
    assert len(MUTANTS) + 1 >= 25  # + the tampered card signature below
    for mutant in MUTANTS:
        assert mutant.fails, mutant.__name__
        assert mutant.__doc__, mutant.__name__


@pytest.mark.parametrize("mutant_class", MUTANTS, ids=lambda cls: cls.__name__)
async def test_suite_fails_exactly_the_broken_rule(mutant_class: type[Mutant]) -> None:
    mutant = mutant_class()
    with serve_built(lambda base: MutantApp(reference_app(base), mutant)) as url:
        report = await run(url, bindings=mutant.bindings)
    assert report.failing_ids(Level.MUST) == mutant.fails, explain(report, *mutant.fails)
    assert report.failing_ids(Level.SHOULD) == mutant.should_fail, explain(
        report, *mutant.fails, *mutant.should_fail
    )
    assert report.failing_ids(Level.MAY) == set(), explain(report)
    assert not report.passed


async def test_card_whose_signature_does_not_verify() -> None:
    with serve_built(lambda base: SignedCard(reference_app(base), tamper=True)) as url:
        report = await run(url, only=("A2A-CARD", "A2A-SIG", "A2A-DM"))
    assert report.failing_ids() == {"A2A-SIG-CARD-001"}, explain(report)
    failed = next(r for r in report.results if r.id == "A2A-SIG-CARD-001")
    assert "bad_signature" in failed.seen
