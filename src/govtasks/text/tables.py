"""The table layout family: a responsibility table, however a web page flattened it.

Copies of one kind of table arrive in several shapes: one cell per line (with or
without '|' between cells), '|'-separated rows, space-separated rows, or text in
which every cell boundary is lost. The header says what each column holds by its
words (the grammar), never by its place. Each shape has a small reader that cuts
the text into rows of cells, and one function turns every row into an item or a
heading, the same way for all shapes. Most copies drop blank cells without a
trace, so where no '|' places a cell its content decides its column: a row number,
a unit list, a leader's name or text.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence
from functools import cached_property
from itertools import pairwise

from attrs import define, field, frozen

from govtasks._text import Joined, Line, cn_to_int
from govtasks.model import Detail, DivisionKind, Role, RoleBasis
from govtasks.text import grammar
from govtasks.text.draft import Draft, DraftDivision, DraftItem, Locate
from govtasks.text.unitlists import Reading, is_unit_list, read_list

# -- columns ---------------------------------------------------------------------------


class _Field(enum.Enum):
    """What a column holds."""

    NUMBER = "number"
    GROUP = "group"
    TASK = "task"
    LEAD = "lead"
    RESPONSIBLE = "responsible"
    LEADER = "leader"
    DUE = "due"
    SOURCE = "source"
    DETAIL = "detail"


_UNITS = (_Field.LEAD, _Field.RESPONSIBLE)
_TEXTS = (_Field.TASK, _Field.GROUP, _Field.SOURCE, _Field.DETAIL)
_ASSIGNING = (_Field.LEAD, _Field.RESPONSIBLE, _Field.LEADER, _Field.DUE, _Field.SOURCE)
"""Cells that charge someone with a row or say when: a row with none of them is a heading."""

_FIELD_OF_WORD = (
    dict.fromkeys(grammar.TASK_HEADERS, _Field.TASK)
    | dict.fromkeys(grammar.NUMBER_HEADERS, _Field.NUMBER)
    | dict.fromkeys(grammar.GROUP_HEADERS, _Field.GROUP)
    | {word: _Field.LEAD if role is Role.LEAD else _Field.RESPONSIBLE for word, role in grammar.ROLE_OF_LABEL.items()}
    | dict.fromkeys(grammar.LEADER_LABELS, _Field.LEADER)
    | dict.fromkeys(grammar.DUE_LABELS, _Field.DUE)
    | dict.fromkeys(grammar.SOURCE_LABELS, _Field.SOURCE)
)
_TASK_PREFIX = 8
"""How long a prefix may stand before a task header word (2022年预期目标)."""
_LONGEST_HEADER = max(map(len, _FIELD_OF_WORD)) + _TASK_PREFIX
_TASK_WORDS = frozenset(grammar.TASK_HEADERS)
_TASK_LENGTHS = sorted({len(word) for word in _TASK_WORDS})
_DETAIL_HEADER = 8
"""The longest other header word, which becomes an item detail (指标要求, 目标类型)."""


@frozen
class _Column:
    kind: _Field
    label: str
    """The header as printed, without spaces."""


_NUMBER_COLUMN = _Column(_Field.NUMBER, "")
"""The number a space-separated row begins with, where the header names no 序号 column."""


def _field_of(word: str) -> _Field | None:
    """The field a header word names; ``word`` is its matching copy without spaces."""
    if len(word) > _LONGEST_HEADER:
        return None
    if word in _FIELD_OF_WORD:
        return _FIELD_OF_WORD[word]
    if any(word[-n:] in _TASK_WORDS and len(word) - n <= _TASK_PREFIX for n in _TASK_LENGTHS):
        return _Field.TASK
    return None


def _column(printed: str, *, details: bool = True) -> _Column | None:
    """The column a header cell names; another short word is a detail column; None where no header says this."""
    word = grammar.label_word(printed)
    label = "".join(printed.split())
    kind = _field_of(word)
    if kind is not None:
        return _Column(kind, label)
    if details and 0 < len(word) <= _DETAIL_HEADER and all(map(_is_han, word)) and not is_unit_list(word, 0, len(word)):
        return _Column(_Field.DETAIL, label)
    return None


def _is_header(columns: Sequence[_Column]) -> bool:
    """A table header names the task and someone charged with it (units or leaders)."""
    kinds = {column.kind for column in columns}
    return _Field.TASK in kinds and bool(kinds & {_Field.LEAD, _Field.RESPONSIBLE, _Field.LEADER})


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


# -- headers ---------------------------------------------------------------------------


class _Form(enum.Enum):
    """How the copy flattened the table."""

    CELLS = "one cell per line"
    PIPE_ROWS = "one row per line, cells between '|'"
    SPACE_ROWS = "one row per line, cells between spaces"
    RUN_TOGETHER = "cell boundaries lost"


@frozen
class _Header:
    form: _Form
    columns: tuple[_Column | None, ...]
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
    def named(self) -> tuple[_Column, ...]:
        return tuple(column for column in self.columns if column is not None)


def header_at(lines: list[Line]) -> int | None:
    """Index in `lines` of the first line of the first table header (a 序号/task/unit header), or None. Linear time."""
    header = _next_header(lines, 0)
    return None if header is None else header.first


def _next_header(lines: list[Line], start: int) -> _Header | None:
    """The first header at or after ``lines[start]``; a line is looked at once, or twice in a failed cell run."""
    index = start
    while index < len(lines):
        line = lines[index]
        folded = grammar.matching(line.content)
        found = _pipe_header(line, folded, index) or _inline_header(line, folded, index)
        if found is None:
            found, index = _cell_header(lines, index)
        if found is not None:
            return found
    return None


def _pipe_header(line: Line, folded: str, index: int) -> _Header | None:
    """A header on one line with '|' between its cells: 序号 | 任 务 名 称 | 牵 头 部 门 |."""
    if "|" not in folded:
        return None
    spans = _row_cells(folded)
    if sum(_field_of(grammar.label_word(folded[s:e])) is not None for s, e in spans) < 2:
        return None
    columns = [_column(line.content[s:e]) if folded[s:e].strip() else None for s, e in spans]
    if any(column is None and folded[s:e].strip() for column, (s, e) in zip(columns, spans, strict=True)):
        return None
    if not _is_header([column for column in columns if column is not None]):
        return None
    return _Header(_Form.PIPE_ROWS, tuple(columns), index, index, 0, len(line.content), piped=True)


_HEADER_WORD = "|".join(map(re.escape, sorted(_FIELD_OF_WORD, key=len, reverse=True)))
_WORD = re.compile(_HEADER_WORD)
_INLINE_HEADER = re.compile(rf"(?:{_HEADER_WORD})(?:[ \t]*(?:{_HEADER_WORD})){{2,}}")
"""Three or more header words in a row, run together or between spaces: 序号 名称 工作任务 牵头责任单位."""


def _inline_header(line: Line, folded: str, index: int) -> _Header | None:
    """A header inside a line; the rows follow on the same line when the copy lost every cell boundary."""
    for run in _INLINE_HEADER.finditer(folded):
        words = _WORD.finditer(folded, run.start(), run.end())
        columns = [_Column(_FIELD_OF_WORD[w.group()], line.content[w.start() : w.end()]) for w in words]
        if _is_header(columns):
            form = _Form.RUN_TOGETHER if folded[run.end() :].strip() else _Form.SPACE_ROWS
            return _Header(form, tuple(columns), index, index, run.start(), run.end(), piped=False)
    return None


_REPEATABLE = (_Field.LEAD, _Field.RESPONSIBLE, _Field.LEADER, _Field.DUE, _Field.SOURCE, _Field.DETAIL)


def _cell_header(lines: list[Line], index: int) -> tuple[_Header | None, int]:
    """A header with one cell per line from ``lines[index]``, and where to look next.

    A table names its number, group and task once, so a second one starts the header afresh
    (a title line such as 2022年预期目标 before the real header). Other words at the end belong to
    the header only if a row number follows them; else they may be the first row's cell."""
    found: list[tuple[_Column, int]] = []
    piped = False
    at = index
    while at < len(lines):
        content = lines[at].content
        bare = content.replace("|", "").replace("｜", "")
        piped = piped or len(bare) < len(content)
        if bare.strip():
            column = _column(bare, details=bool(found))
            if column is None:
                break
            if column.kind not in _REPEATABLE:
                found = _after_repeat(found, column.kind)
            found.append((column, at))
        at += 1
    numbered = at < len(lines) and _is_row_number(_bare(lines[at].content))
    while found and found[-1][0].kind is _Field.DETAIL and not numbered:
        found.pop()
    columns = [column for column, _ in found]
    if not _is_header(columns):
        return None, max(at, index + 1)
    first, last = found[0][1], found[-1][1]
    return _Header(_Form.CELLS, tuple(columns), first, last, 0, len(lines[last].content), piped=piped), at


