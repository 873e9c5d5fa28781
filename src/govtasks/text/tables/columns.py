"""What a table's column holds, named by the words of its header cell (the grammar), never by its place."""

from __future__ import annotations

import enum
from collections.abc import Sequence

from attrs import frozen

from govtasks.model import Role
from govtasks.text import grammar
from govtasks.text.unitlists import is_unit_list


class Field(enum.Enum):
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


UNITS = (Field.LEAD, Field.RESPONSIBLE)
TEXTS = (Field.TASK, Field.GROUP, Field.SOURCE, Field.DETAIL)
ASSIGNING = (Field.LEAD, Field.RESPONSIBLE, Field.LEADER, Field.DUE, Field.SOURCE)
"""Cells that charge someone with a row or say when: a row with none of them is a heading."""
REPEATABLE = (Field.LEAD, Field.RESPONSIBLE, Field.LEADER, Field.DUE, Field.SOURCE, Field.DETAIL)
"""Columns a table may have more than one of; it names its number, group and task once."""

FIELD_OF_WORD = (
    dict.fromkeys(grammar.TASK_HEADERS, Field.TASK)
    | dict.fromkeys(grammar.NUMBER_HEADERS, Field.NUMBER)
    | dict.fromkeys(grammar.GROUP_HEADERS, Field.GROUP)
    | {word: Field.LEAD if role is Role.LEAD else Field.RESPONSIBLE for word, role in grammar.ROLE_OF_LABEL.items()}
    | dict.fromkeys(grammar.LEADER_LABELS, Field.LEADER)
    | dict.fromkeys(grammar.DUE_LABELS, Field.DUE)
    | dict.fromkeys(grammar.SOURCE_LABELS, Field.SOURCE)
)
_TASK_PREFIX = 8
"""How long a prefix may stand before a task header word (2022年预期目标)."""
_LONGEST_HEADER = max(map(len, FIELD_OF_WORD)) + _TASK_PREFIX
_TASK_WORDS = frozenset(grammar.TASK_HEADERS)
_TASK_LENGTHS = sorted({len(word) for word in _TASK_WORDS})
_DETAIL_HEADER = 8
"""The longest other header word, which becomes an item detail (指标要求, 目标类型)."""


@frozen(cache_hash=True)
class Column:
    """A column of a table: what it holds and its header as printed. Equal cells are found by their column and
    text, so its hash is worked out once."""

    kind: Field
    label: str
    """The header as printed, without spaces."""


NUMBER_COLUMN = Column(Field.NUMBER, "")
"""The number a space-separated row begins with, where the header names no 序号 column."""


_LAST_CHARS = frozenset(word[-1] for word in FIELD_OF_WORD)
"""The characters header words end in; no other cell names a field, so most cells are passed over at a glance."""


def named_field(printed: str) -> Field | None:
    """The field a header cell names by its words, as printed (spaced out, traditional, full-width)."""
    if grammar.matching(printed.rstrip()[-1:]) not in _LAST_CHARS:
        return None
    return field_of(grammar.label_word(printed))


def field_of(word: str) -> Field | None:
    """The field a header word names; ``word`` is its matching copy without spaces."""
    if len(word) > _LONGEST_HEADER:
        return None
    if word in FIELD_OF_WORD:
        return FIELD_OF_WORD[word]
    if grammar.PART.match(word) or grammar.AREA.match(word) or grammar.THEME.match(word):
        return None  # a heading row, (一)重点工作 or ——重点工作, is no header cell
    if any(word[-n:] in _TASK_WORDS and len(word) - n <= _TASK_PREFIX for n in _TASK_LENGTHS):
        return Field.TASK
    return None


def column_of(printed: str, *, details: bool = True) -> Column | None:
    """The column a header cell names; another short word is a detail column; None where no header says this."""
    if not details:
        kind = named_field(printed)
        return None if kind is None else Column(kind, "".join(printed.split()))
    word = grammar.label_word(printed)
    kind = field_of(word)
    if kind is None and 0 < len(word) <= _DETAIL_HEADER and all(map(is_han, word)):
        kind = None if is_unit_list(word, 0, len(word)) else Field.DETAIL
    return None if kind is None else Column(kind, "".join(printed.split()))


def is_header(columns: Sequence[Column]) -> bool:
    """A table header names the task and someone charged with it (units or leaders)."""
    kinds = {column.kind for column in columns}
    return Field.TASK in kinds and bool(kinds & {Field.LEAD, Field.RESPONSIBLE, Field.LEADER})


def is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"
