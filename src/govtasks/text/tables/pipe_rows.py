"""Tables printed one row per line with '|' between cells: a cell's place gives its column.

A row whose line wraps goes on on the next line, whose first cell continues the row's
last cell, unless that line starts a row (a row number or a heading).
"""

from __future__ import annotations

from govtasks.text.draft import Draft
from govtasks.text.tables.headers import Header
from govtasks.text.tables.looks import heading, is_empty, is_row_number
from govtasks.text.tables.rows import Page, Piece, Row, RowBuilder, is_page_mark, piece_of, row_cells, stripped

_RULE = "|-:+ \t—"
"""A line of these only is table drawing: '|', '---|---'."""


def pipe_rows(page: Page, header: Header, end: int, draft: Draft) -> list[Row]:
    """Rows printed one per line with '|' between cells; a cell's place gives its column."""
    rows: list[Row] = []
    building: RowBuilder | None = None
    filled, open_row = 0, False
    for index in range(header.last + 1, end):
        line, folded = page.lines[index], page.folded(index)
        if not folded.strip(_RULE) or is_page_mark(piece_of(line, folded, 0, len(folded)), draft):
            continue
        spans = row_cells(folded)
        first = folded[spans[0][0] : spans[0][1]]
        if building is None or not open_row or is_row_number(first) or heading(first.strip()):
            if building is not None and building.cells:
                rows.append(building.row(closed=True))
            building, filled = RowBuilder(), 0
        else:
            filled -= 1
        for start, stop in spans:
            _pipe_cell(building, header, filled, piece_of(line, folded, *stripped(folded, start, stop)), draft)
            filled += 1
        open_row = filled < len(header.columns) and not folded.rstrip().endswith("|")
    if building is not None and building.cells:
        rows.append(building.row(closed=end < len(page.lines) or filled >= len(header.columns)))
    return rows


def _pipe_cell(building: RowBuilder, header: Header, index: int, piece: Piece, draft: Draft) -> None:
    """Put a '|' cell in its column; a cell continued from the line before joins it."""
    if is_empty(piece.folded):
        return
    column = header.columns[index] if index < len(header.columns) else None
    if column is None:
        draft.leftover(piece.text, piece.line, piece.column)
    elif building.cells and building.cells[-1].column is column:
        building.extend(piece, "")
    else:
        building.open(piece, column)
