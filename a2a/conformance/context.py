"""What a check works with: the agent under test, one binding of it, and shared fixtures.

:class:`AgentContext` holds what is known once per run (the card as served,
the interfaces, the features the agent declares, the webhook receiver).
:class:`BindingContext` adds one binding's :class:`~a2a.conformance.wire.Wire`
and the fixtures checks share on that binding: a completed task, a
subscription that ran to its end, a push delivery...  Each fixture runs at
most once per binding, however many checks await it, and a fixture that
cannot be set up makes its checks *skip* with the reason (a prerequisite is
judged by its own check, never twice).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from a2a.conformance import convention
from a2a.conformance.registry import CheckFailed, CheckSkipped
from a2a.conformance.shapes import (
    INTERRUPTED,
    TERMINAL,
    matches,
    member,
    result_kind,
    state_of,
)
from a2a.conformance.shared import SharedFixtures
from a2a.conformance.webhook import WebhookReceiver
from a2a.conformance.wire import Reply, StreamReply, Wire
from a2a.errors import ProtocolError
from a2a.identity.envelope import EXTENSION_URI as ENVELOPE_URI
from a2a.protocol.negotiation import EXTENSIONS_HEADER
from a2a.types import AgentCard, AgentInterface, TaskState

__all__ = [
    "NEUTRAL_TEXT",
    "AgentContext",
    "BindingContext",
    "SuiteOptions",
    "prerequisite",
    "user_message",
]


#: What the suite says to an agent that does not follow the behaviour convention.
NEUTRAL_TEXT = "Hello from the A2A conformance suite."
#: Grace period for a stream to close after the event that ends its task.
CLOSE_GRACE = 3.0


@dataclass
class SuiteOptions:
    """What to test and how (the CLI options, as data).

    ``headers`` are the caller's credentials, sent on every request;
    ``second_headers`` those of another caller, for the isolation checks.
    ``timeout`` bounds each call, ``check_timeout`` each check.
    """

    url: str
    bindings: tuple[str, ...] = ()
    level: str = "may"
    only: tuple[str, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    second_headers: Mapping[str, str] = field(default_factory=dict)
    timeout: float = 10.0
    check_timeout: float = 45.0
    concurrency: int = 8
    webhook_host: str = "127.0.0.1"
    webhook_url: str | None = None
    #: A JWKS document (JSON text) whose keys are trusted for the card and envelopes.
    trust_jwks: str | None = None


def prerequisite(what: str, seen: str) -> CheckSkipped:
    """The skip raised when a fixture cannot be set up (its own check judges the cause)."""
    return CheckSkipped(f"prerequisite failed: {what} ({seen})")


def user_message(
    text: str, *, task_id: str = "", context_id: str = "", **extra: Any
) -> dict[str, Any]:
    """A ProtoJSON user message with a fresh id."""
    message: dict[str, Any] = {
        "messageId": str(uuid.uuid4()),
        "role": "ROLE_USER",
        "parts": [{"text": text}],
    }
    if task_id:
        message["taskId"] = task_id
    if context_id:
        message["contextId"] = context_id
    message.update(extra)
    return message


class AgentContext:
    """The agent under test, as discovered from its card."""

    def __init__(
        self,
        options: SuiteOptions,
        http: httpx.AsyncClient,
        *,
        card_url: str,
        card_reply: Reply,
        card: AgentCard | None,
        interfaces: Mapping[str, AgentInterface],
    ) -> None:
        self.options = options
        self.http = http
        self.card_url = card_url
        self.card_reply = card_reply
        self.card_json: dict[str, Any] = (
            card_reply.body if isinstance(card_reply.body, dict) else {}
        )
        self.card = card
        self.interfaces = dict(interfaces)
        self.extended_card: dict[str, Any] | None = None
        self._receiver: asyncio.Task[WebhookReceiver] | None = None

    # -- what the card declares --------------------------------------------------

    def capability(self, name: str) -> bool:
        return member(member(self.card_json, "capabilities"), name) is True

    @property
    def extensions(self) -> list[dict[str, Any]]:
        value = member(member(self.card_json, "capabilities"), "extensions", [])
        return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []

    @property
    def required_extensions(self) -> list[str]:
        return [str(e.get("uri")) for e in self.extensions if e.get("required") is True]

    def skills(self, card: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        value = member(card if card is not None else self.card_json, "skills", [])
        return [s for s in value if isinstance(s, dict)] if isinstance(value, list) else []

    @property
    def convention(self) -> bool:
        cards = [self.card_json, self.extended_card or {}]
        return any(s.get("id") == convention.SKILL_ID for c in cards for s in self.skills(c))

    @property
    def requires_auth(self) -> bool:
        card = self.card_json
        return bool(member(card, "securityRequirements")) or bool(member(card, "securitySchemes"))

    def features(self) -> set[str]:
        """The features of :data:`~a2a.conformance.registry.NEEDS` this agent offers."""
        found = set()
        for name, flag in (
            ("streaming", "streaming"),
            ("push", "pushNotifications"),
            ("extended_card", "extendedAgentCard"),
        ):
            if self.capability(flag):
                found.add(name)
        if self.convention:
            found.add("convention")
        if self.requires_auth:
            found.add("auth")
        if self.options.headers:
            found.add("credentials")
        if self.options.second_headers and self.requires_auth:
            found.add("second")
        if member(self.card_json, "signatures"):
            found.add("signed_card")
        uris = [e.get("uri") for e in self.extensions]
        if ENVELOPE_URI in uris:
            found.add("envelope")
        if self.required_extensions:
            found.add("required_extension")
        if uris:
            found.add("extension")
        return found

    # -- wires -----------------------------------------------------------------------

    def base_headers(self, *, credentials: bool = True) -> dict[str, str]:
        headers: dict[str, str] = dict(self.options.headers) if credentials else {}
        if self.required_extensions:
            # A conforming client activates the extensions the agent requires.
            headers[EXTENSIONS_HEADER] = ", ".join(self.required_extensions)
        return headers

    def wire(self, binding: str, *, credentials: bool = True) -> Wire:
        interface = self.interfaces[binding]
        return Wire(
            self.http,
            binding,
            interface.url,
            tenant=interface.tenant,
            headers=self.base_headers(credentials=credentials),
            timeout=self.options.timeout,
        )

    async def receiver(self) -> WebhookReceiver:
        """The webhook receiver, started on first use."""
        if self._receiver is None:

            async def start() -> WebhookReceiver:
                receiver = WebhookReceiver(self.options.webhook_host, self.options.webhook_url)
                await receiver.start()
                return receiver

            self._receiver = asyncio.ensure_future(start())
        return await asyncio.shield(self._receiver)

    async def aclose(self) -> None:
        if self._receiver is not None:
            if not self._receiver.done():
                self._receiver.cancel()
            elif self._receiver.exception() is None:
                await self._receiver.result().close()


class BindingContext(SharedFixtures):
    """One binding of the agent, with the fixtures its checks share."""

    def __init__(self, agent: AgentContext, binding: str) -> None:
        super().__init__()
        self.agent = agent
        self.binding = binding
        self.wire = agent.wire(binding)

    @property
    def options(self) -> SuiteOptions:
        return self.agent.options

    @property
    def convention(self) -> bool:
        return self.agent.convention

    def anonymous(self) -> Wire:
        """A wire without the caller's credentials."""
        return self.agent.wire(self.binding, credentials=False)

    def second(self) -> Wire:
        """A wire with the second caller's credentials."""
        wire = self.agent.wire(self.binding, credentials=False)
        return wire.with_headers(dict(self.options.second_headers))

    @staticmethod
    def unknown_id() -> str:
        return f"conformance-unknown-{uuid.uuid4()}"

    # -- errors ---------------------------------------------------------------------

    @staticmethod
    def expect_error(reply: Reply | StreamReply, cls: type[ProtocolError], what: str = "") -> None:
        """Fail unless ``reply`` is the error ``cls`` (by code or reason, see ``matches``)."""
        error = reply.error
        if not matches(error, cls):
            named = f"{cls.__name__} ({cls.code})"
            raise CheckFailed(f"{what}{': ' if what else ''}{named}", reply.describe())

    # -- messages -------------------------------------------------------------------

    async def send(
        self,
        text: str,
        *,
        task_id: str = "",
        context_id: str = "",
        configuration: Mapping[str, Any] | None = None,
        wire: Wire | None = None,
        headers: Mapping[str, str | None] | None = None,
        message: dict[str, Any] | None = None,
    ) -> Reply:
        params: dict[str, Any] = {
            "message": message or user_message(text, task_id=task_id, context_id=context_id)
        }
        if configuration:
            params["configuration"] = dict(configuration)
        return await (wire or self.wire).call(
            "SendMessage", params, headers=headers, timeout=self.options.timeout + 30
        )

    async def send_task(self, text: str, **options: Any) -> dict[str, Any]:
        """Send and return the task; a prerequisite failure if the answer is not a task."""
        reply = await self.send(text, **options)
        kind, obj = result_kind(reply.result)
        if reply.error is not None or kind != "task":
            raise prerequisite(f"SendMessage {text!r} should start a task", reply.describe())
        return dict(obj)

    async def settle(
        self,
        task: Mapping[str, Any],
        *,
        until: frozenset[TaskState] = TERMINAL | INTERRUPTED,
        timeout: float = 10.0,
        wire: Wire | None = None,
    ) -> dict[str, Any]:
        """The task once in one of the ``until`` states (polling GetTask while it is not).

        The default waits for a terminal or interrupted state; after answering
        a question, pass ``until=TERMINAL`` (the task may still show the
        question when the answer returns).
        """
        current = dict(task)
        deadline = time.monotonic() + timeout
        while state_of(current) not in until:
            if time.monotonic() > deadline:
                raise prerequisite(
                    "the task should finish", f"still {state_of(current)} after {timeout:g}s"
                )
            await asyncio.sleep(0.05)
            reply = await (wire or self.wire).call("GetTask", {"id": member(task, "id")})
            if reply.error is not None or not isinstance(reply.result, dict):
                raise prerequisite("GetTask of a running task", reply.describe())
            current = reply.result
        return current

    async def finished_task(self, text: str, want: TaskState, **options: Any) -> dict[str, Any]:
        task = await self.settle(await self.send_task(text, **options))
        if state_of(task) is not want:
            raise prerequisite(f"{text!r} should end {want.value}", f"{state_of(task)}")
        return task

    # -- shared fixtures ------------------------------------------------------------

    async def completed_task(self) -> dict[str, Any]:
        """A task in a terminal state (COMPLETED under the convention)."""

        async def make() -> dict[str, Any]:
            if self.convention:
                return await self.finished_task(
                    convention.artifacts(1), TaskState.TASK_STATE_COMPLETED
                )
            task = await self.settle(await self.send_task(NEUTRAL_TEXT))
            if state_of(task) not in TERMINAL:
                raise CheckSkipped(
                    "needs a task in a terminal state; the agent's answer to a plain message "
                    f"stopped in {state_of(task)} (implement the behaviour convention)"
                )
            return task

        return await self.memo("completed", make)

    async def input_required_task(self) -> dict[str, Any]:
        """A fresh task waiting in INPUT_REQUIRED (needs the convention)."""
        return await self.finished_task(
            convention.input_required(), TaskState.TASK_STATE_INPUT_REQUIRED
        )

    async def answer(self, task: Mapping[str, Any], text: str = "conformance answer") -> Reply:
        """Answer an INPUT_REQUIRED task (taskId and contextId of the task)."""
        return await self.send(
            text, task_id=str(member(task, "id")), context_id=str(member(task, "contextId") or "")
        )

    async def read_stream(
        self, opened: Any, *, first_timeout: float | None = None, total: float = 20.0
    ) -> bool:
        """Read an open stream until it closes; ``False`` if it stays open.

        After an event that ends the task, the stream gets :data:`CLOSE_GRACE`
        seconds to close.
        """
        from a2a.conformance.shapes import event_state

        deadline = time.monotonic() + total
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                event = await opened.next(left)
            except asyncio.TimeoutError:
                return False
            if event is None:
                return True
            if event_state(event.payload) in TERMINAL:
                deadline = min(deadline, time.monotonic() + CLOSE_GRACE)

    async def stream_to_end(
        self, method: str, params: Mapping[str, Any], *, wire: Wire | None = None
    ) -> StreamReply:
        async with (wire or self.wire).open_stream(method, params) as opened:
            await self.read_stream(opened)
        return opened.reply
