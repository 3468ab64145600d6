"""``a2a conformance URL``: exit status, summary, reports, progress bar."""

from __future__ import annotations

import asyncio
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.console import Console

from a2a.cli import main
from a2a.cli.conformance import _run
from a2a.conformance import SuiteOptions
from a2a.conformance.console import render_summary
from tests.conformance.mutants import ListWithoutEmptyToken
from tests.conformance.mutation import MutantApp
from tests.conformance.servers import reference_app
from tests.interop.peers import free_port
from tests.support.live import serve_built

CREDENTIALS = ["--header", "X-API-Key: alice-key", "--second-header", "X-API-Key: bob-key"]


def test_passing_agent_exits_0_and_writes_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xml_report, json_report = tmp_path / "junit.xml", tmp_path / "report.json"
    with serve_built(reference_app) as url:
        code = main(
            ["conformance", url, *CREDENTIALS, "--report", str(xml_report),
             "--report", str(json_report)]
        )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert "PASS: every selected MUST check that applies passed" in out
    assert "bindings: JSONRPC, HTTP+JSON; behaviour convention: yes" in out
    data = json.loads(json_report.read_text())
    assert data["passed"] is True
    assert data["counts"]["MUST"]["failed"] == 0
    suite = ET.parse(xml_report).getroot()
    assert suite.tag == "testsuite"
    assert int(suite.get("tests", "0")) == len(data["results"]) == len(suite.findall("testcase"))
    assert suite.get("failures") == "0"
    assert int(suite.get("skipped", "0")) == sum(r["outcome"] == "skipped" for r in data["results"])


def test_failing_agent_exits_1_and_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mutant = ListWithoutEmptyToken()
    xml_report = tmp_path / "junit.xml"
    with serve_built(lambda base: MutantApp(reference_app(base), mutant)) as url:
        code = main(["conformance", url, *CREDENTIALS, "--report", str(xml_report)])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL: 1 MUST requirements not met: A2A-LIST-FIELDS-001" in out
    assert "FAILED  MUST   A2A-LIST-FIELDS-001[JSONRPC] (§3.1.4)" in out
    assert "expected tasks, nextPageToken, pageSize and totalSize" in out
    failures = ET.parse(xml_report).getroot().findall("testcase/failure")
    assert {f.get("type") for f in failures} == {"MUST"}
    assert len(failures) == 2  # one per binding


def test_selection_and_verbose_listing(capsys: pytest.CaptureFixture[str]) -> None:
    with serve_built(reference_app) as url:
        code = main(
            ["conformance", url, *CREDENTIALS, "--binding", "rest", "--only", "A2A-CORE-GET",
             "--only", "A2A-CARD-E*", "--level", "must", "-v"]
        )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    listed = [line.split()[2] for line in out.splitlines() if line.startswith("PASSED")]
    assert listed == [
        "A2A-CARD-EXTENDED-001[HTTP+JSON]",
        "A2A-CORE-GET-001[HTTP+JSON]",
        "A2A-CORE-GET-002[HTTP+JSON]",
    ]


def test_unreachable_agent_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["conformance", f"http://127.0.0.1:{free_port()}"])
    assert code == 2
    assert "cannot test" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [["--report", "out.txt"], ["--header", "no colon"], ["--binding", "grpc"]],
)
def test_bad_options(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["conformance", "http://127.0.0.1:1", *args])
    assert caught.value.code == 2


def test_missing_trust_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["conformance", "http://127.0.0.1:1", "--trust-jwks", str(tmp_path / "none.json")]
    assert main(args) == 2
    assert "none.json" in capsys.readouterr().err


def test_progress_bar_and_rich_summary_on_a_terminal() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    with serve_built(reference_app) as url:
        # No credentials: the agent refuses the calls, and the summary says why.
        report = asyncio.run(_run(SuiteOptions(url, only=("A2A-CORE-GET",)), console))
    render_summary(report, console)
    text = screen.getvalue()
    assert "A2A conformance" in text  # the progress bar's label
    assert "no credentials were given" in text
    assert "FAIL: 1 MUST requirements not met: A2A-CORE-GET-002" in text


def test_unwritable_report_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing-directory" / "report.json"
    with serve_built(reference_app) as url:
        assert main(["conformance", url, "--only", "A2A-CARD-FETCH", "--report", str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err
