"""The document's own rules, checked: numbering, declared counts, responsibility lists,
units, texts, deadlines and what the parser could not place.

Parsing is syntactic, so a plan with a skipped task or a task without a lead
still parses; :func:`validate` names each such fault as a :class:`Finding`
with a stable code, a severity, the item and the source line. Every code is
listed in :data:`CODES` with what it means.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise

from attrs import frozen

from govtasks._text import plural
from govtasks.columns import Column
from govtasks.errors import GovtasksError
from govtasks.model import Division, DivisionKind, Item, ItemKind, Plan, Role
from govtasks.results import Cell, RowTable, TabularRow, fields_of
from govtasks.units import UnitKind


class Severity(enum.Enum):
    """An error breaks a rule of the document; a warning marks something to know."""

    ERROR = "error"
    WARNING = "warning"


_FINDING_COLUMNS = (
    Column.optional("line", "integer", "the source line, where there is one"),
    Column.optional("severity", "string", "error or warning"),
    Column.optional("code", "string", "the rule's code (see CODES)"),
    Column.optional("item", "string", "what it concerns: task 12, target (二), plan"),
    Column.optional("message", "string", "what was found"),
)


@frozen(kw_only=True)
class Finding(TabularRow):
    """One rule broken, or one thing worth knowing, at one place; a row of its report's table."""

    _fields = fields_of(_FINDING_COLUMNS)

    code: str
    severity: Severity
    message: str
    item: str
    """What it concerns, as a reader would name it: ``task 12``, ``target (二)``, ``plan``."""
    line: int | None
    """The source line, where there is one."""

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line is not None else ""
        return f"{self.severity.value} {self.code} ({where}{self.item}): {self.message}"

    def row(self) -> tuple[Cell, ...]:
        return (self.line, self.severity.value, self.code, self.item, self.message)


@frozen(kw_only=True)
class Report(RowTable[Finding]):
    """Every finding of one validation, by line (findings without one last), errors before warnings on
    one line, and otherwise in the order of the checks. Iterating gives the findings; a table (see
    :mod:`govtasks.results`)."""

    COLUMNS = _FINDING_COLUMNS
    findings: tuple[Finding, ...]

    def _rows(self) -> tuple[Finding, ...]:
        return self.findings

    def caption(self) -> str:
        return f"Validation: {plural(len(self.errors), 'error')}, {plural(len(self.warnings), 'warning')}"

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """Whether no rule is broken (warnings allowed)."""
        return not self.errors

    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.findings)

    def __str__(self) -> str:
        head = f"{plural(len(self.errors), 'error')}, {plural(len(self.warnings), 'warning')}"
        return "\n".join([head, *(f"  {finding}" for finding in self.findings)])


class ValidationError(GovtasksError, ValueError):
    """A strict validation found errors; ``report`` holds them all."""

    def __init__(self, report: Report) -> None:
        listed = "\n".join(f"  {finding}" for finding in report.errors)
        super().__init__(f"the plan breaks {plural(len(report.errors), 'rule')}:\n{listed}")
        self.report = report


Check = Callable[[Plan], Iterator[Finding]]


@frozen(kw_only=True)
class Code:
    """A finding code: its severity and what it means."""

    severity: Severity
    meaning: str


CODES: dict[str, Code] = {}
_CHECKS: list[Check] = []
E, W = Severity.ERROR, Severity.WARNING


def _check(*codes: tuple[str, Severity, str]) -> Callable[[Check], Check]:
    """Register a check and the codes it may report."""

    def register(check: Check) -> Check:
        for code, severity, meaning in codes:
            CODES[code] = Code(severity=severity, meaning=meaning)
        _CHECKS.append(check)
        return check

    return register


def _finding(code: str, message: str, item: str, line: int | None) -> Finding:
    return Finding(code=code, severity=CODES[code].severity, message=message, item=item, line=line)


def _label(item: Item) -> str:
    """An item as a reader names it: ``task 12``, ``target (二)``, or its place where it has no marker."""
    return f"{item.kind.value} {item.marker.rstrip('.、')}" if item.marker else f"{item.kind.value} (item {item.id})"


def _division_label(division: Division) -> str:
    """A division as a reader names it: ``area 1``, ``theme 强力推进污染防治``."""
    name = division.number if division.number is not None else division.title or division.marker or division.id
    return f"{division.kind.value} {name}"


