"""The whole benchmark in quick mode, end to end: it runs, and its output is well formed.

No timing is asserted: the figures depend on the machine.  What must hold is
that every server answered every request correctly and that the table and
the JSON document carry every scenario.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.scenarios import SCENARIOS
from tests.interop.venvs import ROOT

pytestmark = pytest.mark.interop


@pytest.mark.timeout(900)  # the first run also builds the a2a-sdk environment
def test_quick_run_completes_with_well_formed_output(tmp_path: Path) -> None:
    out = tmp_path / "quick.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        capture_output=True,
        text=True,
        timeout=850,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for heading in ("us/sdk", "Client libraries", "Memory with idle SSE streams", "Targets"):
        assert heading in done.stdout
    document = json.loads(out.read_text())
    assert document["mode"] == "quick"
    assert set(document["versions"]) == {"ours", "sdk"}
    assert document["versions"]["sdk"]["a2a-sdk"].startswith("1.")

    measured = {(r["scenario"], r["binding"], r["server"]) for r in document["rows"]}
    for scenario in SCENARIOS:
        if scenario.mode == "idle":
            continue
        for server in scenario.servers:
            assert (scenario.name, scenario.binding, server) in measured
    for row in document["rows"]:
        assert row["errors"] == 0, row
        if row["scenario"].endswith("stream"):
            # Events count as they arrive; a long stream may not finish inside a short window.
            assert row["unit"] == "event"
            assert row["events"] > 0
        else:
            assert row["requests"] > 0
        assert row["cpu_us"] > 0
        assert row["client_cpu_us"] > 0
    ratios = {r["scenario"]: r for r in document["ratios"]}
    for name in ("message", "task", "stream", "get"):
        assert ratios[name]["cpu_vs_sdk"] > 0
    assert ratios["message"]["cpu_vs_bare"] > 0
    assert ratios["envelope"]["signed_vs_plain"] > 0
    for name in ("client-send", "client-stream"):
        assert ratios[name]["client_cpu_vs_sdk@ours"] > 0
        assert ratios[name]["client_cpu_vs_sdk@sdk"] > 0
    idle = {(r["scenario"], r["server"]) for r in document["idle"]}
    assert idle == {(s.name, server) for s in SCENARIOS if s.mode == "idle" for server in s.servers}
    for row in document["idle"]:
        assert row["open"] == row["streams"] == 100, row
        assert row["rss_after_mib"] > 0
    assert {t["target"] for t in document["targets"]} >= {
        "Message echo CPU, ours / a2a-sdk",
        "Server RSS with 10,000 idle SSE streams (MiB)",
    }
