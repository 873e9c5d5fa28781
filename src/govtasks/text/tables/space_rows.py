"""Tables printed one row per line with spaces between cells: ``1 <task> <units>``.

A line that starts otherwise continues the row. The task runs to the first field that
can only name units; later fields fill later columns by what they say.
"""

from __future__ import annotations

import re

from govtasks.text.draft import Draft
from govtasks.text.tables.headers import Header
from govtasks.text.tables.looks import heading, looks_of, names_units, takes
from govtasks.text.tables.rows import Cell, Page, Row, RowBuilder, is_page_mark, lone_cell_row, piece_of

_SPACE_ROW = re.compile(r"(?P<number>\d{1,3})\s+(?=\S)")
_FIELD = re.compile(r"\S+")


def space_rows(page: Page, header: Header, end: int, draft: Draft) -> list[Row]:
    """Rows printed one per line, ``1 <task> <units>``; a line that starts otherwise continues the row."""
    rows: list[Row] = []
    building: RowBuilder | None = None
    rest = 0
    for index in range(header.last + 1, end):
        line, folded = page.lines[index], page.folded(index)
        if is_page_mark(piece_of(line, folded, 0, len(folded)), draft):
            continue
        number = _SPACE_ROW.match(folded)
        if building is not None and (number is not None or heading(folded)):
            rows.append(_space_row(building, rest, header, closed=True))
            building = None
        if heading(folded):
            rows.append(lone_cell_row(piece_of(line, folded, 0, len(folded)), header.task))
        elif number is not None:
            building = RowBuilder()
            building.open(piece_of(line, folded, 0, number.end("number")), header.number)
            rest = building.append(piece_of(line, folded, number.end(), len(folded)), " ")[0]
        elif building is not None:
            building.append(piece_of(line, folded, 0, len(folded)))
        else:
            draft.leftover(line.content, line.number, line.column)
    if building is not None:
        rows.append(_space_row(building, rest, header, closed=end < len(page.lines)))
    return rows


def _space_row(building: RowBuilder, rest: int, header: Header, *, closed: bool) -> Row:
    """The row with its cells: the task runs to the first field that names units; later fields fill later columns."""
    row = building.row(closed=closed)
    fields = [(found.start(), found.end()) for found in _FIELD.finditer(row.folded, rest)]
    units = next((i for i in range(1, len(fields)) if names_units(row.folded[slice(*fields[i])])), len(fields))
    if fields:
        row.cells.append(Cell(header.task, fields[0][0], fields[units - 1][1], []))
    later = header.named[header.named.index(header.task) + 1 :]
    place = 0
    for start, end in fields[units:]:
        looks = looks_of(row.folded[start:end])
        index = next((i for i in range(place, len(later)) if takes(later[i].kind, looks)), None)
        if index is None:
            row.cells[-1].end = end
        else:
            row.cells.append(Cell(later[index], start, end, []))
            place = index + 1
    return row
