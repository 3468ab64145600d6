"""ListTasks: page size, filters, newest-first order, stable cursors (A2A §3.1.4)."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

import pytest

from a2a.errors import InvalidParamsError
from a2a.protocol import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    decode_page_token,
    encode_page_token,
    list_query,
    page_of,
    sort_key,
)
from a2a.types import (
    Artifact,
    ListTasksRequest,
    Message,
    Part,
    Task,
    TaskState,
    TaskStatus,
)

T0 = datetime(2025, 1, 1, tzinfo=timezone.utc)
S = TaskState


def make(
    task_id: str,
    minutes: int | None,
    state: TaskState = S.TASK_STATE_WORKING,
    context_id: str = "c1",
) -> Task:
    stamp = None if minutes is None else T0 + timedelta(minutes=minutes)
    return Task(
        id=task_id,
        context_id=context_id,
        status=TaskStatus(state=state, timestamp=stamp),
        history=[Message.user("a"), Message.agent("b"), Message.user("c")],
        artifacts=[Artifact(artifact_id="x", parts=[Part(text="x")])],
    )


def ids(tasks: list[Task]) -> list[str]:
    return [t.id for t in tasks]


def test_page_size_defaults_and_bounds() -> None:
    assert (DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) == (50, 100)
    assert list_query(ListTasksRequest()).page_size == 50
    assert list_query(ListTasksRequest(page_size=1)).page_size == 1
    assert list_query(ListTasksRequest(page_size=100)).page_size == 100
    for bad in (0, -1, 101, 2**31 - 1):
        with pytest.raises(InvalidParamsError) as info:
            list_query(ListTasksRequest(page_size=bad))
        assert info.value.field_violations == [("pageSize", "must be between 1 and 100")]


def test_negative_history_length_is_refused() -> None:
    with pytest.raises(InvalidParamsError) as info:
        list_query(ListTasksRequest(history_length=-1))
    assert info.value.field_violations[0][0] == "historyLength"


def test_query_fields() -> None:
    query = list_query(
        ListTasksRequest(
            context_id="c",
            status=S.TASK_STATE_COMPLETED,
            history_length=1,
            status_timestamp_after=T0,
            include_artifacts=True,
        )
    )
    assert (query.context_id, query.status, query.history_length) == (
        "c",
        S.TASK_STATE_COMPLETED,
        1,
    )
    assert query.status_timestamp_after == T0
    assert query.include_artifacts is True
    assert query.after is None
    unfiltered = list_query(ListTasksRequest(status=S.TASK_STATE_UNSPECIFIED))
    assert unfiltered.status is None
    assert unfiltered.include_artifacts is False


def test_order_is_newest_status_first_then_id() -> None:
    tasks = [make("b", 5), make("a", 5), make("old", 1), make("new", 9), make("none", None)]
    assert ids(sorted(tasks, key=sort_key)) == ["new", "a", "b", "old", "none"]
    page = page_of(tasks, list_query(ListTasksRequest()))
    assert ids(page.tasks) == ["new", "a", "b", "old", "none"]
    assert (page.page_size, page.total_size, page.next_page_token) == (50, 5, "")


def test_filters() -> None:
    tasks = [
        make("w1", 1),
        make("d1", 2, S.TASK_STATE_COMPLETED),
        make("w2", 3, context_id="c2"),
        make("nostamp", None),
    ]
    by_context = page_of(tasks, list_query(ListTasksRequest(context_id="c2")))
    assert ids(by_context.tasks) == ["w2"]
    assert by_context.total_size == 1
    by_state = page_of(tasks, list_query(ListTasksRequest(status=S.TASK_STATE_WORKING)))
    assert ids(by_state.tasks) == ["w2", "w1", "nostamp"]
    after = T0 + timedelta(minutes=2)
    by_time = page_of(tasks, list_query(ListTasksRequest(status_timestamp_after=after)))
    assert ids(by_time.tasks) == ["w2", "d1"]  # at or after; tasks without a time excluded
    both = page_of(
        tasks,
        list_query(ListTasksRequest(context_id="c1", status=S.TASK_STATE_COMPLETED)),
    )
    assert ids(both.tasks) == ["d1"]


def test_listed_tasks_are_shaped_by_history_length_and_include_artifacts() -> None:
    tasks = [make("t", 1)]
    default = page_of(tasks, list_query(ListTasksRequest())).tasks[0]
    assert default.artifacts == []
    assert len(default.history) == 3
    shaped = page_of(
        tasks, list_query(ListTasksRequest(history_length=1, include_artifacts=True))
    ).tasks[0]
    assert len(shaped.artifacts) == 1
    assert shaped.history == tasks[0].history[-1:]
    assert len(tasks[0].artifacts) == 1  # the stored task is untouched


def test_paging_visits_every_task_once_even_when_new_tasks_arrive() -> None:
    tasks = [make(f"t{i:02d}", i % 7) for i in range(23)]
    expected = ids(sorted(tasks, key=sort_key))
    seen: list[str] = []
    token = ""
    pages = 0
    while True:
        page = page_of(tasks, list_query(ListTasksRequest(page_size=5, page_token=token)))
        pages += 1
        assert page.page_size == 5
        assert page.total_size == len(tasks)
        seen.extend(ids(page.tasks))
        if pages == 2:
            tasks = [*tasks, make("newer", 60), make("newest", 61)]  # newer than any cursor
        token = page.next_page_token
        if not token:
            break
    assert seen == expected
    assert pages == 5


def test_last_page_has_an_empty_token_and_an_empty_page_is_legal() -> None:
    tasks = [make("a", 1), make("b", 2)]
    exact = page_of(tasks, list_query(ListTasksRequest(page_size=2)))
    assert exact.next_page_token == ""
    empty = page_of([], list_query(ListTasksRequest()))
    assert empty.to_dict() == {"tasks": [], "nextPageToken": "", "pageSize": 50, "totalSize": 0}
    past_end = page_of(
        tasks, list_query(ListTasksRequest(page_token=encode_page_token(make("z", -100))))
    )
    assert past_end.tasks == []
    assert past_end.total_size == 2


def test_page_tokens_round_trip_and_are_opaque_url_safe_text() -> None:
    sample = make("id/with:odd ü", 3)
    token = encode_page_token(sample)
    assert token.isascii()
    assert "=" not in token
    assert "+" not in token
    assert "/" not in token
    assert decode_page_token(token) == sort_key(sample)
    assert decode_page_token(encode_page_token(make("x", None))) == (-0.0, "x")


def _token(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "token",
    [
        "garbage!",
        "%%%",
        "a",
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        _token({"stamp": 1, "id": "x"}),
        _token([1, 2]),
        _token(["1", "x"]),
        _token([1, "x", 3]),
        _token(5),
        _token(None),
    ],
)
def test_bad_page_tokens_are_invalid_params(token: str) -> None:
    with pytest.raises(InvalidParamsError) as info:
        list_query(ListTasksRequest(page_token=token))
    assert info.value.field_violations == [("pageToken", "not a token from this server")]