def _first_misnumbered(numbers: Iterable[int]) -> tuple[int, int] | None:
    """(place, expected number) of the first of ``numbers`` that does not run 1, 2, 3, … ; None if all do."""
    for place, (expected, number) in enumerate(enumerate(numbers, start=1)):
        if number != expected:
            return place, expected
    return None


# -- declared counts --------------------------------------------------------------


@frozen(kw_only=True)
class _Held:
    """What one division (or the plan) holds at any depth."""

    items: int
    last: Item | None
    """The last of those items in document order."""
    tasks: bool
    """Whether any of them is a task."""
    areas: int


def _contents(plan: Plan) -> dict[int | None, _Held]:
    """What each division holds, by id (``None``: the whole plan), in one pass over the items and one
    back over the divisions: a division comes after its parent, so each hands its totals up in turn
    and deep nesting costs no more than flat."""
    size = len(plan.divisions) + 1  # place 0 is the plan itself
    items, areas, tasks = [0] * size, [0] * size, [False] * size
    last: list[Item | None] = [None] * size
    for item in plan.items:
        place = item.division or 0
        items[place] += 1
        last[place] = item
        tasks[place] |= item.kind is ItemKind.TASK
    for division in reversed(plan.divisions):
        place, parent = division.id, division.parent or 0
        items[parent] += items[place]
        areas[parent] += areas[place] + (division.kind is DivisionKind.AREA)
        tasks[parent] |= tasks[place]
        last[parent] = _later(last[parent], last[place])
    held = [_Held(items=items[p], last=last[p], tasks=tasks[p], areas=areas[p]) for p in range(size)]
    return {None: held[0]} | {division.id: held[division.id] for division in plan.divisions}


def _later(a: Item | None, b: Item | None) -> Item | None:
    """The one of two items that comes later in the text."""
    return b if a is None or (b is not None and b.id > a.id) else a


def _ends_in(plan: Plan, division: Division | None, held: _Held) -> bool:
    """Whether the text's last item lies in ``division`` (or comes before it): a shortfall there
    may be the copy breaking off, while a shortfall elsewhere is a fault of the text."""
    if division is None or not plan.items:
        return True
    last = plan.items[-1]
    return (held.last is last) if held.items else (last.division or 0) < division.id


def _kind_of(division: Division | None, held: _Held) -> ItemKind:
    """What a division's items are: tasks if it holds any, else targets if it holds any; a division
    holding none is taken by its title, since main targets are headed as such (主要预期目标)."""
    if held.tasks:
        return ItemKind.TASK
    if held.items or (division is not None and division.title is not None and "目标" in division.title):
        return ItemKind.TARGET
    return ItemKind.TASK


def _where(noun: str, division: Division | None) -> str:
    """What a count finding concerns: ``tasks`` for a part or the plan, ``tasks in area 2`` below."""
    if division is None or division.kind is DivisionKind.PART:
        return noun
    return f"{noun} in {_division_label(division)}"


_SHORT = "and the text ends among them: the copy is partial"
_DIFFERS = "more, or fewer where the text goes on past them"


@_check(
    ("target-count", E, f"the number of targets differs from the count the text declares (共N项): {_DIFFERS}"),
    ("targets-incomplete", W, f"fewer targets are present than the text declares, {_SHORT}"),
    ("section-count", E, f"the number of areas differs from the count the text declares (九个方面): {_DIFFERS}"),
    ("sections-incomplete", W, f"fewer areas are present than the text declares, {_SHORT}"),
    ("task-count", E, f"the number of tasks differs from the count the text declares (共N项): {_DIFFERS}"),
    ("tasks-incomplete", W, f"fewer tasks are present than the text declares, {_SHORT}"),
)
def _declared(plan: Plan) -> Iterator[Finding]:
    """Every count a heading or the plan declares, against what the copy holds."""
    contents = _contents(plan)
    declarations: list[tuple[Division | None, int | None, int | None]]
    declarations = [(d, d.declared, d.declared_areas) for d in plan.divisions]
    declarations.append((None, plan.declared_items, plan.declared_areas))
    for division, declared_items, declared_areas in declarations:
        held = contents[division.id if division else None]
        ends_here = _ends_in(plan, division, held)
        if declared_areas is not None:
            yield from _area_count(division, held.areas, declared_areas, ends_here)
        if declared_items is not None:
            yield from _item_count(division, held, declared_items, ends_here)


