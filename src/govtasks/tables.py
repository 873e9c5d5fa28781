"""A plan as flat tables: one definition per table serves every tabular output.

Each :class:`Table` names its typed, described columns, its primary key and its
foreign keys, and yields its rows from a plan. DataFrames, the exported CSV
files, the Frictionless ``datapackage.json`` and the data dictionary are all
made from these definitions. Headers are ASCII snake_case so that Stata and R
read them as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Literal

from attrs import frozen

from govtasks.model import Plan, ResponsibleItem, Role
from govtasks.units import Certainty, NameStatus, UnitKind

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

ColumnType = Literal["integer", "string", "date", "boolean"]
Row = tuple[Any, ...]


@frozen(kw_only=True)
class Column:
    """One column: its ASCII name, type, whether a value is required, allowed values, meaning."""

    name: str
    type: ColumnType
    required: bool
    description: str
    enum: tuple[str, ...] | None = None


@frozen(kw_only=True)
class ForeignKey:
    """Columns of this table that name a row of another table."""

    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@frozen(kw_only=True)
class Table:
    """A named table: its columns, keys and the function that yields its rows from a plan."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    rows: Callable[[Plan], Iterator[Row]]


def _column(type_: ColumnType) -> Callable[..., Column]:
    def make(name: str, description: str, *, required: bool = True, enum: tuple[str, ...] | None = None) -> Column:
        return Column(name=name, type=type_, required=required, description=description, enum=enum)

    return make


_int, _str, _date, _bool = _column("integer"), _column("string"), _column("date"), _column("boolean")


def _values(kind: type[Role] | type[UnitKind] | type[Certainty] | type[NameStatus]) -> tuple[str, ...]:
    return tuple(member.code if isinstance(member, Role) else member.value for member in kind)


def _fk(fields: tuple[str, ...], table: str, reference: tuple[str, ...] | None = None) -> ForeignKey:
    return ForeignKey(fields=fields, table=table, reference=reference or fields)


# -- rows ---------------------------------------------------------------------


def _document_rows(plan: Plan) -> Iterator[Row]:
    info, notice = plan.info, plan.notice
    yield (
        plan.source_sha256,
        info.title,
        info.issuer,
        info.doc_number,
        info.published,
        info.effective,
        info.level,
        info.status,
        info.topic,
        notice is not None,
        notice.doc_number if notice else None,
        notice.preamble if notice else None,
        notice.signed_by if notice else None,
        notice.signed_on if notice else None,
        plan.title,
        plan.targets_title,
        plan.declared_targets,
        plan.work_title,
        plan.declared_sections,
        plan.declared_tasks,
    )


def _task_rows(plan: Plan) -> Iterator[Row]:
    for section in plan.sections:
        for theme_ordinal, theme in enumerate(section.themes, start=1):
            for task in theme.tasks:
                yield task.number, section.ordinal, theme_ordinal, task.text, task.first_line, task.last_line


def _assignment_rows(plan: Plan) -> Iterator[Row]:
    items: list[tuple[str, int, ResponsibleItem]] = [("target", t.ordinal, t) for t in plan.targets]
    items += [("task", t.number, t) for t in plan.tasks]
    for kind, number, item in items:
        target, task = (number, None) if kind == "target" else (None, number)
        for a in item.assignments:
            yield kind, number, target, task, a.unit.id, a.role.code, a.position, a.group, a.printed


def _unit_rows(plan: Plan) -> Iterator[Row]:
    for u in plan.units:
        yield (
            u.id,
            u.name,
            u.kind.value,
            u.full_name,
            u.full_name_certainty.value if u.full_name_certainty else None,
            u.full_name_basis,
            u.name_en,
            u.name_en_status.value if u.name_en_status else None,
            u.name_en_basis,
            u.parent,
            u.note,
        )


def _clause_rows(plan: Plan) -> Iterator[Row]:
    clauses = plan.notice.clauses if plan.notice else ()
    for position, clause in enumerate(clauses, start=1):
        yield position, clause.ordinal, clause.text, clause.first_line, clause.last_line


# -- the tables -----------------------------------------------------------------

