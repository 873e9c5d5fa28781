"""The ``govtasks`` command line: ``summary`` (the default), ``units``, ``tasks``, ``workload``,
``counts``, ``export``, ``validate`` and ``read`` (many plans, as one dataset)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from govtasks._version import __version__
from govtasks.bundled import load
from govtasks.dataset import DATASET_FORMATS, Outcome, outcomes, write_dataset
from govtasks.errors import DataError, ParseError, UnitNotFound
from govtasks.exports import FORMATS, export
from govtasks.many import files
from govtasks.model import Item, Plan, Role
from govtasks.pages import unit_sources_markdown
from govtasks.parsing import parse
from govtasks.serialize import from_json, units_to_json
from govtasks.units import NameStatus, UnitRegistry
from govtasks.validation import validate

TOP_LEADS = 5


def _number(item: Item) -> str:
    """An item's number as a listing shows it: 21, or its marker, or its place where it has neither."""
    return str(item.number) if item.number is not None else item.label


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
        f"  layout: {plan.layout.value}",
        "",
        "Coverage (present of declared):",
        f"  main targets (主要预期目标)  {_of(len(plan.targets), plan.declared_targets)}",
        f"  areas of key work (方面)    {_of(len(plan.sections), plan.declared_sections)}",
        f"  key-work tasks (重点工作)    {_of(len(plan.tasks), plan.declared_tasks)}",
    ]
    if plan.tasks and plan.declared_tasks is not None and len(plan.tasks) < plan.declared_tasks:
        lines.append(f"  incomplete: this copy of the text ends after task {_number(plan.tasks[-1])}")
    if plan.deadlines:
        lines += ["", "Deadlines set by the notice:"]
        lines += [f"  {d.date}  {d.due} -> {d.recipient or '(recipient not given)'}" for d in plan.deadlines]
    leads = Counter(unit.name for task in plan.tasks for unit in task.leads)
    if leads:
        lines += ["", f"Top lead units (牵头单位), by tasks led of the {len(plan.tasks)} present:"]
        lines += [f"  {count:3d}  {name}" for name, count in leads.most_common(TOP_LEADS)]
    if plan.residue:
        lines += ["", f"Text the parser could not place ({len(plan.residue)}):"]
        lines += [f"  line {r.line}, column {r.column}: {r.text}" for r in plan.residue]
    return "\n".join(lines)


def unit_table(units: UnitRegistry) -> str:
    """One line per unit: id, kind, printed name, full name, English name (CJK columns last)."""
    rows = []
    for unit in units:
        english = unit.name_en or "-"
        if unit.name_en_status is NameStatus.PROJECT:
            english += " [project translation]"
        rows.append(f"{unit.id:<44} {unit.kind.value:<21} {unit.name} | {unit.full_name or '-'} | {english}")
    return "\n".join(rows)


def _tasks_command(plan: Plan, args: argparse.Namespace) -> str:
    role = Role[args.role.upper()] if args.role else None
    unit = plan.units.lookup(args.unit)
    tasks = plan.tasks_for(unit, role=role, expand=args.expand)
    if args.json:
        return json.dumps(
            {
                "unit": unit.id,
                "role": args.role,
                "expand": args.expand,
                "coverage": str(plan.coverage),
                "tasks": [{"number": t.number, "text": t.text} for t in tasks],
            },
            ensure_ascii=False,
            indent=1,
        )
    how = f" as {args.role}" if args.role else ""
    via = " (directly or through a collective)" if args.expand else ""
    lines = [f"{len(tasks)} tasks name {unit.name}{how}{via}; the plan holds {plan.coverage}:"]
    return "\n".join(lines + [f"  {_number(t):>3}. {t.text}" for t in tasks])


def _workload_command(plan: Plan, args: argparse.Namespace) -> str:
    load = plan.workload(include_targets=args.targets)
    if args.json:
        rows = [
            {"unit": r.unit.id, "name": r.unit.name, "lead": r.lead, "responsible": r.responsible, "total": r.total}
            for r in load
        ]
        return json.dumps({"coverage": str(load.coverage), "units": rows}, ensure_ascii=False, indent=1)
    what = "targets and tasks" if args.targets else "tasks"
    lines = [f"{what} per unit (lead, responsible, total); the plan holds {load.coverage}:"]
    return "\n".join(lines + [f"  {r.lead:3d} {r.responsible:3d} {r.total:3d}  {r.unit.name}" for r in load])


