"""Writing a plan as a table: the writer's half of :mod:`govtasks.text.tables`.

A table is written as web pages flatten one: a cell a line, each ending in `` |`` as real
copies do, so that a cell printed empty (``/ |``) keeps its column's place. The header names
the columns in the grammar's canonical words: 序号 / 重点工作 / 牵头单位 / 责任单位, then
责任领导, 完成时限 and 任务来源 where some item has one. A heading is a row of one cell
(一、… a part, (一)… an area, ——… a theme); a TABLE division opens its table with its 附件
line, title and count of items before the header.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from attrs import frozen

from govtasks.model import Assignment, Division, Item, Leader, Plan, Role, RoleBasis
from govtasks.text import grammar, lists

EMPTY = "/"
"""What an empty cell prints."""
_END = " |"


@frozen
class Columns:
    """The columns beyond number, task and units that some item of the plan fills."""

    leaders: bool
    due: bool
    source: bool

    def header(self) -> list[str]:
        words = [grammar.NUMBER_HEADERS[0], grammar.TASK_HEADERS[0], grammar.LEAD_LABELS[0]]
        words.append(grammar.RESPONSIBLE_LABELS[0])
        if self.leaders:
            words.append(grammar.LEADER_LABELS[1])
        if self.due:
            words.append(grammar.DUE_LABELS[0])
        if self.source:
            words.append(grammar.SOURCE_LABELS[0])
        return words


def columns_of(plan: Plan) -> Columns:
    """The columns the plan's items need."""
    return Columns(
        leaders=any(item.leaders for item in plan.items),
        due=any(item.due is not None for item in plan.items),
        source=any(item.source is not None for item in plan.items),
    )


def cell(text: str | None) -> str:
    """One cell a line, ending in '|'; an empty one prints '/'."""
    return f"{text or EMPTY}{_END}"


def opening(table: Division, columns: Columns) -> Iterator[str]:
    """A table's 附件 line, title and count, then its header, a cell a line."""
    if table.marker:
        yield table.marker
    if table.title:
        yield table.title
    if table.declared is not None:
        yield f"(共{table.declared}项)"
    yield from map(cell, columns.header())


def row(item: Item, inherited: tuple[Leader, ...], columns: Columns) -> Iterator[str]:
    """The item's row: number, task, lead and responsible units (★ before a unit it marks), then the other
    columns; leaders a heading gives (``inherited``) are not repeated."""
    leads = [a for a in item.assignments if a.role is Role.LEAD and a.basis is not RoleBasis.MARKER]
    others = [a for a in item.assignments if a.role is Role.RESPONSIBLE or a.basis is RoleBasis.MARKER]
    yield cell(item.marker)
    yield cell(item.text)
    yield cell(_units(leads, open_ended=item.open_ended and not others))
    yield cell(_units(others, open_ended=item.open_ended))
    if columns.leaders:
        own = item.leaders if item.leaders != inherited else ()
        yield cell("、".join(leader.name for leader in own))
    if columns.due:
        yield cell(item.due)
    if columns.source:
        yield cell(item.source)


def _units(assignments: Sequence[Assignment], *, open_ended: bool) -> str | None:
    return lists.names(assignments, open_ended=open_ended) if assignments else None