def _after_repeat(found: list[tuple[_Column, int]], kind: _Field) -> list[tuple[_Column, int]]:
    repeat = next((i for i, (column, _) in enumerate(found) if column.kind is kind), None)
    return found if repeat is None else found[repeat + 1 :]


# -- the text around a table -------------------------------------------------------------

_ANNEX = re.compile(r"附件\s*(?P<num>\d{0,3})\s*:?\s*(?P<title>.*)")
_TITLE_END = ("表", "清单", "方案", "台账")
"""How a table's title ends (…任务分解表, …责任清单)."""
_PAGE_MARK = re.compile(r"[—―]\s*\d{1,4}\s*[—―]|-\s+\d{1,4}\s+-")
"""A page number a PDF copy left in the text: —2—, - 2 -."""
_EMPTY_CELL = frozenset("/\\-—–－")
"""A cell of these only is printed empty."""


def _is_page_mark(line: Line, folded: str, draft: Draft) -> bool:
    """Whether the line is a page number; it is kept as residue."""
    if _PAGE_MARK.fullmatch(folded.strip()) is None:
        return False
    draft.leftover(line.content, line.number, line.column)
    return True


def _bare(content: str) -> str:
    """A line's matching copy without the '|' around it."""
    return grammar.matching(content).strip().strip("|").strip()


@frozen
class _Annex:
    """A 附件 line, which opens an attached table: 附件2, 附件:, 附件1:…分解表."""

    number: int | None
    marker: str
    title: Line | None


def _annex(line: Line) -> _Annex | None:
    printed = line.content.strip().strip("|｜").strip()
    found = _ANNEX.fullmatch(grammar.matching(printed))
    if found is None or not (found["title"] == "" or found["title"].endswith(_TITLE_END)):
        return None
    column = line.column + line.content.index(printed) + found.start("title")
    title = Line(line.number, printed[found.start("title") :], column) if found["title"] else None
    number = int(found["num"]) if found["num"] else None
    return _Annex(number, printed[: found.start("title")].rstrip(" :："), title)


