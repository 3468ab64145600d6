"""The terminal side of a conformance run: a progress bar, and the summary.

Rich output (a progress bar while checks run, tables after) when the console
is a terminal; plain text lines otherwise, so that piped output and CI logs
stay readable.  Used by ``a2a conformance`` and ``acp conformance``.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from a2a.conformance.report import CheckResult, Outcome, Report
from a2a.conformance.requirements import Level

__all__ = [
    "Runner",
    "add_run_options",
    "header_argument",
    "render_summary",
    "report_path_argument",
    "run_with_progress",
    "write_reports",
]

#: Runs a suite, telling ``on_plan`` how many checks will run and ``progress`` each result.
Runner = Callable[[Callable[[CheckResult], None], Callable[[int], None]], Awaitable[Report]]

_STYLE = {
    Outcome.PASSED: "green",
    Outcome.FAILED: "red",
    Outcome.ERROR: "red",
    Outcome.SKIPPED: "yellow",
}


async def run_with_progress(run: Runner, console: Console, title: str) -> Report:
    """Run a suite; on a terminal, with a progress bar that counts failing checks."""
    if not console.is_terminal:
        return await run(lambda result: None, lambda total: None)
    progress = Progress(
        TextColumn(f"[bold]{title}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failing", style="red"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task("checks", total=None, failed=0)
    failed = 0

    def planned(total: int) -> None:
        progress.update(task, total=total)

    def done(result: CheckResult) -> None:
        nonlocal failed
        failed += result.failing
        progress.update(task, advance=1, failed=failed)

    with progress:
        return await run(done, planned)


def render_summary(
    report: Report, console: Console, *, verbose: bool = False, title: str = "A2A conformance"
) -> None:
    """The summary: failures with their explanation, skips by reason, counts per level."""
    out = _Printer(console, console.is_terminal)
    agent = f"{report.agent!r} at " if report.agent else ""
    out.line(f"{title} of {agent}{report.url}", "bold")
    bindings = ", ".join(report.bindings) or "none"
    convention = "yes" if report.convention else "no (behaviour checks are skipped)"
    out.line(f"bindings: {bindings}; behaviour convention: {convention}")
    for note in report.notes:
        out.line(f"note: {note}", "yellow")
    shown = report.results if verbose else [r for r in report.results if r.failing]
    for result in shown:
        out.result(result)
    skipped = [r for r in report.results if r.outcome is Outcome.SKIPPED]
    if skipped and not verbose:
        by_reason: dict[str, list[str]] = defaultdict(list)
        for result in skipped:
            by_reason[result.reason].append(result.name)
        out.line(f"skipped {len(skipped)} checks:", "yellow")
        for reason, names in sorted(by_reason.items(), key=lambda item: -len(item[1])):
            more = f" and {len(names) - 4} more" if len(names) > 4 else ""
            listed = ", ".join(names[:4]) + more
            out.line(f"  {reason}: {listed}", "dim")
    out.counts(report)
    must = sorted(report.failing_ids(Level.MUST))
    if must:
        out.line(f"FAIL: {len(must)} MUST requirements not met: {', '.join(must)}", "bold red")
    else:
        out.line(
            f"PASS: every selected MUST check that applies passed ({report.duration:.1f}s)",
            "bold green",
        )


class _Printer:
    def __init__(self, console: Console, rich: bool) -> None:
        self.console = console
        self.rich = rich

    def line(self, text: str, style: str = "") -> None:
        if self.rich:
            self.console.print(Text(text, style=style))
        else:
            self.console.file.write(text + "\n")

    def result(self, result: CheckResult) -> None:
        requirement = result.requirement
        head = (
            f"{result.outcome.value.upper():7} {requirement.level.value:6} {result.name} "
            f"(§{requirement.section}) {requirement.title}"
        )
        self.line(head, _STYLE[result.outcome])
        if result.explanation():
            self.line(f"        {result.explanation()}", "dim")

    def counts(self, report: Report) -> None:
        counts = report.counts()
        outcomes = [o.value for o in Outcome]
        if self.rich:
            table = Table(show_edge=False, pad_edge=False)
            table.add_column("level")
            for outcome in outcomes:
                table.add_column(outcome, justify="right")
            for level, row in counts.items():
                table.add_row(level, *(str(row[o]) for o in outcomes))
            self.console.print(table)
            return
        self.line("level   " + " ".join(f"{o:>8}" for o in outcomes))
        for level, row in counts.items():
            self.line(f"{level:7} " + " ".join(f"{row[o]:>8}" for o in outcomes))


def write_reports(report: Report, paths: Sequence[Path], command: str) -> int:
    """Write JUnit XML (``.xml``) and JSON reports; the exit status (2 if one cannot be written)."""
    for path in paths:
        text = report.to_junit() if path.suffix.lower() == ".xml" else report.to_json()
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"{command}: cannot write {path}: {exc}", file=sys.stderr)
            return 2
    return report.exit_code


def header_argument(value: str) -> tuple[str, str]:
    """``--header 'Name: value'`` as an argparse type (both suites' command lines)."""
    name, sep, content = value.partition(":")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected 'Name: value', got {value!r}")
    return name.strip(), content.strip()


def report_path_argument(value: str) -> Path:
    """``--report FILE``: JUnit XML or JSON, told by the suffix."""
    path = Path(value)
    if path.suffix.lower() not in (".xml", ".json"):
        raise argparse.ArgumentTypeError("a report file ends in .xml (JUnit) or .json")
    return path


def add_run_options(parser: argparse.ArgumentParser, *, id_example: str) -> None:
    """The options both suites' commands take: what to run, credentials, reports, pace.

    ``id_example`` is a requirement id prefix shown in ``--only``'s help.
    """
    parser.add_argument(
        "--level",
        choices=["must", "should", "may"],
        default="may",
        help="weakest level to run: must, should (MUST and SHOULD) or may (all, the default)",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="PATTERN",
        help=f"run requirement ids matching PATTERN (a prefix such as {id_example}, or a glob)",
    )
    parser.add_argument(
        "--header",
        action="append",
        type=header_argument,
        metavar="'NAME: VALUE'",
        help="a header for every request, e.g. credentials (repeatable)",
    )
    parser.add_argument(
        "--report",
        action="append",
        type=report_path_argument,
        metavar="FILE",
        help="write a report: FILE.xml (JUnit) or FILE.json (repeatable)",
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per call (10)")
    parser.add_argument("--concurrency", type=int, default=8, help="checks run at once (8)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every check")
