"""A plan as flat tables (tasks, targets, assignments, units, sections, themes).

One definition per table, with typed, described columns, serves every tabular
output: DataFrames here, and the exported files. Headers are ASCII snake_case
so that Stata and R read them as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Literal

from attrs import frozen

from govtasks.model import Plan, ResponsibleItem

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

ColumnType = Literal["integer", "string"]
Row = tuple[Any, ...]


@frozen(kw_only=True)
class Column:
    """One column of a table: its ASCII name, type, whether it may be empty, and meaning."""

    name: str
    type: ColumnType
    required: bool
    description: str


@frozen(kw_only=True)
class Table:
    """A named table: its columns, its primary key and the function that yields its rows."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[Plan], Iterator[Row]]


def _int(name: str, description: str, *, required: bool = True) -> Column:
    return Column(name=name, type="integer", required=required, description=description)


def _str(name: str, description: str, *, required: bool = True) -> Column:
    return Column(name=name, type="string", required=required, description=description)


def _task_rows(plan: Plan) -> Iterator[Row]:
    for section in plan.sections:
        for theme_ordinal, theme in enumerate(section.themes, start=1):
            for task in theme.tasks:
                yield task.number, section.ordinal, theme_ordinal, task.text, task.first_line, task.last_line


def _assignment_rows(plan: Plan) -> Iterator[Row]:
    items: list[tuple[str, int, ResponsibleItem]] = [("target", t.ordinal, t) for t in plan.targets]
    items += [("task", t.number, t) for t in plan.tasks]
    for kind, number, item in items:
        for a in item.assignments:
            yield kind, number, a.unit.id, a.role.code, a.position, a.group, a.printed


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


_LINES = (
    _int("first_line", "first line of the source text the item was printed on (1-based)"),
    _int("last_line", "last line of the source text the item was printed on"),
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
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
            rows=_task_rows,
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
            rows=lambda plan: ((t.ordinal, t.text, t.first_line, t.last_line) for t in plan.targets),
        ),
        Table(
            name="assignments",
            description="who is charged with each target and task, one row per printed unit name",
            columns=(
                _str("item_kind", "'target' or 'task'"),
                _int("item_number", "the target's ordinal or the task's number"),
                _str("unit_id", "the unit's id in the units table"),
                _str("role", "'lead' (牵头单位) or 'responsible' (责任单位)"),
                _int("position", "1-based place of the unit in the printed list of its role"),
                _int("group", "1-based comma group within that list (、 joins units of one kind)"),
                _str("printed_name", "the unit's name exactly as printed, 〈…〉 qualifier included"),
            ),
            primary_key=("item_kind", "item_number", "role", "position"),
            rows=_assignment_rows,
        ),
        Table(
            name="units",
            description="every unit the registry knows; all but the printed name are the project's added facts",
            columns=(
                _str("unit_id", "stable ASCII id"),
                _str("name", "the short name as printed (e.g. 市发展改革委)"),
                _str("kind", "what sort of body it is (municipal_department, collective, …)"),
                _str("full_name", "official full Chinese name as of January 2020", required=False),
                _str("full_name_certainty", "confirmed, probable or uncertain", required=False),
                _str("full_name_basis", "the source or convention the full name rests on", required=False),
                _str("name_en", "English name", required=False),
                _str("name_en_status", "official, or project (the project's translation)", required=False),
                _str("name_en_basis", "the source or convention the English name rests on", required=False),
                _str("parent_id", "id of the unit this one belongs to", required=False),
                _str("note", "anything else a user should know", required=False),
            ),
            primary_key=("unit_id",),
            rows=_unit_rows,
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
            rows=lambda plan: (
                (s.ordinal, i, t.title, t.line) for s in plan.sections for i, t in enumerate(s.themes, start=1)
            ),
        ),
    )
}


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


_PANDAS_TYPES = {"integer": "Int64", "string": "string"}


def to_pandas(plan: Plan, name: str) -> pd.DataFrame:
    """Table ``name`` as a pandas DataFrame with nullable dtypes (needs the ``pandas`` extra)."""
    import pandas as pd

    frame = pd.DataFrame(columns_of(plan, name))
    return frame.astype({c.name: _PANDAS_TYPES[c.type] for c in table(name).columns})


def to_polars(plan: Plan, name: str) -> pl.DataFrame:
    """Table ``name`` as a polars DataFrame (needs the ``polars`` extra)."""
    import polars as pl

    types = {"integer": pl.Int64, "string": pl.String}
    spec = table(name)
    return pl.DataFrame(columns_of(plan, name), schema={c.name: types[c.type] for c in spec.columns})
