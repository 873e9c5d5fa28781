"""The ``govtasks`` command line: ``summary`` (the default), ``units``, ``task``, ``tasks``, ``targets``,
``workload``, ``counts``, ``export``, ``validate`` and ``read`` (many plans, as one dataset).

Every command that reads one plan reads the bundled plan, or the user's own with ``--file``, and
prints JSON with ``--json``. Every error is one line on standard error, starting ``govtasks: ``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, get_args

import attrs

from govtasks._text import plural
from govtasks._version import __version__
from govtasks.bundled import DATAPACKAGE_NAME, load, load_units
from govtasks.datapackage import PACKAGE_NAME, document_facts
from govtasks.dataset import DATASET_FORMATS, Outcome, outcomes, write_dataset
from govtasks.docpages import unit_sources_markdown
from govtasks.errors import DataError, ParseError, TaskNotFound, UnitNotFound
from govtasks.exporting import FORMATS, Format, export
from govtasks.many import files
from govtasks.model import Division, DocumentInfo, Item, Plan, Role
from govtasks.parsing import parse
from govtasks.query import CountBy, Via, WorkloadRow, _heading
from govtasks.serialize import from_json, units_to_json
from govtasks.units import Alias, NameStatus, Unit, UnitRegistry, sourced
from govtasks.validation import validate

TOP_LEADS = 5
"""The summary's top lead units: this many, and every unit tied with the last of them ..."""
MOST_SHOWN = 2 * TOP_LEADS
"""... but never more than this many; the summary says how many more are tied."""


class _Failure(Exception):
    """A usage or I/O problem: reported as one line on standard error, with exit status 2."""


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def _number(item: Item) -> str:
    """An item's number as a listing shows it: 21, or its marker, or its place where it has neither."""
    return str(item.number) if item.number is not None else item.label


def _of(present: int, declared: int | None) -> str:
    return f"{present} of {declared}" if declared is not None else f"{present} (no count declared)"


def _role_name(role: Role) -> str:
    """A role as the command line names it: its code, which ``--role`` takes, and the document's label."""
    return f"{role.code} ({role.value})"


def _role(value: str) -> Role:
    """``--role``'s value; argparse reports a bad one with the accepted values."""
    try:
        return Role.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _unit_data(unit: Unit) -> dict[str, str]:
    return {"unit": unit.id, "name": unit.name}


# -- summary


def top_leads(plan: Plan) -> tuple[tuple[WorkloadRow, ...], int]:
    """The units leading most tasks (targets not counted), from :meth:`Plan.workload`, most first:
    the first TOP_LEADS and every unit tied with the last of them, at most MOST_SHOWN; and how many
    more units tie with the last one shown, so that a tie is never cut in silence."""
    leads = sorted((row for row in plan.workload(include_targets=False) if row.lead), key=lambda row: -row.lead)
    if not leads:
        return (), 0
    cut = leads[min(TOP_LEADS, len(leads)) - 1].lead
    tied = [row for row in leads if row.lead >= cut]
    return tuple(tied[:MOST_SHOWN]), len(tied[MOST_SHOWN:])


def _document_date(info: DocumentInfo) -> str:
    """The dates the document was issued on, each with its label (2020-01-17 (公布日期)), and then
    the day a site released it (发布日期), which is later and no date of issue."""
    issued: dict[dt.date, list[str]] = {}
    for day, label in ((info.written, "成文日期"), (info.promulgated, "公布日期")):
        if day is not None:
            issued.setdefault(day, []).append(label)
    shown = " and ".join(f"{day} ({', '.join(labels)})" for day, labels in issued.items()) or "(date not given)"
    return f"{shown}, released {info.released} (发布日期)" if info.released else shown


