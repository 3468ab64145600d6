"""The httpx boundary: retries for idempotent reads only, timeouts, error translation."""

from __future__ import annotations

import httpx
import pytest

from a2a.client import RetryPolicy, Timeouts
from a2a.errors import TimeoutError_, TransportError
from tests.client.fakes import JSONRPC_CARD, REST_CARD, client_for, rpc_result, sse, task_json


class Flaky:
    """Fails ``failures`` times (with ``failure``), then answers with ``then``."""

    def __init__(self, failures: int, failure: object, then: object) -> None:
        self.failures = failures
        self.failure = failure
        self.then = then
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        outcome = self.failure if self.calls <= self.failures else self.then
        if isinstance(outcome, Exception):
            raise outcome
        assert callable(outcome)
        response: httpx.Response = outcome(request)
        return response


def ok_task(request: httpx.Request) -> httpx.Response:
    return rpc_result(request, task_json())


def unavailable(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503, headers={"Retry-After": "0"}, content=b"busy")


async def test_idempotent_reads_are_retried_after_transient_failures() -> None:
    flaky = Flaky(2, httpx.ConnectError("refused"), ok_task)
    agent, _ = client_for(JSONRPC_CARD, flaky)
    async with agent:
        assert (await agent.get_task("t1")).id == "t1"
    assert flaky.calls == 3

    flaky = Flaky(2, unavailable, ok_task)
    agent, _ = client_for(JSONRPC_CARD, flaky)
    async with agent:
        await agent.get_task("t1")
    assert flaky.calls == 3


async def test_retry_budget_is_bounded() -> None:
    flaky = Flaky(10, httpx.ConnectError("refused"), ok_task)
    agent, _ = client_for(JSONRPC_CARD, flaky, retry=RetryPolicy(attempts=3, backoff=0))
    async with agent:
        with pytest.raises(TransportError, match="ConnectError"):
            await agent.get_task("t1")
    assert flaky.calls == 3


async def test_sends_and_cancels_are_never_retried() -> None:
    flaky = Flaky(1, httpx.ConnectError("refused"), ok_task)
    agent, _ = client_for(JSONRPC_CARD, flaky)
    async with agent:
        with pytest.raises(TransportError):
            await agent.send_text("once")
    assert flaky.calls == 1
    flaky = Flaky(1, unavailable, ok_task)
    agent, _ = client_for(REST_CARD, flaky)
    async with agent:
        with pytest.raises(TransportError):
            await agent.cancel_task("t1")
    assert flaky.calls == 1


def test_backoff_grows_and_honours_retry_after() -> None:
    policy = RetryPolicy(backoff=1.0, max_backoff=3.0)
    assert 0.5 <= policy.delay(1) <= 1.0
    assert 1.0 <= policy.delay(2) <= 2.0
    assert 1.5 <= policy.delay(5) <= 3.0
    assert policy.delay(1, "2") == 2.0
    assert policy.delay(1, "600") == 3.0


async def test_timeout_is_translated() -> None:
    agent, _ = client_for(
        JSONRPC_CARD, Flaky(99, httpx.ReadTimeout("slow"), ok_task), retry=RetryPolicy(attempts=1)
    )
    async with agent:
        with pytest.raises(TimeoutError_) as caught:
            await agent.send_text("hi", timeout=5)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert isinstance(caught.value, TimeoutError)


async def test_timeouts_by_kind_of_call() -> None:
    seen: dict[str, dict[str, float | None]] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        import json

        method = json.loads(request.content)["method"]
        seen[method] = dict(request.extensions["timeout"])
        if method == "SendStreamingMessage":
            return sse({"jsonrpc": "2.0", "id": 1, "result": {"message": {
                "messageId": "m", "role": "ROLE_AGENT", "parts": [{"text": "x"}]}}})  # fmt: skip
        return rpc_result(
            request, {"task": task_json()} if method == "SendMessage" else task_json()
        )

    agent, _ = client_for(JSONRPC_CARD, handler, timeouts=Timeouts(connect=3, request=7))
    async with agent:
        await agent.send_text("blocking")
        assert seen["SendMessage"]["read"] is None  # waits as long as the agent works
        await agent.send_text("limited", timeout=2)
        assert seen["SendMessage"]["read"] == 2
        await agent.get_task("t1")
        assert seen["GetTask"]["read"] == 7
        await agent.stream("s").collect()
        assert seen["SendStreamingMessage"]["read"] is None  # streams never time out
    assert all(t["connect"] == 3 for t in seen.values())
