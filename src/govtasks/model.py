"""The object model of a responsibility plan (责任分解方案).

Every class is a frozen, slotted, keyword-only attrs class holding tuples, so a
plan that has been loaded cannot be changed by any caller. Every field is
always present; a fact the text does not give is ``None``, never missing.
Line numbers are 1-based and refer to the source text the plan was parsed from.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from attrs import Attribute, Factory, field, frozen

from govtasks._html import escape, shorten, table
from govtasks.errors import TaskNotFound
from govtasks.units import (
    _MAX_ORDINAL,
    Unit,
    UnitRegistry,
    _accepted,
    _count,
    _date,
    _flag,
    _instance,
    _Invalid,
    _name,
    _optional_count,
    _optional_date,
    _optional_instance,
    _optional_name,
    _optional_number,
    _optional_place,
    _optional_prose,
    _ordinal,
    _place,
    _prose,
    _shown,
    _some_text,
    _texts,
    _tuple_of,
)

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from govtasks.query import CoAssignments, Collectives, CountBy, Counts, Graphs, Items, UnitLike, Workload


# Every field is checked once, when an object is made, by the shared checks of govtasks.units (which
# refuse the wrong type, a lone surrogate in any text, and numbers out of range), and each class checks
# what holds between its fields; so every way into a Plan (the parser, JSON, a data package) keeps them.


def _optional_digest(_: object, attribute: Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not str or len(value) != 64 or not _HEX.issuperset(value)):
        raise _Invalid(f"{attribute.name} must be 64 lowercase hex digits, not {_shown(value)}", f".{attribute.name}")


def _check_sequence(what: str, records: tuple[Division | Item, ...]) -> None:
    for place, record in enumerate(records, start=1):
        if record.id != place:
            raise _Invalid(
                f"{what} ids must run 1, 2, 3, … in order; {what} {place} has id {record.id}",
                f".{what}s[{place - 1}].id",
            )


_HEX = frozenset("0123456789abcdef")
"""The digits of a sha256 as ``hexdigest`` writes it."""


RoleCode = Literal["lead", "responsible"]
"""A role as an ASCII word (:attr:`Role.code`), as tables and command lines write it."""


class Role(enum.Enum):
    """How a unit is charged with an item; the value is the canonical label (标签).

    A role has three spellings, all accepted wherever a caller gives one (:meth:`parse`): the
    member (``Role.LEAD``), its ASCII code (``lead``) and its printed label (``牵头单位``).
    """

    LEAD = "牵头单位"
    """牵头单位, lead unit: answers for the item and coordinates the others."""
    RESPONSIBLE = "责任单位"
    """责任单位, responsible unit: a co-unit under a lead, or any unit named without one."""

    @property
    def code(self) -> RoleCode:
        """The role as an ASCII word for tables and command lines: ``lead`` or ``responsible``."""
        return "lead" if self is Role.LEAD else "responsible"

    @classmethod
    def parse(cls, value: Role | str) -> Role:
        """The role ``value`` spells: a member, its code or its label; a ValueError names the spellings,
        since a role that matched nothing would make a query answer nothing, silently."""
        if isinstance(value, Role):
            return value
        for role in cls:
            if value in (role.code, role.value):
                return role
        raise ValueError(f"no role {_shown(value)}; give {cls.spellings()}")

    @classmethod
    def spellings(cls) -> str:
        """What :meth:`parse` reads, for a message: ``lead or 牵头单位, responsible or 责任单位, or a Role``."""
        return ", ".join(f"{role.code} or {role.value}" for role in cls) + ", or a Role"


class RoleBasis(enum.Enum):
    """How the text says which role a unit has."""

    PRINTED = "printed"
    """A label (牵头单位:), a column header or a phrase (X牵头) says so."""
    MARKER = "marker"
    """A mark before the unit in its cell (★) says it leads."""
    CONVENTION = "convention"
    """A convention the document states (列第一位者为牵头单位) gives the role."""
    UNLABELLED = "unlabelled"
    """The unit is listed with no label at all; it is responsible, and no lead is guessed."""


@frozen(kw_only=True)
class Assignment:
    """One unit named in an item's responsibility list, in printed order."""

    unit: Unit = field(validator=_instance(Unit))
    """The registry's unit for the printed name (a stand-in of kind
    ``UNREGISTERED`` where the registry does not know the name)."""
    role: Role = field(validator=_instance(Role))
    position: int = field(validator=_place)
    """1-based place of the unit within the list of its role; an item's units of one role are 1, 2, 3, …"""
    group: int = field(validator=_place)
    """1-based comma group within that list: texts separate units of one
    kind with 、 and kinds of units with a comma."""
    printed: str = field(validator=_name)
    """The name exactly as printed, qualifier included, hard wraps joined."""
    label: str | None = field(validator=_optional_name)
    """The label, header, phrase or mark that gave the role, as printed
    (牵头单位, 配合单位, 牵头, ★); None for an unlabelled list."""
    basis: RoleBasis = field(validator=_instance(RoleBasis))
    convention_line: int | None = field(validator=_optional_place)
    """For a role given by a stated convention, the line that states it (a :class:`Convention`'s)."""

    def __attrs_post_init__(self) -> None:
        if (self.basis is RoleBasis.CONVENTION) != (self.convention_line is not None):
            raise _Invalid(
                "an assignment has a convention_line exactly when its basis is 'convention'", ".convention_line"
            )


