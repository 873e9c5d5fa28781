"""The ``govtasks`` command line: ``govtasks summary`` (the default)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence

from govtasks._version import __version__
from govtasks.bundled import load
from govtasks.model import Plan

TOP_LEADS = 5


def _of(present: int, declared: int | None) -> str:
    return f"{present} of {declared}" if declared is not None else f"{present} (no count declared)"


def summary(plan: Plan) -> str:
    """A plain-text overview: the document, present vs declared counts, top lead units."""
    info = plan.info
    lines = [
        plan.title or info.title or "(untitled plan)",
        f"  issued as {info.doc_number or '(no document number)'} by {info.issuer or '(issuer not given)'}"
        f" on {info.published or '(date not given)'}; status: {info.status or '(not given)'}",
        f"  source sha256: {plan.source_sha256}",
        "",
        "Coverage (present of declared):",
        f"  main targets (主要预期目标)  {_of(len(plan.targets), plan.declared_targets)}",
        f"  areas of key work (方面)    {_of(len(plan.sections), plan.declared_sections)}",
        f"  key-work tasks (重点工作)    {_of(len(plan.tasks), plan.declared_tasks)}",
    ]
    if plan.tasks and plan.declared_tasks is not None and len(plan.tasks) < plan.declared_tasks:
        lines.append(f"  incomplete: this copy of the text ends after task {plan.tasks[-1].number}")
    if plan.deadlines:
        lines += ["", "Deadlines set by the notice:"]
        lines += [f"  {d.date}  {d.due} -> {d.recipient or '(recipient not given)'}" for d in plan.deadlines]
    leads = Counter(unit for task in plan.tasks for unit in task.leads)
    if leads:
        lines += ["", f"Top lead units (牵头单位), by tasks led of the {len(plan.tasks)} present:"]
        lines += [f"  {count:3d}  {unit}" for unit, count in leads.most_common(TOP_LEADS)]
    if plan.residue:
        lines += ["", f"Text the parser could not place ({len(plan.residue)}):"]
        lines += [f"  line {r.line}, column {r.column}: {r.text}" for r in plan.residue]
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govtasks", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("summary", help="summarise the bundled plan (the default)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    _parser().parse_args(argv)
    sys.stdout.write(summary(load()) + "\n")
    return 0
