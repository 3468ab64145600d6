"""The pytest plugin: ``pytest --a2a-url URL`` makes one test item per check."""

from __future__ import annotations

import pytest

from a2a.conformance import REQUIREMENTS
from tests.conformance.mutants import ListWithoutEmptyToken
from tests.conformance.mutation import MutantApp
from tests.conformance.servers import reference_app
from tests.interop.peers import free_port
from tests.support.live import serve_built

pytest_plugins = ["pytester"]

CREDENTIALS = ["--a2a-header", "X-API-Key: alice-key", "--a2a-second-header", "X-API-Key: bob-key"]


@pytest.fixture(autouse=True)
def quiet_ini(pytester: pytest.Pytester) -> None:
    """The inner runs' own configuration: quiet, and without plugins they do not need."""
    pytester.makeini(
        "[pytest]\nasyncio_default_fixture_loop_scope = function\n"
        "addopts = -p no:hypothesispytest -p no:pytest_cov -p no:cacheprovider\n"
    )


def test_one_item_per_check_and_binding(pytester: pytest.Pytester) -> None:
    core = [r for r in REQUIREMENTS if r.id.startswith("A2A-CORE-")]
    with serve_built(reference_app) as url:
        result = pytester.runpytest("--a2a-url", url, *CREDENTIALS, "--a2a-only", "A2A-CORE", "-v")
    result.assert_outcomes(passed=2 * len(core))
    result.stdout.fnmatch_lines(["*a2a-conformance::A2A-CORE-SEND-001?JSONRPC? PASSED*"])
    result.stdout.fnmatch_lines(["*a2a conformance: http://127.0.0.1:*"])


def test_failures_explain_the_requirement(pytester: pytest.Pytester) -> None:
    mutant = ListWithoutEmptyToken()
    with serve_built(lambda base: MutantApp(reference_app(base), mutant)) as url:
        result = pytester.runpytest(
            "--a2a-url", url, *CREDENTIALS, "--a2a-only", "A2A-LIST-FIELDS", "--a2a-level", "must"
        )
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*A2A-LIST-FIELDS-001?JSONRPC? MUST (A2A §3.1.4): The answer always has tasks*",
            "*expected tasks, nextPageToken, pageSize and totalSize; seen missing*nextPageToken*",
        ]
    )


def test_skips_give_the_reason(pytester: pytest.Pytester) -> None:
    with serve_built(lambda base: reference_app(base, auth=False)) as url:
        result = pytester.runpytest("--a2a-url", url, "--a2a-only", "A2A-AUTH-REJECT", "-rs")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*the card declares no security requirements*"])


def test_unreachable_agent_fails_every_item(pytester: pytest.Pytester) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = pytester.runpytest("--a2a-url", url, "--a2a-only", "A2A-CARD-FETCH")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*ConnectError*"])


def test_inert_without_url(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain():\n    assert True\n")
    pytester.runpytest().assert_outcomes(passed=1)


def test_bad_header_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--a2a-url", "http://127.0.0.1:1", "--a2a-header", "no colon")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
