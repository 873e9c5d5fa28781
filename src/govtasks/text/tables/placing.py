"""Rows to items and headings, the same way for every form.

A row that charges someone (a unit, leader, deadline or source cell) is an item; a
whole row that charges nobody is a heading: 一、… a part, (一)… an area, anything else
a theme. Headings open divisions under the table, which later rows stand under.
"""

from __future__ import annotations

import re

from attrs import define, field

from govtasks._text import numeral_value
from govtasks.model import Detail, DivisionKind, Leader, Role, RoleBasis
from govtasks.text import grammar
from govtasks.text.draft import Draft, DraftDivision, DraftItem
from govtasks.text.tables.columns import ASSIGNING, UNITS, Column, Field
from govtasks.text.tables.looks import NAMES, is_row_number
from govtasks.text.tables.rows import Cell, Row
from govtasks.text.unitlists import Reading, read_list


@define
class Sections:
    """The divisions open in one table, which new headings and items stand under."""

    table: int
    part: int | None = None
    area: int | None = None
    theme: int | None = None

    @property
    def innermost(self) -> int:
        for index in (self.theme, self.area, self.part):
            if index is not None:
                return index
        return self.table

    def open(self, draft: Draft, division: DraftDivision, level: DivisionKind | None = None) -> None:
        """Add ``division`` under the division that encloses its kind, and close what it ends.

        ``level`` is the rank its marker gives, where its kind does not say (a group named for a leader)."""
        index = len(draft.divisions)
        level = level or division.kind
        if level is DivisionKind.PART:
            division.parent = self.table
            self.part, self.area, self.theme = index, None, None
        elif level is DivisionKind.AREA:
            division.parent = self.table if self.part is None else self.part
            self.area, self.theme = index, None
        else:
            division.parent = next((i for i in (self.area, self.part) if i is not None), self.table)
            self.theme = index
        draft.divisions.append(division)


@define
class Readings:
    """One reading for each distinct set of charging cells: tables repeat their unit cells row after row, and the
    draft builds the assignments of a reading once (it keys them on the reading's identity)."""

    seen: dict[tuple[tuple[Column, str], ...], Reading] = field(factory=dict)

    def of(self, row: Row, cells: list[Cell], draft: Draft) -> Reading:
        """The reading of the row's cells; one that states a convention or leaves text over is its row's own."""
        key = tuple((cell.column, row.text[cell.start : cell.end]) for cell in cells if cell.column.kind in ASSIGNING)
        reading = self.seen.get(key)
        if reading is None:
            reading = _reading(row, cells, draft)
            if not (reading.conventions or reading.leftovers):
                self.seen[key] = reading
        return reading


def place(row: Row, sections: Sections, readings: Readings, draft: Draft) -> None:
    """A row becomes an item; a whole row that charges nobody is a heading (一、…, (一)…, 1 大力提振消费。).

    A group cell (项目) opens a theme; where the task cell prints its own number (1.地区…), the 序号
    beside the group numbers the group, and the task's number the item."""
    cells = [cell for cell in row.cells if row.cell_text(cell)]
    if row.closed and not any(cell.column.kind in ASSIGNING for cell in cells):
        _open_heading(row, cells, sections, draft)
        return
    number, marker = _row_number(row, _first(cells, Field.NUMBER), draft)
    task, group = _first(cells, Field.TASK), _first(cells, Field.GROUP)
    start, end = (task.start, task.end) if task is not None else (0, 0)
    own = grammar.ARABIC.match(row.folded, start, end) or grammar.PAREN_ARABIC.match(row.folded, start, end)
    if group is not None:
        numbered = own is not None and number is not None
        title, line = row.cell_text(group), row.locate(group.start)[0]
        theme = division(DivisionKind.THEME, number if numbered else None, marker if numbered else None, title, line)
        sections.open(draft, theme)
    if own is not None and (group is not None or number is None):
        number, marker, start = int(own["num"]), row.text[own.start() : own.end()].strip(), own.end()
    details = [Detail(label=c.column.label, text=row.cell_text(c)) for c in cells if c.column.kind is Field.DETAIL]
    draft.items.append(
        DraftItem(
            number=number, marker=marker, division=sections.innermost, text=row.text[start:end].strip(),
            first_line=row.first_line, last_line=row.last_line, reading=readings.of(row, cells, draft),
            complete=row.closed, locate=row.locate, details=details,
        )
    )  # fmt: skip


def _first(cells: list[Cell], kind: Field) -> Cell | None:
    return next((cell for cell in cells if cell.column.kind is kind), None)


def _row_number(row: Row, cell: Cell | None, draft: Draft) -> tuple[int | None, str | None]:
    """The row's number and its marker as printed; a 序号 cell that is no number is residue."""
    if cell is None:
        return None, None
    if not is_row_number(row.folded[cell.start : cell.end]):
        draft.leftover(row.cell_text(cell), *row.locate(cell.start))
        return None, None
    return int("".join(filter(str.isdigit, row.folded[cell.start : cell.end]))), row.cell_text(cell)


