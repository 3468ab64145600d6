"""The summary as text: plain tables for the terminal, Markdown for the README.

python -m benchmarks.tables benchmarks/results/DATE.json    # Markdown
"""

from __future__ import annotations

import json
import sys
from typing import Any

__all__ = ["format_markdown", "format_tables", "main"]

Row = dict[str, Any]


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def _errors(row: Row) -> str:
    return f"  ERRORS: {row['errors']} ({row['first_error'][:80]})" if row["errors"] else ""


def _server_table(summary: dict[str, list[Row]]) -> list[str]:
    ratios = _server_ratios(summary["ratios"])
    header = (
        f"{'scenario':<40} {'binding':<8} {'cl':>3} {'server':<14} {'rate/s':>9} "
        f"{'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'CPU us':>7} {'sys':>4} {'busy':>4} "
        f"{'us/sdk':>6} {'us/bare':>7}"
    )
    lines = [
        "Servers, per request (per event for streams).  CPU us: server CPU time per unit; "
        "sys: its kernel share;",
        "busy: server CPU time / wall time; us/sdk, us/bare: ratios of CPU us in the same round",
        header,
        "-" * len(header),
    ]
    rows = _server_rows(summary["rows"])
    for row in rows:
        ratio = ratios.get((row["scenario"], row["binding"], row["clients"]), {})
        mine = row["server"] == "ours"
        unit = " (ev)" if row["unit"] == "event" else ""
        lines.append(
            f"{row['title'] + unit:<40} {row['binding']:<8} {row['clients']:>3} "
            f"{row['server']:<14} {_num(row['rate']):>9} {_num(row['p50_ms'], 2):>7} "
            f"{_num(row['p90_ms'], 2):>7} {_num(row['p99_ms'], 2):>7} "
            f"{_num(row['cpu_us']):>7} {_pct(row['server_sys_share']):>4} "
            f"{_pct(row['server_busy']):>4} "
            f"{_num(ratio.get('cpu_vs_sdk') if mine else None, 2):>6} "
            f"{_num(ratio.get('cpu_vs_bare') if mine else None, 2):>7}" + _errors(row)
        )
    for ratio in summary["ratios"]:
        if "signed_vs_plain" in ratio or "layer_vs_plain" in ratio:
            lines.append(
                f"  envelopes, {ratio['clients']} client(s): identity layer without signatures "
                f"x{_num(ratio.get('layer_vs_plain'), 2)} CPU; signed request and reply "
                f"x{_num(ratio.get('signed_vs_plain'), 2)} "
                f"(+{_num(ratio.get('signed_extra_us'))} us per request)"
            )
    return lines


def _client_table(summary: dict[str, list[Row]]) -> list[str]:
    rows = [r for r in summary["rows"] if r["mode"] == "client"]
    if not rows:
        return []
    ratios = {(r["scenario"], r["clients"]): r for r in summary["ratios"]}
    header = (
        f"{'scenario':<44} {'client':<6} {'server':<6} {'rate/s':>9} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'client us':>9} {'server us':>9} {'ours/sdk':>8}"
    )
    lines = [
        "",
        "Client libraries, per request (per event for streams).  client us: CPU time of "
        "the client process;",
        "ours/sdk: our client's CPU us over the SDK client's, against the same server",
        header,
        "-" * len(header),
    ]
    rows.sort(key=lambda r: (r["scenario"], r["server"].split(">")[1], r["server"]))
    for row in rows:
        library, server = row["server"].split(">")
        ratio = ratios.get((row["scenario"], row["clients"]), {})
        mine = library == "ours"
        unit = " (ev)" if row["unit"] == "event" else ""
        lines.append(
            f"{row['title'] + unit:<44} {library:<6} {server:<6} {_num(row['rate']):>9} "
            f"{_num(row['p50_ms'], 2):>7} {_num(row['p99_ms'], 2):>7} "
            f"{_num(row['client_cpu_us']):>9} {_num(row['cpu_us']):>9} "
            f"{_num(ratio.get(f'client_cpu_vs_sdk@{server}') if mine else None, 2):>8}"
            + _errors(row)
        )
    return lines


def _idle_table(summary: dict[str, list[Row]]) -> list[str]:
    if not summary["idle"]:
        return []
    head = (
        f"{'idle streams':<46} {'server':<5} {'streams':>7} {'open':>6} "
        f"{'RSS before':>10} {'RSS after':>10} {'KiB/stream':>10} {'open s':>7}"
    )
    lines = ["", "Memory with idle SSE streams open (server RSS, MiB)", head, "-" * len(head)]
    for row in summary["idle"]:
        lines.append(
            f"{row['title']:<46} {row['server']:<5} {row['streams']:>7} {row['open']:>6} "
            f"{_num(row['rss_before_mib'], 1):>10} {_num(row['rss_after_mib'], 1):>10} "
            f"{_num(row['kib_per_stream'], 1):>10} {_num(row['opening_s'], 1):>7}" + _errors(row)
        )
    return lines