_LINES = (
    _int("first_line", "first line of the source text the item was printed on (1-based)"),
    _int("last_line", "last line of the source text the item was printed on"),
)
_TABLES = (
    Table(
        name="document",
        description="the document as a whole: one row of facts about the text, its notice and its parts",
        columns=(
            _str("source_sha256", "sha256 of the text the plan was parsed from: the data's version", required=False),
            _str("title", "the notice's title", required=False),
            _str("issuer", "制定机关, issuing authority", required=False),
            _str("doc_number", "字号, document number, from the attribute block", required=False),
            _date("published", "公布日期, publication date", required=False),
            _date("effective", "施行日期, effective date", required=False),
            _str("level", "效力等级, legal force level", required=False),
            _str("status", "时效性, validity status", required=False),
            _str("topic", "主题分类, subject classification", required=False),
            _bool("has_notice", "whether the text carries the covering notice (通知)"),
            _str("notice_doc_number", "the document number printed under the notice's title", required=False),
            _str("preamble", "the notice's opening paragraph", required=False),
            _str("signed_by", "the office in the notice's signature (落款)", required=False),
            _date("signed_on", "the date in the notice's signature", required=False),
            _str("plan_title", "the plan's own title", required=False),
            _str("targets_title", "the heading of part 一, the main targets", required=False),
            _int("declared_targets", "targets the text declares (共N项)", required=False),
            _str("work_title", "the heading of part 二, the key work", required=False),
            _int("declared_sections", "areas of key work the text declares (N个方面)", required=False),
            _int("declared_tasks", "tasks the text declares (共N项)", required=False),
        ),
        primary_key=(),
        foreign_keys=(),
        rows=_document_rows,
    ),
    Table(
        name="addressees",
        description="主送单位: the units the notice is addressed to, in printed order",
        columns=(_int("position", "1-based place in the printed list"), _str("name", "the addressee as printed")),
        primary_key=("position",),
        foreign_keys=(),
        rows=lambda plan: enumerate(plan.info.addressees, start=1),
    ),
    Table(
        name="clauses",
        description="the numbered clauses (一、二、…) of the covering notice",
        columns=(
            _int("position", "1-based place among the clauses"),
            _int("clause_ordinal", "the clause's number as printed, 一 = 1"),
            _str("text", "the clause, hard wraps joined"),
            *_LINES,
        ),
        primary_key=("position",),
        foreign_keys=(),
        rows=_clause_rows,
    ),
    Table(
        name="deadlines",
        description="what the notice says is due by a date, to whom and from whom",
        columns=(
            _int("position", "1-based place in the order the notice gives them"),
            _int("clause_ordinal", "the notice clause that sets the deadline"),
            _date("date", "the date by which it is due (…前)"),
            _str("due", "what is due, as the clause words it"),
            _str("submitter", "who submits it"),
            _str("recipient", "to whom it is submitted", required=False),
            _int("line", "the line of the source text that gives the date"),
        ),
        primary_key=("position",),
        foreign_keys=(),
        rows=lambda plan: (
            (i, d.clause, d.date, d.due, d.submitter, d.recipient, d.line)
            for i, d in enumerate(plan.deadlines, start=1)
        ),
    ),
    Table(
        name="units",
        description="every unit the registry knows; all but the printed name are the project's added facts",
        columns=(
            _str("unit_id", "stable ASCII id"),
            _str("name", "the short name as printed (e.g. 市发展改革委)"),
            _str("kind", "what sort of body it is", enum=_values(UnitKind)),
            _str("full_name", "official full Chinese name as of January 2020", required=False),
            _str("full_name_certainty", "how sure the full name is", required=False, enum=_values(Certainty)),
            _str("full_name_basis", "the source or convention the full name rests on", required=False),
            _str("name_en", "English name", required=False),
            _str(
                "name_en_status", "official, or the project's own translation", required=False, enum=_values(NameStatus)
            ),
            _str("name_en_basis", "the source or convention the English name rests on", required=False),
            _str("parent_id", "id of the unit this one belongs to", required=False),
            _str("note", "anything else a user should know", required=False),
        ),
        primary_key=("unit_id",),
        foreign_keys=(_fk(("parent_id",), "units", ("unit_id",)),),
        rows=_unit_rows,
    ),
    Table(
        name="unit_aliases",
        description="other names in use for a unit, each with where it is used",
        columns=(
            _str("unit_id", "the unit"),
            _int("position", "1-based place among the unit's aliases"),
            _str("alias", "the other name"),
            _str("basis", "where the name is used"),
        ),
        primary_key=("unit_id", "position"),
        foreign_keys=(_fk(("unit_id",), "units"),),
        rows=lambda plan: ((u.id, i, a.name, a.basis) for u in plan.units for i, a in enumerate(u.aliases, start=1)),
    ),
    Table(
        name="collective_members",
        description="the units a collective name (各区人民政府〈…〉, 各开发区管委会) stands for, each with its basis",
        columns=(
            _str("collective_id", "the collective unit"),
            _int("position", "1-based place among its members"),
            _str("member_id", "the member unit"),
            _str("basis", "the source or convention the membership rests on"),
            _str("certainty", "how sure the membership is", enum=_values(Certainty)),
        ),
        primary_key=("collective_id", "position"),
        foreign_keys=(_fk(("collective_id",), "units", ("unit_id",)), _fk(("member_id",), "units", ("unit_id",))),
        rows=lambda plan: (
            (u.id, i, m.unit, m.basis, m.certainty.value) for u in plan.units for i, m in enumerate(u.members, start=1)
        ),
    ),
    Table(
        name="targets",
        description="the main expected targets (主要预期目标)",
        columns=(
            _int("target_ordinal", "the target's ordinal, (一) = 1"),
            _str("text", "the target's sentence, without its responsibility list"),
            *_LINES,
        ),
        primary_key=("target_ordinal",),
        foreign_keys=(),
        rows=lambda plan: ((t.ordinal, t.text, t.first_line, t.last_line) for t in plan.targets),
    ),
    Table(
        name="sections",
        description="the areas of key work (方面) present in the text",
        columns=(
            _int("section_ordinal", "the area's ordinal, (一) = 1"),
            _str("title", "the area's heading"),
            _int("line", "the heading's line in the source text"),
        ),
        primary_key=("section_ordinal",),
        foreign_keys=(),
        rows=lambda plan: ((s.ordinal, s.title, s.line) for s in plan.sections),
    ),
    Table(
        name="themes",
        description="the '——' subheadings grouping tasks within an area",
        columns=(
            _int("section_ordinal", "the area's ordinal"),
            _int("theme_ordinal", "the theme's ordinal within the area, 1-based"),
            _str("title", "the subheading; empty for tasks printed before any subheading", required=False),
            _int("line", "the subheading's line in the source text", required=False),
        ),
        primary_key=("section_ordinal", "theme_ordinal"),
        foreign_keys=(_fk(("section_ordinal",), "sections"),),
        rows=lambda plan: (
            (s.ordinal, i, t.title, t.line) for s in plan.sections for i, t in enumerate(s.themes, start=1)
        ),
    ),
    Table(
        name="tasks",
        description="the numbered key-work tasks (重点工作任务) present in the text",
        columns=(
            _int("task_number", "the task's number as printed"),
            _int("section_ordinal", "ordinal of its area of key work (方面), (一) = 1"),
            _int("theme_ordinal", "ordinal of its theme (——) within the area, 1-based"),
            _str("text", "the task's sentence, without its responsibility list"),
            *_LINES,
        ),
        primary_key=("task_number",),
        foreign_keys=(
            _fk(("section_ordinal",), "sections"),
            _fk(("section_ordinal", "theme_ordinal"), "themes"),
        ),
        rows=_task_rows,
    ),
    Table(
        name="assignments",
        description="who is charged with each target and task: one row per printed unit name, in printed order",
        columns=(
            _str("item_kind", "whether the row belongs to a target or a task", enum=("target", "task")),
            _int("item_number", "the target's ordinal or the task's number"),
            _int("target_ordinal", "the target, as a key into targets (empty for a task)", required=False),
            _int("task_number", "the task, as a key into tasks (empty for a target)", required=False),
            _str("unit_id", "the unit"),
            _str("role", "lead (牵头单位) or responsible (责任单位)", enum=_values(Role)),
            _int("position", "1-based place of the unit in the printed list of its role"),
            _int("group", "1-based comma group within that list (、 joins units of one kind)"),
            _str("printed_name", "the unit's name exactly as printed, 〈…〉 qualifier included"),
        ),
        primary_key=("item_kind", "item_number", "role", "position"),
        foreign_keys=(
            _fk(("unit_id",), "units"),
            _fk(("target_ordinal",), "targets"),
            _fk(("task_number",), "tasks"),
        ),
        rows=_assignment_rows,
    ),
    Table(
        name="residue",
        description="text the parser found but could not place (web-page noise, lines out of place)",
        columns=(
            _int("line", "the line of the source text"),
            _int("column", "the 1-based column where the text starts"),
            _str("text", "the text"),
        ),
        primary_key=("line", "column"),
        foreign_keys=(),
        rows=lambda plan: ((r.line, r.column, r.text) for r in plan.residue),
    ),
)
TABLES: dict[str, Table] = {table.name: table for table in _TABLES}
"""Every table, by name, in an order where a table comes after the tables its keys name."""


