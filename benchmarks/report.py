"""Turn raw measurements into the summary: medians over rounds, ratios, targets.

Each round measures every server once per scenario and client count, in a
rotating order; a ratio (ours / a2a-sdk, ours / bare) is taken within a
round, and the summary keeps the median over rounds.  CPU time per request
is the headline: it comes from the server process's own counters, so it
holds steady when the machine is busy with something else, where requests
per second and latency do not.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

__all__ = ["TARGETS", "per_unit", "summarize", "targets"]

Row = dict[str, Any]

#: The targets of issue 8, as (name, scenario names, metric, comparison, bound).
TARGETS: tuple[tuple[str, tuple[str, ...], str, str, float], ...] = (
    ("Message echo CPU, ours / a2a-sdk", ("message",), "cpu_vs_sdk", "<=", 0.25),
    ("Message echo CPU, ours / bare Starlette", ("message",), "cpu_vs_bare", "<=", 1.5),
    ("Task echo (3 events) CPU, ours / a2a-sdk", ("task",), "cpu_vs_sdk", "<=", 0.25),
    ("Streaming events per second, ours / a2a-sdk", ("stream",), "rate_vs_sdk", ">=", 4.0),
)

#: Server RSS bound with 10,000 idle streams open (1 GiB), in KiB.
IDLE_RSS_BOUND_KIB = 1024 * 1024


def _median(values: Iterable[float]) -> float | None:
    found = [v for v in values if v is not None]
    return statistics.median(found) if found else None


def _units(raw: Row) -> int:
    # Streams count events (a stream that delivered none counts its requests: zero too).
    return int(raw["events"] or raw["requests"])


def per_unit(raw: Row) -> Row:
    """Derived figures of one measurement: rate, CPU per unit, server and client load."""
    units = _units(raw)
    seconds = raw["seconds"]
    return {
        "rate": units / seconds if seconds else 0.0,
        "cpu_us": raw["server_cpu_s"] / units * 1e6 if units else None,
        "client_cpu_us": raw["client_cpu_s"] / units * 1e6 if units else None,
        "server_busy": raw["server_cpu_s"] / seconds if seconds else 0.0,
        "server_sys_share": raw["server_sys_s"] / raw["server_cpu_s"]
        if raw.get("server_sys_s") is not None and raw["server_cpu_s"]
        else None,
        "client_busy": raw["client_cpu_s"] / seconds if seconds else 0.0,
    }


def summarize(raws: list[Row]) -> dict[str, list[Row]]:
    """Medians per (scenario, clients, server), ratios per (scenario, clients), idle rows."""
    groups: dict[tuple[str, str, int, str], list[Row]] = defaultdict(list)
    for raw in raws:
        if raw["mode"] != "idle":
            groups[(raw["scenario"], raw["binding"], raw["clients"], raw["server"])].append(raw)
    rows: list[Row] = []
    for (scenario, binding, clients, server), runs in groups.items():
        derived = [per_unit(r) for r in runs]
        row: Row = {
            "scenario": scenario,
            "binding": binding,
            "clients": clients,
            "server": server,
            "title": runs[0]["title"],
            "unit": "event" if any(r["events"] for r in runs) else "request",
            "mode": runs[0]["mode"],
            "rounds": len(runs),
            "requests": sum(r["requests"] for r in runs),
            "events": sum(r["events"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
            "first_error": next((r["first_error"] for r in runs if r["first_error"]), ""),
        }
        for key in (
            "rate",
            "cpu_us",
            "client_cpu_us",
            "server_busy",
            "client_busy",
            "server_sys_share",
        ):
            row[key] = _median(d[key] for d in derived)
        for point in ("p50", "p90", "p99"):
            row[f"{point}_ms"] = _median(
                r["latency_s"][point] * 1e3 for r in runs if point in r["latency_s"]
            )
        rows.append(row)
    return {"rows": rows, "ratios": _ratios(raws), "idle": _idle(raws)}


def _ratios(raws: list[Row]) -> list[Row]:
    by_round: dict[tuple[str, str, int], dict[int, dict[str, Row]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for raw in raws:
        if raw["mode"] != "idle" and not raw["errors"]:
            key = (raw["scenario"], raw["binding"], raw["clients"])
            by_round[key][raw["round"]][raw["server"]] = per_unit(raw)
    ratios: list[Row] = []
    for (scenario, binding, clients), rounds in by_round.items():
        found: dict[str, list[float]] = defaultdict(list)
        for servers in rounds.values():
            _round_ratios(servers, found)
        row: Row = {"scenario": scenario, "binding": binding, "clients": clients}
        for name, values in found.items():
            row[name] = statistics.median(values)
        ratios.append(row)
    return ratios


def _ratio(a: Row | None, b: Row | None, key: str) -> float | None:
    if a is None or b is None or a[key] is None or not b[key]:
        return None
    return float(a[key] / b[key])


def _round_ratios(variants: dict[str, Row], found: dict[str, list[float]]) -> None:
    """Ratios within one round, appended to ``found`` by name."""
    ours = variants.get("ours")
    pairs = [
        ("cpu_vs_sdk", ours, variants.get("sdk"), "cpu_us"),
        ("rate_vs_sdk", ours, variants.get("sdk"), "rate"),
        ("cpu_vs_bare", ours, variants.get("bare"), "cpu_us"),
        ("rate_vs_bare", ours, variants.get("bare"), "rate"),
        # Signed envelopes: the identity layer alone, and with signed requests.
        ("layer_vs_plain", variants.get("ours-id"), ours, "cpu_us"),
        ("signed_vs_plain", variants.get("ours-id+signed"), ours, "cpu_us"),
    ]
    for server in ("ours", "sdk"):  # client libraries: ours / the SDK's, per server
        pairs.append(
            (
                f"client_cpu_vs_sdk@{server}",
                variants.get(f"ours>{server}"),
                variants.get(f"sdk>{server}"),
                "client_cpu_us",
            )
        )
        pairs.append(
            (
                f"client_rate_vs_sdk@{server}",
                variants.get(f"ours>{server}"),
                variants.get(f"sdk>{server}"),
                "rate",
            )
        )
    for name, a, b, key in pairs:
        value = _ratio(a, b, key)
        if value is not None:
            found[name].append(value)
    signed, plain = variants.get("ours-id+signed"), ours
    if signed is not None and plain is not None and signed["cpu_us"] and plain["cpu_us"]:
        found["signed_extra_us"].append(signed["cpu_us"] - plain["cpu_us"])


def _idle(raws: list[Row]) -> list[Row]:
    rows: list[Row] = []
    for raw in raws:
        if raw["mode"] != "idle":
            continue
        opened = raw["open"]
        grown = raw["rss_after_kib"] - raw["rss_before_kib"]
        rows.append(
            {
                "scenario": raw["scenario"],
                "title": raw["title"],
                "server": raw["server"],
                "streams": raw["streams"],
                "open": opened,
                "rss_before_mib": raw["rss_before_kib"] / 1024,
                "rss_after_mib": raw["rss_after_kib"] / 1024,
                "kib_per_stream": grown / opened if opened else None,
                "opening_s": raw["opening_s"],
                "cpu_us_per_open": raw["server_cpu_s"] / opened * 1e6 if opened else None,
                "errors": raw["errors"],
                "first_error": raw["first_error"],
            }
        )
    return rows


def targets(summary: dict[str, list[Row]]) -> list[Row]:
    """Each target of the issue with the worst measured value and whether it is met."""
    verdicts: list[Row] = []
    for name, scenarios, metric, sense, bound in TARGETS:
        values = [
            r[metric] for r in summary["ratios"] if r["scenario"] in scenarios and metric in r
        ]
        worst = None if not values else (max(values) if sense == "<=" else min(values))
        met = None if worst is None else (worst <= bound if sense == "<=" else worst >= bound)
        verdicts.append(
            {
                "target": name,
                "bound": f"{sense} {bound:g}",
                "worst": worst,
                "values": values,
                "met": met,
            }
        )
    big = [r for r in summary["idle"] if r["server"] == "ours" and r["streams"] >= 10000]
    rss = [r["rss_after_mib"] for r in big]
    complete = bool(big) and all(r["open"] == r["streams"] for r in big)
    verdicts.append(
        {
            "target": "Server RSS with 10,000 idle SSE streams (MiB)",
            "bound": "< 1024",
            "worst": max(rss) if rss else None,
            "values": rss,
            # Not measured without a 10,000-stream run; not met if any stream failed to stay open.
            "met": None if not big else complete and max(rss) < IDLE_RSS_BOUND_KIB / 1024,
        }
    )
    return verdicts
