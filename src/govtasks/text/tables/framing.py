"""The text around a table: its 附件 line, title, notes and count before the header, and where its rows stop.

Each table becomes a TABLE division named by its 附件 line and title; notes in brackets
before it are residue, except a count of its items (共118项).
"""

from __future__ import annotations

import re

from attrs import frozen

from govtasks._text import Line
from govtasks.model import DivisionKind
from govtasks.text import grammar
from govtasks.text.draft import Draft, DraftDivision
from govtasks.text.tables.headers import Header
from govtasks.text.tables.placing import Sections
from govtasks.text.tables.rows import PAGE_MARK, bare

_ANNEX = re.compile(r"附件\s*(?P<num>\d{0,3})\s*:?\s*(?P<title>.*)")
_TITLE_END = ("表", "清单", "方案", "台账")
"""How a table's title ends (…任务分解表, …责任清单)."""


@frozen
class _Annex:
    """A 附件 line, which opens an attached table: 附件2, 附件:, 附件1:…分解表."""

    number: int | None
    marker: str
    title: Line | None


def _annex(line: Line) -> _Annex | None:
    if "附件" not in line.content:
        return None
    printed = line.content.strip().strip("|｜").strip()
    found = _ANNEX.fullmatch(grammar.matching(printed))
    if found is None or not (found["title"] == "" or found["title"].endswith(_TITLE_END)):
        return None
    start = line.content.index(printed) + found.start("title")
    title = line.part(start, start + len(printed) - found.start("title")) if found["title"] else None
    number = int(found["num"]) if found["num"] else None
    return _Annex(number, printed[: found.start("title")].rstrip(" :："), title)


def _is_note(content: str) -> bool:
    """A line in brackets before a table: (此件公开发布), (注:A类指…), (共118项)."""
    return content.startswith("(") and content.endswith(")")


def table_end(lines: list[Line], low: int, high: int) -> int:
    """Where a table's rows stop: at a 附件 line, or at the title and notes of the next table's header."""
    annex = next((i for i in range(low, high) if _annex(lines[i]) is not None), None)
    if annex is not None or high == len(lines):
        return high if annex is None else annex
    index, titled = high, False
    while index > low:
        line = bare(lines[index - 1].content)
        if not (_is_note(line) or (not titled and line.endswith(_TITLE_END))):
            break
        titled = titled or not _is_note(line)
        index -= 1
    return index


def open_table(lines: list[Line], position: int, header: Header, draft: Draft) -> Sections:
    """The table's division, from its 附件 line, title and count; the other lines before the header are residue."""
    before = lines[position : header.first]
    annexes = [(i, annex) for i, line in enumerate(before) if (annex := _annex(line)) is not None]
    opened, annex = annexes[-1] if annexes else (-1, None)
    title = None if annex is None else annex.title
    declared = None
    for line in before[opened + 1 :]:
        content = bare(line.content)
        count = grammar.DECLARED.search(content) if _is_note(content) else None
        if count is not None:
            declared = int(count["count"])
        elif _is_note(content):
            draft.leftover(line.content, line.number, line.column)
        else:
            _drop(title, draft)
            title = line
    inline_title = _inline_prefix(lines[header.first], header.start, draft)
    if inline_title is not None:
        _drop(title, draft)
        title = inline_title
    for line in before[: max(opened, 0)]:  # lines before the 附件 line; with none, the loop above kept them
        draft.leftover(line.content, line.number, line.column)
    shown = before[opened] if annex is not None else title or lines[header.first]
    draft.divisions.append(
        DraftDivision(
            kind=DivisionKind.TABLE, parent=None, number=None if annex is None else annex.number,
            marker=None if annex is None else annex.marker,
            title=None if title is None else title.content.strip(" |｜") or None, line=shown.number, declared=declared,
        )
    )  # fmt: skip
    return Sections(table=len(draft.divisions) - 1)


def _drop(line: Line | None, draft: Draft) -> None:
    """Keep as residue a line that looked like the table's title until a later one did."""
    if line is not None:
        draft.leftover(line.content, line.number, line.column)


_TOKEN = re.compile(rf"{PAGE_MARK.pattern}|(?:(?!{PAGE_MARK.pattern})\S)+")


def _inline_prefix(line: Line, end: int, draft: Draft) -> Line | None:
    """The table title just before a header inside a line (…分解表 序号 名称 …); the text before it is residue."""
    tokens = list(_TOKEN.finditer(grammar.matching(line.content[:end])))
    title = tokens[-1] if tokens and tokens[-1].group().endswith(_TITLE_END) else None
    rest = line.content[: end if title is None else title.start()]
    if rest.strip():
        draft.leftover(rest, line.number, line.column_at(len(rest) - len(rest.lstrip())))
    if title is None:
        return None
    return line.part(title.start(), title.end())