def _is_note(bare: str) -> bool:
    """A line in brackets before a table: (此件公开发布), (注:A类指…), (共118项)."""
    return bare.startswith("(") and bare.endswith(")")


def read(lines: list[Line], start: int, draft: Draft) -> None:
    """Read lines[start:] into `draft`: divisions, items, residue. Linear time.

    lines[start:] may begin with the plan title, 附件N, a table title and notes, then the header and
    rows, possibly several tables one after another. Each table is a TABLE division."""
    position = start
    header = _next_header(lines, start)
    while header is not None:
        following = _next_header(lines, header.last + 1)
        end = _table_end(lines, header.last + 1, len(lines) if following is None else following.first)
        sections = _open_table(lines, position, header, draft)
        for row in _READERS[header.form](lines, header, end, draft):
            _place(row, sections, draft)
        position, header = end, following
    for line in lines[position:]:
        draft.leftover(line.content, line.number, line.column)


def _table_end(lines: list[Line], low: int, high: int) -> int:
    """Where a table's rows stop: at a 附件 line, or at the title and notes of the next table's header."""
    annex = next((i for i in range(low, high) if _annex(lines[i]) is not None), None)
    if annex is not None or high == len(lines):
        return high if annex is None else annex
    index, titled = high, False
    while index > low:
        bare = _bare(lines[index - 1].content)
        if not (_is_note(bare) or (not titled and bare.endswith(_TITLE_END))):
            break
        titled = titled or not _is_note(bare)
        index -= 1
    return index


def _open_table(lines: list[Line], position: int, header: _Header, draft: Draft) -> _Sections:
    """The table's division, from its 附件 line, title and count; the other lines before the header are residue."""
    before = lines[position : header.first]
    annexes = [(i, annex) for i, line in enumerate(before) if (annex := _annex(line)) is not None]
    opened, annex = annexes[-1] if annexes else (-1, None)
    title = None if annex is None else annex.title
    declared = None
    for line in before[opened + 1 :]:
        bare = _bare(line.content)
        count = grammar.DECLARED.search(bare) if _is_note(bare) else None
        if count is not None:
            declared = int(count["count"])
        elif _is_note(bare):
            draft.leftover(line.content, line.number, line.column)
        else:
            _drop(title, draft)
            title = line
    inline_title = _inline_prefix(lines[header.first], header.start, draft)
    if inline_title is not None:
        _drop(title, draft)
        title = inline_title
    for line in before[:opened]:
        draft.leftover(line.content, line.number, line.column)
    shown = before[opened] if annex is not None else title or lines[header.first]
    draft.divisions.append(
        DraftDivision(
            kind=DivisionKind.TABLE, parent=None, number=None if annex is None else annex.number,
            marker=None if annex is None else annex.marker,
            title=None if title is None else title.content.strip(" |｜") or None, line=shown.number, declared=declared,
        )
    )  # fmt: skip
    return _Sections(table=len(draft.divisions) - 1)


def _drop(line: Line | None, draft: Draft) -> None:
    """Keep as residue a line that looked like the table's title until a later one did."""
    if line is not None:
        draft.leftover(line.content, line.number, line.column)


_TOKEN = re.compile(rf"{_PAGE_MARK.pattern}|(?:(?!{_PAGE_MARK.pattern})\S)+")


def _inline_prefix(line: Line, end: int, draft: Draft) -> Line | None:
    """The table title just before a header inside a line (…分解表 序号 名称 …); the text before it is residue."""
    tokens = list(_TOKEN.finditer(grammar.matching(line.content[:end])))
    title = tokens[-1] if tokens and tokens[-1].group().endswith(_TITLE_END) else None
    rest = line.content[: end if title is None else title.start()]
    if rest.strip():
        draft.leftover(rest, line.number, line.column + len(rest) - len(rest.lstrip()))
    if title is None:
        return None
    return Line(line.number, line.content[title.start() : title.end()], line.column + title.start())


# -- divisions -------------------------------------------------------------------------


@define
class _Sections:
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

    def open(self, draft: Draft, division: DraftDivision) -> None:
        """Add ``division`` under the division that encloses its kind, and close what it ends."""
        index = len(draft.divisions)
        if division.kind is DivisionKind.PART:
            division.parent = self.table
            self.part, self.area, self.theme = index, None, None
        elif division.kind is DivisionKind.AREA:
            division.parent = self.table if self.part is None else self.part
            self.area, self.theme = index, None
        else:
            division.parent = next((i for i in (self.area, self.part) if i is not None), self.table)
            self.theme = index
        draft.divisions.append(division)


# -- rows ------------------------------------------------------------------------------


@frozen
class _Piece:
    """A stretch of one line that belongs to one cell."""

    text: str
    folded: str
    line: int
    column: int
    after_pipe: bool | None = None
    """Whether a '|' stands between it and the piece before; None where the table prints no '|'."""

    @cached_property
    def looks(self) -> _Looks:
        return _looks(self.folded)


def _piece(line: Line, folded: str, start: int, end: int, after_pipe: bool | None = None) -> _Piece:
    return _Piece(line.content[start:end], folded[start:end], line.number, line.column + start, after_pipe)


@define
class _Cell:
    column: _Column
    start: int
    end: int
    pieces: list[tuple[int, int]]
    """Where each of its lines stands in the row's text, to tell a wrapped name by its equal widths."""


