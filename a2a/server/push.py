"""Push notification delivery (A2A §4.3): every task event POSTed to each webhook.

* The body is the bare ``StreamResponse`` JSON, the same bytes a stream carries.
* ``Authorization: <scheme> <credentials>`` comes from the config (a MUST);
  the config's ``token`` goes in ``X-A2A-Notification-Token``.
* Events of one task are delivered in order, by one worker per task; each
  delivery is tried up to ``attempts`` times with exponential backoff
  (at least once, as the spec asks).
* Every target is checked against the SSRF policy twice: its URL when the
  config is created, and the resolved address right before connecting, and
  the connection is pinned to that checked address so DNS cannot change it
  (:mod:`a2a.server.outbound`).
* When a task reaches a terminal state its configs are removed after the last
  delivery.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from dataclasses import dataclass

import httpx

from a2a.protocol.ssrf import UnsafeURLError, UrlPolicy
from a2a.server.outbound import Resolver, pin_url, system_resolver
from a2a.server.store import PushConfigStore
from a2a.server.streams import StreamItem
from a2a.types import Task, TaskPushNotificationConfig

__all__ = ["PushSender", "RetryPolicy"]

log = logging.getLogger("a2a.server.push")

_RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try each delivery."""

    attempts: int = 4
    first_delay: float = 0.5
    max_delay: float = 8.0
    timeout: float = 10.0


class PushSender:
    """Delivers task events to their webhooks; a :class:`~a2a.server.runtime.Notifier`."""

    def __init__(
        self,
        store: PushConfigStore,
        *,
        policy: UrlPolicy = UrlPolicy(),
        retry: RetryPolicy = RetryPolicy(),
        client: httpx.AsyncClient | None = None,
        resolver: Resolver = system_resolver,
    ) -> None:
        self._store = store
        self._policy = policy
        self._resolve = resolver
        self._retry = retry
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(retry.timeout), follow_redirects=False, trust_env=False
        )
        self._queues: dict[tuple[str, str], deque[tuple[StreamItem, bool]]] = {}
        self._workers: set[asyncio.Task[None]] = set()
        # Tasks with at least one config: only their events cost anything here.
        self._watched: set[tuple[str, str]] = set()

    def watch(self, owner: str, task_id: str) -> None:
        """Deliver this task's events from now on (a config was registered for it)."""
        self._watched.add((owner, task_id))

    def watching(self, owner: str, task_id: str) -> bool:
        return (owner, task_id) in self._watched

    def notify(self, owner: str, task: Task, item: StreamItem) -> None:
        key = (owner, task.id)
        if key not in self._watched:
            return
        queue = self._queues.get(key)
        terminal = task.status.state.is_terminal
        if queue is not None:
            queue.append((item, terminal))
            return
        self._queues[key] = deque([(item, terminal)])
        worker = asyncio.create_task(self._drain(key), name=f"a2a-push-{task.id}")
        self._workers.add(worker)
        worker.add_done_callback(self._workers.discard)

    async def _drain(self, key: tuple[str, str]) -> None:
        owner, task_id = key
        queue = self._queues[key]
        try:
            while queue:
                item, terminal = queue.popleft()
                configs = await self._store.list_configs(owner, task_id)
                for config in configs:
                    await self.deliver(config, item.json)
                if terminal:
                    await self._store.delete_configs(owner, task_id)
                    self._watched.discard(key)
        except Exception:
            log.exception("push delivery for task %s stopped", task_id)
        finally:
            self._queues.pop(key, None)

    async def deliver(self, config: TaskPushNotificationConfig, body: bytes) -> bool:
        """POST one event to one webhook, with retries; ``True`` once it answers 2xx."""
        headers = {"content-type": "application/a2a+json"}
        if config.authentication is not None and config.authentication.scheme:
            auth = config.authentication
            headers["authorization"] = f"{auth.scheme} {auth.credentials}".rstrip()
        if config.token:
            headers["x-a2a-notification-token"] = config.token
        delay = self._retry.first_delay
        for attempt in range(1, self._retry.attempts + 1):
            try:
                status = await self._post(config.url, headers, body)
            except UnsafeURLError as exc:
                log.warning("push to config %s refused: %s", config.id, exc)
                return False
            except (httpx.HTTPError, OSError) as exc:
                log.info("push to config %s failed (attempt %d): %s", config.id, attempt, exc)
            else:
                if 200 <= status < 300:
                    return True
                log.info("push to config %s got HTTP %d (attempt %d)", config.id, status, attempt)
                if status not in _RETRY_STATUSES:
                    return False
            if attempt < self._retry.attempts:
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._retry.max_delay)
        return False

    async def _post(self, url: str, headers: dict[str, str], body: bytes) -> int:
        target = await pin_url(url, self._policy, self._resolve)
        response = await self._client.post(
            target.url,
            content=body,
            headers={**headers, **target.headers},
            extensions=target.extensions,
        )
        return response.status_code

    async def aclose(self) -> None:
        """Stop pending deliveries and close the HTTP client."""
        for worker in list(self._workers):
            worker.cancel()
        for worker in list(self._workers):
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        await self._client.aclose()