def _area_count(division: Division | None, present: int, declared: int, ends_here: bool) -> Iterator[Finding]:
    where = _where("areas", division)
    if present < declared and ends_here:
        yield _finding("sections-incomplete", f"{present} of {declared} areas present", where, None)
    elif present != declared:
        line = division.line if division else None
        yield _finding("section-count", f"{present} areas present, {declared} declared", where, line)


def _item_count(division: Division | None, held: _Held, declared: int, ends_here: bool) -> Iterator[Finding]:
    kind = _kind_of(division, held).value
    where = _where(f"{kind}s", division)
    if held.items < declared and ends_here:
        last = held.last
        after, line = (f"; the source ends after {_label(last)}", last.last_line) if last else ("", None)
        message = f"{held.items} of {declared} {kind}s present{after}"
        yield _finding(f"{kind}s-incomplete", message, where, line)
    elif held.items != declared:
        line = division.line if division else None
        yield _finding(f"{kind}-count", f"{held.items} {kind}s present, {declared} declared", where, line)


# -- numbering ----------------------------------------------------------------------


def _sequences(plan: Plan, kind: ItemKind) -> Iterator[list[Item]]:
    """The numbered items of ``kind``, as the numbering sequences they form.

    Each part numbers its items afresh; within a part, an item numbered 1 that
    opens a new division starts a sequence of its own (plans that number tasks
    per area). Unnumbered items belong to no sequence.
    """
    parts = _parts(plan)
    current: list[Item] = []
    part: Division | None = None
    for item in plan.items:
        if item.kind is not kind or item.number is None:
            continue
        item_part = parts[item.division or 0]
        if current and (item_part is not part or (item.number == 1 and item.division != current[-1].division)):
            yield current
            current = []
        part = item_part
        current.append(item)
    if current:
        yield current


def _parts(plan: Plan) -> list[Division | None]:
    """The part each division lies in (itself, for a part), by id; place 0, for items in no division, holds None.
    Found in one pass, since a parent comes before its children, where walking up from each item costs
    the depth of the nesting."""
    parts: list[Division | None] = [None]
    for division in plan.divisions:
        parts.append(division if division.kind is DivisionKind.PART else parts[division.parent or 0])
    return parts


@_check(
    ("target-numbering", E, "targets are not numbered (一), (二), … in order"),
    ("section-numbering", E, "areas are not numbered (一), (二), … in order within their part"),
    ("part-numbering", E, "parts (and groups headed like parts) are not numbered 一、二、… in order"),
    ("task-duplicate", E, "a task number is printed more than once in one numbering sequence"),
    ("task-gap", E, "task numbers skip a number"),
    ("task-order", E, "a task number is lower than the one before it"),
    ("task-start", E, "a numbering sequence of tasks (a part's, or an area's where areas restart) does not start at 1"),
)
def _numbering(plan: Plan) -> Iterator[Finding]:
    for targets in _sequences(plan, ItemKind.TARGET):
        if found := _first_misnumbered(t.number or 0 for t in targets):
            place, expected = found
            target = targets[place]
            yield _finding("target-numbering", f"expected target {expected}", _label(target), target.first_line)
    by_parent: dict[tuple[int | None, str], list[Division]] = {}
    for division in plan.divisions:
        code = _DIVISION_NUMBERING.get(division.kind)
        if division.number is not None and code is not None:
            by_parent.setdefault((division.parent, code), []).append(division)
    for (_, code), divisions in by_parent.items():
        if found := _first_misnumbered(d.number or 0 for d in divisions):
            place, expected = found
            division = divisions[place]
            noun = "area" if code == "section-numbering" else "part"
            yield _finding(code, f"expected {noun} {expected}", f"{noun} {division.number}", division.line)
    for tasks in _sequences(plan, ItemKind.TASK):
        yield from _task_sequence(tasks)


_DIVISION_NUMBERING = {
    DivisionKind.AREA: "section-numbering",
    DivisionKind.PART: "part-numbering",
    DivisionKind.GROUP: "part-numbering",
}
"""Divisions numbered in one sequence per parent, and the code of a fault in it."""