@frozen(kw_only=True)
class Leader:
    """A responsible leader (责任领导) as printed, with the label that names the role."""

    name: str = field(validator=_name)
    label: str | None = field(validator=_optional_name)
    """责任领导, 牵头领导, … (a column header), or the heading word such as 主抓."""


@frozen(kw_only=True)
class Detail:
    """A further printed fact about an item that has no field of its own (指标要求, 目标类型)."""

    label: str = field(validator=_name)
    text: str = field(validator=_prose)


class ItemKind(enum.Enum):
    """Whether an item is a target or a task."""

    TARGET = "target"
    """A main expected target (主要预期目标): an item in a part or table of targets."""
    TASK = "task"
    """A task (重点工作, 工作任务): every other item."""


class DivisionKind(enum.Enum):
    """The kind of heading that items sit under."""

    PART = "part"
    """一、… : a top-level part."""
    AREA = "area"
    """(一)… : an area (方面) within a part."""
    THEME = "theme"
    """——…, an unnumbered topic line or a deeper numbered heading."""
    GROUP = "group"
    """A group named for a leader (王纲市长主抓重点工作): its items carry the leader."""
    TABLE = "table"
    """An attached table (附件) under its title."""


@frozen(kw_only=True)
class Division:
    """A heading items sit under; parts, areas, themes, leader groups and tables share this shape."""

    id: int = field(validator=_place)
    """1-based place in ``Plan.divisions`` (document order)."""
    kind: DivisionKind = field(validator=_instance(DivisionKind))
    parent: int | None = field(validator=_optional_place)
    """The id of the enclosing division, or None at the top."""
    number: int | None = field(validator=_optional_number)
    """The heading's number (一 = 1), or None where it has none; a part's or an area's is printed in
    Chinese numerals, so at most 999."""
    marker: str | None = field(validator=_optional_name)
    """The number as printed: 一、, (一), ——."""
    title: str | None = field(validator=_optional_prose)
    line: int | None = field(validator=_optional_place)
    declared: int | None = field(validator=_optional_count)
    """Items the heading declares (共268项, (11项))."""
    declared_areas: int | None = field(validator=_optional_count)
    """Areas the heading declares (九个方面)."""
    leaders: tuple[Leader, ...] = field(validator=_tuple_of(Leader))
    """The leader a group heading names; its items carry them."""

    def __attrs_post_init__(self) -> None:
        if self.parent is not None and self.parent >= self.id:
            raise _Invalid(f"division {self.id}: its parent {self.parent} must come before it", ".parent")
        if self.kind in _CHINESE_NUMBERED and self.number is not None and self.number > _MAX_ORDINAL:
            raise _Invalid(
                f"division {self.id}: a {self.kind.value} is numbered in Chinese numerals, 1 to {_MAX_ORDINAL},"
                f" not {self.number}",
                ".number",
            )


