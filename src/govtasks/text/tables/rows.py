"""Rows and cells, as every form builds them: pieces of lines joined into a row's text, cells as spans of it.

A row keeps its joined text and a way back to the source, so that an item's offsets
(where each unit name starts) place it on its printed line and column.
"""

from __future__ import annotations

import re
from functools import cached_property
from itertools import pairwise

from attrs import define, field, frozen

from govtasks._text import Joined, Line
from govtasks.text import grammar
from govtasks.text.draft import Draft, Locate
from govtasks.text.tables.columns import Column
from govtasks.text.tables.looks import Looks, looks_of

PAGE_MARK = re.compile(r"[—―]\s*\d{1,4}\s*[—―]|-\s+\d{1,4}\s+-")
"""A page number a PDF copy left in the text: —2—, - 2 -."""


@frozen
class Piece:
    """A stretch of one line that belongs to one cell."""

    text: str
    folded: str
    line: int
    column: int
    after_pipe: bool | None = None
    """Whether a '|' stands between it and the piece before; None where the table prints no '|'."""

    @cached_property
    def looks(self) -> Looks:
        return looks_of(self.folded)


def piece_of(line: Line, folded: str, start: int, end: int, after_pipe: bool | None = None) -> Piece:
    """The stretch ``start:end`` of ``line`` (``folded`` is its matching copy)."""
    return Piece(line.content[start:end], folded[start:end], line.number, line.column + start, after_pipe)


def is_page_mark(piece: Piece, draft: Draft) -> bool:
    """Whether the piece is a page number; it is kept as residue."""
    if PAGE_MARK.fullmatch(piece.folded) is None:
        return False
    draft.leftover(piece.text, piece.line, piece.column)
    return True


@define
class Cell:
    column: Column
    start: int
    end: int
    pieces: list[tuple[int, int]]
    """Where each of its lines stands in the row's text, to tell a wrapped name by its equal widths."""


@define
class Row:
    text: str
    folded: str
    locate: Locate
    cells: list[Cell]
    first_line: int
    last_line: int
    closed: bool
    """Whether the row is known to have ended: a row, heading or '|' follows it."""

    def cell_text(self, cell: Cell) -> str:
        return self.text[cell.start : cell.end].strip()


@define
class RowBuilder:
    """A row's text, joined from its pieces, and its cells as spans of that text."""

    joined: Joined = field(factory=Joined)
    length: int = 0
    cells: list[Cell] = field(factory=list)

    def append(self, piece: Piece, separator: str = "") -> tuple[int, int]:
        """Add ``piece`` to the row's text; where it now stands there."""
        self.joined.add(Line(piece.line, separator + piece.text, piece.column - len(separator)))
        start = self.length + len(separator)
        self.length = start + len(piece.text)
        return start, self.length

    def open(self, piece: Piece, column: Column) -> None:
        """Start a cell in ``column`` with ``piece``."""
        start, end = self.append(piece)
        self.cells.append(Cell(column, start, end, [(start, end)]))

    def extend(self, piece: Piece, separator: str) -> None:
        """Continue the last cell with ``piece``, after ``separator``."""
        start, end = self.append(piece, separator)
        cell = self.cells[-1]
        cell.end = end
        cell.pieces.append((start, end))

    def row(self, *, closed: bool) -> Row:
        text = self.joined.text
        return Row(text, grammar.matching(text), self.joined.locate, self.cells, self.joined.first_line,
                   self.joined.last_line, closed)  # fmt: skip


def lone_cell_row(piece: Piece, column: Column) -> Row:
    """A line that is a row of its own: a heading such as 一、主要预期目标."""
    building = RowBuilder()
    building.open(piece, column)
    return building.row(closed=True)


def bare(content: str) -> str:
    """A line's matching copy without the '|' around it."""
    return grammar.matching(content).strip().strip("|").strip()


def cell_spans(folded: str) -> list[tuple[int, int]]:
    """The stretches of a line between its '|' marks, blank ones included."""
    bounds = [-1, *(i for i, char in enumerate(folded) if char == "|"), len(folded)]
    return [(a + 1, b) for a, b in pairwise(bounds)]


def row_cells(folded: str) -> list[tuple[int, int]]:
    """The cells of a '|' row: a closing '|' opens no further cell."""
    spans = cell_spans(folded)
    if len(spans) > 1 and not folded[spans[-1][0] :].strip():
        spans.pop()
    return spans


def stripped(folded: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces around it."""
    while start < end and folded[start].isspace():
        start += 1
    while end > start and folded[end - 1].isspace():
        end -= 1
    return start, end