def format_tables(summary: dict[str, list[Row]], verdicts: list[Row]) -> str:
    """The summary as plain-text tables (what the terminal shows)."""
    lines = _server_table(summary) + _client_table(summary) + _idle_table(summary)
    lines += ["", "Targets (issue 8; worst case over bindings and client counts)"]
    for verdict in verdicts:
        state = {True: "met", False: "NOT met", None: "not measured"}[verdict["met"]]
        lines.append(
            f"  {verdict['target']:<48} {verdict['bound']:>8}  "
            f"worst {_num(verdict['worst'], 2):>8}  {state}"
        )
    return "\n".join(lines)


_SERVER_ORDER = {"ours": 0, "sdk": 1, "bare": 2, "ours-id": 3, "ours-id+signed": 4}


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _server_rows(rows: list[Row]) -> list[Row]:
    """The server rows (not the client ones), by binding, scenario, clients, then server."""
    return sorted(
        (r for r in rows if r["mode"] != "client"),
        key=lambda r: (
            r["binding"],
            _scenario_rank(r["scenario"]),
            r["clients"],
            _SERVER_ORDER.get(r["server"], 9),
        ),
    )


def _server_ratios(ratios: list[Row]) -> dict[tuple[Any, Any, Any], Row]:
    """Ratio rows by (scenario, binding, clients)."""
    return {(r["scenario"], r["binding"], r["clients"]): r for r in ratios}


def _scenario_rank(name: str) -> int:
    ranks = ("message", "task", "stream", "get", "envelope")
    return ranks.index(name) if name in ranks else len(ranks)


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def format_markdown(document: dict[str, Any]) -> str:
    """The main figures of a result document as Markdown tables (for the README)."""
    ratios = _server_ratios(document["ratios"])
    lines = [
        _md_row(
            [
                "scenario",
                "binding",
                "clients",
                "server",
                "rate/s",
                "p50 ms",
                "p99 ms",
                "CPU µs",
                "ours/sdk",
                "ours/bare",
            ]
        ),
        "|---|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows = _server_rows(document["rows"])
    for row in rows:
        ratio = ratios.get((row["scenario"], row["binding"], row["clients"]), {})
        mine = row["server"] == "ours"
        unit = " (per event)" if row["unit"] == "event" else ""
        lines.append(
            _md_row(
                [
                    row["title"] + unit,
                    row["binding"],
                    str(row["clients"]),
                    row["server"],
                    _num(row["rate"]),
                    _num(row["p50_ms"], 2),
                    _num(row["p99_ms"], 2),
                    _num(row["cpu_us"]),
                    _num(ratio.get("cpu_vs_sdk") if mine else None, 2),
                    _num(ratio.get("cpu_vs_bare") if mine else None, 2),
                ]
            )
        )
    clients = [r for r in document["rows"] if r["mode"] == "client"]
    if clients:
        lines += [
            "",
            _md_row(
                [
                    "scenario",
                    "client",
                    "server",
                    "rate/s",
                    "p50 ms",
                    "client CPU µs",
                    "server CPU µs",
                    "ours/sdk (client CPU)",
                ]
            ),
            "|---|---|---|---:|---:|---:|---:|---:|",
        ]
        for row in sorted(clients, key=lambda r: (r["scenario"], r["server"].split(">")[1])):
            library, server = row["server"].split(">")
            ratio = ratios.get((row["scenario"], row["binding"], row["clients"]), {})
            mine = library == "ours"
            unit = " (per event)" if row["unit"] == "event" else ""
            lines.append(
                _md_row(
                    [
                        row["title"] + unit,
                        library,
                        server,
                        _num(row["rate"]),
                        _num(row["p50_ms"], 2),
                        _num(row["client_cpu_us"]),
                        _num(row["cpu_us"]),
                        _num(ratio.get(f"client_cpu_vs_sdk@{server}") if mine else None, 2),
                    ]
                )
            )
    if document["idle"]:
        lines += [
            "",
            _md_row(
                [
                    "idle SSE streams",
                    "server",
                    "streams",
                    "RSS before MiB",
                    "RSS after MiB",
                    "KiB per stream",
                ]
            ),
            "|---|---|---:|---:|---:|---:|",
        ]
        for row in document["idle"]:
            lines.append(
                _md_row(
                    [
                        row["title"],
                        row["server"],
                        f"{row['streams']:,}",
                        _num(row["rss_before_mib"], 1),
                        _num(row["rss_after_mib"], 1),
                        _num(row["kib_per_stream"], 1),
                    ]
                )
            )
    lines += ["", _md_row(["target", "bound", "worst measured", "verdict"]), "|---|---|---:|---|"]
    for verdict in document["targets"]:
        state = {True: "met", False: "**not met**", None: "not measured"}[verdict["met"]]
        lines.append(
            _md_row([verdict["target"], verdict["bound"], _num(verdict["worst"], 2), state])
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.tables RESULT.json``: print a result's tables as Markdown."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m benchmarks.tables RESULT.json", file=sys.stderr)
        return 2
    with open(args[0]) as source:
        print(format_markdown(json.load(source)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