@define
class _Row:
    text: str
    folded: str
    locate: Locate
    cells: list[_Cell]
    first_line: int
    last_line: int
    closed: bool
    """Whether the row is known to have ended: a row, heading or '|' follows it."""

    def cell_text(self, cell: _Cell) -> str:
        return self.text[cell.start : cell.end].strip()


@define
class _RowBuilder:
    """A row's text, joined from its pieces, and its cells as spans of that text."""

    joined: Joined = field(factory=Joined)
    length: int = 0
    cells: list[_Cell] = field(factory=list)

    def append(self, piece: _Piece, separator: str = "") -> tuple[int, int]:
        """Add ``piece`` to the row's text; where it now stands there."""
        self.joined.add(Line(piece.line, separator + piece.text, piece.column - len(separator)))
        start = self.length + len(separator)
        self.length = start + len(piece.text)
        return start, self.length

    def open(self, piece: _Piece, column: _Column) -> None:
        start, end = self.append(piece)
        self.cells.append(_Cell(column, start, end, [(start, end)]))

    def extend(self, piece: _Piece, separator: str) -> None:
        start, end = self.append(piece, separator)
        cell = self.cells[-1]
        cell.end = end
        cell.pieces.append((start, end))

    def row(self, *, closed: bool) -> _Row:
        text = self.joined.text
        return _Row(text, grammar.matching(text), self.joined.locate, self.cells, self.joined.first_line,
                    self.joined.last_line, closed)  # fmt: skip


_ROW_NUMBER = re.compile(r"\(?\s*\d{1,3}\s*\)?\s*[.、]?")
"""How a unit name begins, where a name glued to the one before it starts (…委市经贸委)."""
_NARROW = 4
"""The widest cell that wraps a unit name into equal short lines (市政 / 府办 / 公厅)."""
_SHORT_CELL = 20
"""The longest group or deadline cell."""
_LEADER_NAME = (2, 4)
"""How many characters a leader's name has without a title (叶林, 马振明)."""


def _is_row_number(folded: str) -> bool:
    return _ROW_NUMBER.fullmatch(folded.strip()) is not None


def _heading(folded: str, position: int = 0) -> re.Match[str] | None:
    """The 一、 or (一) that opens a heading at ``position``."""
    return grammar.PART.match(folded, position) or grammar.AREA.match(folded, position)


_QUALIFIED = re.compile(r"[(\[【\s]")


def _plain(folded: str) -> str:
    """A cell without bracketed qualifiers, spaces read as 、: 发改局(服务业发展局) 市财政局 → 发改局、市财政局."""
    if not _QUALIFIED.search(folded):
        return folded
    out, depth = [], 0
    for char in folded:
        depth += char in "([【"
        if depth == 0:
            out.append("、" if char.isspace() else char)
        depth -= depth > 0 and char in ")]】"
    return "".join(out)


def _reads_as_units(folded: str) -> bool:
    """A cell that may be a unit cell: ★, or a list of unit names (市政 too, the start of a wrapped name)."""
    plain = _plain(folded.strip())
    return plain.startswith(grammar.LEAD_MARK) or is_unit_list(plain, 0, len(plain))


def _ends_as_unit(folded: str) -> bool:
    """Whether the last name ends as unit names do (…局, …管委会), or ★ marks the cell."""
    tail = _plain(folded.strip()).rstrip(" 、。;,." + grammar.OPEN_ENDED)
    return folded.lstrip().startswith(grammar.LEAD_MARK) or tail[-1:] in grammar.UNIT_ENDINGS


def _names_units(folded: str) -> bool:
    """A cell that can only be a unit cell, which no task text could be."""
    return _reads_as_units(folded) and _ends_as_unit(folded)


_NAMES = re.compile(r"[^\n、,;]+")


def _names_leaders(folded: str) -> bool:
    """A cell of leaders' names: 叶林, 钱 宇, 王纲副市长; stacked names are one per line."""
    names = ["".join(m.group().split()) for m in _NAMES.finditer(folded)]
    low, high = _LEADER_NAME
    return bool(names) and all(
        (low <= len(n) <= high and all(map(_is_han, n))) or n.endswith(grammar.LEADER_TITLES) for n in names
    )


@frozen
class _Looks:
    """What a cell's content may be, worked out once."""

    number: bool
    units: bool
    """★ or a list of unit names, 市政 too (the start of a wrapped name)."""
    only_units: bool
    """Units that no task text could be: the last name ends as unit names do."""
    leaders: bool
    short: bool
    """Short enough for a group or deadline cell, and no sentence."""


def _looks(folded: str) -> _Looks:
    """What a cell saying ``folded`` may be; leaders' names are never unit names."""
    units = _reads_as_units(folded)
    return _Looks(
        number=_is_row_number(folded), units=units, only_units=units and _ends_as_unit(folded),
        leaders=not units and _names_leaders(folded), short=len(folded.strip()) <= _SHORT_CELL and "。" not in folded,
    )  # fmt: skip


def _takes(kind: _Field, looks: _Looks) -> bool:
    """Whether a cell that looks so can stand in a column holding ``kind``."""
    if kind is _Field.NUMBER:
        return looks.number
    if kind in _UNITS:
        return looks.units
    if kind is _Field.LEADER:
        return looks.leaders
    if looks.number or looks.only_units:
        return False
    return looks.short if kind in (_Field.DUE, _Field.GROUP) else True


# -- one cell per line -----------------------------------------------------------------