@frozen(kw_only=True, repr=False)
class Item:
    """A responsibility item: a target or task, its text, and who is charged with it."""

    id: int = field(validator=_place)
    """1-based place in ``Plan.items`` (document order)."""
    kind: ItemKind = field(validator=_instance(ItemKind))
    number: int | None = field(validator=_optional_number)
    """The item's number (7. → 7, (四) → 4), or None where it is unnumbered."""
    marker: str | None = field(validator=_optional_name)
    """The number as printed (7., (四), ①, a table row's 7), or None."""
    division: int | None = field(validator=_optional_place)
    """The id of the innermost division the item sits in."""
    text: str = field(validator=_prose)
    """The sentence without its responsibility list, hard wraps joined (empty where only a list is printed)."""
    assignments: tuple[Assignment, ...] = field(validator=_tuple_of(Assignment))
    leaders: tuple[Leader, ...] = field(validator=_tuple_of(Leader))
    due: str | None = field(validator=_optional_prose)
    """完成时限 (deadline) as printed."""
    source: str | None = field(validator=_optional_prose)
    """任务来源 (where the task comes from) as printed."""
    details: tuple[Detail, ...] = field(validator=_tuple_of(Detail))
    open_ended: bool = field(validator=_flag)
    """Whether the unit list ends in 等 ("and others"): it is not exhaustive."""
    complete: bool = field(validator=_flag)
    """False where the text stops inside the item (a truncated copy)."""
    first_line: int = field(validator=_place)
    last_line: int = field(validator=_place)

    def __attrs_post_init__(self) -> None:
        if self.last_line < self.first_line:
            raise _Invalid(
                f"item {self.id}: last_line {self.last_line} is before first_line {self.first_line}", ".last_line"
            )
        if self.assignments:
            _check_positions(self)

    @property
    def leads(self) -> tuple[Unit, ...]:
        """The lead units (牵头单位), in printed order."""
        return self.units(Role.LEAD)

    @property
    def responsible(self) -> tuple[Unit, ...]:
        """The other responsible units (责任单位, 配合单位, …), in printed order."""
        return self.units(Role.RESPONSIBLE)

    def units(self, role: Role | str | None = None) -> tuple[Unit, ...]:
        """The units with ``role`` (a spelling :meth:`Role.parse` reads; all units when ``None``), in printed order."""
        wanted = None if role is None else Role.parse(role)
        return tuple(a.unit for a in self.assignments if wanted is None or a.role is wanted)

    @property
    def label(self) -> str:
        """How to name the item in a message: its marker, else its place."""
        return self.marker or f"item {self.id}"

    def __str__(self) -> str:
        """The item as printed: marker, sentence, responsibility list (牵头单位:A;责任单位:B、C,D).

        The list is written by the text writer, in the grammar's words: part of the one door upward
        (see the queries of :class:`Plan`)."""
        from govtasks.text import lists

        return f"{self.marker or ''}{self.text}{lists.bracketed(self)}"

    def __repr__(self) -> str:
        leads = "、".join(unit.name for unit in self.leads) or "none"
        return f"<{self._heading} {shorten(self.text)} | leads: {leads} | responsible: {len(self.responsible)}>"

    def _repr_html_(self) -> str:
        rows = [
            (a.role.value, str(a.position), a.printed, a.unit.full_name or "", a.unit.kind.value)
            for a in self.assignments
        ]
        facts = "".join(f"<li>{escape(label)}: {escape(value)}</li>" for label, value in self._facts())
        return (
            f"<div><strong>{escape(self._heading)}</strong> <small>(lines {self.first_line}–{self.last_line})</small>"
            f"<p>{escape(self.text)}</p>{table(rows, ('role', 'position', 'printed', 'full name', 'kind'))}"
            + (f"<ul>{facts}</ul>" if facts else "")
            + "</div>"
        )

    @property
    def _heading(self) -> str:
        """The item's kind and label, as its repr and HTML begin: Task 20., Target (二)."""
        return f"{self.kind.value.capitalize()} {self.label}"

    def _facts(self) -> list[tuple[str, str]]:
        """The item's printed facts beyond its units, as (label, value): leaders, deadline, source, details."""
        facts = [(leader.label or "责任领导", leader.name) for leader in self.leaders]
        facts += [(label, value) for label, value in (("完成时限", self.due), ("任务来源", self.source)) if value]
        facts += [(detail.label, detail.text) for detail in self.details]
        if self.open_ended:
            facts.append(("等", "the unit list is not exhaustive"))
        return facts


