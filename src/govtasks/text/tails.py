"""Finding an item's responsibility list: in brackets, after labels, or in a closing phrase.

...依法处置隐性债务。(牵头单位:市财政局;责任单位:市发展改革委)      brackets
...依法处置隐性债务。牵头单位:省财政厅;责任单位:省发改委。        labels, inline or on lines of their own
...加快发展。省发展改革委牵头,各地、各部门配合。                    a closing phrase
"""

from __future__ import annotations

import re

from attrs import frozen

from govtasks.model import Layout
from govtasks.text import grammar
from govtasks.text.unitlists import is_unit_list

_OPEN, _CLOSE = "([【", ")]】"
_BRACKET = re.compile(r"[(\[【)\]】]")
_PHRASES = grammar.LEAD_PHRASES + grammar.RESPONSIBLE_PHRASES
_LABEL_STARTS = tuple({w[:n] for w in grammar.ROLE_OF_LABEL for n in range(1, len(w) + 1)})
_BOUNDARY = "。;.:!? \t"


@frozen
class Tail:
    """Where a list stands in an item's text: [start, end), its contents, and whether it closed."""

    layout: Layout
    start: int
    end: int
    content_start: int
    content_end: int
    closed: bool


def bracket_lists(folded: str) -> list[Tail]:
    """Every top-level bracketed responsibility list, in order; the last may be left open at the end."""
    found: list[Tail] = []
    depth, opener = 0, -1
    for mark in _BRACKET.finditer(folded):
        if mark.group() in _OPEN:
            if depth == 0:
                opener = mark.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0 and _closes_list(folded, opener + 1, mark.start()):
                found.append(Tail(Layout.PARENTHESIS, opener, mark.end(), opener + 1, mark.start(), True))
    if depth and _starts_list(folded, opener + 1, len(folded)):
        found.append(Tail(Layout.PARENTHESIS, opener, len(folded), opener + 1, len(folded), False))
    return found


def _closes_list(folded: str, start: int, end: int) -> bool:
    """A closed bracket holds a list; a bare unit list only where it ends a sentence, so that a
    qualifier inside a name (各县(市、区)政府) is not taken for one."""
    content = folded[start:end].strip()
    if not content:
        return False
    if _labelled_or_phrased(content):
        return True
    after = folded[end + 1 : end + 2]
    return (not after or after in _BOUNDARY or after in "。,;") and is_unit_list(folded, start, end)


def _labelled_or_phrased(content: str) -> bool:
    """Whether a piece of the content (between , and ;) starts with a label or ends in a role phrase."""
    if grammar.LABEL.match(content):
        return True
    pieces = [p.strip() for p in re.split("[,;]", content)]
    return any(grammar.LABEL.match(p) for p in pieces) or any(
        len(p) > len(w) and p.rstrip("。").endswith(w) for p in pieces for w in _PHRASES
    )


def is_list(folded: str, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` is a responsibility list: labelled, phrased or a bare unit list."""
    content = folded[start:end].strip()
    return bool(content) and (_labelled_or_phrased(content) or is_unit_list(folded, start, end))


def _starts_list(folded: str, start: int, end: int) -> bool:
    """Whether text cut off after an opening bracket reads as the start of a list."""
    content = folded[start:end].strip()
    return bool(content) and (content.startswith(_LABEL_STARTS) or is_list(folded, start, end))


def find_tail(folded: str, line_starts: tuple[int, ...] = ()) -> Tail | None:
    """The item's list: its last bracketed list, else labels, else a closing phrase."""
    found = find_tails(folded, line_starts)
    return found[-1] if found else None


def find_tails(folded: str, line_starts: tuple[int, ...] = ()) -> list[Tail]:
    """Every list a block holds, in order: its bracketed lists (several where items run
    together), else the labels after it, else its closing phrase. A bracket inside the labels'
    text belongs to them."""
    lists = bracket_lists(folded)
    labels = _labels(folded, line_starts, lists[0].start if lists else len(folded))
    if lists and labels is None:
        return lists
    tail = labels or _phrase(folded)
    return [tail] if tail else []


def _labels(folded: str, line_starts: tuple[int, ...], before: int) -> Tail | None:
    """Labels that begin a line or follow a sentence, before ``before`` (the first bracket)."""
    starts = set(line_starts)
    for label in grammar.LABEL.finditer(folded, 0, before):
        at = label.start()
        if at == 0 or at in starts or folded[at - 1] in _BOUNDARY:
            return Tail(Layout.LABELS, at, len(folded), at, len(folded), True)
    return None


def _phrase(folded: str) -> Tail | None:
    """A last sentence made only of role phrases: 省发展改革委牵头,各地、各部门配合。"""
    body = folded.rstrip().rstrip("。")
    start = body.rfind("。") + 1
    sentence = body[start:]
    pieces = [p.strip() for p in sentence.split(",")]
    if not sentence.strip() or not all(any(len(p) > len(w) and p.endswith(w) for w in _PHRASES) for p in pieces):
        return None
    names = [p[: -len(next(w for w in _PHRASES if p.endswith(w)))] for p in pieces]
    if not all(is_unit_list(n, 0, len(n)) for n in names):
        return None
    return Tail(Layout.PROSE, start, len(folded), start, len(body), True)
