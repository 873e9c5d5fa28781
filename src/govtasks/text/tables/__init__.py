"""The table layout family: a responsibility table, however a web page flattened it.

Copies of one kind of table arrive in several shapes: one cell per line (with or
without '|' between cells), '|'-separated rows, space-separated rows, or text in
which every cell boundary is lost. The header says what each column holds by its
words (the grammar), never by its place. Each shape has a small reader that cuts
the text into rows of cells, and one function turns every row into an item or a
heading, the same way for all shapes. Most copies drop blank cells without a
trace, so where no '|' places a cell its content decides its column: a row number,
a unit list, a leader's name or text.

| module | concern |
| --- | --- |
| ``columns`` | what a column holds, by its header words |
| ``headers`` | finding a header and the form the copy flattened the table into |
| ``looks`` | what a cell's content may be |
| ``rows`` | rows and cells as every form builds them |
| ``framing`` | the 附件 line, title, notes and end of each table |
| ``placing`` | rows to items and headings |
| ``cell_lines``, ``pipe_rows``, ``space_rows``, ``run_together`` | one reader a form |
"""

from __future__ import annotations

from collections.abc import Callable

from govtasks._text import Line
from govtasks.text.draft import Draft
from govtasks.text.tables.cell_lines import cell_rows
from govtasks.text.tables.framing import open_table, table_end
from govtasks.text.tables.headers import Form, Header, header_at, next_header
from govtasks.text.tables.pipe_rows import pipe_rows
from govtasks.text.tables.placing import Readings, place
from govtasks.text.tables.rows import Page, Row
from govtasks.text.tables.run_together import run_together_rows
from govtasks.text.tables.space_rows import space_rows

__all__ = ["header_at", "read"]

_READERS: dict[Form, Callable[[Page, Header, int, Draft], list[Row]]] = {
    Form.CELLS: cell_rows,
    Form.PIPE_ROWS: pipe_rows,
    Form.SPACE_ROWS: space_rows,
    Form.RUN_TOGETHER: run_together_rows,
}


def read(lines: list[Line], start: int, draft: Draft) -> None:
    """Read lines[start:] into `draft`: divisions, items, residue. Linear time.

    lines[start:] may begin with the plan title, 附件N, a table title and notes, then the header and
    rows, possibly several tables one after another. Each table is a TABLE division."""
    page, position, readings = Page(lines), start, Readings()
    header = next_header(page, start)
    while header is not None:
        following = next_header(page, header.last + 1)
        end = table_end(lines, header.last + 1, len(lines) if following is None else following.first)
        sections = open_table(lines, position, header, draft)
        for row in _READERS[header.form](page, header, end, draft):
            place(row, sections, readings, draft)
        position, header = end, following
    for line in lines[position:]:
        draft.leftover(line.content, line.number, line.column)