class ConventionKind(enum.Enum):
    """A rule of reading that a document states about its own lists."""

    FIRST_LISTED_LEADS = "first_listed_leads"
    """列第一位者为牵头单位: the first unit of a list is the lead."""
    RESPONSIBLE_LEADS = "responsible_leads"
    """无牵头单位的,责任单位即为牵头单位: where no lead is named, the 责任单位 lead."""


@frozen(kw_only=True)
class Convention:
    """A stated convention, where the text states it; assignments it decides point to its line."""

    kind: ConventionKind = field(validator=_instance(ConventionKind))
    text: str = field(validator=_name)
    line: int = field(validator=_place)
    column: int = field(validator=_place)


def _check_positions(item: Item) -> None:
    """That the units of each role are numbered 1, 2, 3, … in printed order."""
    leads = others = 0
    for place, assignment in enumerate(item.assignments):
        if assignment.role is Role.LEAD:
            leads += 1
            expected = leads
        else:
            others += 1
            expected = others
        if assignment.position != expected:
            raise _Invalid(
                f"item {item.id}: its units of role {assignment.role.value} are numbered 1, 2, 3, …;"
                f" this one is {assignment.position}, not {expected}",
                f".assignments[{place}].position",
            )
        if assignment.convention_line is not None and assignment.convention_line > item.last_line:
            raise _Invalid(
                f"item {item.id}: a convention on line {assignment.convention_line} comes after the item",
                f".assignments[{place}].convention_line",
            )


def _check_items(plan: Plan) -> None:
    """That each item's division, its units and the conventions its roles rest on are the plan's own."""
    divisions = len(plan.divisions)
    ours = {id(unit) for unit in plan.units}  # the registry's own objects: the usual case, checked at a glance
    stated = {convention.line for convention in plan.conventions}
    checked: set[int] = set()  # items share equal lists
    for place, item in enumerate(plan.items):
        if item.division is not None and item.division > divisions:
            raise _Invalid(f"item {item.id}: no division {item.division}", f".items[{place}].division")
        if id(item.assignments) in checked:
            continue
        checked.add(id(item.assignments))
        for number, assignment in enumerate(item.assignments):
            unit = assignment.unit
            if id(unit) not in ours and plan.units.by_id(unit.id) != unit:
                raise _Invalid(
                    f"item {item.id}: its unit {unit.id!r} is not the plan's unit of that id",
                    f".items[{place}].assignments[{number}].unit",
                )
            if assignment.convention_line is not None and assignment.convention_line not in stated:
                raise _Invalid(
                    f"item {item.id}: no convention is stated on line {assignment.convention_line}",
                    f".items[{place}].assignments[{number}].convention_line",
                )


_CHINESE_NUMBERED = frozenset({DivisionKind.PART, DivisionKind.AREA})


class Layout(enum.Enum):
    """The layout family a text was read as."""

    PARENTHESIS = "parenthesis"
    """Each item ends in a list in brackets: (牵头单位:X;责任单位:Y), (X牵头), (X,Y)."""
    LABELS = "labels"
    """Labels (牵头单位:X) follow the item without brackets, on its line or on lines of their own."""
    PROSE = "prose"
    """A phrase names the roles without brackets: 省发展改革委牵头,各地、各部门配合."""
    TABLE = "table"
    """A table flattened by a web page: cells on lines, rows with | or spaces, or run together."""
    NONE = "none"
    """No item at all (a notice whose plan is missing)."""


