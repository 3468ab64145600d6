"""The ACP server under test, the agent chosen on it, and the fixtures checks share.

Like the A2A suite, this one talks raw HTTP (exact statuses and bodies) and
reads answers leniently: each check judges its own rule only.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from a2a.conformance import convention
from a2a.conformance.registry import CheckFailed, CheckSkipped
from a2a.conformance.shared import SharedFixtures

__all__ = [
    "ENDING",
    "FINAL",
    "Answer",
    "Events",
    "RunContext",
    "SuiteOptions",
    "prerequisite",
    "user_input",
]


FINAL = frozenset({"completed", "failed", "cancelled"})
#: Events after which a stream ends (ACP: a final run event, or ``run.awaiting``).
ENDING = frozenset({"run.completed", "run.failed", "run.cancelled", "run.awaiting"})
CLOSE_GRACE = 3.0
NEUTRAL_TEXT = "Hello from the ACP conformance suite."
#: What the manifest carries when the agent follows the behaviour convention.
CONVENTION_TAG = convention.SKILL_ID


@dataclass
class SuiteOptions:
    """What to test: the server at ``url`` and one of its agents (default: see the runner)."""

    url: str
    agent: str | None = None
    level: str = "may"
    only: tuple[str, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    timeout: float = 10.0
    check_timeout: float = 45.0
    concurrency: int = 8


@dataclass
class Answer:
    """One HTTP answer, kept whole."""

    status: int
    headers: httpx.Headers
    text: str
    body: Any

    @property
    def content_type(self) -> str:
        return str(self.headers.get("content-type", "")).split(";", 1)[0].strip().lower()

    @property
    def code(self) -> str | None:
        """The ACP error code of an error answer."""
        return (
            str(self.body.get("code"))
            if isinstance(self.body, dict) and "code" in self.body
            else None
        )

    def describe(self) -> str:
        text = " ".join(self.text.split())
        return f"HTTP {self.status} {text[:200]!r}"


@dataclass
class Events:
    """A streamed answer: the decoded events, and whether the server ended the stream."""

    status: int
    headers: httpx.Headers
    events: list[Any]
    closed: bool
    answer: Answer | None = None

    @property
    def types(self) -> list[str]:
        return [str(e.get("type")) if isinstance(e, dict) else "?" for e in self.events]

    def describe(self) -> str:
        if self.answer is not None:
            return self.answer.describe()
        end = "ended" if self.closed else "still open"
        return f"HTTP {self.status} stream {self.types}, {end}"


def prerequisite(what: str, seen: str) -> CheckSkipped:
    return CheckSkipped(f"prerequisite failed: {what} ({seen})")


def user_input(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "parts": [{"content_type": "text/plain", "content": text}]}]


def _decode(response: httpx.Response) -> Answer:
    try:
        body: Any = response.json() if response.content else None
    except ValueError:
        body = None
    return Answer(response.status_code, response.headers, response.text, body)


class RunContext(SharedFixtures):
    """The server and the agent under test; every check gets this object."""

    def __init__(self, options: SuiteOptions, http: httpx.AsyncClient) -> None:
        super().__init__()
        self.options = options
        self.http = http
        self.base = options.url.rstrip("/") + "/"
        self.headers = dict(options.headers)
        self.agents: list[dict[str, Any]] = []
        self.agents_answer: Answer | None = None
        self.agent = ""
        self.manifest: dict[str, Any] = {}

    @property
    def convention(self) -> bool:
        metadata = self.manifest.get("metadata") or {}
        tags = metadata.get("tags") or []
        names = [c.get("name") for c in metadata.get("capabilities") or [] if isinstance(c, dict)]
        return CONVENTION_TAG in tags or CONVENTION_TAG in names

    def features(self) -> set[str]:
        found = set()
        if self.agent:
            found.add("agent")
        if self.convention:
            found.add("convention")
        return found

    # -- HTTP -------------------------------------------------------------------------

    async def get(self, path: str) -> Answer:
        response = await self.http.get(
            self.base + path.lstrip("/"), headers=self.headers, timeout=self.options.timeout
        )
        return _decode(response)

    async def post(self, path: str, body: Any = None, *, timeout: float | None = None) -> Answer:
        response = await self.http.post(
            self.base + path.lstrip("/"),
            content=json.dumps(body).encode() if body is not None else b"",
            headers={**self.headers, "Content-Type": "application/json"},
            timeout=timeout or self.options.timeout,
        )
        return _decode(response)

    async def stream(self, path: str, body: Any, *, total: float = 20.0) -> Events:
        """POST ``body`` and read the SSE answer until it ends (or ``total`` seconds)."""
        request = self.http.build_request(
            "POST",
            self.base + path.lstrip("/"),
            content=json.dumps(body).encode(),
            headers={
                **self.headers,
                "Content-Type": "application/json",
                "Accept": "text/event-stream",
            },
            timeout=httpx.Timeout(None, connect=self.options.timeout),
        )
        response = await self.http.send(request, stream=True)
        try:
            if "text/event-stream" not in response.headers.get("content-type", ""):
                await response.aread()
                return Events(response.status_code, response.headers, [], True, _decode(response))
            events: list[Any] = []
            closed = await _read(response, events, total)
            return Events(response.status_code, response.headers, events, closed)
        finally:
            await response.aclose()

    # -- runs -----------------------------------------------------------------------

    def run_body(self, text: str, mode: str = "sync", **extra: Any) -> dict[str, Any]:
        return {"agent_name": self.agent, "input": user_input(text), "mode": mode, **extra}

    def text(self, command: str) -> str:
        """``command`` under the convention, a plain text otherwise."""
        return command if self.convention else NEUTRAL_TEXT

    async def run(self, text: str, mode: str = "sync", **extra: Any) -> Answer:
        return await self.post(
            "runs", self.run_body(text, mode, **extra), timeout=self.options.timeout + 30
        )

    async def finished_run(self, text: str, want: str = "completed") -> dict[str, Any]:
        answer = await self.run(text)
        run = answer.body if isinstance(answer.body, dict) else {}
        if answer.status >= 400 or run.get("status") != want:
            raise prerequisite(f"a sync run of {text!r} ending {want}", answer.describe())
        return run

    async def wait_run(
        self, run_id: str, until: frozenset[str], timeout: float = 10.0
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            answer = await self.get(f"runs/{run_id}")
            run = answer.body if isinstance(answer.body, dict) else {}
            if run.get("status") in until or time.monotonic() > deadline:
                return run
            await asyncio.sleep(0.05)

    @staticmethod
    def unknown_id() -> str:
        return str(uuid.uuid4())

    @staticmethod
    def expect_error(answer: Answer, status: int | tuple[int, ...], code: str, what: str) -> None:
        statuses = (status,) if isinstance(status, int) else status
        if answer.status not in statuses or answer.code != code:
            shown = " or ".join(map(str, statuses))
            raise CheckFailed(f"{what}: HTTP {shown} with code {code}", answer.describe())


async def _read(response: httpx.Response, events: list[Any], total: float) -> bool:
    """Collect the ``data`` of each SSE event; ``True`` if the server ended the stream.

    After an event that ends the stream (a final run event, ``run.awaiting``)
    the server gets :data:`CLOSE_GRACE` seconds to close it.
    """
    deadline = time.monotonic() + total
    lines = response.aiter_lines()
    data: list[str] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                line = await asyncio.wait_for(lines.__anext__(), left)
            except StopAsyncIteration:
                if data:
                    events.append(_json("\n".join(data)))
                return True
            except asyncio.TimeoutError:
                return False
            if line.startswith("data:"):
                data.append(line[5:].lstrip(" "))
            elif line == "" and data:
                event = _json("\n".join(data))
                events.append(event)
                data = []
                if isinstance(event, dict) and event.get("type") in ENDING:
                    deadline = min(deadline, time.monotonic() + CLOSE_GRACE)
    except httpx.HTTPError:
        return True


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