def _counts_command(plan: Plan, args: argparse.Namespace) -> str:
    counts = plan.counts(args.by)
    if args.json:
        return json.dumps({"coverage": str(counts.coverage), "counts": dict(counts)}, ensure_ascii=False, indent=1)
    lines = [f"tasks by {args.by}; the plan holds {counts.coverage}:"]
    return "\n".join(lines + [f"  {n:3d}  {label}" for label, n in counts.items()])


class _Unreadable(Exception):
    """Input ``govtasks validate`` cannot read; the message says where and why."""


def _read_plan(path: str) -> Plan:
    """A plan from a text or JSON file; raises _Unreadable naming the place of the fault."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _Unreadable(f"cannot read {path}: {exc.strerror}") from None
    try:
        return from_json(data) if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else parse(data)
    except (ParseError, DataError) as exc:
        raise _Unreadable(f"{path}: {exc}") from None


def _validate_command(args: argparse.Namespace) -> tuple[int, str]:
    plan = _read_plan(args.file) if args.file else load()
    report = validate(plan)
    failed = not report.ok or (args.strict and bool(report.warnings))
    if args.json:
        findings = [
            {"code": f.code, "severity": f.severity.value, "message": f.message, "item": f.item, "line": f.line}
            for f in report.findings
        ]
        counts = {"ok": report.ok, "errors": len(report.errors), "warnings": len(report.warnings)}
        return int(failed), json.dumps({**counts, "findings": findings}, ensure_ascii=False, indent=1)
    return int(failed), str(report)


class _Unwritable(Exception):
    """An export ``govtasks export`` cannot make: a bad --out, a folder in the way, a failed write."""


def _export_command(plan: Plan, args: argparse.Namespace) -> str:
    try:
        written = export(plan, args.out, args.format, force=args.force)
    except (ValueError, OSError, ImportError) as exc:
        raise _Unwritable(str(exc)) from None
    return f"wrote {len(written)} files to {args.out} ({plan.coverage})"


def read_line(got: Outcome) -> str:
    """One file as ``govtasks read`` lists it: layout and counts, or the error and where it is."""
    name = got.path.name
    error = got.error
    if isinstance(error, ParseError):
        return f"{name}: error at line {error.line}, column {error.column}: {error.message}"
    if isinstance(error, OSError):
        return f"{name}: error: cannot read: {error.strerror or error}"
    if got.plan_id is None:
        return f"{name}: error: {error}"
    return f"{name}: {got.layout}, {got.items} items, {got.units} units, {got.errors} errors, {got.warnings} warnings"


class _Listing:
    """The files' outcomes, each listed on standard output as it passes; a progress bar on
    standard error only where standard error is a terminal."""

    def __init__(self, outcomes: Iterable[Outcome], total: int) -> None:
        self.outcomes, self.total, self.failed, self.count = outcomes, total, 0, 0
        self.progress = sys.stderr.isatty()

    def __iter__(self) -> Iterator[Outcome]:
        for got in self.outcomes:
            self.count += 1
            self.failed += got.plan_id is None
            if self.progress:
                sys.stderr.write("\r\x1b[K")
            sys.stdout.write(read_line(got) + "\n")
            sys.stdout.flush()
            if self.progress:
                sys.stderr.write(self.bar(got.path.name))
                sys.stderr.flush()
            yield got
        if self.progress:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()

    def bar(self, name: str, width: int = 24) -> str:
        done = width * self.count // max(self.total, 1)
        return f"[{'#' * done}{'.' * (width - done)}] {self.count}/{self.total} files, {self.failed} failed: {name}"


def _read_command(args: argparse.Namespace) -> int:
    """``govtasks read``: 0 when every file was read, 1 when any failed, 2 for a usage or I/O problem."""
    if args.jobs < 1:
        raise _Unwritable(f"--jobs must be at least 1, not {args.jobs}")
    try:
        names = files(args.paths[0] if len(args.paths) == 1 else args.paths)
        if not names:
            raise _Unwritable(f"no files found: {' '.join(args.paths)}")
        listing = _Listing(outcomes(names, args.format if args.out else None, jobs=args.jobs), len(names))
        if args.out is None:
            for _ in listing:
                pass
            return int(listing.failed > 0)
        summary = write_dataset(listing, args.out, args.format, force=args.force)
    except (ValueError, OSError, ImportError) as exc:
        raise _Unwritable(str(exc)) from None
    sys.stdout.write(
        f"wrote {summary.plans} plans ({summary.failed} failed, {summary.duplicates} duplicates) "
        f"as {args.format} to {args.out}\n"
    )
    return int(listing.failed > 0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govtasks", description="Wuhan's 2020 responsibility plan (武政办〔2020〕1号)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("summary", help="summarise the bundled plan (the default)")
    units = commands.add_parser("units", help="list the units with kind, full name and English name")
    output = units.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the unit registry as JSON")
    output.add_argument("--markdown", action="store_true", help="print every unit with the basis of each added fact")
    tasks = commands.add_parser("tasks", help="the tasks that name a unit")
    tasks.add_argument("--unit", required=True, help="any name of the unit: id, printed, full, English or alias")
    tasks.add_argument("--role", choices=[role.code for role in Role], help="only tasks the unit has in this role")
    tasks.add_argument("--expand", action="store_true", help="also tasks of collectives that contain the unit")
    tasks.add_argument("--json", action="store_true", help="print JSON")
    workload = commands.add_parser("workload", help="tasks led and shared per unit, most loaded first")
    workload.add_argument("--targets", action="store_true", help="count the main targets too")
    workload.add_argument("--json", action="store_true", help="print JSON")
    counts = commands.add_parser("counts", help="tasks per area, theme or unit kind")
    counts.add_argument("--by", choices=["section", "theme", "unit_kind"], default="section")
    counts.add_argument("--json", action="store_true", help="print JSON")
    exporting = commands.add_parser("export", help="write the bundled plan as a data package, CSV, JSON or Parquet")
    exporting.add_argument("--format", choices=FORMATS, default="datapackage")
    exporting.add_argument("--out", required=True, help="the folder to write: a new or empty one, or see --force")
    exporting.add_argument("--force", action="store_true", help="replace the folder even if it holds files")
    check = commands.add_parser("validate", help="check a plan against the document's rules")
    check.add_argument("file", nargs="?", help="a plan as text or JSON (default: the bundled plan)")
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    many = commands.add_parser("read", help="read many plans, list each, and write them as one dataset")
    many.add_argument("paths", nargs="+", metavar="PATHS", help="a folder, a glob pattern, or files")
    many.add_argument("--out", help="the dataset folder to write: a new or empty one, or see --force")
    many.add_argument("--format", choices=DATASET_FORMATS, default="parquet")
    many.add_argument("--jobs", type=int, default=1, help="worker processes that read files at once (default 1)")
    many.add_argument("--force", action="store_true", help="replace the folder even if it holds files")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "validate":
        try:
            status, output = _validate_command(args)
        except _Unreadable as exc:
            sys.stderr.write(f"govtasks: {exc}\n")
            return 2
        sys.stdout.write(output + "\n")
        return status
    if args.command == "read":
        try:
            return _read_command(args)
        except _Unwritable as exc:
            sys.stderr.write(f"govtasks: {exc}\n")
            return 2
    plan = load()
    try:
        if args.command == "units" and args.json:
            sys.stdout.write(units_to_json(plan.units))
        elif args.command == "units":
            sys.stdout.write((unit_sources_markdown if args.markdown else unit_table)(plan.units) + "\n")
        elif args.command in _COMMANDS:
            sys.stdout.write(_COMMANDS[args.command](plan, args) + "\n")
        else:
            sys.stdout.write(summary(plan) + "\n")
    except (UnitNotFound, _Unwritable) as exc:
        sys.stderr.write(f"govtasks: {exc}\n")
        return 2
    return 0


_COMMANDS = {
    "tasks": _tasks_command,
    "workload": _workload_command,
    "counts": _counts_command,
    "export": _export_command,
}