@frozen(kw_only=True)
class Clause:
    """A numbered clause (一、二、…) of the covering notice (通知)."""

    ordinal: int = field(validator=_ordinal)
    """The clause's number (一 = 1), printed in Chinese numerals: 1 to 999."""
    text: str = field(validator=_prose)
    first_line: int = field(validator=_place)
    last_line: int = field(validator=_place)

    def __attrs_post_init__(self) -> None:
        if self.last_line < self.first_line:
            raise _Invalid(
                f"clause {self.ordinal}: last_line {self.last_line} is before first_line {self.first_line}",
                ".last_line",
            )


@frozen(kw_only=True)
class Deadline:
    """Something the notice says is due by a date (…前报送)."""

    date: dt.date = field(validator=_date)
    due: str = field(validator=_prose)
    """What is due, as the clause words it."""
    submitter: str = field(validator=_prose)
    """Who submits it (e.g. 各责任单位)."""
    recipient: str | None = field(validator=_optional_prose)
    """To whom it is submitted (e.g. 市人民政府督查室)."""
    clause: int = field(validator=_ordinal)
    """Ordinal of the notice clause that sets the deadline: one of the notice's clauses."""
    line: int = field(validator=_place)


@frozen(kw_only=True)
class Notice:
    """The covering notice (通知) that issues the plan."""

    doc_number: str | None = field(validator=_optional_prose)
    """The document number (字号) printed under the notice title."""
    preamble: str | None = field(validator=_optional_prose)
    clauses: tuple[Clause, ...] = field(validator=_tuple_of(Clause))
    deadlines: tuple[Deadline, ...] = field(validator=_tuple_of(Deadline))
    signed_by: str | None = field(validator=_optional_prose)
    """The issuing office in the signature (落款)."""
    signed_on: dt.date | None = field(validator=_optional_date)
    """The date in the signature (落款), as the notice itself prints it (2020年1月17日)."""

    def __attrs_post_init__(self) -> None:
        if self.deadlines:
            ordinals = {clause.ordinal for clause in self.clauses}
            for place, deadline in enumerate(self.deadlines):
                if deadline.clause not in ordinals:
                    raise _Invalid(f"deadline {place + 1} names clause {deadline.clause}, which the notice lacks",
                                   f".deadlines[{place}].clause")  # fmt: skip


@frozen(kw_only=True)
class DocumentInfo:
    """Facts about the document as a whole.

    ``title`` and ``addressees`` come from the notice; the others from the
    header the copy carries (a legal database's 【key】 block, a government
    site's 索引号/发布机构/文号 table, a 字号 line), and are ``None`` where it is absent.

    Each date is named for the label that gives it and kept apart from the others, since
    sources differ: for 武政办〔2020〕1号 a legal database gives 公布日期 2020-01-17
    (``promulgated``), the Wuhan government's page 成文日期 2020-01-17 (``written``) and
    发布日期 2020-01-23 (``released``). The notice's own signature date is
    :attr:`Notice.signed_on`.
    """

    title: str | None = field(validator=_optional_prose)
    issuer: str | None = field(validator=_optional_prose)
    """制定机关, issuing authority."""
    doc_number: str | None = field(validator=_optional_prose)
    """字号, document number."""
    promulgated: dt.date | None = field(validator=_optional_date)
    """公布日期, promulgation date: the date a legal database (【公布日期】) gives for the document."""
    released: dt.date | None = field(validator=_optional_date)
    """发布日期 / 发布时间, release date: the day a government site posted the document, often after it was written."""
    written: dt.date | None = field(validator=_optional_date)
    """成文日期 / 发文日期, date written: the date the document bears (its 落款's), as a site's header gives it."""
    index_number: str | None = field(validator=_optional_prose)
    """索引号, the government site's index number."""
    effective: dt.date | None = field(validator=_optional_date)
    """施行日期, effective date."""
    level: str | None = field(validator=_optional_prose)
    """效力等级, legal force level."""
    status: str | None = field(validator=_optional_prose)
    """时效性, validity status."""
    topic: str | None = field(validator=_optional_prose)
    """主题分类, subject classification."""
    addressees: tuple[str, ...] = field(validator=_texts)
    """主送单位, the units the notice is addressed to."""


