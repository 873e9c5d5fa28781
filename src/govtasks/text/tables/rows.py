"""Rows and cells, as every form builds them: pieces of lines joined into a row's text, cells as spans of it.

A row keeps its joined text and a way back to the source, so that an item's offsets
(where each unit name starts) place it on its printed line and column.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from attrs import define, field, frozen

from govtasks._text import Line
from govtasks.text import grammar
from govtasks.text.draft import Draft, Locate
from govtasks.text.tables.columns import Column

PAGE_MARK = re.compile(r"[—―]\s*\d{1,4}\s*[—―]|-\s+\d{1,4}\s+-")
"""A page number a PDF copy left in the text: —2—, - 2 -."""
_PAGE_MARK_STARTS = frozenset("—―-")


@define
class Page:
    """The lines a table is read from, each with its matching copy, made once, when first looked at: the search
    for the next header and the form's reader look at the same lines."""

    lines: list[Line]
    _copies: list[str | None] = field(init=False)

    @_copies.default
    def _none_yet(self) -> list[str | None]:
        return [None] * len(self.lines)

    def folded(self, index: int) -> str:
        """The matching copy of ``lines[index]``."""
        copy = self._copies[index]
        if copy is None:
            copy = self._copies[index] = grammar.matching(self.lines[index].content)
        return copy


@define
class Piece:
    """A stretch of one line that belongs to one cell; never changed once made (a slotted class, as it is made
    for every cell of a table)."""

    text: str
    folded: str
    line: int
    column: int
    after_pipe: bool | None = None
    """Whether a '|' stands between it and the piece before; None where the table prints no '|'."""


def piece_of(line: Line, folded: str, start: int, end: int, after_pipe: bool | None = None) -> Piece:
    """The stretch ``start:end`` of ``line`` (``folded`` is its matching copy)."""
    return Piece(line.content[start:end], folded[start:end], line.number, line.column_at(start), after_pipe)


def is_page_mark(piece: Piece, draft: Draft) -> bool:
    """Whether the piece is a page number; it is kept as residue."""
    if piece.folded[:1] not in _PAGE_MARK_STARTS or PAGE_MARK.fullmatch(piece.folded) is None:
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


@frozen
class Places:
    """Where a row's pieces stand in the source, to place an offset of the row's text on its line and column."""

    starts: list[int]
    """Where each piece, with the separator before it, begins in the row's text."""
    places: list[tuple[int, int]]
    """The line of each piece, and the column its separator would stand at."""

    def locate(self, offset: int) -> tuple[int, int]:
        index = max(bisect_right(self.starts, offset) - 1, 0)
        line, column = self.places[index]
        return line, column + offset - self.starts[index]


@define
class RowBuilder:
    """A row's text, joined from its pieces, and its cells as spans of that text."""

    texts: list[str] = field(factory=list)
    folded: list[str] = field(factory=list)
    """The matching copy of each piece, so that the row's copy is joined, not made again."""
    starts: list[int] = field(factory=list)
    places: list[tuple[int, int]] = field(factory=list)
    length: int = 0
    cells: list[Cell] = field(factory=list)

    def append(self, piece: Piece, separator: str = "") -> tuple[int, int]:
        """Add ``piece`` to the row's text; where it now stands there."""
        self.starts.append(self.length)
        self.places.append((piece.line, piece.column - len(separator)))
        self.texts += (separator, piece.text)
        self.folded += (separator, piece.folded)
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
        locate = Places(self.starts, self.places).locate
        return Row("".join(self.texts), "".join(self.folded), locate, self.cells, self.places[0][0],
                   self.places[-1][0], closed)  # fmt: skip


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
    spans, start = [], 0
    for part in folded.split("|"):
        spans.append((start, start + len(part)))
        start += len(part) + 1
    return spans


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
