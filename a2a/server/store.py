"""Where tasks and push configurations live.

Both interfaces are async and scoped by *owner* (the authenticated caller,
plus the tenant): a store never returns another owner's data, so per-caller
isolation holds at the storage boundary and cannot be forgotten by a handler.
Durable back-ends implement the same two protocols; :class:`InMemoryStore`
implements both and is the default.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol, runtime_checkable

from a2a.protocol.listing import ListQuery, page_of
from a2a.types import ListTasksResponse, Task, TaskPushNotificationConfig

__all__ = ["InMemoryStore", "PushConfigStore", "TaskStore"]


@runtime_checkable
class TaskStore(Protocol):
    """Persistence of tasks, per owner."""

    async def get_task(self, owner: str, task_id: str) -> Task | None:
        """The task, or ``None`` if it does not exist for this owner."""
        ...

    async def save_task(self, owner: str, task: Task) -> None:
        """Insert or replace the task (called after every event)."""
        ...

    async def list_tasks(self, owner: str, query: ListQuery) -> ListTasksResponse:
        """One page of this owner's tasks, filtered, newest status first."""
        ...


@runtime_checkable
class PushConfigStore(Protocol):
    """Persistence of push notification configurations, per owner and task."""

    async def put_config(self, owner: str, config: TaskPushNotificationConfig) -> None:
        """Insert or replace (by task id and config id)."""
        ...

    async def get_config(
        self, owner: str, task_id: str, config_id: str
    ) -> TaskPushNotificationConfig | None: ...

    async def list_configs(self, owner: str, task_id: str) -> list[TaskPushNotificationConfig]: ...

    async def delete_config(self, owner: str, task_id: str, config_id: str) -> None:
        """Remove a config; removing one that does not exist is not an error."""
        ...

    async def delete_configs(self, owner: str, task_id: str) -> None:
        """Remove every config of a task (when it reaches a terminal state)."""
        ...


class InMemoryStore:
    """Tasks and push configs in process memory.

    Terminal tasks beyond ``max_finished_tasks`` are evicted oldest first, so a
    long-running server does not grow without bound.  Stored objects are the
    runtime's own; the runtime never hands them to user code for mutation.
    """

    def __init__(self, *, max_finished_tasks: int = 100_000) -> None:
        self._tasks: dict[str, dict[str, Task]] = {}
        self._finished: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._max_finished = max_finished_tasks
        self._configs: dict[tuple[str, str], dict[str, TaskPushNotificationConfig]] = {}

    async def get_task(self, owner: str, task_id: str) -> Task | None:
        tasks = self._tasks.get(owner)
        return None if tasks is None else tasks.get(task_id)

    async def save_task(self, owner: str, task: Task) -> None:
        self._tasks.setdefault(owner, {})[task.id] = task
        key = (owner, task.id)
        if task.status.state.is_terminal and key not in self._finished:
            self._finished[key] = None
            while len(self._finished) > self._max_finished:
                (old_owner, old_id), _ = self._finished.popitem(last=False)
                tasks = self._tasks.get(old_owner, {})
                tasks.pop(old_id, None)
                if not tasks:
                    self._tasks.pop(old_owner, None)
                self._configs.pop((old_owner, old_id), None)

    async def list_tasks(self, owner: str, query: ListQuery) -> ListTasksResponse:
        return page_of(self._tasks.get(owner, {}).values(), query)

    async def put_config(self, owner: str, config: TaskPushNotificationConfig) -> None:
        self._configs.setdefault((owner, config.task_id), {})[config.id] = config

    async def get_config(
        self, owner: str, task_id: str, config_id: str
    ) -> TaskPushNotificationConfig | None:
        return self._configs.get((owner, task_id), {}).get(config_id)

    async def list_configs(self, owner: str, task_id: str) -> list[TaskPushNotificationConfig]:
        return list(self._configs.get((owner, task_id), {}).values())

    async def delete_config(self, owner: str, task_id: str, config_id: str) -> None:
        configs = self._configs.get((owner, task_id))
        if configs is not None:
            configs.pop(config_id, None)
            if not configs:
                del self._configs[(owner, task_id)]

    async def delete_configs(self, owner: str, task_id: str) -> None:
        self._configs.pop((owner, task_id), None)

    def __len__(self) -> int:
        return sum(len(tasks) for tasks in self._tasks.values())