def summary(plan: Plan) -> str:
    """A plain-text overview: the document, present vs declared counts, top lead units."""
    info = plan.info
    lines = [
        plan.title or info.title or "(untitled plan)",
        f"  issued as {info.doc_number or '(no document number)'} by {info.issuer or '(issuer not given)'}"
        f" on {_document_date(info)}; status: {info.status or '(not given)'}",
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
    leads, more = top_leads(plan)
    if leads:
        counted = f"by tasks led of the {len(plan.tasks)} present (targets not counted)"
        lines += ["", f"Top lead units ({Role.LEAD.value}), {counted}:"]
        lines += [f"  {row.lead:3d}  {row.unit.name}" for row in leads]
        lines += [f"  and {more} more with {leads[-1].lead} each"] if more else []
    if plan.residue:
        lines += ["", f"Text the parser could not place ({len(plan.residue)}):"]
        lines += [f"  line {r.line}, column {r.column}: {r.text}" for r in plan.residue]
    return "\n".join(lines)


def _summary_command(plan: Plan, args: argparse.Namespace) -> str:
    if not args.json:
        return summary(plan)
    info, cover = plan.info, plan.coverage
    leads, more = top_leads(plan)
    return _json(
        {
            "title": plan.title,
            "document": {**document_facts(info), "status": info.status},
            "source_sha256": plan.source_sha256,
            "layout": plan.layout.value,
            "coverage": str(cover),
            "counts": {
                what: {"present": present, "declared": declared}
                for what, present, declared in (
                    ("targets", cover.targets, cover.declared_targets),
                    ("areas", cover.sections, cover.declared_sections),
                    ("tasks", cover.tasks, cover.declared_tasks),
                )
            },
            "deadlines": [{"date": d.date.isoformat(), "due": d.due, "recipient": d.recipient} for d in plan.deadlines],
            "top_leads": {
                "targets_counted": False,
                "units": [{**_unit_data(row.unit), "lead": row.lead} for row in leads],
                "tied_not_shown": more,
            },
            "residue": [attrs.asdict(residue) for residue in plan.residue],
        }
    )


# -- units


def unit_table(units: UnitRegistry) -> str:
    """One line per unit: id, kind, printed name, full name, English name (CJK columns last)."""
    rows = []
    for unit in units:
        english = unit.name_en or "-"
        if unit.name_en_status is NameStatus.PROJECT:
            english += " [project translation]"
        rows.append(f"{unit.id:<44} {unit.kind.value:<21} {unit.name} | {unit.full_name or '-'} | {english}")
    return "\n".join(rows)


def _units_command(plan: Plan, args: argparse.Namespace) -> str:
    if args.json:
        return units_to_json(plan.units).rstrip("\n")
    return (unit_sources_markdown if args.markdown else unit_table)(plan.units)


# -- items: one task, the targets, the tasks of a unit


def _enclosing(plan: Plan, item: Item) -> list[Division]:
    """The divisions ``item`` sits in, outermost first: part, area, theme, …"""
    found = []
    division = plan.division(item.division)
    while division is not None:
        found.append(division)
        division = plan.division(division.parent)
    return found[::-1]


def _names(item: Item, role: Role) -> str:
    """The units ``item`` charges in ``role``, as printed."""
    return "、".join(a.printed for a in item.assignments if a.role is role) or "(none)"


def _item_data(plan: Plan, item: Item) -> dict[str, Any]:
    """An item in full, for ``--json``: its units by role code, and where it sits."""
    return {
        "kind": item.kind.value,
        "number": item.number,
        "marker": item.marker,
        "text": item.text,
        **{
            role.code: [{**_unit_data(a.unit), "printed": a.printed} for a in item.assignments if a.role is role]
            for role in Role
        },
        "open_ended": item.open_ended,
        "leaders": [attrs.asdict(leader) for leader in item.leaders],
        "due": item.due,
        "source": item.source,
        "details": [attrs.asdict(detail) for detail in item.details],
        "divisions": [{"kind": d.kind.value, "marker": d.marker, "title": d.title} for d in _enclosing(plan, item)],
        "complete": item.complete,
        "lines": [item.first_line, item.last_line],
    }


def _item_lines(plan: Plan, item: Item) -> list[str]:
    """An item in full, for reading: text, where it sits, its units, leaders, deadline and source."""
    lines = [f"  {item.text}"]
    lines += [f"  {d.kind.value}: {_heading(d)}" for d in _enclosing(plan, item)]
    lines += [f"  {_role_name(role)}: {_names(item, role)}" for role in Role]
    if item.open_ended:
        lines.append("  the list of units ends in 等 (and others): it is not exhaustive")
    leaders = "、".join(f"{leader.name} ({leader.label})" if leader.label else leader.name for leader in item.leaders)
    lines += [
        f"  leaders: {leaders or '(not given)'}",
        f"  deadline (完成时限): {item.due or '(not given)'}",
        f"  source (任务来源): {item.source or '(not given)'}",
    ]
    lines += [f"  {detail.label}: {detail.text}" for detail in item.details]
    first, last = item.first_line, item.last_line
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    lines.append(f"  {where} of the source" + ("" if item.complete else "; the text stops inside it"))
    return lines


def _task_command(plan: Plan, args: argparse.Namespace) -> str:
    task = plan.task(args.number)
    if args.json:
        return _json({"coverage": str(plan.coverage), "task": _item_data(plan, task)})
    return "\n".join([f"task {_number(task)}; the plan holds {plan.coverage}:", *_item_lines(plan, task)])


def _targets_command(plan: Plan, args: argparse.Namespace) -> str:
    if args.json:
        return _json({"coverage": str(plan.coverage), "targets": [_item_data(plan, t) for t in plan.targets]})
    title = f" ({plan.targets_title})" if plan.targets_title else ""
    lines = [f"{plural(len(plan.targets), 'target')}{title}; the plan holds {plan.coverage}:"]
    for target in plan.targets:
        lines.append(f"  {target.label} {target.text}")
        lines.append("      " + "; ".join(f"{_role_name(role)}: {_names(target, role)}" for role in Role))
    return "\n".join(lines)


def _tasks_command(plan: Plan, args: argparse.Namespace) -> str:
    unit, role = plan.units.lookup(args.unit), args.role
    tasks = plan.tasks_for(unit, role=role, expand=args.expand)
    expanded = plan.tasks_for(unit, role=role, expand=True)
    if args.json:
        return _json(
            {
                **_unit_data(unit),
                "alias": _alias_data(plan.units.alias_of(args.unit)),
                "role": role.code if role else None,
                "expand": args.expand,
                "with_expand": len(expanded),
                "coverage": str(plan.coverage),
                "tasks": [{**_item_data(plan, t), **_via_data(tasks.via(t))} for t in tasks],
            }
        )
    how = f" as {_role_name(role)}" if role else ""
    via = ", directly or through a collective that contains it" if args.expand else ""
    listed = ":" if tasks else "."
    lines = [f"{plural(len(tasks), 'task')} for {unit.name}{how}{via}; the plan holds {plan.coverage}{listed}"]
    lines += [f"  {_number(t):>3}. {t.text}{_through(tasks.via(t))}" for t in tasks]
    if len(expanded) > len(tasks):
        lines.append(f"--expand finds {plural(len(expanded), 'task')}, with those of the collectives that contain it")
    if (alias := plan.units.alias_of(args.unit)) is not None:
        basis = "its source: govtasks units --markdown" if sourced(alias.basis) else f"unsourced: {alias.basis}"
        lines.append(f"{alias.name} is another name of {unit.name} ({alias.certainty.value}; {basis})")
    return "\n".join(lines)


def _through(via: Via | None) -> str:
    """What a listed task adds when it reaches the unit only through collectives: which, and how surely."""
    return f" (through {'、'.join(u.name for u in via.collectives)}, {via.certainty.value})" if via else ""


def _via_data(via: Via | None) -> dict[str, Any]:
    """A task's ``via`` (the collectives it reaches the unit through; empty where it names the unit) and
    ``certainty`` (how surely; null where it names the unit), for ``--json``."""
    return {
        "via": [_unit_data(unit) for unit in via.collectives] if via else [],
        "certainty": via.certainty.value if via else None,
    }


# -- workload and counts


def _workload_command(plan: Plan, args: argparse.Namespace) -> str:
    load = plan.workload(include_targets=args.targets, expand=args.expand, administrations=args.administrations)
    if args.json:
        flags = {
            "include_targets": load.include_targets,
            "expand": load.expand,
            "administrations": load.administrations,
        }
        return _json({"coverage": str(load.coverage), **flags, "units": [_row_data(row) for row in load]})
    what = "targets and tasks" if load.include_targets else "tasks"
    via = ", counting those of the collectives that contain it" if load.expand else ""
    columns = ", ".join(role.code for role in Role)
    lines = [f"{what} per unit{via} ({columns}, total); the plan holds {load.coverage}:"]
    if load.administrations:
        lines[0] = lines[0].replace(" per unit", " per administration (区园合一 counted once)")
    for r in load:
        surely = f" ({'links' if r.together else 'membership'} {r.certainty.value})" if r.certainty else ""
        names = "、".join(u.name for u in (r.unit, *r.together))
        lines.append(f"  {r.lead:3d} {r.responsible:3d} {r.total:3d}  {names}{surely}")
    return "\n".join(lines)


def _alias_data(alias: Alias | None) -> dict[str, str] | None:
    """The alias a name given was looked up by, with how well it is attested for the unit."""
    return None if alias is None else {"name": alias.name, "certainty": alias.certainty.value, "basis": alias.basis}


def _row_data(row: WorkloadRow) -> dict[str, Any]:
    counts = {"lead": row.lead, "responsible": row.responsible, "total": row.total}
    certainty = row.certainty.value if row.certainty else None
    return {**_unit_data(row.unit), **counts, "certainty": certainty, "together": [u.id for u in row.together]}


def _counts_command(plan: Plan, args: argparse.Namespace) -> str:
    counts = plan.counts(args.by)
    if args.json:
        return _json({"coverage": str(counts.coverage), "counts": dict(counts)})
    lines = [f"tasks by {args.by}; the plan holds {counts.coverage}:"]
    return "\n".join(lines + [f"  {n:3d}  {label}" for label, n in counts.items()])


# -- reading, checking and writing a plan


def _read_plan(path: str) -> Plan:
    """A plan from a text or JSON file; a _Failure names the place of the fault, in one line."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _Failure(f"cannot read {path}: {exc.strerror}") from None
    try:
        if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            return from_json(data, units=load_units())  # the bundled registry, for a plan that refers to it
        return parse(data)
    except ParseError as exc:
        raise _Failure(f"{path}: {exc}") from None
    except DataError as exc:
        more = f" (and {plural(len(exc.problems) - 1, 'more problem')})" if len(exc.problems) > 1 else ""
        raise _Failure(f"{path}: invalid {exc.source}: {exc.problems[0]}{more}") from None


def _plan_of(args: argparse.Namespace) -> Plan:
    """The plan a command reads: the file given (``--file``, or ``validate``'s FILE), else the bundled plan."""
    named, positional = args.file, vars(args).get("plan_file")
    if named and positional:
        raise _Failure(f"give the plan once: {positional} or --file {named}, not both")
    path = named or positional
    return load() if path is None else _read_plan(path)


def _validate_command(plan: Plan, args: argparse.Namespace) -> tuple[int, str]:
    report = validate(plan)
    failed = int(not report.ok or (args.strict and bool(report.warnings)))
    if args.json:
        findings = [
            {"code": f.code, "severity": f.severity.value, "message": f.message, "item": f.item, "line": f.line}
            for f in report.findings
        ]
        counts = {"ok": report.ok, "errors": len(report.errors), "warnings": len(report.warnings)}
        return failed, _json({**counts, "findings": findings})
    head = f"{plural(len(report.errors), 'error')}, {plural(len(report.warnings), 'warning')}"
    return failed, "\n".join([head, *(f"  {finding}" for finding in report.findings)])


def _created(value: str) -> dt.datetime:
    """``--created``'s value: ``now``, or an ISO 8601 date or time (UTC unless it gives a zone)."""
    if value == "now":
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected now or an ISO 8601 date or time, not {value!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _export_command(plan: Plan, args: argparse.Namespace) -> str:
    chosen: Format = args.format or ("csv" if args.excel else "datapackage")
    if args.created and chosen != "datapackage":
        raise _Failure(f"--created is for --format datapackage: a {chosen} export records no time")
    name = PACKAGE_NAME if args.file else DATAPACKAGE_NAME
    try:
        written = export(plan, args.out, chosen, name=name, created=args.created, force=args.force, bom=args.excel)
    except OSError as exc:
        raise _Failure(f"cannot write {args.out}: {exc.strerror}" if exc.strerror else str(exc)) from None
    except (ValueError, ImportError) as exc:
        raise _Failure(str(exc)) from None
    return f"wrote {plural(len(written), 'file')} to {args.out} ({plan.coverage})"


# -- many plans


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
    counted = zip((got.items, got.units, got.errors, got.warnings), ("item", "unit", "error", "warning"), strict=True)
    return f"{name}: {got.layout}, " + ", ".join(plural(count or 0, noun) for count, noun in counted)


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
        files = f"{self.count}/{plural(self.total, 'file')}"
        return f"[{'#' * done}{'.' * (width - done)}] {files}, {self.failed} failed: {name}"


def _read_command(args: argparse.Namespace) -> int:
    """``govtasks read``: 0 when every file was read, 1 when any failed, 2 for a usage or I/O problem."""
    if args.jobs < 1:
        raise _Failure(f"--jobs must be at least 1, not {args.jobs}")
    try:
        names = files(args.paths[0] if len(args.paths) == 1 else args.paths)
        if not names:
            raise _Failure(f"no files found: {' '.join(args.paths)}")
        listing = _Listing(outcomes(names, args.format if args.out else None, jobs=args.jobs), len(names))
        if args.out is None:
            for _ in listing:
                pass
            return int(listing.failed > 0)
        written = write_dataset(listing, args.out, args.format, force=args.force)
    except (ValueError, OSError, ImportError) as exc:
        raise _Failure(str(exc)) from None
    sys.stdout.write(
        f"wrote {plural(written.plans, 'plan')} ({written.failed} failed, {plural(written.duplicates, 'duplicate')})"
        f" as {args.format} to {args.out}\n"
    )
    return int(listing.failed > 0)


# -- the parser and main


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on standard error, as every other error is."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"govtasks: {message} (see {self.prog} --help)\n")


def _file_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--file",
        metavar="PATH",
        help="read this plan, as text or as JSON (govtasks.to_json); default: the bundled plan",
    )


def _json_option(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument("--json", action="store_true", help=f"print {what} as JSON")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govtasks",
        description="Chinese government responsibility plans (责任分解方案): the bundled plan is Wuhan's 2020"
        " plan (武政办〔2020〕1号); --file reads your own.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", help="one of these (default: summary)")
    roles = " or ".join(_role_name(role) for role in Role)

    overview = commands.add_parser("summary", help="the document, its coverage and its top lead units (the default)")
    _file_option(overview)
    _json_option(overview, "the summary")

    units = commands.add_parser("units", help="list the units with kind, full name and English name")
    _file_option(units)
    output = units.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the unit registry as JSON")
    output.add_argument("--markdown", action="store_true", help="print every unit with the basis of each added fact")

    task = commands.add_parser("task", help="one task in full: text, units, leaders, deadline, where it sits")
    task.add_argument("number", type=int, metavar="N", help="the task's number as printed (18 for 18.)")
    _file_option(task)
    _json_option(task, "the task")

    targets = commands.add_parser("targets", help="the main targets (主要预期目标) with their units")
    _file_option(targets)
    _json_option(targets, "the targets")

    tasks = commands.add_parser("tasks", help="the tasks that name a unit")
    tasks.add_argument("--unit", required=True, help="any name of the unit: id, printed, full, English or alias")
    tasks.add_argument("--role", type=_role, metavar="ROLE", help=f"only tasks the unit has in this role: {roles}")
    tasks.add_argument("--expand", action="store_true", help="also tasks of collectives that contain the unit")
    _file_option(tasks)
    _json_option(tasks, "the unit and its tasks")

    workload = commands.add_parser("workload", help="tasks led and shared per unit, most loaded first")
    workload.add_argument("--targets", action="store_true", help="count the main targets too")
    workload.add_argument(
        "--expand", action="store_true", help="give each unit the items of the collectives that contain it too"
    )
    workload.add_argument(
        "--administrations",
        action="store_true",
        help="count one administration under two names (区园合一, such as 汉南区 and 武汉经开区) once",
    )
    _file_option(workload)
    _json_option(workload, "the rows")

    counts = commands.add_parser("counts", help="tasks per area, theme or unit kind")
    counts.add_argument(
        "--by",
        choices=get_args(CountBy),
        default="section",
        help="count per area (section, the default), theme or unit kind",
    )
    _file_option(counts)
    _json_option(counts, "the counts")

    exporting = commands.add_parser("export", help="write the plan as a data package, CSV, JSON or Parquet")
    exporting.add_argument(
        "--format", choices=FORMATS, help="what to write (default: datapackage, or csv with --excel)"
    )
    exporting.add_argument(
        "--out", required=True, metavar="DIR", help="the folder to write: a new or empty one, or see --force"
    )
    exporting.add_argument("--force", action="store_true", help="replace the folder even if it holds files")
    exporting.add_argument(
        "--created",
        type=_created,
        metavar="WHEN",
        help="record this time (now, or an ISO 8601 date or time) in datapackage.json; default: no time,"
        " so that one plan always makes the same bytes",
    )
    exporting.add_argument(
        "--excel", action="store_true", help="start each CSV file with a UTF-8 byte-order mark, for Excel (csv format)"
    )
    _file_option(exporting)

    check = commands.add_parser("validate", help="check a plan against the document's rules")
    check.add_argument("plan_file", nargs="?", metavar="FILE", help="the same as --file (kept for compatibility)")
    _file_option(check)
    _json_option(check, "the findings")
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")

    many = commands.add_parser("read", help="read many plans, list each, and write them as one dataset")
    many.add_argument("paths", nargs="+", metavar="PATHS", help="a folder, a glob pattern, or files")
    many.add_argument("--out", metavar="DIR", help="the dataset folder to write: a new or empty one, or see --force")
    many.add_argument(
        "--format", choices=DATASET_FORMATS, default="parquet", help="what --out writes (default: parquet)"
    )
    many.add_argument("--jobs", type=int, default=1, help="worker processes that read files at once (default 1)")
    many.add_argument("--force", action="store_true", help="replace the folder even if it holds files")
    return parser


_COMMANDS: dict[str, Callable[[Plan, argparse.Namespace], str]] = {
    "summary": _summary_command,
    "units": _units_command,
    "task": _task_command,
    "targets": _targets_command,
    "tasks": _tasks_command,
    "workload": _workload_command,
    "counts": _counts_command,
    "export": _export_command,
}


def _run(args: argparse.Namespace) -> int:
    if args.command == "read":
        return _read_command(args)
    plan = _plan_of(args)
    if args.command == "validate":
        status, output = _validate_command(plan, args)
    else:
        status, output = 0, _COMMANDS[args.command](plan, args)
    sys.stdout.write(output + "\n")
    return status


@contextlib.contextmanager
def _escaping_output() -> Iterator[None]:
    """For the run only, write a character the output's encoding lacks (Chinese, under
    PYTHONIOENCODING=ascii) as a backslash escape, rather than fail on it."""
    changed = []
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors != "backslashreplace":
            changed.append((stream, stream.errors))
            stream.reconfigure(errors="backslashreplace")
    try:
        yield
    finally:
        for stream, errors in changed:
            stream.reconfigure(errors=errors)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status: 0, 1 for a failed check, 2 for a usage or I/O problem."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    with _escaping_output():
        args = _parser().parse_args(arguments or ["summary"])
        try:
            return _run(args)
        except (_Failure, UnitNotFound, TaskNotFound) as exc:
            sys.stderr.write(f"govtasks: {exc}\n")
            return 2