def _task_sequence(tasks: list[Item]) -> Iterator[Finding]:
    """The faults of one numbering sequence of tasks: its start, then repeats, reversals and gaps."""
    numbers = [task.number or 0 for task in tasks]
    if numbers[0] != 1:
        yield _finding("task-start", f"the first task is numbered {numbers[0]}", _label(tasks[0]), tasks[0].first_line)
    seen: set[int] = set()
    for (before, number), task in zip(pairwise(numbers), tasks[1:], strict=True):
        label, line = _label(task), task.first_line
        if number in seen or number == before:
            yield _finding("task-duplicate", f"task {number} is printed again", label, line)
        elif number < before:
            yield _finding("task-order", f"task {number} follows task {before}", label, line)
        elif number > before + 1:
            missing = f"{before + 1}" + (f"–{number - 1}" if number - before > 2 else "")
            yield _finding("task-gap", f"task {missing} is missing before it", label, line)
        seen.add(before)


# -- responsibility lists and completeness --------------------------------------------


@_check(
    ("missing-lead", W, f"an item names units but no lead ({Role.LEAD.value}), where other items of the plan name one"),
    ("no-units", W, "an item names no unit at all, where other items of the plan name units"),
    ("lead-and-responsible", E, "one unit is both lead and responsible on the same item"),
    ("duplicate-unit", E, "a unit appears twice in one role of one item (with lead-and-responsible: no unit twice)"),
    ("unregistered-unit", E, "a printed unit name does not resolve in the unit registry"),
)
def _responsibility(plan: Plan) -> Iterator[Finding]:
    gives_units = any(item.assignments for item in plan.items)
    gives_leads = any(item.leads for item in plan.items)
    close_to = functools.cache(plan.units.suggestions)  # a name printed on many items is looked up once
    for item in plan.items:
        label, line = _label(item), item.first_line
        # Where the copy breaks off inside an item, its list may be cut short: item-incomplete says so.
        if item.complete and not item.assignments and gives_units:
            yield _finding("no-units", "no unit is named", label, line)
        elif item.complete and item.assignments and gives_leads and not item.leads:
            yield _finding("missing-lead", f"no {Role.LEAD.value} (lead unit) is named", label, line)
        # Units are compared by id: hashing a whole Unit hashes its aliases and members too.
        responsible = {unit.id for unit in item.responsible}
        for unit in {unit.id: unit for unit in item.leads if unit.id in responsible}.values():
            yield _finding(
                "lead-and-responsible",
                f"{unit.name} is both {Role.LEAD.value} and {Role.RESPONSIBLE.value}",
                label,
                line,
            )
        for role in Role:
            units = item.units(role)
            for unit_id, times in Counter(unit.id for unit in units).items():
                if times > 1:
                    name = next(unit.name for unit in units if unit.id == unit_id)
                    yield _finding("duplicate-unit", f"{name} is listed {times} times as {role.value}", label, line)
        for assignment in item.assignments:
            if assignment.unit.kind is UnitKind.UNREGISTERED:
                close = close_to(assignment.printed)
                hint = f"; close: {', '.join(close)}" if close else ""
                yield _finding(
                    "unregistered-unit", f"{assignment.printed} is not in the unit registry{hint}", label, line
                )


@_check(
    ("item-incomplete", W, "the text stops inside an item: the copy breaks off there"),
    ("no-items", W, "the text holds no target or task at all (a notice whose plan is missing)"),
)
def _completeness(plan: Plan) -> Iterator[Finding]:
    for item in plan.items:
        if not item.complete:
            message = f"the text stops inside it, at line {item.last_line}"
            yield _finding("item-incomplete", message, _label(item), item.first_line)
    if not plan.items:
        yield _finding("no-items", "the text holds no target or task", "plan", None)


# Web-page furniture that a copy can carry into the text, and the mark of a wrap joined with a space.
_WEB_NOISE = re.compile(r"发布评论|相关链接|打印本页|关闭窗口|上一篇|下一篇|责任编辑|点击数|分享到")
_BAD_JOIN = re.compile(r"[\u4e00-\u9fff，。、；：]\s+[\u4e00-\u9fff]|[\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f]")