@define
class _Assembler:
    """Places cells arriving one per line in the columns of rows, by what they say where no '|' says it."""

    columns: tuple[_Column, ...]
    draft: Draft
    rows: list[_Row] = field(factory=list)
    building: _RowBuilder = field(factory=_RowBuilder)
    at: int = -1
    """Index of the column of the row's last cell; -1 before the row's first cell."""

    @property
    def task(self) -> int:
        return next(i for i, column in enumerate(self.columns) if column.kind is _Field.TASK)

    @property
    def number(self) -> int | None:
        return next((i for i, column in enumerate(self.columns) if column.kind is _Field.NUMBER), None)

    def feed(self, piece: _Piece) -> None:
        """Place the next piece: in the current cell, a later column of the row, or a new row."""
        number = self.number
        if self.at >= 0 and piece.after_pipe is False:
            self._extend(piece)
        elif number is not None and piece.looks.number:
            self._new_row(piece, number)
        elif _heading(piece.folded) and (self.at < 0 or self.at >= self.task):
            self._end_row(closed=True)
            self.rows.append(_lone_cell_row(piece, self.columns[self.task]))
        elif piece.after_pipe is None and self.at >= 0 and self._continues(piece):
            self._extend(piece)
        elif (later := self._next_column(piece)) is not None:
            self.building.open(piece, self.columns[later])
            self.at = later
        elif (first := self._first_column(piece)) is not None:
            self._new_row(piece, first)
        else:
            self.draft.leftover(piece.text, piece.line, piece.column)

    def finish(self, *, followed: bool, pipe: bool) -> list[_Row]:
        """The rows; the last is whole if text follows the table, or a '|' closes it after its last column."""
        self._end_row(closed=followed or (pipe and self.at == len(self.columns) - 1))
        return self.rows

    def _current(self) -> _Field | None:
        return self.columns[self.at].kind if self.at >= 0 else None

    def _continues(self, piece: _Piece) -> bool:
        """Without '|', a cell may run over lines: a wrapped name, stacked names, wrapped text."""
        current = self._current()
        if current in _UNITS:
            stacked = piece.looks.units and self._next_column(piece) is None and not self._lead_first()
            return self._wraps(piece) or stacked
        if current is _Field.LEADER:
            return piece.looks.leaders
        return current in _TEXTS and self._next_column(piece) is None

    def _wraps(self, piece: _Piece) -> bool:
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
        return any(column.kind in _UNITS for column in self.columns[: self.task])

    def _next_column(self, piece: _Piece) -> int | None:
        """The first later column of the row that takes the piece; without '|', text does not leap a unit column."""
        current = self._current()
        for index in range(self.at + 1, len(self.columns)):
            kind = self.columns[index].kind
            if _takes(kind, piece.looks):
                return index
            if piece.after_pipe is None and current in _TEXTS and kind in _UNITS:
                return None
        return None

    def _first_column(self, piece: _Piece) -> int | None:
        """The column a row without a number begins with: the task (a group cell is merged), or a unit."""
        starts = (i for i, column in enumerate(self.columns) if column.kind not in (_Field.NUMBER, _Field.GROUP))
        return next((i for i in starts if _takes(self.columns[i].kind, piece.looks)), None)

    def _extend(self, piece: _Piece) -> None:
        """Continue the cell: stacked leaders stay apart, stacked units take a space, wrapped text nothing."""
        current = self._current()
        separator = "\n" if current is _Field.LEADER else " " if current in _UNITS and not self._wraps(piece) else ""
        self.building.extend(piece, separator)

    def _new_row(self, piece: _Piece, index: int) -> None:
        self._end_row(closed=True)
        self.building.open(piece, self.columns[index])
        self.at = index

    def _end_row(self, *, closed: bool) -> None:
        if self.building.cells:
            self.rows.append(self.building.row(closed=closed))
        self.building, self.at = _RowBuilder(), -1


def _lone_cell_row(piece: _Piece, column: _Column) -> _Row:
    """A line that is a row of its own: a heading such as 一、主要预期目标."""
    building = _RowBuilder()
    building.open(piece, column)
    return building.row(closed=True)


def _cell_rows(lines: list[Line], header: _Header, end: int, draft: Draft) -> list[_Row]:
    """Rows of a table printed one cell per line, with or without '|' lines or endings between cells."""
    assembler = _Assembler(header.named, draft)
    pipe = True
    for line in lines[header.last + 1 : end]:
        folded = grammar.matching(line.content)
        for number, (start, stop) in enumerate(_cell_spans(folded)):
            pipe = pipe or number > 0
            start, stop = _stripped(folded, start, stop)
            if start == stop or set(folded[start:stop]) <= _EMPTY_CELL:
                continue
            if _PAGE_MARK.fullmatch(folded, start, stop):
                draft.leftover(line.content[start:stop], line.number, line.column + start)
                continue
            assembler.feed(_piece(line, folded, start, stop, pipe if header.piped else None))
            pipe = False
    return assembler.finish(followed=end < len(lines), pipe=pipe)


def _cell_spans(folded: str) -> list[tuple[int, int]]:
    """The stretches of a line between its '|' marks, blank ones included."""
    bounds = [-1, *(i for i, char in enumerate(folded) if char == "|"), len(folded)]
    return [(a + 1, b) for a, b in pairwise(bounds)]


def _row_cells(folded: str) -> list[tuple[int, int]]:
    """The cells of a '|' row: a closing '|' opens no further cell."""
    spans = _cell_spans(folded)
    if len(spans) > 1 and not folded[spans[-1][0] :].strip():
        spans.pop()
    return spans