def table(name: str) -> Table:
    """The definition of table ``name``; a LookupError names the tables there are."""
    try:
        return TABLES[name]
    except KeyError:
        raise LookupError(f"no table {name!r}; the tables are {', '.join(TABLES)}") from None


def columns_of(plan: Plan, name: str) -> dict[str, list[Any]]:
    """Table ``name`` of ``plan`` as columns: header → values, in row order."""
    spec = table(name)
    values: dict[str, list[Any]] = {column.name: [] for column in spec.columns}
    for row in spec.rows(plan):
        for column, value in zip(spec.columns, row, strict=True):
            values[column.name].append(value)
    return values


_PANDAS_TYPES = {"integer": "Int64", "string": "string", "boolean": "boolean", "date": "datetime64[s]"}


def to_pandas(plan: Plan, name: str) -> pd.DataFrame:
    """Table ``name`` as a pandas DataFrame with nullable dtypes (needs the ``pandas`` extra)."""
    import pandas as pd

    frame = pd.DataFrame(columns_of(plan, name))
    return frame.astype({c.name: _PANDAS_TYPES[c.type] for c in table(name).columns})


def to_polars(plan: Plan, name: str) -> pl.DataFrame:
    """Table ``name`` as a polars DataFrame (needs the ``polars`` extra)."""
    import polars as pl

    types = {"integer": pl.Int64, "string": pl.String, "boolean": pl.Boolean, "date": pl.Date}
    spec = table(name)
    return pl.DataFrame(columns_of(plan, name), schema={c.name: types[c.type] for c in spec.columns})
