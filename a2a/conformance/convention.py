"""The behaviour convention: how the suite asks an agent to behave in a particular way.

Some rules can only be checked when the agent does something specific: ask
for input, stream several artifacts, fail, take a while.  An agent opts in by
listing a skill whose id is :data:`SKILL_ID` in its card, and then reacts to
a message whose **first text part** is one of these commands (any other
message is its own business)::

    conformance:message          reply with a direct Message (no task)
    conformance:artifacts N      task: WORKING, N artifacts (text "artifact <i>"), COMPLETED
    conformance:chunks N         task: WORKING, one artifact in N chunks, COMPLETED
    conformance:input-required   task: INPUT_REQUIRED with a question; the next message
                                 on the task: WORKING, one artifact, COMPLETED
    conformance:fail             task: WORKING, then FAILED
    conformance:slow S           task: WORKING for S seconds (cancelable), then COMPLETED

The full text with examples is in ``spec/conformance.md``; the reference
implementation is ``examples/conformance_agent.py``.  This module holds the
names, and a parser an implementation in Python may reuse.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "COMMANDS",
    "PREFIX",
    "SKILL_ID",
    "Command",
    "artifacts",
    "chunks",
    "fail",
    "input_required",
    "message",
    "parse_command",
    "slow",
]

#: The skill id that advertises the convention in an Agent Card.
SKILL_ID = "a2a-conformance"
PREFIX = "conformance:"
#: Command name → whether it takes a number.
COMMANDS: dict[str, bool] = {
    "message": False,
    "artifacts": True,
    "chunks": True,
    "input-required": False,
    "fail": False,
    "slow": True,
}
#: Bounds that keep a command from tying the agent up.
MAX_COUNT = 20
MAX_SECONDS = 60.0


@dataclass(frozen=True)
class Command:
    """One parsed command: its name and its number (0 when it takes none)."""

    name: str
    number: float = 0

    @property
    def count(self) -> int:
        return int(self.number)

    def __str__(self) -> str:
        if COMMANDS[self.name]:
            number = int(self.number) if self.number == int(self.number) else self.number
            return f"{PREFIX}{self.name} {number}"
        return PREFIX + self.name


def parse_command(text: str) -> Command | None:
    """The command in ``text``, or ``None`` if the text is not a valid command."""
    text = text.strip()
    if not text.startswith(PREFIX):
        return None
    name, _, argument = text[len(PREFIX) :].partition(" ")
    takes_number = COMMANDS.get(name)
    if takes_number is None:
        return None
    argument = argument.strip()
    if not takes_number:
        return Command(name) if not argument else None
    try:
        number = float(argument)
    except ValueError:
        return None
    limit = MAX_SECONDS if name == "slow" else MAX_COUNT
    if not 0 <= number <= limit or (name != "slow" and number != int(number)):
        return None
    return Command(name, number)


def message() -> str:
    return str(Command("message"))


def artifacts(count: int) -> str:
    return str(Command("artifacts", count))


def chunks(count: int) -> str:
    return str(Command("chunks", count))


def input_required() -> str:
    return str(Command("input-required"))


def fail() -> str:
    return str(Command("fail"))


def slow(seconds: float) -> str:
    return str(Command("slow", seconds))
