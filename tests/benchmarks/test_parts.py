"""The benchmark's own pieces, without servers: HTTP reading, SSE counting, summaries."""

from __future__ import annotations

import os

import pytest

from benchmarks.httpio import ResponseReader, SseCounter, build_request
from benchmarks.load import Spec, _Template
from benchmarks.procstat import cpu_seconds, cpu_times, memory_kib
from benchmarks.report import summarize, targets
from benchmarks.scenarios import SCENARIOS, load_spec
from benchmarks.stats import percentiles
from benchmarks.tables import format_tables


def test_request_bytes_carry_length_and_version() -> None:
    raw = build_request("POST", "/", 8000, b'{"a":1}', {"A2A-Version": "1.0"})
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"POST / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n")
    assert b"\r\nA2A-Version: 1.0\r\n" in head
    assert b"\r\nContent-Length: 7" in head
    assert body == b'{"a":1}'
    assert b"Content-Length" not in build_request("GET", "/x", 1, None, {})


def test_template_numbers_every_request_with_a_fixed_length() -> None:
    spec = Spec(port=1, server_pid=1, mode="unary", method="POST", path="/t/{task}",
                body='{"id":"m-{n}","task":"{task}"}')  # fmt: skip
    template = _Template(spec, "T1")
    first, second = template.next(), template.next()
    assert first != second
    assert len(first) == len(second)
    assert first.startswith(b"POST /t/T1 HTTP/1.1")
    assert first.endswith(b'{"id":"m-0000000001","task":"T1"}')
    assert second.endswith(b'{"id":"m-0000000002","task":"T1"}')