_HEADING_MARKERS = (
    (grammar.PART, DivisionKind.PART),
    (grammar.AREA, DivisionKind.AREA),
    (grammar.ARABIC, DivisionKind.THEME),
    (grammar.PAREN_ARABIC, DivisionKind.THEME),
    (grammar.THEME, DivisionKind.THEME),
)


def _open_heading(row: Row, cells: list[Cell], sections: Sections, draft: Draft) -> None:
    """A heading row: 一、… is a part, (一)… an area, anything else (——…, 1.…) a theme, numbered by its 序号 cell
    or its marker; a heading named for a leader (张伟市长主抓重点工作) is a group, whose leader its items carry."""
    numbers = [c for c in cells if c.column.kind is Field.NUMBER and is_row_number(row.folded[c.start : c.end])]
    texts = [row.cell_text(cell) for cell in cells if cell not in numbers]
    if not texts:
        for cell in cells:
            draft.leftover(row.cell_text(cell), *row.locate(cell.start))
        return
    title, line = " ".join(texts), row.locate(cells[0].start)[0]
    number, marker = _row_number(row, numbers[0], draft) if numbers else (None, None)
    level = DivisionKind.THEME
    for pattern, marked in _HEADING_MARKERS[: 2 if numbers else None]:
        found = pattern.match(grammar.matching(title))
        if found is not None:
            numeral = found.groupdict().get("num")
            level, number, marker = (
                marked,
                None if numeral is None else numeral_value(numeral),
                title[: found.end()].strip(),
            )
            title = title[found.end() :].strip()
            break
    heading = division(level, number, marker, title, line)
    sections.open(draft, _as_group(heading), level)


def division(kind: DivisionKind, number: int | None, marker: str | None, title: str, line: int) -> DraftDivision:
    """A heading's division, with the items (共11项, which leaves its title) and areas (九个方面) its title declares."""
    folded = grammar.matching(title)
    declared = grammar.DECLARED.search(folded)
    if declared is not None:
        title, folded = title[: declared.start()].rstrip(), folded[: declared.start()].rstrip()
    return DraftDivision(
        kind=kind, parent=None, number=number, marker=marker, title=title or None, line=line,
        declared=None if declared is None else int(declared["count"]),
        declared_areas=_count(grammar.DECLARED_AREAS, folded, "num"),
    )  # fmt: skip


def _as_group(heading: DraftDivision) -> DraftDivision:
    """The heading as a group where its title names a leader (于会游市长主抓重点工作), as inline layouts read it."""
    title = heading.title or ""
    found = grammar.LEADER_GROUP.search(grammar.matching(title))
    if found is not None:
        heading.kind = DivisionKind.GROUP
        heading.leaders = [Leader(name=title[found.start("name") : found.end("name")], label=found["label"])]
    return heading


def _count(pattern: re.Pattern[str], folded: str, group: str) -> int | None:
    found = pattern.search(folded)
    if found is None:
        return None
    return numeral_value(found[group])


def _reading(row: Row, cells: list[Cell], draft: Draft) -> Reading:
    """What the row's unit, leader, deadline and source cells say; a unit's role is its column's unless ★ marks it."""
    reading = Reading()
    for cell in cells:
        kind = cell.column.kind
        if kind in UNITS:
            _add_units(reading, read_list(row.text, row.folded, cell.start, cell.end, cell=True), cell.column)
        elif kind is Field.LEADER:
            names = (row.text[m.start() : m.end()].strip() for m in NAMES.finditer(row.folded, cell.start, cell.end))
            reading.leaders += [(name, cell.column.label) for name in names if name]
        elif kind is Field.DUE:
            reading.due = row.cell_text(cell)
        elif kind is Field.SOURCE:
            reading.source = row.cell_text(cell)
    for text, offset in reading.leftovers:
        draft.leftover(text, *row.locate(offset))
    return reading


def _add_units(reading: Reading, cell: Reading, column: Column) -> None:
    """Add one cell's reading; its units take the column's role and label. Its comma groups are counted within the
    cell, as within one labelled list of the inline layouts."""
    role = Role.LEAD if column.kind is Field.LEAD else Role.RESPONSIBLE
    for unit in cell.units:
        if unit.basis is not RoleBasis.MARKER:
            unit.role, unit.label, unit.basis = role, column.label, RoleBasis.PRINTED
    reading.units += cell.units
    reading.leaders += cell.leaders
    reading.due = reading.due or cell.due
    reading.source = reading.source or cell.source
    reading.open_ended = reading.open_ended or cell.open_ended
    reading.conventions += cell.conventions
    reading.leftovers += cell.leftovers