def _stripped(folded: str, start: int, end: int) -> tuple[int, int]:
    while start < end and folded[start].isspace():
        start += 1
    while end > start and folded[end - 1].isspace():
        end -= 1
    return start, end


# -- one row per line, cells between '|' -------------------------------------------------

_RULE = frozenset("|-:+ \t—")
"""A line of these only is table drawing: '|', '---|---'."""


def _pipe_rows(lines: list[Line], header: _Header, end: int, draft: Draft) -> list[_Row]:
    """Rows printed one per line with '|' between cells; a cell's place gives its column."""
    rows: list[_Row] = []
    building: _RowBuilder | None = None
    filled, open_row = 0, False
    for line in lines[header.last + 1 : end]:
        folded = grammar.matching(line.content)
        if set(folded) <= _RULE or _is_page_mark(line, folded, draft):
            continue
        spans = _row_cells(folded)
        first = folded[spans[0][0] : spans[0][1]]
        if building is None or not open_row or _is_row_number(first) or _heading(first.strip()):
            if building is not None and building.cells:
                rows.append(building.row(closed=True))
            building, filled = _RowBuilder(), 0
        else:
            filled -= 1
        for start, stop in spans:
            _pipe_cell(building, header, filled, _piece(line, folded, *_stripped(folded, start, stop)), draft)
            filled += 1
        open_row = filled < len(header.columns) and not folded.rstrip().endswith("|")
    if building is not None and building.cells:
        rows.append(building.row(closed=end < len(lines) or filled >= len(header.columns)))
    return rows


def _pipe_cell(building: _RowBuilder, header: _Header, index: int, piece: _Piece, draft: Draft) -> None:
    """Put a '|' cell in its column; a cell continued from the line before joins it."""
    if not piece.text or set(piece.folded) <= _EMPTY_CELL:
        return
    column = header.columns[index] if index < len(header.columns) else None
    if column is None:
        draft.leftover(piece.text, piece.line, piece.column)
    elif building.cells and building.cells[-1].column is column:
        building.extend(piece, "")
    else:
        building.open(piece, column)


# -- one row per line, cells between spaces -----------------------------------------------

_SPACE_ROW = re.compile(r"(?P<number>\d{1,3})\s+(?=\S)")


def _space_rows(lines: list[Line], header: _Header, end: int, draft: Draft) -> list[_Row]:
    """Rows printed one per line, ``1 <task> <units>``; a line that starts otherwise continues the row."""
    rows: list[_Row] = []
    building: _RowBuilder | None = None
    rest = 0
    for line in lines[header.last + 1 : end]:
        folded = grammar.matching(line.content)
        if _is_page_mark(line, folded, draft):
            continue
        number = _SPACE_ROW.match(folded)
        if building is not None and (number is not None or _heading(folded)):
            rows.append(_space_row(building, rest, header, closed=True))
            building = None
        if _heading(folded):
            rows.append(_lone_cell_row(_piece(line, folded, 0, len(folded)), _task_column(header)))
        elif number is not None:
            building = _RowBuilder()
            building.open(_piece(line, folded, 0, number.end("number")), _number_column(header))
            rest = building.append(_piece(line, folded, number.end(), len(folded)), " ")[0]
        elif building is not None:
            building.append(_piece(line, folded, 0, len(folded)))
        else:
            draft.leftover(line.content, line.number, line.column)
    if building is not None:
        rows.append(_space_row(building, rest, header, closed=end < len(lines)))
    return rows


_FIELD = re.compile(r"\S+")


def _space_row(building: _RowBuilder, rest: int, header: _Header, *, closed: bool) -> _Row:
    """The row with its cells: the task runs to the first field that names units; later fields fill later columns."""
    row = building.row(closed=closed)
    fields = [(found.start(), found.end()) for found in _FIELD.finditer(row.folded, rest)]
    units = next((i for i in range(1, len(fields)) if _names_units(row.folded[slice(*fields[i])])), len(fields))
    if fields:
        row.cells.append(_Cell(_task_column(header), fields[0][0], fields[units - 1][1], []))
    later = header.named[header.named.index(_task_column(header)) + 1 :]
    place = 0
    for start, end in fields[units:]:
        looks = _looks(row.folded[start:end])
        index = next((i for i in range(place, len(later)) if _takes(later[i].kind, looks)), None)
        if index is None:
            row.cells[-1].end = end
        else:
            row.cells.append(_Cell(later[index], start, end, []))
            place = index + 1
    return row


def _task_column(header: _Header) -> _Column:
    return next(column for column in header.named if column.kind is _Field.TASK)


def _number_column(header: _Header) -> _Column:
    return next((column for column in header.named if column.kind is _Field.NUMBER), _NUMBER_COLUMN)


# -- cell boundaries lost ---------------------------------------------------------------

_NUMBER_OR_HEADING = re.compile(rf"(?<!\d)\d{{1,3}}(?!\d)|{grammar.CN}、|\({grammar.CN}\)")


def _run_together_rows(lines: list[Line], header: _Header, end: int, draft: Draft) -> list[_Row]:
    """Rows whose cells run together: a row runs from its number to the next row's number or heading."""
    text = _stream(lines, header, end, draft)
    if not text.length:
        return []
    stream = text.row(closed=True)
    folded, rows = stream.folded, []
    position, expected = 0, 1
    while position < len(folded):
        heading = _heading(folded, position)
        width = len(str(expected))
        if heading is not None:
            stop = _next_number(folded, heading.end(), (expected, 1))
            rows.append(_span_row(stream, [_Cell(_task_column(header), position, stop, [])], closed=True))
        elif (
            folded.startswith(str(expected), position) and not folded[position + width : position + width + 1].isdigit()
        ):
            stop = _row_end(folded, position + width, expected + 1)
            cells = _run_cells(folded, position, width, stop, header)
            rows.append(_span_row(stream, cells, closed=stop < len(folded) or end < len(lines)))
            expected += 1
        else:
            stop = _next_number(folded, position + 1, (expected,))
            draft.leftover(stream.text[position:stop], *stream.locate(position))
        position = stop
    return rows