@_check(
    ("empty-text", E, "a target, task or heading (part, area, theme, …) has no text"),
    ("text-noise", E, "a text holds a line break, a wrap joined with a space, or web-page furniture"),
)
def _texts(plan: Plan) -> Iterator[Finding]:
    texts: list[tuple[str, str, int | None]] = [(i.text, _label(i), i.first_line) for i in plan.items]
    texts += [(d.title, _division_label(d), d.line) for d in plan.divisions if d.title is not None]
    if plan.notice is not None:
        texts += [(c.text, f"notice clause {c.ordinal}", c.first_line) for c in plan.notice.clauses]
    for text, label, line in texts:
        if not text.strip():
            yield _finding("empty-text", "the text is empty", label, line)
        elif match := _WEB_NOISE.search(text) or _BAD_JOIN.search(text):
            yield _finding("text-noise", f"unexpected {match.group()!r} in the text", label, line)


@_check(
    (
        "deadline-before-publication",
        E,
        "a deadline falls before the document's own date: the earliest of 成文日期, 公布日期 and its signature's",
    ),
    ("deadline-order", E, "a deadline is earlier than the one the notice gives before it"),
)
def _deadlines(plan: Plan) -> Iterator[Finding]:
    issued = _issued(plan)
    deadlines = plan.deadlines
    for deadline in deadlines:
        if issued is not None and deadline.date < issued[0]:
            yield _finding(
                "deadline-before-publication",
                f"{deadline.date} is before the document's date {issued[0]} ({issued[1]})",
                f"deadline {deadline.date}",
                deadline.line,
            )
    for before, deadline in pairwise(deadlines):
        if deadline.date < before.date:
            yield _finding(
                "deadline-order", f"{deadline.date} follows {before.date}", f"deadline {deadline.date}", deadline.line
            )


def _issued(plan: Plan) -> tuple[dt.date, str] | None:
    """The earliest date the text gives the document itself, and its label: 成文日期 (date written), 公布日期
    (promulgation) or the notice's signature (落款). Not 发布日期: a site posts a document days after the
    units it addresses have it, so a deadline between the two is no fault."""
    dates = [
        (day, label)
        for day, label in (
            (plan.info.written, "成文日期"),
            (plan.info.promulgated, "公布日期"),
            (plan.notice.signed_on if plan.notice else None, "落款"),
        )
        if day is not None
    ]
    return min(dates, key=lambda pair: pair[0]) if dates else None


@_check(
    ("clause-numbering", E, "the notice's clauses are not numbered 一, 二, … in order"),
    ("doc-number-mismatch", E, "the attribute block and the notice print different document numbers (字号)"),
)
def _notice(plan: Plan) -> Iterator[Finding]:
    notice = plan.notice
    if notice is None:
        return
    if found := _first_misnumbered(c.ordinal for c in notice.clauses):
        place, expected = found
        clause = notice.clauses[place]
        yield _finding(
            "clause-numbering", f"expected clause {expected}", f"notice clause {clause.ordinal}", clause.first_line
        )
    listed, printed = plan.info.doc_number, notice.doc_number
    if listed is not None and printed is not None and "".join(listed.split()) != "".join(printed.split()):
        yield _finding("doc-number-mismatch", f"{listed} in the attributes, {printed} in the notice", "notice", None)


@_check(("residue", W, "text the parser could not place (web-page noise, or a line out of place)"))
def _residue(plan: Plan) -> Iterator[Finding]:
    for residue in plan.residue:
        message = f"could not place {residue.text!r} (column {residue.column})"
        yield _finding("residue", message, "residue", residue.line)


def _reading_order(finding: Finding) -> tuple[bool, int, bool]:
    """Where a reader meets a finding: by line, those without one last, errors first on one line
    (a stable sort keeps the checks' order otherwise)."""
    return finding.line is None, finding.line or 0, finding.severity is not Severity.ERROR


def validate(plan: Plan, *, strict: bool = False) -> Report:
    """Check ``plan`` against the document's rules.

    With ``strict``, raise :class:`ValidationError` listing every error instead
    of returning a report that has errors.
    """
    report = Report(findings=tuple(sorted((f for check in _CHECKS for f in check(plan)), key=_reading_order)))
    if strict and not report.ok:
        raise ValidationError(report)
    return report
