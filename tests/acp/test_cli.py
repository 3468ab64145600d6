"""The ``acp`` command line against a real server on loopback."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from acp.cli import COMMAND_MODULES, build_parser, main
from tests.interop.peers import free_port, running

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    port = free_port()
    env = {"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    args = ["-m", "tests.interop.drivers.acp_ours_server", str(port)]
    with running(sys.executable, args, port, env=env):
        yield f"http://127.0.0.1:{port}"


def test_agents(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agents", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "echo\tEchoes every input message back"
    assert main(["agents", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["name"] == "echo"


def test_run_sync_stream_await_and_errors(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", url, "echo", "hello"]) == 0
    assert capsys.readouterr().out == "hello\n"
    assert main(["run", url, "streamer", "3", "--stream"]) == 0
    assert capsys.readouterr().out == "tok0 tok1 tok2 \n"
    assert main(["run", url, "approver", "x"]) == 3
    assert "[awaiting input] Approve? (yes/no)" in capsys.readouterr().out
    assert main(["run", url, "approver", "x", "--stream"]) == 3
    assert main(["run", url, "failing", "x"]) == 1
    assert main(["run", url, "failing", "x", "--stream"]) == 1
    assert "I refuse" in capsys.readouterr().err
    assert main(["run", url, "nope", "x"]) == 1
    assert "NotFoundError" in capsys.readouterr().err


def test_run_answers_awaits(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", url, "approver", "x", "--answer", "yes"]) == 0
    assert capsys.readouterr().out == "You said: yes\n"
    assert main(["run", url, "approver", "x", "--stream", "--answer", "no"]) == 0
    assert capsys.readouterr().out == "You said: no\n"


def test_run_with_a_session(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    session = "0c8b5f0e-5d55-4a4b-a0b8-43b42c4b3b4f"
    assert main(["run", url, "history", "one", "--session", session]) == 0
    assert main(["run", url, "history", "two", "--session", session]) == 0
    assert "history has 2 messages" in capsys.readouterr().out.splitlines()[-1]


def test_unreachable_server_and_bad_targets(capsys: pytest.CaptureFixture[str]) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    assert main(["agents", dead]) == 1
    assert "TransportError" in capsys.readouterr().err
    assert main(["bridge", dead]) == 1
    assert main(["serve", str(ROOT / "nope.py")]) == 2
    assert main(["serve", "acp.types"]) == 2
    assert main(["serve", str(ROOT / "tests" / "acp" / "agents.py") + ":missing"]) == 2
    assert main(["serve", str(ROOT / "tests" / "acp" / "agents.py"), "--a2a"]) == 2


def test_command_registration_point() -> None:
    assert COMMAND_MODULES[0] == "acp.commands.client"
    help_text = build_parser().format_help()
    for command in ("agents", "run", "serve", "bridge"):
        assert command in help_text


def test_a_session_must_be_a_uuid(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["run", "http://127.0.0.1:9", "echo", "x", "--session", "not-a-uuid"])
    assert info.value.code == 2
    assert "--session" in capsys.readouterr().err


def test_a2a_bridge_is_published_for_the_a2a_command_line() -> None:
    import argparse
    from importlib.metadata import entry_points

    (bridge,) = [e for e in entry_points(group="a2a.commands") if e.name == "bridge"]
    parser = argparse.ArgumentParser(prog="a2a")
    bridge.load()(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["bridge", "http://agent.example", "--port", "9001"])
    assert (args.a2a_url, args.port, callable(args.func)) == ("http://agent.example", 9001, True)


def test_a2a_bridge_reports_an_unreachable_agent(capsys: pytest.CaptureFixture[str]) -> None:
    from acp.cli_a2a_bridge import main as bridge_main

    assert bridge_main([f"http://127.0.0.1:{free_port()}"]) == 1
    assert capsys.readouterr().err.startswith("a2a bridge:")
