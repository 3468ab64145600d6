"""Results of a run, and their JSON and JUnit XML forms.

A run passes when no selected MUST check failed: skipped checks (the agent
does not offer the feature, or does not follow the behaviour convention) do
not fail a run, and SHOULD and MAY failures are reported without failing it.
"""

from __future__ import annotations

import enum
import json
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from a2a.conformance.requirements import Level, Requirement

__all__ = ["CheckResult", "Outcome", "Report"]


class Outcome(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    #: The check itself broke (a suite bug, or an answer it could not read at all).
    ERROR = "error"


@dataclass
class CheckResult:
    requirement: Requirement
    binding: str | None
    outcome: Outcome
    expected: str = ""
    seen: str = ""
    reason: str = ""
    duration: float = 0.0

    @property
    def id(self) -> str:
        return self.requirement.id

    @property
    def name(self) -> str:
        """``A2A-CORE-SEND-001[JSONRPC]``, or the bare id for checks made once."""
        return f"{self.id}[{self.binding}]" if self.binding else self.id

    @property
    def failing(self) -> bool:
        return self.outcome in (Outcome.FAILED, Outcome.ERROR)

    def explanation(self) -> str:
        """One line: what was expected and seen, or why the check was skipped."""
        if self.outcome is Outcome.SKIPPED or self.outcome is Outcome.ERROR:
            return self.reason
        if self.outcome is Outcome.FAILED:
            return f"expected {self.expected}; seen {self.seen}"
        return ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "level": self.requirement.level.value,
            "section": self.requirement.section,
            "title": self.requirement.title,
            "binding": self.binding,
            "outcome": self.outcome.value,
            "duration": round(self.duration, 3),
        }
        if self.outcome is Outcome.FAILED:
            data["expected"] = self.expected
            data["seen"] = self.seen
        if self.reason:
            data["reason"] = self.reason
        return data


@dataclass
class Report:
    url: str
    bindings: list[str]
    started: str
    duration: float = 0.0
    agent: str = ""
    convention: bool = False
    results: list[CheckResult] = field(default_factory=list)
    #: Why some bindings or the whole run could not be tested, for the summary.
    notes: list[str] = field(default_factory=list)
    #: Which suite produced the report (``a2a-conformance``, ``acp-conformance``).
    suite: str = "a2a-conformance"

    def failures(self, level: Level | None = None) -> list[CheckResult]:
        return [
            r for r in self.results if r.failing and (level is None or r.requirement.level is level)
        ]

    def failing_ids(self, level: Level | None = None) -> set[str]:
        """Requirement ids with at least one failing check (any binding)."""
        return {r.id for r in self.failures(level)}

    @property
    def passed(self) -> bool:
        """No MUST check failed."""
        return not self.failures(Level.MUST)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    def counts(self) -> dict[str, dict[str, int]]:
        """``{level: {outcome: n}}`` over every result."""
        table: dict[str, Counter[str]] = {lvl.value: Counter() for lvl in Level}
        for result in self.results:
            table[result.requirement.level.value][result.outcome.value] += 1
        return {lvl: {o.value: table[lvl][o.value] for o in Outcome} for lvl in table}

    def to_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "url": self.url,
            "agent": self.agent,
            "bindings": self.bindings,
            "convention": self.convention,
            "started": self.started,
            "duration": round(self.duration, 3),
            "passed": self.passed,
            "counts": self.counts(),
            "notes": self.notes,
            "results": [r.to_dict() for r in self.results],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_junit(self) -> str:
        """JUnit XML: one test case per check, named after its requirement and binding."""
        suite = ET.Element(
            "testsuite",
            name=self.suite,
            tests=str(len(self.results)),
            failures=str(sum(r.outcome is Outcome.FAILED for r in self.results)),
            errors=str(sum(r.outcome is Outcome.ERROR for r in self.results)),
            skipped=str(sum(r.outcome is Outcome.SKIPPED for r in self.results)),
            time=f"{self.duration:.3f}",
            timestamp=self.started,
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in (("url", self.url), ("agent", self.agent)):
            ET.SubElement(properties, "property", name=name, value=value)
        for result in self.results:
            requirement = result.requirement
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"{self.suite.split('-')[0]}.{requirement.group.lower()}"
                + (f".{result.binding}" if result.binding else ""),
                name=f"{result.name} {requirement.level.value}: {requirement.title}",
                time=f"{result.duration:.3f}",
            )
            if result.outcome is Outcome.FAILED:
                node = ET.SubElement(
                    case, "failure", message=result.explanation(), type=requirement.level.value
                )
                node.text = f"§{requirement.section}\n{result.explanation()}"
            elif result.outcome is Outcome.ERROR:
                ET.SubElement(case, "error", message=result.reason)
            elif result.outcome is Outcome.SKIPPED:
                ET.SubElement(case, "skipped", message=result.reason)
        ET.indent(suite)
        return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
