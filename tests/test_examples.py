"""The examples load as `a2a serve` loads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from a2a.agent import Agent
from a2a.server.loader import AgentLoadError, load_agent

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("name", ["echo.py", "greeter.py"])
def test_example_loads(name: str) -> None:
    assert isinstance(load_agent(str(EXAMPLES / name)), Agent)


def test_loader_errors(tmp_path: Path) -> None:
    with pytest.raises(AgentLoadError, match="no such file"):
        load_agent(str(tmp_path / "missing.py"))
    empty = tmp_path / "empty.py"
    empty.write_text("x = 1\n")
    with pytest.raises(AgentLoadError, match="defines no agent"):
        load_agent(str(empty))
    with pytest.raises(AgentLoadError, match="has no attribute"):
        load_agent(f"{EXAMPLES / 'echo.py'}:nope")
    with pytest.raises(AgentLoadError, match="not an agent"):
        load_agent(f"{EXAMPLES / 'echo.py'}:asyncio")
    assert load_agent(f"{EXAMPLES / 'echo.py'}:echo").info.name == "Echo"
