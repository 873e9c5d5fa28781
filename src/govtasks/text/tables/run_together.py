"""Tables whose every cell boundary was lost: ``1财政收入增长8%。市财政局市税务局、各县政府2推进…``.

The text after the header is one stream. A row runs from its number to the next row's
number or a heading; the task ends at its last 。 or where glued unit names begin, and
names glued with nothing between them stand in different cells.
"""

from __future__ import annotations

import re
from itertools import pairwise

from govtasks.text import grammar
from govtasks.text.draft import Draft
from govtasks.text.tables.columns import UNITS
from govtasks.text.tables.headers import Header
from govtasks.text.tables.looks import heading, names_units
from govtasks.text.tables.rows import PAGE_MARK, Cell, Page, Row, RowBuilder, piece_of

_NUMBER_OR_HEADING = re.compile(rf"(?<!\d)\d{{1,3}}(?!\d)|{grammar.WHOLE_CN}、|\({grammar.CN}\)")


def run_together_rows(page: Page, header: Header, end: int, draft: Draft) -> list[Row]:
    """Rows whose cells run together: a row runs from its number to the next row's number or heading."""
    text = _stream(page, header, end, draft)
    if not text.length:
        return []
    stream = text.row(closed=True)
    folded, rows = stream.folded, []
    position, expected = 0, 1
    while position < len(folded):
        opened = heading(folded, position)
        width = len(str(expected))
        if opened is not None:
            stop = _next_number(folded, opened.end(), (expected, 1))
            rows.append(_span_row(stream, [Cell(header.task, position, stop, [])], closed=True))
        elif (
            folded.startswith(str(expected), position) and not folded[position + width : position + width + 1].isdigit()
        ):
            stop = _row_end(folded, position + width, expected + 1)
            cells = _run_cells(folded, position, width, stop, header)
            rows.append(_span_row(stream, cells, closed=stop < len(folded) or end < len(page.lines)))
            expected += 1
        else:
            stop = _next_number(folded, position + 1, (expected,))
            draft.leftover(stream.text[position:stop], *stream.locate(position))
        position = stop
    return rows


def _stream(page: Page, header: Header, end: int, draft: Draft) -> RowBuilder:
    """The text after the header as one stretch, without page numbers (which are residue)."""
    stream = RowBuilder()
    for index in range(header.last, end):
        line, folded = page.lines[index], page.folded(index)
        position = header.end if index == header.last else 0
        for mark in PAGE_MARK.finditer(folded, position):
            if mark.start() > position:
                stream.append(piece_of(line, folded, position, mark.start()))
            draft.leftover(mark.group(), line.number, line.column_at(mark.start()))
            position = mark.end()
        if position < len(folded):
            stream.append(piece_of(line, folded, position, len(folded)))
    return stream


def _span_row(stream: Row, cells: list[Cell], *, closed: bool) -> Row:
    """A row that is a stretch of the stream, sharing its text."""
    first, last = stream.locate(cells[0].start)[0], stream.locate(max(cells[-1].end - 1, cells[0].start))[0]
    return Row(stream.text, stream.folded, stream.locate, cells, first, last, closed)


def _next_number(folded: str, start: int, wanted: tuple[int, ...]) -> int:
    """Where the first of the ``wanted`` row numbers stands from ``start``, or the end."""
    for found in _NUMBER_OR_HEADING.finditer(folded, start):
        if found.group().isdigit() and int(found.group()) in wanted:
            return found.start()
    return len(folded)


def _row_end(folded: str, start: int, following: int) -> int:
    """Where a row ends: at the next row's number or a heading, right after a unit name (…嘉兴港区2服务业…)."""
    for found in _NUMBER_OR_HEADING.finditer(folded, start):
        after_unit = folded[found.start() - 1] in grammar.UNIT_ENDINGS or folded[found.start() - 1] in ")。"
        if after_unit and (not found.group().isdigit() or int(found.group()) == following):
            return found.start()
    return len(folded)


def _run_cells(folded: str, start: int, width: int, end: int, header: Header) -> list[Cell]:
    """The number, task and unit cells of a row whose cells run together."""
    units = [column for column in header.named if column.kind in UNITS]
    leads, rest = _unit_spans(folded, start + width, end, two_cells=len(units) > 1)
    cells = [
        Cell(header.number, start, start + width, []),
        Cell(header.task, start + width, leads[0][0] if leads else end, []),
    ]
    cells += [Cell(units[0], lead_start, lead_end, []) for lead_start, lead_end in leads]
    if rest is not None:
        cells.append(Cell(units[-1], *rest, []))
    return cells


def _unit_spans(
    folded: str, start: int, end: int, *, two_cells: bool
) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """Where the names of the first unit cell stand, each apart, and where the second cell stands.

    The task ends at its last 。, or where the name glued to the next one begins (…技术市科技局市发展改革委).
    Names glued with no 、 between them stand in different cells: with a second unit column the last
    of them opens it (市发展改革委市经贸委 | 市规划建设局、…)."""
    period = folded.rfind("。", start, end)
    begin = start if period < 0 else period + 1
    separator, glues = _glued_run(folded, begin, end)
    named = glues[0] if glues else end
    first = begin if period >= 0 and names_units(folded[begin:named]) else _name_start(folded, separator, named)
    if first is None:
        return [], None
    if two_cells and glues:
        return list(pairwise([first, *glues])), (glues[-1], end)
    return list(pairwise([first, *glues, end])), None


def _glued_run(folded: str, start: int, end: int) -> tuple[int, list[int]]:
    """The first run of names glued with nothing between them (…局市…): where each glued name begins,
    up to the run's first 、, and where the piece holding the run begins (after the 、 or , before it)."""
    depth, separator = 0, start
    glues: list[int] = []
    for at in range(start, end):
        char = folded[at]
        depth += char in "([【"
        depth -= depth > 0 and char in ")]】"
        if depth:
            continue
        if char in "、,;":
            if glues:
                break
            separator = at + 1
        elif at > start and char in grammar.NAME_STARTS and folded[at - 1] in grammar.UNIT_ENDINGS:
            glues.append(at)
    return separator, glues


def _name_start(folded: str, start: int, end: int) -> int | None:
    """Where the unit name that ends at ``end`` begins after task text: at its last 市/区/县/省/各 after other words."""
    tail = folded[start:end].rstrip("。 ")
    if not tail or tail[-1] not in grammar.UNIT_ENDINGS:
        return None
    for at in range(start + len(tail) - 1, start - 1, -1):
        if folded[at] in grammar.NAME_STARTS and (at == start or folded[at - 1] not in grammar.NAME_STARTS):
            return at
    return None