@frozen(kw_only=True)
class Residue:
    """Text the parser found but could not place, kept so nothing is lost."""

    text: str = field(validator=_some_text)
    line: int = field(validator=_place)
    column: int = field(validator=_place)


@frozen(kw_only=True)
class Coverage:
    """What a plan contains of what its text declares (共4项, 九个方面, 共268项)."""

    targets: int = field(validator=_count)
    declared_targets: int | None = field(validator=_optional_count)
    sections: int = field(validator=_count)
    declared_sections: int | None = field(validator=_optional_count)
    tasks: int = field(validator=_count)
    declared_tasks: int | None = field(validator=_optional_count)

    @property
    def complete(self) -> bool:
        """Whether every declared target, area and task is present."""
        pairs = (
            (self.targets, self.declared_targets),
            (self.sections, self.declared_sections),
            (self.tasks, self.declared_tasks),
        )
        return all(declared is None or present >= declared for present, declared in pairs)

    def __str__(self) -> str:
        def of(present: int, declared: int | None, what: str) -> str:
            return f"{present} of {declared} {what}" if declared is not None else f"{present} {what}"

        return ", ".join(
            (
                of(self.targets, self.declared_targets, "targets"),
                of(self.sections, self.declared_sections, "areas"),
                of(self.tasks, self.declared_tasks, "tasks"),
            )
        )


# A plan's views of its items are fields made with it, from its items read through _accepted.


def _targets_of(plan: Plan) -> tuple[Item, ...]:
    return tuple(item for item in _accepted(plan.items, Item) if item.kind is ItemKind.TARGET)


def _tasks_of(plan: Plan) -> tuple[Item, ...]:
    return tuple(item for item in _accepted(plan.items, Item) if item.kind is ItemKind.TASK)


def _task_numbers(plan: Plan) -> Mapping[int, Item]:
    """Printed number → task; where a number is printed twice, the first task printed."""
    index: dict[int, Item] = {}
    for task in plan.tasks:
        if task.number is not None:
            index.setdefault(task.number, task)
    return MappingProxyType(index)


