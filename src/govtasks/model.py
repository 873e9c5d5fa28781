"""The object model of a responsibility plan (责任分解方案).

Every class is a frozen, slotted, keyword-only attrs class holding tuples, so a
plan that has been loaded cannot be changed by any caller. Every field is
always present; a fact the text does not give is ``None``, never missing.
Line numbers are 1-based and refer to the source text the plan was parsed from.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from attrs import field, frozen

from govtasks._text import int_to_cn
from govtasks.errors import TaskNotFound
from govtasks.units import Unit, UnitRegistry

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from govtasks.query import CoAssignment, CountBy, Counts, Coverage, Graphs, UnitLike, Workload


class Role(enum.Enum):
    """How a unit is charged with an item; the value is the label the text prints."""

    LEAD = "牵头单位"
    """牵头单位, lead unit: answers for the item and coordinates the others."""
    RESPONSIBLE = "责任单位"
    """责任单位, co-responsible unit: shares the work under the lead."""

    @property
    def code(self) -> str:
        """The role as an ASCII word for tables and command lines: ``lead`` or ``responsible``."""
        return self.name.lower()


@frozen(kw_only=True)
class Assignment:
    """One unit named in a responsibility list (责任分工), in printed order."""

    unit: Unit
    """The registry's unit for the printed name (a stand-in of kind
    ``UNREGISTERED`` where the registry does not know the name)."""
    role: Role
    position: int
    """1-based place of the unit within the list of its role."""
    group: int
    """1-based comma group within that list: the text separates units of one
    kind with 、 and kinds of units with a comma."""
    printed: str
    """The name exactly as printed, 〈…〉 qualifier included, hard wraps joined."""


@frozen(kw_only=True, repr=False)
class ResponsibleItem:
    """What targets and tasks share: a sentence and its responsibility list."""

    text: str
    """The sentence without its responsibility parenthesis, hard wraps joined."""
    assignments: tuple[Assignment, ...]
    first_line: int
    last_line: int

    @property
    def leads(self) -> tuple[Unit, ...]:
        """The lead units (牵头单位), in printed order."""
        return self.units(Role.LEAD)

    @property
    def responsible(self) -> tuple[Unit, ...]:
        """The co-responsible units (责任单位), in printed order."""
        return self.units(Role.RESPONSIBLE)

    def units(self, role: Role | None = None) -> tuple[Unit, ...]:
        """The units with ``role`` (all units when ``None``), in printed order."""
        return tuple(a.unit for a in self.assignments if role is None or a.role is role)

    @property
    def marker(self) -> str:
        """The item's number as the text prints it: (一) for a target, 7. for a task."""
        raise NotImplementedError

    def __str__(self) -> str:
        """The item as printed: marker, sentence, responsibility list."""
        from govtasks import display

        return f"{self.marker}{self.text}{display.responsibility_list(self)}"

    def __repr__(self) -> str:
        from govtasks import display

        return display.item_repr(self, f"{type(self).__name__} {self.marker}")

    def _repr_html_(self) -> str:
        from govtasks import display

        return display.item_html(self, f"{type(self).__name__} {self.marker}")


@frozen(kw_only=True, repr=False)
class Target(ResponsibleItem):
    """A main expected target (主要预期目标), numbered (一)–(四) in the text."""

    ordinal: int

    @property
    def marker(self) -> str:
        return f"({int_to_cn(self.ordinal)})"


@frozen(kw_only=True, repr=False)
class Task(ResponsibleItem):
    """A numbered key-work task (重点工作任务)."""

    number: int

    @property
    def marker(self) -> str:
        return f"{self.number}."


@frozen(kw_only=True)
class Theme:
    """A "——" subheading (主题) grouping tasks inside an area.

    ``title`` is ``None`` for tasks printed before an area's first subheading.
    """

    title: str | None
    line: int | None
    tasks: tuple[Task, ...]


@frozen(kw_only=True)
class Section:
    """An area of key work (重点工作方面), headed (一), (二), … in part 二."""

    ordinal: int
    title: str
    line: int
    themes: tuple[Theme, ...]

    @property
    def tasks(self) -> tuple[Task, ...]:
        """The area's tasks across its themes, in document order."""
        return tuple(task for theme in self.themes for task in theme.tasks)


@frozen(kw_only=True)
class Clause:
    """A numbered clause (一、二、…) of the covering notice (通知)."""

    ordinal: int
    text: str
    first_line: int
    last_line: int


@frozen(kw_only=True)
class Deadline:
    """Something the notice says is due by a date (…前报送)."""

    date: dt.date
    due: str
    """What is due, as the clause words it."""
    submitter: str
    """Who submits it (e.g. 各责任单位)."""
    recipient: str | None
    """To whom it is submitted (e.g. 市人民政府督查室)."""
    clause: int
    """Ordinal of the notice clause that sets the deadline."""
    line: int


@frozen(kw_only=True)
class Notice:
    """The covering notice (通知) that issues the plan."""

    doc_number: str | None
    """The document number (字号) printed under the notice title."""
    preamble: str | None
    clauses: tuple[Clause, ...]
    deadlines: tuple[Deadline, ...]
    signed_by: str | None
    """The issuing office in the signature (落款)."""
    signed_on: dt.date | None


@frozen(kw_only=True)
class DocumentInfo:
    """Facts about the document as a whole.

    ``title`` and ``addressees`` come from the notice; the others from the
    database's attribute block (文章属性), and are ``None`` where it is absent.
    """

    title: str | None
    issuer: str | None
    """制定机关, issuing authority."""
    doc_number: str | None
    """字号, document number."""
    published: dt.date | None
    """公布日期, publication date."""
    effective: dt.date | None
    """施行日期, effective date."""
    level: str | None
    """效力等级, legal force level."""
    status: str | None
    """时效性, validity status."""
    topic: str | None
    """主题分类, subject classification."""
    addressees: tuple[str, ...]
    """主送单位, the units the notice is addressed to."""