def _stream(lines: list[Line], header: _Header, end: int, draft: Draft) -> _RowBuilder:
    """The text after the header as one stretch, without page numbers (which are residue)."""
    stream = _RowBuilder()
    parts = [(lines[header.last], header.end)] + [(line, 0) for line in lines[header.last + 1 : end]]
    for line, skip in parts:
        folded = grammar.matching(line.content)
        position = skip
        for mark in _PAGE_MARK.finditer(folded, skip):
            if mark.start() > position:
                stream.append(_piece(line, folded, position, mark.start()))
            draft.leftover(mark.group(), line.number, line.column + mark.start())
            position = mark.end()
        if position < len(folded):
            stream.append(_piece(line, folded, position, len(folded)))
    return stream


def _span_row(stream: _Row, cells: list[_Cell], *, closed: bool) -> _Row:
    """A row that is a stretch of the stream, sharing its text."""
    first, last = stream.locate(cells[0].start)[0], stream.locate(max(cells[-1].end - 1, cells[0].start))[0]
    return _Row(stream.text, stream.folded, stream.locate, cells, first, last, closed)


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


def _run_cells(folded: str, start: int, width: int, end: int, header: _Header) -> list[_Cell]:
    """The number, task and unit cells of a row whose cells run together."""
    units = [column for column in header.named if column.kind in _UNITS]
    leads, rest = _unit_spans(folded, start + width, end, two_cells=len(units) > 1)
    cells = [
        _Cell(_number_column(header), start, start + width, []),
        _Cell(_task_column(header), start + width, leads[0][0] if leads else end, []),
    ]
    cells += [_Cell(units[0], lead_start, lead_end, []) for lead_start, lead_end in leads]
    if rest is not None:
        cells.append(_Cell(units[-1], *rest, []))
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
    separator, glue = _first_glue(folded, begin, end)
    named = end if glue is None else glue
    first = begin if period >= 0 and _names_units(folded[begin:named]) else _name_start(folded, separator, named)
    if first is None:
        return [], None
    glues = [] if glue is None else _glues_in_run(folded, glue, end)
    if two_cells and glues:
        return list(pairwise([first, *glues])), (glues[-1], end)
    return list(pairwise([first, *glues, end])), None


def _first_glue(folded: str, start: int, end: int) -> tuple[int, int | None]:
    """The first place a unit name ends and the next begins with nothing between, and the 、 or , before it."""
    depth, separator = 0, start
    for at in range(start, end):
        char = folded[at]
        depth += char in "([【"
        depth -= depth > 0 and char in ")]】"
        if depth == 0 and char in "、,;":
            separator = at + 1
        elif depth == 0 and at > start and char in grammar.NAME_STARTS and folded[at - 1] in grammar.UNIT_ENDINGS:
            return separator, at
    return separator, None


def _glues_in_run(folded: str, glue: int, end: int) -> list[int]:
    """Where each glued name begins in the run whose second name begins at ``glue``, up to its first 、."""
    glues, depth = [glue], 0
    for at in range(glue + 1, end):
        char = folded[at]
        depth += char in "([【"
        depth -= depth > 0 and char in ")]】"
        if depth == 0 and char in "、,;":
            break
        if depth == 0 and char in grammar.NAME_STARTS and folded[at - 1] in grammar.UNIT_ENDINGS:
            glues.append(at)
    return glues


def _name_start(folded: str, start: int, end: int) -> int | None:
    """Where the unit name that ends at ``end`` begins after task text: at its last 市/区/县/省/各 after other words."""
    tail = folded[start:end].rstrip("。 ")
    if not tail or tail[-1] not in grammar.UNIT_ENDINGS:
        return None
    for at in range(start + len(tail) - 1, start - 1, -1):
        if folded[at] in grammar.NAME_STARTS and (at == start or folded[at - 1] not in grammar.NAME_STARTS):
            return at
    return None


# -- rows to items and headings -----------------------------------------------------------

_READERS: dict[_Form, Callable[[list[Line], _Header, int, Draft], list[_Row]]] = {
    _Form.CELLS: _cell_rows,
    _Form.PIPE_ROWS: _pipe_rows,
    _Form.SPACE_ROWS: _space_rows,
    _Form.RUN_TOGETHER: _run_together_rows,
}


