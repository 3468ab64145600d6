"""ListTasks rules: page size, filters, order and opaque cursors (A2A §3.1.4).

Tasks are ordered by status timestamp, newest first, then by id; a page token
names the last task of the previous page by that key, so pages stay stable
while tasks are added.  Durable stores use the same key and token format in
their queries.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from a2a.errors import InvalidParamsError
from a2a.protocol.tasks import check_history_length, limit_history, without_artifacts
from a2a.types import ListTasksRequest, ListTasksResponse, Task, TaskState

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "ListQuery",
    "decode_page_token",
    "encode_page_token",
    "list_query",
    "page_of",
    "sort_key",
]

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def sort_key(task: Task) -> tuple[float, str]:
    """Sort key for "newest status first, then id": sort ascending on it."""
    stamp = task.status.timestamp or _EPOCH
    return (-stamp.timestamp(), task.id)


def encode_page_token(task: Task) -> str:
    """An opaque cursor that resumes listing after ``task``."""
    stamp = (task.status.timestamp or _EPOCH).timestamp()
    raw = json.dumps([stamp, task.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_page_token(token: str) -> tuple[float, str]:
    """The sort key encoded in a page token; ``InvalidParamsError`` if it is not ours."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        stamp, task_id = json.loads(raw)
        if not isinstance(stamp, (int, float)) or not isinstance(task_id, str):
            raise ValueError
    except (ValueError, TypeError):
        raise InvalidParamsError(
            "Invalid page token", field_violations=[("pageToken", "not a token from this server")]
        ) from None
    return (-float(stamp), task_id)


@dataclass(frozen=True, slots=True)
class ListQuery:
    """A validated ListTasks request, ready for a store to run."""

    context_id: str
    status: TaskState | None
    page_size: int
    after: tuple[float, str] | None
    history_length: int | None
    status_timestamp_after: datetime | None
    include_artifacts: bool

    def matches(self, task: Task) -> bool:
        """Whether ``task`` passes the filters (not the cursor)."""
        if self.context_id and task.context_id != self.context_id:
            return False
        if self.status is not None and task.status.state is not self.status:
            return False
        if self.status_timestamp_after is not None:
            stamp = task.status.timestamp
            if stamp is None or stamp < self.status_timestamp_after:
                return False
        return True

    def shape(self, task: Task) -> Task:
        """Apply ``historyLength`` and ``includeArtifacts`` to one listed task."""
        task = limit_history(task, self.history_length)
        return task if self.include_artifacts else without_artifacts(task)


def list_query(request: ListTasksRequest) -> ListQuery:
    """Validate a ListTasks request: page size 1..100 (default 50), history length >= 0."""
    page_size = DEFAULT_PAGE_SIZE if request.page_size is None else request.page_size
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidParamsError(
            field_violations=[("pageSize", f"must be between 1 and {MAX_PAGE_SIZE}")]
        )
    check_history_length(request.history_length)
    status = None if request.status is TaskState.TASK_STATE_UNSPECIFIED else request.status
    return ListQuery(
        context_id=request.context_id,
        status=status,
        page_size=page_size,
        after=decode_page_token(request.page_token) if request.page_token else None,
        history_length=request.history_length,
        status_timestamp_after=request.status_timestamp_after,
        include_artifacts=bool(request.include_artifacts),
    )


def page_of(tasks: Iterable[Task], query: ListQuery) -> ListTasksResponse:
    """Filter, order and cut one page from an in-memory collection of visible tasks."""
    matching = sorted((t for t in tasks if query.matches(t)), key=sort_key)
    start = 0
    if query.after is not None:
        after = query.after
        start = next((i for i, t in enumerate(matching) if sort_key(t) > after), len(matching))
    page = matching[start : start + query.page_size]
    more = start + query.page_size < len(matching)
    return ListTasksResponse(
        tasks=[query.shape(t) for t in page],
        next_page_token=encode_page_token(page[-1]) if more and page else "",
        page_size=query.page_size,
        total_size=len(matching),
    )
