"""Tables printed one cell per line, with or without '|' lines or endings between cells.

Without '|', a blank cell leaves no trace, so each cell is placed by what it says: a row
number opens a row, a heading stands alone, unit names go to a unit column, and a line
that fits no later column continues the cell before it (a wrapped name, stacked names).
Where every cell ends in '|', a cell printed empty (/ |) keeps its column's place.
"""

from __future__ import annotations

import re

from attrs import define, field

from govtasks.text import grammar
from govtasks.text.draft import Draft
from govtasks.text.tables.columns import TEXTS, UNITS, Column, Field
from govtasks.text.tables.headers import Header
from govtasks.text.tables.looks import Looks, heading, is_empty, looks_of, takes
from govtasks.text.tables.rows import (
    Page,
    Piece,
    Row,
    RowBuilder,
    is_page_mark,
    lone_cell_row,
    piece_of,
)

_NARROW = 4
"""The widest cell that wraps a unit name into equal short lines (市政 / 府办 / 公厅)."""


_CELL = re.compile(r"[^|\s](?:[^|]*[^|\s])?")
"""A cell of a line, between its '|' marks, without the spaces around it."""


def cell_rows(page: Page, header: Header, end: int, draft: Draft) -> list[Row]:
    """Rows of a table printed one cell per line, with or without '|' lines or endings between cells."""
    assembler = _Assembler(header.named, draft)
    pipe = True
    for index in range(header.last + 1, end):
        line, folded = page.lines[index], page.folded(index)
        position = 0
        for cell in _CELL.finditer(folded):
            start, stop = cell.span()
            pipe = pipe or folded.find("|", position, start) >= 0
            position = stop
            if is_empty(cell.group()):
                if header.piped and pipe:
                    assembler.skip()
                    pipe = False
                continue
            piece = piece_of(line, folded, start, stop, pipe if header.piped else None)
            if not is_page_mark(piece, draft):
                assembler.feed(piece)
                pipe = False
        pipe = pipe or folded.find("|", position) >= 0
    return assembler.finish(followed=end < len(page.lines), pipe=pipe)


@define
class _Assembler:
    """Places cells arriving one per line in the columns of rows, by what they say where no '|' says it."""

    columns: tuple[Column, ...]
    draft: Draft
    rows: list[Row] = field(factory=list)
    building: RowBuilder = field(factory=RowBuilder)
    at: int = -1
    """Index of the column of the row's last cell; -1 before the row's first cell."""

    task: int = field(init=False)
    """Index of the task column."""
    number: int | None = field(init=False)
    """Index of the 序号 column, if the header names one."""

    @task.default
    def _task(self) -> int:
        return next(i for i, column in enumerate(self.columns) if column.kind is Field.TASK)

    @number.default
    def _number(self) -> int | None:
        return next((i for i, column in enumerate(self.columns) if column.kind is Field.NUMBER), None)

    def feed(self, piece: Piece) -> None:
        """Place the next piece: in the current cell, a later column of the row, or a new row."""
        looks = looks_of(piece.folded)
        if self.at >= 0 and piece.after_pipe is False:
            self._extend(piece)
        elif self.number is not None and looks.number:
            self._new_row(piece, self.number)
        elif heading(piece.folded) and (self.at < 0 or self.at >= self.task):
            self._end_row(closed=True)
            self.rows.append(lone_cell_row(piece, self.columns[self.task]))
        else:
            self._place(piece, looks)

    def _place(self, piece: Piece, looks: Looks) -> None:
        """A piece that is no row number and no heading: it continues the cell, opens a later one, or a new row."""
        later = self._next_column(piece, looks)
        if piece.after_pipe is None and self.at >= 0 and self._continues(piece, looks, later):
            self._extend(piece)
        elif later is not None:
            self.building.open(piece, self.columns[later])
            self.at = later
        elif (first := self._first_column(looks)) is not None:
            self._new_row(piece, first)
        else:
            self.draft.leftover(piece.text, piece.line, piece.column)

    def skip(self) -> None:
        """A cell printed empty between '|' marks (/ |): the row's next cell stands in a later column."""
        if self.at + 1 < len(self.columns):
            self.at += 1

    def finish(self, *, followed: bool, pipe: bool) -> list[Row]:
        """The rows; the last is whole if text follows the table, or a '|' closes it after its last column."""
        self._end_row(closed=followed or (pipe and self.at == len(self.columns) - 1))
        return self.rows

    def _current(self) -> Field | None:
        return self.columns[self.at].kind if self.at >= 0 else None

    def _continues(self, piece: Piece, looks: Looks, later: int | None) -> bool:
        """Without '|', a cell may run over lines: a wrapped name, stacked names, wrapped text.

        ``later`` is the later column of the row that would take the piece, if any."""
        current = self._current()
        if current in UNITS:
            return self._wraps(piece) or (looks.units and later is None and not self._lead_first())
        if current is Field.LEADER:
            return looks.leaders
        return current in TEXTS and later is None

    def _wraps(self, piece: Piece) -> bool:
        """A narrow unit cell breaks a long name into equal short lines: 市政 / 府办 / 公厅."""
        widths = [end - start for start, end in self.building.cells[-1].pieces]
        return (
            widths[0] <= _NARROW
            and all(width == widths[0] for width in widths)
            and len(piece.text) <= widths[0]
            and not piece.folded.startswith((*grammar.NAME_STARTS, grammar.LEAD_MARK))
        )

    def _lead_first(self) -> bool:
        """Whether a unit column comes before the task, so that a unit cell may begin a row."""
        return any(column.kind in UNITS for column in self.columns[: self.task])

    def _next_column(self, piece: Piece, looks: Looks) -> int | None:
        """The first later column of the row that takes the piece; without '|', text does not leap a unit column."""
        current = self._current()
        for index in range(self.at + 1, len(self.columns)):
            kind = self.columns[index].kind
            if takes(kind, looks):
                return index
            if piece.after_pipe is None and current in TEXTS and kind in UNITS:
                return None
        return None

    def _first_column(self, looks: Looks) -> int | None:
        """The column a row without a number begins with: the task (a group cell is merged), or a unit."""
        starts = (i for i, column in enumerate(self.columns) if column.kind not in (Field.NUMBER, Field.GROUP))
        return next((i for i in starts if takes(self.columns[i].kind, looks)), None)

    def _extend(self, piece: Piece) -> None:
        """Continue the cell: stacked leaders stay apart, stacked units take a space, wrapped text nothing."""
        current = self._current()
        separator = "\n" if current is Field.LEADER else " " if current in UNITS and not self._wraps(piece) else ""
        self.building.extend(piece, separator)

    def _new_row(self, piece: Piece, index: int) -> None:
        self._end_row(closed=True)
        self.building.open(piece, self.columns[index])
        self.at = index

    def _end_row(self, *, closed: bool) -> None:
        if self.building.cells:
            self.rows.append(self.building.row(closed=closed))
        self.building, self.at = RowBuilder(), -1