def _place(row: _Row, sections: _Sections, draft: Draft) -> None:
    """A row becomes an item; a whole row that charges nobody is a heading (一、…, (一)…, 1 大力提振消费。).

    A group cell (项目) opens a theme; where the task cell prints its own number (1.地区…), the 序号
    beside the group numbers the group, and the task's number the item."""
    cells = [cell for cell in row.cells if row.cell_text(cell)]
    if row.closed and not any(cell.column.kind in _ASSIGNING for cell in cells):
        _open_heading(row, cells, sections, draft)
        return
    number, marker = _row_number(row, _first(cells, _Field.NUMBER), draft)
    task, group = _first(cells, _Field.TASK), _first(cells, _Field.GROUP)
    start, end = (task.start, task.end) if task is not None else (0, 0)
    own = grammar.ARABIC.match(row.folded, start, end) or grammar.PAREN_ARABIC.match(row.folded, start, end)
    if group is not None:
        numbered = own is not None and number is not None
        title, line = row.cell_text(group), row.locate(group.start)[0]
        theme = _division(DivisionKind.THEME, number if numbered else None, marker if numbered else None, title, line)
        sections.open(draft, theme)
    if own is not None and (group is not None or number is None):
        number, marker, start = int(own["num"]), row.text[own.start() : own.end()].strip(), own.end()
    details = [Detail(label=c.column.label, text=row.cell_text(c)) for c in cells if c.column.kind is _Field.DETAIL]
    draft.items.append(
        DraftItem(
            number=number, marker=marker, division=sections.innermost, text=row.text[start:end].strip(),
            first_line=row.first_line, last_line=row.last_line, reading=_reading(row, cells, draft),
            complete=row.closed, locate=row.locate, details=details,
        )
    )  # fmt: skip


def _first(cells: list[_Cell], kind: _Field) -> _Cell | None:
    return next((cell for cell in cells if cell.column.kind is kind), None)


def _row_number(row: _Row, cell: _Cell | None, draft: Draft) -> tuple[int | None, str | None]:
    """The row's number and its marker as printed; a 序号 cell that is no number is residue."""
    if cell is None:
        return None, None
    if not _is_row_number(row.folded[cell.start : cell.end]):
        draft.leftover(row.cell_text(cell), *row.locate(cell.start))
        return None, None
    return int("".join(filter(str.isdigit, row.folded[cell.start : cell.end]))), row.cell_text(cell)


_HEADING_MARKERS = (
    (grammar.PART, DivisionKind.PART),
    (grammar.AREA, DivisionKind.AREA),
    (grammar.ARABIC, DivisionKind.THEME),
    (grammar.PAREN_ARABIC, DivisionKind.THEME),
)


def _open_heading(row: _Row, cells: list[_Cell], sections: _Sections, draft: Draft) -> None:
    """A heading row: 一、… is a part, (一)… an area, anything else a theme, numbered by its 序号 cell or 1. marker."""
    numbers = [c for c in cells if c.column.kind is _Field.NUMBER and _is_row_number(row.folded[c.start : c.end])]
    texts = [row.cell_text(cell) for cell in cells if cell not in numbers]
    if not texts:
        for cell in cells:
            draft.leftover(row.cell_text(cell), *row.locate(cell.start))
        return
    title, line = " ".join(texts), row.locate(cells[0].start)[0]
    number, marker = _row_number(row, numbers[0], draft) if numbers else (None, None)
    kind = DivisionKind.THEME
    for pattern, marked in _HEADING_MARKERS[: 2 if numbers else None]:
        found = pattern.match(grammar.matching(title))
        if found is not None:
            kind, number, marker = marked, _numeral(found["num"]), title[: found.end()].strip()
            title = title[found.end() :].strip()
            break
    sections.open(draft, _division(kind, number, marker, title, line))


def _division(kind: DivisionKind, number: int | None, marker: str | None, title: str, line: int) -> DraftDivision:
    """A heading's division, with the items (11项) and areas (九个方面) its title declares."""
    folded = grammar.matching(title)
    return DraftDivision(
        kind=kind, parent=None, number=number, marker=marker, title=title or None, line=line,
        declared=_count(grammar.DECLARED, folded, "count"),
        declared_areas=_count(grammar.DECLARED_AREAS, folded, "num"),
    )  # fmt: skip


def _numeral(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else cn_to_int(raw)


def _count(pattern: re.Pattern[str], folded: str, group: str) -> int | None:
    found = pattern.search(folded)
    if found is None:
        return None
    return _numeral(found[group])


def _reading(row: _Row, cells: list[_Cell], draft: Draft) -> Reading:
    """What the row's unit, leader, deadline and source cells say; a unit's role is its column's unless ★ marks it."""
    reading = Reading()
    for cell in cells:
        kind = cell.column.kind
        if kind in _UNITS:
            _add_units(reading, read_list(row.text, row.folded, cell.start, cell.end, cell=True), cell.column)
        elif kind is _Field.LEADER:
            names = (row.text[m.start() : m.end()].strip() for m in _NAMES.finditer(row.folded, cell.start, cell.end))
            reading.leaders += [(name, cell.column.label) for name in names if name]
        elif kind is _Field.DUE:
            reading.due = row.cell_text(cell)
        elif kind is _Field.SOURCE:
            reading.source = row.cell_text(cell)
    for text, offset in reading.leftovers:
        draft.leftover(text, *row.locate(offset))
    return reading


def _add_units(reading: Reading, cell: Reading, column: _Column) -> None:
    """Add one cell's reading; its units take the column's role and label, and its comma groups follow on."""
    role = Role.LEAD if column.kind is _Field.LEAD else Role.RESPONSIBLE
    base = reading.units[-1].group if reading.units else 0
    for unit in cell.units:
        if unit.basis is not RoleBasis.MARKER:
            unit.role, unit.label, unit.basis = role, column.label, RoleBasis.PRINTED
        unit.group += base
    reading.units += cell.units
    reading.leaders += cell.leaders
    reading.due = reading.due or cell.due
    reading.source = reading.source or cell.source
    reading.open_ended = reading.open_ended or cell.open_ended
    reading.conventions += cell.conventions
    reading.leftovers += cell.leftovers
