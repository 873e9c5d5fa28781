"""What a cell's content may be: a row number, a heading, unit names, leaders' names or text.

Most copies drop blank cells without a trace, so where no '|' places a cell its
content decides its column; every form asks here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from attrs import frozen

from govtasks.text import grammar
from govtasks.text.tables.columns import UNITS, Field, is_han
from govtasks.text.unitlists import is_unit_list

_ROW_NUMBER = re.compile(r"\(?\s*\d{1,3}\s*\)?\s*[.、]?")
"""A row number as a 序号 cell prints it: 1, (1), 1., 1、."""
_EMPTY_CELL = "/\\-—–－"
"""A cell of these only is printed empty."""
_SHORT_CELL = 20
"""The longest group or deadline cell."""
_LEADER_NAME = (2, 4)
"""How many characters a leader's name has without a title (叶林, 马振明)."""
_QUALIFIED = re.compile(r"[(\[【\s]")
NAMES = re.compile(r"[^\n、,;]+")
"""One name of a list of leaders' names; stacked names stand on lines of their own."""


def is_row_number(folded: str) -> bool:
    return _ROW_NUMBER.fullmatch(folded.strip()) is not None


def is_empty(folded: str) -> bool:
    """Whether a cell is blank or printed empty (/, —)."""
    return not folded.strip(_EMPTY_CELL)


def heading(folded: str, position: int = 0) -> re.Match[str] | None:
    """The 一、 or (一) that opens a heading at ``position``."""
    return grammar.PART.match(folded, position) or grammar.AREA.match(folded, position)


def _plain(folded: str) -> str:
    """A cell without bracketed qualifiers, spaces read as 、: 发改局(服务业发展局) 市财政局 → 发改局、市财政局.

    Only brackets and spaces are looked at one by one; the text between them is copied whole."""
    if not _QUALIFIED.search(folded):
        return folded
    out, depth, copied = [], 0, 0
    for mark in _BRACKET_OR_SPACE.finditer(folded):
        char = mark.group()
        if depth == 0:
            out.append(folded[copied : mark.start()])
        depth += char in "([【"
        if depth == 0:
            out.append("、" if char.isspace() else char)
        depth -= depth > 0 and char in ")]】"
        copied = mark.end()
    if depth == 0:
        out.append(folded[copied:])
    return "".join(out)


_BRACKET_OR_SPACE = re.compile(r"[(\[【)\]】\s]")
_NEVER_IN_NAMES = re.compile("[0-9A-Za-z%]")
"""Characters no unit name has: a cell holding one is no unit list (the sentences of task cells have figures)."""


def _reads_as_units(folded: str) -> bool:
    """A cell that may be a unit cell: ★, or a list of unit names (市政 too, the start of a wrapped name)."""
    plain = _plain(folded.strip())
    if plain.startswith(grammar.LEAD_MARK):
        return True
    return not _NEVER_IN_NAMES.search(plain) and is_unit_list(plain, 0, len(plain))


def _ends_as_unit(folded: str) -> bool:
    """Whether the last name ends as unit names do (…局, …管委会), or ★ marks the cell."""
    tail = _plain(folded.strip()).rstrip(" 、。;,." + grammar.OPEN_ENDED)
    return folded.lstrip().startswith(grammar.LEAD_MARK) or tail[-1:] in grammar.UNIT_ENDINGS


def names_units(folded: str) -> bool:
    """A cell that can only be a unit cell, which no task text could be."""
    return _reads_as_units(folded) and _ends_as_unit(folded)


def _names_leaders(folded: str) -> bool:
    """A cell of leaders' names: 叶林, 钱 宇, 王纲副市长; stacked names are one per line."""
    names = ["".join(m.group().split()) for m in NAMES.finditer(folded)]
    low, high = _LEADER_NAME
    return bool(names) and all(
        (low <= len(n) <= high and all(map(is_han, n))) or n.endswith(grammar.LEADER_TITLES) for n in names
    )


@frozen
class Looks:
    """What a cell's content may be, worked out once."""

    number: bool
    units: bool
    """★ or a list of unit names, 市政 too (the start of a wrapped name)."""
    only_units: bool
    """Units that no task text could be: the last name ends as unit names do."""
    leaders: bool
    short: bool
    """Short enough for a group or deadline cell, and no sentence."""


@lru_cache(maxsize=4096)
def looks_of(folded: str) -> Looks:
    """What a cell saying ``folded`` may be; leaders' names are never unit names.

    Tables repeat their unit cells row after row, so equal cells are looked at once."""
    units = _reads_as_units(folded)
    return Looks(
        number=is_row_number(folded), units=units, only_units=units and _ends_as_unit(folded),
        leaders=not units and _names_leaders(folded), short=len(folded.strip()) <= _SHORT_CELL and "。" not in folded,
    )  # fmt: skip


def takes(kind: Field, cell: Looks) -> bool:
    """Whether a cell that looks so can stand in a column holding ``kind``."""
    if kind is Field.NUMBER:
        return cell.number
    if kind in UNITS:
        return cell.units
    if kind is Field.LEADER:
        return cell.leaders
    if cell.number or cell.only_units:
        return False
    return cell.short if kind in (Field.DUE, Field.GROUP) else True
