"""The document's own rules, checked: numbering, declared counts, responsibility lists,
units, texts, deadlines and what the parser could not place.

Parsing is syntactic, so a plan with a skipped task or a task without a lead
still parses; :func:`validate` names each such fault as a :class:`Finding`
with a stable code, a severity, the item and the source line. Every code is
listed in :data:`CODES` with what it means.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import pairwise

from attrs import frozen

from govtasks.errors import GovtasksError
from govtasks.model import Plan, ResponsibleItem, Role
from govtasks.units import UnitKind


class Severity(enum.Enum):
    """An error breaks a rule of the document; a warning marks something to know."""

    ERROR = "error"
    WARNING = "warning"


@frozen(kw_only=True)
class Finding:
    """One rule broken, or one thing worth knowing, at one place."""

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


@frozen(kw_only=True)
class Report:
    """Every finding of one validation, in the order of the checks and then of the text."""

    findings: tuple[Finding, ...]

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
        head = f"{len(self.errors)} errors, {len(self.warnings)} warnings"
        return "\n".join([head, *(f"  {finding}" for finding in self.findings)])


class ValidationError(GovtasksError, ValueError):
    """A strict validation found errors; ``report`` holds them all."""

    def __init__(self, report: Report) -> None:
        listed = "\n".join(f"  {finding}" for finding in report.errors)
        super().__init__(f"the plan breaks {len(report.errors)} rules:\n{listed}")
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


def _label(item: ResponsibleItem) -> str:
    return f"{type(item).__name__.lower()} {item.marker.rstrip('.')}"


def _items(plan: Plan) -> Iterator[ResponsibleItem]:
    yield from plan.targets
    yield from plan.tasks


@_check(
    ("target-count", E, "the number of targets differs from the count the text declares (共N项)"),
    ("target-numbering", E, "targets are not numbered (一), (二), … in order"),
)
def _targets(plan: Plan) -> Iterator[Finding]:
    if plan.declared_targets is not None and len(plan.targets) != plan.declared_targets:
        yield _finding(
            "target-count",
            f"{len(plan.targets)} targets present, {plan.declared_targets} declared",
            "targets",
            plan.targets[0].first_line if plan.targets else None,
        )
    for expected, target in enumerate(plan.targets, start=1):
        if target.ordinal != expected:
            yield _finding("target-numbering", f"expected target {expected}", _label(target), target.first_line)
            break


@_check(
    ("section-numbering", E, "areas of key work are not numbered (一), (二), … in order"),
    ("section-count", E, "more areas are present than the text declares (九个方面)"),
    ("sections-incomplete", W, "fewer areas are present than the text declares: the copy is partial"),
)
def _sections(plan: Plan) -> Iterator[Finding]:
    for expected, section in enumerate(plan.sections, start=1):
        if section.ordinal != expected:
            yield _finding("section-numbering", f"expected area {expected}", f"area {section.ordinal}", section.line)
            break
    declared, present = plan.declared_sections, len(plan.sections)
    if declared is not None and present > declared:
        yield _finding("section-count", f"{present} areas present, {declared} declared", "areas", None)
    elif declared is not None and present < declared:
        yield _finding("sections-incomplete", f"{present} of {declared} areas present", "areas", None)


@_check(
    ("task-duplicate", E, "a task number is printed more than once"),
    ("task-gap", E, "task numbers skip a number"),
    ("task-order", E, "a task number is lower than the one before it"),
    ("task-start", E, "the first task is not numbered 1"),
    ("task-count", E, "more tasks are present than the text declares (共N项)"),
    ("tasks-incomplete", W, "fewer tasks are present than the text declares: the copy is partial"),
)
def _tasks(plan: Plan) -> Iterator[Finding]:
    tasks = plan.tasks
    if tasks and tasks[0].number != 1:
        yield _finding(
            "task-start", f"the first task is numbered {tasks[0].number}", _label(tasks[0]), tasks[0].first_line
        )
    seen: set[int] = set()
    for before, task in pairwise(tasks):
        if task.number in seen or task.number == before.number:
            yield _finding("task-duplicate", f"task {task.number} is printed again", _label(task), task.first_line)
        elif task.number < before.number:
            yield _finding(
                "task-order", f"task {task.number} follows task {before.number}", _label(task), task.first_line
            )
        elif task.number > before.number + 1:
            missing = f"{before.number + 1}" + (f"–{task.number - 1}" if task.number - before.number > 2 else "")
            yield _finding("task-gap", f"task {missing} is missing before it", _label(task), task.first_line)
        seen.add(before.number)
    declared = plan.declared_tasks
    if declared is not None and len(tasks) > declared:
        yield _finding("task-count", f"{len(tasks)} tasks present, {declared} declared", "tasks", None)
    elif declared is not None and len(tasks) < declared:
        last = f"; the source ends after task {tasks[-1].number}" if tasks else ""
        yield _finding(
            "tasks-incomplete",
            f"{len(tasks)} of {declared} tasks present{last}",
            "tasks",
            tasks[-1].last_line if tasks else None,
        )


@_check(
    ("missing-lead", E, "a target or task names no lead unit (牵头单位)"),
    ("lead-and-responsible", E, "one unit is both lead and responsible on the same item"),
    ("duplicate-unit", E, "a unit appears twice in one responsibility list"),
    ("unregistered-unit", E, "a printed unit name does not resolve in the unit registry"),
)
def _responsibility(plan: Plan) -> Iterator[Finding]:
    for item in _items(plan):
        label, line = _label(item), item.first_line
        if not item.leads:
            yield _finding("missing-lead", "no 牵头单位 (lead unit) is named", label, line)
        for unit in set(item.leads) & set(item.responsible):
            yield _finding("lead-and-responsible", f"{unit.name} is both 牵头单位 and 责任单位", label, line)
        for role in Role:
            for unit, times in Counter(item.units(role)).items():
                if times > 1:
                    yield _finding(
                        "duplicate-unit", f"{unit.name} is listed {times} times as {role.value}", label, line
                    )
        for assignment in item.assignments:
            if assignment.unit.kind is UnitKind.UNREGISTERED:
                close = plan.units.suggestions(assignment.printed)
                hint = f"; close: {', '.join(close)}" if close else ""
                yield _finding(
                    "unregistered-unit", f"{assignment.printed} is not in the unit registry{hint}", label, line
                )


# Web-page furniture that a copy can carry into the text, and the mark of a wrap joined with a space.
_WEB_NOISE = re.compile(r"发布评论|相关链接|打印本页|关闭窗口|上一篇|下一篇|责任编辑|点击数|分享到")
_BAD_JOIN = re.compile(r"[\u4e00-\u9fff，。、；：]\s+[\u4e00-\u9fff]|[\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f]")


@_check(
    ("empty-text", E, "a target, task, area or theme has no text"),
    ("text-noise", E, "a text holds a line break, a wrap joined with a space, or web-page furniture"),
)
def _texts(plan: Plan) -> Iterator[Finding]:
    texts: list[tuple[str, str, int | None]] = [(i.text, _label(i), i.first_line) for i in _items(plan)]
    for section in plan.sections:
        texts.append((section.title, f"area {section.ordinal}", section.line))
        texts += [(t.title, f"theme {t.title}", t.line) for t in section.themes if t.title is not None]
    if plan.notice is not None:
        texts += [(c.text, f"notice clause {c.ordinal}", c.first_line) for c in plan.notice.clauses]
    for text, label, line in texts:
        if not text.strip():
            yield _finding("empty-text", "the text is empty", label, line)
        elif match := _WEB_NOISE.search(text) or _BAD_JOIN.search(text):
            yield _finding("text-noise", f"unexpected {match.group()!r} in the text", label, line)


@_check(
    ("deadline-before-publication", E, "a deadline falls before the document was published"),
    ("deadline-order", E, "a deadline is earlier than the one the notice gives before it"),
)
def _deadlines(plan: Plan) -> Iterator[Finding]:
    published = plan.info.published
    deadlines = plan.deadlines
    for deadline in deadlines:
        if published is not None and deadline.date < published:
            yield _finding(
                "deadline-before-publication",
                f"{deadline.date} is before publication on {published}",
                f"deadline {deadline.date}",
                deadline.line,
            )
    for before, deadline in pairwise(deadlines):
        if deadline.date < before.date:
            yield _finding(
                "deadline-order", f"{deadline.date} follows {before.date}", f"deadline {deadline.date}", deadline.line
            )


@_check(
    ("clause-numbering", E, "the notice's clauses are not numbered 一, 二, … in order"),
    ("doc-number-mismatch", E, "the attribute block and the notice print different document numbers (字号)"),
)
def _notice(plan: Plan) -> Iterator[Finding]:
    notice = plan.notice
    if notice is None:
        return
    for expected, clause in enumerate(notice.clauses, start=1):
        if clause.ordinal != expected:
            yield _finding(
                "clause-numbering", f"expected clause {expected}", f"notice clause {clause.ordinal}", clause.first_line
            )
            break
    listed, printed = plan.info.doc_number, notice.doc_number
    if listed is not None and printed is not None and "".join(listed.split()) != "".join(printed.split()):
        yield _finding("doc-number-mismatch", f"{listed} in the attributes, {printed} in the notice", "notice", None)


@_check(("residue", W, "text the parser could not place (web-page noise, or a line out of place)"))
def _residue(plan: Plan) -> Iterator[Finding]:
    for residue in plan.residue:
        message = f"could not place {residue.text!r} (column {residue.column})"
        yield _finding("residue", message, "residue", residue.line)


def validate(plan: Plan, *, strict: bool = False) -> Report:
    """Check ``plan`` against the document's rules.

    With ``strict``, raise :class:`ValidationError` listing every error instead
    of returning a report that has errors.
    """
    report = Report(findings=tuple(finding for check in _CHECKS for finding in check(plan)))
    if strict and not report.ok:
        raise ValidationError(report)
    return report