@frozen(kw_only=True)
class Residue:
    """Text the parser found but could not place, kept so nothing is lost."""

    text: str
    line: int
    column: int


@frozen(kw_only=True, repr=False)
class Plan:
    """A responsibility plan: its notice, targets, areas, themes and tasks.

    ``declared_*`` are the counts the text announces (共4项, 九个方面, 共268项);
    they may exceed what a partial copy contains.
    """

    source_sha256: str | None
    """sha256 of the UTF-8 text the plan was parsed from."""
    info: DocumentInfo
    notice: Notice | None
    title: str | None
    """The plan's own title (e.g. 2020年市《政府工作报告》确定的主要目标任务责任分解方案)."""
    targets_title: str | None
    declared_targets: int | None
    targets: tuple[Target, ...]
    work_title: str | None
    declared_sections: int | None
    declared_tasks: int | None
    sections: tuple[Section, ...]
    residue: tuple[Residue, ...]
    units: UnitRegistry
    """The units the plan names and what the registry knows of them."""
    tasks: tuple[Task, ...] = field(init=False, eq=False, repr=False)
    """All tasks in document order, across areas and themes."""
    _task_index: Mapping[int, Task] = field(init=False, eq=False, repr=False)
    _query_index: object = field(init=False, default=None, eq=False, repr=False)

    def __repr__(self) -> str:
        from govtasks import display

        return display.plan_repr(self)

    def _repr_html_(self) -> str:
        from govtasks import display

        return display.plan_html(self)

    def __attrs_post_init__(self) -> None:
        tasks = tuple(task for section in self.sections for task in section.tasks)
        index: dict[int, Task] = {}
        for task in tasks:
            index.setdefault(task.number, task)
        object.__setattr__(self, "tasks", tasks)
        object.__setattr__(self, "_task_index", MappingProxyType(index))

    @property
    def deadlines(self) -> tuple[Deadline, ...]:
        """The notice's deadlines, in the order the text gives them."""
        return self.notice.deadlines if self.notice is not None else ()

    def task(self, number: int) -> Task:
        """The task numbered ``number``; raises :class:`TaskNotFound` if absent.

        Where the text declares more tasks than it contains, the message says
        that the task is declared but missing from this copy. Where a number
        is printed twice, the first task printed is returned.
        """
        try:
            return self._task_index[number]
        except KeyError:
            raise TaskNotFound(number, self.declared_tasks, len(self.tasks)) from None

    # Queries: thin doors into govtasks.query (imported on first use), which keeps one index per plan.

    @property
    def coverage(self) -> Coverage:
        """Targets, areas and tasks present against those the text declares."""
        from govtasks import query

        return query.coverage(self)

    def tasks_for(self, unit: UnitLike, *, role: Role | None = None, expand: bool = False) -> tuple[Task, ...]:
        """Tasks naming ``unit`` (by any of its names) in ``role``; see :func:`govtasks.query.tasks_for`."""
        from govtasks import query

        return query.tasks_for(self, unit, role=role, expand=expand)

    def targets_for(self, unit: UnitLike, *, role: Role | None = None, expand: bool = False) -> tuple[Target, ...]:
        """Targets naming ``unit`` in ``role``; see :func:`govtasks.query.targets_for`."""
        from govtasks import query

        return query.targets_for(self, unit, role=role, expand=expand)

    def workload(self, *, include_targets: bool = False) -> Workload:
        """Items led and shared per unit, most loaded first; see :func:`govtasks.query.workload`."""
        from govtasks import query

        return query.workload(self, include_targets=include_targets)

    def counts(self, by: CountBy = "section") -> Counts:
        """Tasks per area, theme or unit kind; see :func:`govtasks.query.counts`."""
        from govtasks import query

        return query.counts(self, by)

    def co_assignments(self) -> tuple[CoAssignment, ...]:
        """Pairs of units sharing tasks, heaviest first; see :func:`govtasks.query.co_assignments`."""
        from govtasks import query

        return query.co_assignments(self)

    def search(self, words: str) -> tuple[Task, ...]:
        """Tasks whose text contains every word; see :func:`govtasks.query.search`."""
        from govtasks import query

        return query.search(self, words)

    def filter(
        self,
        *,
        section: int | str | None = None,
        theme: str | None = None,
        unit: UnitLike | None = None,
        role: Role | None = None,
        expand: bool = False,
    ) -> tuple[Task, ...]:
        """Tasks meeting every criterion given; see :func:`govtasks.query.filter_tasks`."""
        from govtasks import query

        return query.filter_tasks(self, section=section, theme=theme, unit=unit, role=role, expand=expand)

    def to_pandas(self, table: str = "tasks") -> pd.DataFrame:
        """A table (tasks, targets, assignments, units, sections, themes) as a pandas DataFrame."""
        from govtasks import tables

        return tables.to_pandas(self, table)

    def to_polars(self, table: str = "tasks") -> pl.DataFrame:
        """A table (tasks, targets, assignments, units, sections, themes) as a polars DataFrame."""
        from govtasks import tables

        return tables.to_polars(self, table)

    def to_networkx(self) -> Graphs:
        """The bipartite unit–task graph and the weighted unit co-assignment graph."""
        from govtasks import query

        return query.to_networkx(self)
