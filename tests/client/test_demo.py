"""``a2a demo``: every step works, in process and as the installed command."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from a2a.cli import main
from a2a.cli.client import Output
from a2a.cli.demo import run_demo


@pytest.mark.parametrize("binding", [None, "rest"])
async def test_demo_steps(binding: str | None) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    assert await run_demo(Output(stdout, stderr), binding=binding, text="hi") == 0
    text = stdout.getvalue()
    chosen = "HTTP+JSON" if binding else "JSONRPC"
    for expected in (
        "1. Start the Echo agent",
        "found 'Echo'",
        f"using {chosen} 1.0",
        "verified: EdDSA signature by key",
        "a tampered copy is refused: SIGNATURE_INVALID (bad_signature)",
        "reply: echo: hi\n",
        "status: completed",
        "reassembled reply: echo: hi (streamed)\n",
        "completed, 1 artifact(s)",
        "7. The agent is stopped",
    ):
        assert expected in text
    assert "\x1b[" not in text  # plain text when not on a terminal
    assert stderr.getvalue() == ""


def test_demo_is_a_registered_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--text", "via main"]) == 0
    assert "reply: echo: via main" in capsys.readouterr().out


def test_demo_as_a_program_from_anywhere(tmp_path: Path) -> None:
    # Run from an empty directory: the demo needs no file of the repository.
    done = subprocess.run(
        [sys.executable, "-m", "a2a", "demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "reply: echo: hello, agent" in done.stdout


def test_the_wheel_carries_the_demo_agent(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(root)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        carried = archive.read("a2a/cli/_demo_echo.py")
    assert carried == (root / "examples" / "echo.py").read_bytes()