def test_response_with_content_length_in_pieces() -> None:
    reader = ResponseReader()
    raw = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello"
    assert not reader.feed(raw[:10])
    assert not reader.feed(raw[10:-2])
    assert reader.feed(raw[-2:])
    assert (reader.status, bytes(reader.body)) == (200, b"hello")
    reader.reset()
    assert reader.feed(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    assert reader.status == 404


def test_chunked_sse_stream_counts_data_events_only() -> None:
    sse = b'data: {"a":1}\r\n\r\n: ping\r\n\r\ndata: x\ndata: y\n\n'
    body = (
        b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (sse[:7], sse[7:])) + b"0\r\n\r\n"
    )
    counter = SseCounter()
    reader = ResponseReader(counter.feed)
    raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body
    done = [reader.feed(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    assert done[-1]
    assert not any(done[:-1])
    assert counter.events == 2
    assert counter.last == b" x\n y"


@pytest.mark.parametrize(
    "raw",
    [b"SPDY/3 200 OK\r\n\r\n", b"HTTP/1.1 200 OK\r\nX: y\r\n\r\n", b"HTTP/1.1 2xx OK\r\n\r\n"],
)
def test_unreadable_responses_raise(raw: bytes) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (any ValueError: the generator counts an error)
        ResponseReader().feed(raw)


def test_percentiles_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentiles(values) == {"p50": 50.0, "p90": 90.0, "p99": 99.0, "max": 100.0}
    assert percentiles([7.0]) == {"p50": 7.0, "p90": 7.0, "p99": 7.0, "max": 7.0}
    assert percentiles([]) == {}


def test_own_process_counters() -> None:
    user, system = cpu_times(os.getpid())
    assert user > 0
    assert system >= 0
    # Read a moment later: never less, and within a few clock ticks.
    assert user + system <= cpu_seconds(os.getpid()) <= user + system + 0.1
    memory = memory_kib(os.getpid())
    assert 0 < memory["VmRSS"] <= memory["VmHWM"]


def test_every_scenario_builds_a_load_spec() -> None:
    keys = {s.key for s in SCENARIOS}
    assert {"message/jsonrpc", "task/rest", "stream/jsonrpc", "get/rest"} <= keys
    for scenario in SCENARIOS:
        spec = load_spec(scenario, 1, 8000, 1, warmup=0, duration=0)
        Spec(**spec)  # every key is a Spec field
        if "{task}" in (spec["body"] or "") + spec["path"]:
            assert "setup" in spec


def _raw(server: str, rnd: int, cpu: float, requests: int = 100) -> dict[str, object]:
    return {"scenario": "message", "title": "t", "binding": "jsonrpc", "mode": "unary",
            "clients": 1, "server": server, "round": rnd, "requests": requests, "events": 0,
            "seconds": 1.0, "server_cpu_s": cpu, "server_sys_s": cpu / 4, "client_cpu_s": 0.1,
            "latency_s": {"p50": 0.001, "p90": 0.002, "p99": 0.003, "max": 0.004},
            "errors": 0, "first_error": ""}  # fmt: skip


def test_ratios_are_taken_within_a_round_then_the_median() -> None:
    raws = [
        _raw("ours", 0, 0.02), _raw("sdk", 0, 0.10), _raw("bare", 0, 0.01),
        _raw("ours", 1, 0.04), _raw("sdk", 1, 0.40), _raw("bare", 1, 0.04),
        _raw("ours", 2, 0.03), _raw("sdk", 2, 0.10), _raw("bare", 2, 0.01),
    ]  # fmt: skip
    summary = summarize(raws)  # type: ignore[arg-type]
    (ratio,) = summary["ratios"]
    assert ratio["cpu_vs_sdk"] == pytest.approx(0.2)  # median of 0.2, 0.1, 0.3
    assert ratio["cpu_vs_bare"] == pytest.approx(2.0)  # median of 2, 1, 3
    ours = next(r for r in summary["rows"] if r["server"] == "ours")
    assert ours["cpu_us"] == pytest.approx(300.0)
    verdicts = {v["target"]: v["met"] for v in targets(summary)}
    assert verdicts["Message echo CPU, ours / a2a-sdk"] is True
    assert verdicts["Message echo CPU, ours / bare Starlette"] is False
    assert verdicts["Task echo (3 events) CPU, ours / a2a-sdk"] is None  # not measured
    table = format_tables(summary, targets(summary))
    assert "NOT met" in table
    assert "not measured" in table


def test_a_failed_run_is_left_out_of_ratios_and_shown() -> None:
    bad = {**_raw("ours", 0, 0.02), "errors": 3, "first_error": "HTTP 500"}
    summary = summarize([bad, _raw("sdk", 0, 0.1)])  # type: ignore[list-item]
    assert "cpu_vs_sdk" not in summary["ratios"][0]
    assert "ERRORS: 3 (HTTP 500)" in format_tables(summary, targets(summary))


def test_in_process_driver_runs_an_exact_count_and_checks_replies() -> None:
    import asyncio

    from benchmarks.inproc import drive
    from benchmarks.scenarios import SCENARIOS
    from benchmarks.servers.ours import app

    scenario = next(s for s in SCENARIOS if s.key == "message/rest")
    request = scenario.request
    body = (request.body or "").replace("{n}", "0000000001").encode()
    result = asyncio.run(
        drive(app, request.method, request.path, body, seconds=0, expect=b"echo", count=7)
    )
    assert result["requests"] == 7
    with pytest.raises(RuntimeError, match="unexpected reply"):
        asyncio.run(
            drive(app, request.method, request.path, body, seconds=0, expect=b"nope", count=1)
        )


def test_live_counter_drives_a_real_server_over_several_connections() -> None:
    # What `python -m benchmarks.instructions --live` sends to the server under valgrind.
    import dataclasses

    from benchmarks.instructions import _send_all
    from benchmarks.processes import server_kind, started

    scenario = next(s for s in SCENARIOS if s.key == "message/jsonrpc")
    with started([server_kind("bare")], http="h11", loop="asyncio") as servers:
        port = servers["bare"].port
        _send_all(port, scenario, requests=8, clients=4)
        with pytest.raises(RuntimeError, match="unexpected reply"):
            _send_all(port, dataclasses.replace(scenario, expect="nope"), requests=2, clients=2)


def test_live_counter_fails_when_the_server_hangs_up() -> None:
    # A server that closes without answering is an error, not an endless wait.
    import socket
    import threading

    from benchmarks.instructions import _send_all

    scenario = next(s for s in SCENARIOS if s.key == "message/jsonrpc")
    with socket.create_server(("127.0.0.1", 0)) as listener:

        def hang_up() -> None:
            conn, _ = listener.accept()
            conn.recv(65536)
            conn.close()

        closer = threading.Thread(target=hang_up, daemon=True)
        closer.start()
        with pytest.raises(RuntimeError, match="closed the connection"):
            _send_all(listener.getsockname()[1], scenario, requests=1, clients=1)
        closer.join(5)


def test_ours_is_measured_next_to_each_server_it_is_compared_with() -> None:
    from benchmarks.harness import round_order

    three = ("ours", "sdk", "bare")
    assert round_order(three, 0) == ["sdk", "ours", "bare"]
    assert round_order(three, 1) == ["bare", "ours", "sdk"]
    assert round_order(three, 2) == ["sdk", "ours", "bare"]
    pairs = ("a", "b", "c", "d")
    assert [round_order(pairs, r)[0] for r in range(4)] == ["a", "b", "c", "d"]
    assert round_order(("ours", "sdk"), 1) == ["sdk", "ours"]