@frozen(kw_only=True, repr=False)
class Plan:
    """A responsibility plan: its notice, the divisions its items sit in, and the items.

    ``declared_*`` are the counts the text announces (共4项, 九个方面, 共268项);
    they may exceed what a partial copy contains.
    """

    source_sha256: str | None = field(validator=_optional_digest)
    """sha256 of the UTF-8 text the plan was parsed from."""
    layout: Layout = field(validator=_instance(Layout))
    """The layout family the text was read as."""
    info: DocumentInfo = field(validator=_instance(DocumentInfo))
    notice: Notice | None = field(validator=_optional_instance(Notice))
    title: str | None = field(validator=_optional_prose)
    """The plan's own title (e.g. 2020年市《政府工作报告》确定的主要目标任务责任分解方案)."""
    declared_items: int | None = field(validator=_optional_count)
    """Items the text declares for the whole plan (共118项, 分解为…80项), where it does outside a heading."""
    declared_areas: int | None = field(validator=_optional_count)
    """Areas the text declares for the whole plan (7大方面), where it does outside a heading."""
    divisions: tuple[Division, ...] = field(validator=_tuple_of(Division))
    items: tuple[Item, ...] = field(validator=_tuple_of(Item))
    """Every responsibility item, targets and tasks alike, in document order."""
    conventions: tuple[Convention, ...] = field(validator=_tuple_of(Convention))
    """The conventions of reading the text states, in document order."""
    residue: tuple[Residue, ...] = field(validator=_tuple_of(Residue))
    units: UnitRegistry = field(validator=_instance(UnitRegistry))
    """The units the plan names and what the registry knows of them; every assignment's unit is one of them."""
    targets: tuple[Item, ...] = field(init=False, eq=False, repr=False, default=Factory(_targets_of, takes_self=True))
    """The items that are targets, in document order."""
    tasks: tuple[Item, ...] = field(init=False, eq=False, repr=False, default=Factory(_tasks_of, takes_self=True))
    """The items that are tasks, in document order."""
    _task_index: Mapping[int, Item] = field(
        init=False, eq=False, repr=False, default=Factory(_task_numbers, takes_self=True)
    )

    def __attrs_post_init__(self) -> None:
        _check_sequence("division", self.divisions)
        _check_sequence("item", self.items)
        _check_items(self)

    def __repr__(self) -> str:
        return f"<Plan {self.info.doc_number or self.title or 'untitled plan'}: {self.coverage}>"

    def _repr_html_(self) -> str:
        held = self._items_per_division()
        rows = [(d.kind.value, d.marker or "", d.title or "", str(held[d.id])) for d in self.divisions]
        residue = "".join(f"<li>line {r.line}: {escape(r.text)}</li>" for r in self.residue)
        return (
            f"<div><strong>{escape(self.title or self.info.title or 'untitled plan')}</strong>"
            f"<p>{escape(self.info.doc_number or '')} · {escape(str(self.coverage))}</p>"
            f"{table(rows, ('division', 'marker', 'title', 'items'))}"
            + (f"<p>Text not placed:</p><ul>{residue}</ul>" if residue else "")
            + "</div>"
        )

    def _items_per_division(self) -> Counter[int]:
        """How many items each division holds at any depth, counted in one pass."""
        counts: Counter[int] = Counter()
        for item in self.items:
            division = self.division(item.division)
            while division is not None:
                counts[division.id] += 1
                division = self.division(division.parent)
        return counts

    # Views over the divisions, for the parts, areas and themes the text heads.

    def divisions_of(self, kind: DivisionKind) -> tuple[Division, ...]:
        """The divisions of ``kind``, in document order."""
        return tuple(d for d in self.divisions if d.kind is kind)

    @property
    def sections(self) -> tuple[Division, ...]:
        """The areas (方面), headed (一), (二), …"""
        return self.divisions_of(DivisionKind.AREA)

    @property
    def themes(self) -> tuple[Division, ...]:
        """The themes (——… and topic lines)."""
        return self.divisions_of(DivisionKind.THEME)

    def division(self, division_id: int | None) -> Division | None:
        """The division with ``division_id`` (None for None)."""
        return None if division_id is None else self.divisions[division_id - 1]

    def enclosing(self, item: Item | Division, kind: DivisionKind) -> Division | None:
        """The nearest division of ``kind`` that ``item`` sits in (itself, for a division of that kind)."""
        current = self.division(item.division) if isinstance(item, Item) else item
        while current is not None and current.kind is not kind:
            current = self.division(current.parent)
        return current

    def items_in(self, division: Division) -> tuple[Item, ...]:
        """The items inside ``division``, at any depth, in document order."""
        inside = {division.id}
        for d in self.divisions[division.id :]:
            if d.parent in inside:
                inside.add(d.id)
        return tuple(item for item in self.items if item.division in inside)

    def _part_of(self, items: tuple[Item, ...]) -> Division | None:
        return self.enclosing(items[0], DivisionKind.PART) if items else None

    @property
    def targets_title(self) -> str | None:
        """The heading of the part holding the targets."""
        part = self._part_of(self.targets)
        return part.title if part else None

    @property
    def declared_targets(self) -> int | None:
        """Targets the targets' part declares (共4项)."""
        part = self._part_of(self.targets)
        return part.declared if part else None

    @property
    def work_title(self) -> str | None:
        """The heading of the part holding the tasks."""
        part = self._part_of(self.tasks)
        return part.title if part else None

    @property
    def declared_sections(self) -> int | None:
        """Areas the tasks' part declares (九个方面), else those the plan declares."""
        part = self._part_of(self.tasks)
        return part.declared_areas if part and part.declared_areas is not None else self.declared_areas

    @property
    def declared_tasks(self) -> int | None:
        """Tasks the tasks' part declares (共268项)."""
        part = self._part_of(self.tasks)
        return part.declared if part else None

    @property
    def deadlines(self) -> tuple[Deadline, ...]:
        """The notice's deadlines, in the order the text gives them."""
        return self.notice.deadlines if self.notice is not None else ()

    def task(self, number: int) -> Item:
        """The task numbered ``number``; raises :class:`TaskNotFound` if absent.

        Where the text declares more tasks than it contains, the message says
        that the task is declared but missing from this copy. Where a number
        is printed twice, the first task printed is returned. A number that is
        not an ``int`` (``"5"``, ``5.0``, ``True``) is a TypeError, never a task.
        """
        if type(number) is not int:
            raise TypeError(
                f"plan.task() takes a task's printed number as an int, such as plan.task(5);"
                f" not {type(number).__name__} {_shown(number)}"
            )
        try:
            return self._task_index[number]
        except KeyError:
            raise TaskNotFound(number, self.declared_tasks, len(self.tasks)) from None

    @property
    def coverage(self) -> Coverage:
        """Targets, areas and tasks present against those the text declares."""
        return Coverage(
            targets=len(self.targets),
            declared_targets=self.declared_targets,
            sections=len(self.sections),
            declared_sections=self.declared_sections,
            tasks=len(self.tasks),
            declared_tasks=self.declared_tasks,
        )

    # The one door upward: the methods below import govtasks.query or govtasks.tables when first called
    # (as Item.__str__ does the text writer). Nothing else in the model imports a module above it.

    def tasks_for(self, unit: UnitLike, *, role: Role | str | None = None, expand: bool = False) -> Items:
        """Tasks naming ``unit`` (by any of its names) in ``role``; see :func:`govtasks.query.tasks_for`."""
        from govtasks import query

        return query.tasks_for(self, unit, role=role, expand=expand)

    def targets_for(self, unit: UnitLike, *, role: Role | str | None = None, expand: bool = False) -> Items:
        """Targets naming ``unit`` in ``role``; see :func:`govtasks.query.targets_for`."""
        from govtasks import query

        return query.targets_for(self, unit, role=role, expand=expand)

    def workload(
        self, *, include_targets: bool = False, expand: bool = False, administrations: bool = False
    ) -> Workload:
        """Items led and shared per unit, most loaded first; see :func:`govtasks.query.workload`."""
        from govtasks import query

        return query.workload(self, include_targets=include_targets, expand=expand, administrations=administrations)

    def counts(self, by: CountBy = "section") -> Counts:
        """Tasks per area, theme or unit kind; see :func:`govtasks.query.counts`."""
        from govtasks import query

        return query.counts(self, by)

    def co_assignments(self) -> CoAssignments:
        """Pairs of units sharing tasks, heaviest first; see :func:`govtasks.query.co_assignments`."""
        from govtasks import query

        return query.co_assignments(self)

    def search(self, words: str) -> Items:
        """Tasks whose text contains every word; see :func:`govtasks.query.search`."""
        from govtasks import query

        return query.search(self, words)

    def filter(
        self,
        *,
        section: int | str | Division | None = None,
        theme: int | str | Division | None = None,
        unit: UnitLike | None = None,
        role: Role | str | None = None,
        expand: bool = False,
    ) -> Items:
        """Tasks meeting every criterion given; see :func:`govtasks.query.filter_tasks`."""
        from govtasks import query

        return query.filter_tasks(self, section=section, theme=theme, unit=unit, role=role, expand=expand)

    def to_pandas(self, table: str = "items") -> pd.DataFrame:
        """A table of :data:`govtasks.tables.TABLES` as a pandas DataFrame (needs ``pandas``).

        The tables are ``document``, ``addressees``, ``clauses``, ``deadlines``, ``conventions``,
        ``units``, ``unit_aliases``, ``unit_relations``, ``collective_members``, ``divisions``, ``division_leaders``,
        ``items``, ``leaders``, ``details``, ``assignments`` and ``residue``; see the data dictionary.
        """
        from govtasks import tables

        return tables.to_pandas(self, table)

    def to_polars(self, table: str = "items") -> pl.DataFrame:
        """A table, as :meth:`to_pandas` lists them, as a polars DataFrame (needs ``polars``)."""
        from govtasks import tables

        return tables.to_polars(self, table)

    def to_networkx(self, *, collectives: Collectives = "keep") -> Graphs:
        """The unit–task graph, the co-assignment graph and the lead → responsible graph; see
        :func:`govtasks.query.to_networkx`."""
        from govtasks import query

        return query.to_networkx(self, collectives=collectives)
