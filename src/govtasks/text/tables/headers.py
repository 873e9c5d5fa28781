"""Finding a table's header, and from it how the copy flattened the table and what each column holds.

A header is one '|' row (序号 | 任务名称 | 牵头部门 |), header words in a row inside a line
(序号 名称 工作任务 牵头责任单位), or one header cell per line.
"""

from __future__ import annotations

import enum
import re

from attrs import frozen

from govtasks._text import Line
from govtasks.text.tables.columns import (
    FIELD_OF_WORD,
    NUMBER_COLUMN,
    REPEATABLE,
    Column,
    Field,
    column_of,
    is_header,
    named_field,
)
from govtasks.text.tables.looks import is_row_number
from govtasks.text.tables.rows import Page, bare, row_cells


class Form(enum.Enum):
    """How the copy flattened the table."""

    CELLS = "one cell per line"
    PIPE_ROWS = "one row per line, cells between '|'"
    SPACE_ROWS = "one row per line, cells between spaces"
    RUN_TOGETHER = "cell boundaries lost"


@frozen
class Header:
    form: Form
    columns: tuple[Column | None, ...]
    """In printed order; None for a blank header cell of a '|' row."""
    first: int
    """Index of the header's first line."""
    last: int
    start: int
    """Where the header begins in its first line."""
    end: int
    """Where it ends in its last line."""
    piped: bool
    """Whether '|' separates its cells, so that rows mark where a cell ends."""

    @property
    def named(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column is not None)

    @property
    def task(self) -> Column:
        """The task column, which every header names."""
        return next(column for column in self.named if column.kind is Field.TASK)

    @property
    def number(self) -> Column:
        """The 序号 column, or the number a row begins with where no header names one."""
        return next((column for column in self.named if column.kind is Field.NUMBER), NUMBER_COLUMN)


def header_at(lines: list[Line]) -> int | None:
    """Index in `lines` of the first line of the first table header (a 序号/task/unit header), or None. Linear time."""
    header = next_header(Page(lines), 0)
    return None if header is None else header.first


def next_header(page: Page, start: int) -> Header | None:
    """The first header at or after line ``start``; a line is looked at once, or twice in a failed cell run."""
    lines, index = page.lines, start
    while index < len(lines):
        line, folded = lines[index], page.folded(index)
        if not _may_open(folded):
            index += 1
            continue
        found = _pipe_header(line, folded, index) or _inline_header(line, folded, index)
        if found is None:
            found, index = _cell_header(lines, index)
        if found is not None:
            return found
    return None


_FIRST_CHARS = "".join(sorted({word[0] for word in FIELD_OF_WORD}))
"""The characters header words begin with: a cheap test before each alternation of words."""
_SPACED_WORD = re.compile(
    f"(?=[{_FIRST_CHARS}])(?:"
    + "|".join(r"[^\S\n]*".join(map(re.escape, word)) for word in sorted(FIELD_OF_WORD, key=len, reverse=True))
    + ")"
)
"""A header word, its letters perhaps spaced out (任 务 名 称)."""


def _may_open(folded: str) -> bool:
    """Whether a header may start at this line: a short cell or a '|' row holding a header word, a
    line with three header words in a row, or only '|' (which a cell header runs over).

    Every other line (an item with its list, a paragraph) is passed over at a glance, so looking
    for the next table costs little."""
    if not folded.replace("|", "").strip():
        return True
    if len(folded) <= _CELL_LENGTH or "|" in folded:
        return _SPACED_WORD.search(folded) is not None
    return _INLINE_HEADER.search(folded) is not None


_CELL_LENGTH = 40
"""Longer than any header cell (目   标   与   任   务, 2022年预期目标)."""


def _pipe_header(line: Line, folded: str, index: int) -> Header | None:
    """A header on one line with '|' between its cells: 序号 | 任 务 名 称 | 牵 头 部 门 |."""
    if "|" not in folded:
        return None
    spans = row_cells(folded)
    if sum(named_field(folded[s:e]) is not None for s, e in spans) < 2:
        return None
    columns = [column_of(line.content[s:e]) if folded[s:e].strip() else None for s, e in spans]
    if any(column is None and folded[s:e].strip() for column, (s, e) in zip(columns, spans, strict=True)):
        return None
    if not is_header([column for column in columns if column is not None]):
        return None
    return Header(Form.PIPE_ROWS, tuple(columns), index, index, 0, len(line.content), piped=True)


_HEADER_WORD = "|".join(map(re.escape, sorted(FIELD_OF_WORD, key=len, reverse=True)))
_WORD = re.compile(_HEADER_WORD)
_INLINE_HEADER = re.compile(rf"(?=[{_FIRST_CHARS}])(?:{_HEADER_WORD})(?:[ \t]*(?:{_HEADER_WORD})){{2,}}")
"""Three or more header words in a row, run together or between spaces: 序号 名称 工作任务 牵头责任单位."""


def _inline_header(line: Line, folded: str, index: int) -> Header | None:
    """A header inside a line; the rows follow on the same line when the copy lost every cell boundary."""
    for run in _INLINE_HEADER.finditer(folded):
        words = _WORD.finditer(folded, run.start(), run.end())
        columns = [Column(FIELD_OF_WORD[w.group()], line.content[w.start() : w.end()]) for w in words]
        if is_header(columns):
            form = Form.RUN_TOGETHER if folded[run.end() :].strip() else Form.SPACE_ROWS
            return Header(form, tuple(columns), index, index, run.start(), run.end(), piped=False)
    return None


def _cell_header(lines: list[Line], index: int) -> tuple[Header | None, int]:
    """A header with one cell per line from ``lines[index]``, and where to look next.

    A table names its number, group and task once, so a second one starts the header afresh
    (a title line such as 2022年预期目标 before the real header). Other words at the end belong to
    the header only if a row number follows them; else they may be the first row's cell."""
    found: list[tuple[Column, int]] = []
    piped = False
    at = index
    while at < len(lines):
        content = lines[at].content
        unpiped = content.replace("|", "").replace("｜", "")
        piped = piped or len(unpiped) < len(content)
        if unpiped.strip():
            column = column_of(unpiped, details=bool(found))
            if column is None and not found:
                return None, max(at, index + 1)  # the common case: a row's cell, no header
            if column is None:
                break
            if column.kind not in REPEATABLE:
                found = _after_repeat(found, column.kind)
            found.append((column, at))
        at += 1
    numbered = at < len(lines) and is_row_number(bare(lines[at].content))
    while found and found[-1][0].kind is Field.DETAIL and not numbered:
        found.pop()
    columns = [column for column, _ in found]
    if not is_header(columns):
        return None, max(at, index + 1)
    first, last = found[0][1], found[-1][1]
    return Header(Form.CELLS, tuple(columns), first, last, 0, len(lines[last].content), piped=piped), at


def _after_repeat(found: list[tuple[Column, int]], kind: Field) -> list[tuple[Column, int]]:
    """The cells found so far, less those up to an earlier column of ``kind``: the header starts afresh."""
    repeat = next((i for i, (column, _) in enumerate(found) if column.kind is kind), None)
    return found if repeat is None else found[repeat + 1 :]
