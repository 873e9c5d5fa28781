"""Reading one responsibility list: labelled segments, role phrases and unit names.

A list is what follows an item: ``牵头单位:A;责任单位:B、C,D``, ``A、B牵头,C按职责分工负责``,
an unlabelled ``A,B,C``, or the contents of a table's unit cell. Every layout reads its
lists here, so that names are split, collectives kept whole and 等 recorded the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from attrs import define, field

from govtasks.model import ConventionKind, Role, RoleBasis
from govtasks.text import grammar

_OPENERS, _CLOSERS = "(〈《<[【「“{", ")〉》>]】」”}"
_STRUCTURE = re.compile("[" + re.escape(_OPENERS + _CLOSERS) + "、,;\\s及]")
_ADMIN = set("县市区镇乡街州旗")
_PUNCTUATION = "。.;,、:"
_TRIM = _PUNCTUATION + "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
"""Spaces of every kind (as ``str.strip`` knows them) and the punctuation around names."""


@define
class Listed:
    """A unit name as a list gives it, before the registry and conventions are applied."""

    printed: str
    role: Role
    label: str | None
    basis: RoleBasis
    group: int
    offset: int
    """Where the name starts in the text the list was read from."""


@define
class Reading:
    """What one list says: units, leaders, deadline, source, and what it could not place."""

    units: list[Listed] = field(factory=list)
    leaders: list[tuple[str, str | None]] = field(factory=list)
    due: str | None = None
    source: str | None = None
    open_ended: bool = False
    conventions: list[tuple[ConventionKind, str, int]] = field(factory=list)
    leftovers: list[tuple[str, int]] = field(factory=list)

    @property
    def empty(self) -> bool:
        return not (self.units or self.leaders or self.due or self.source)


def read_list(text: str, folded: str, start: int, end: int, *, cell: bool = False) -> Reading:
    """Read ``text[start:end]`` (``folded`` is its matching copy) as a responsibility list.

    ``cell`` says the list is a table cell, whose units may also be separated by spaces.
    Offsets in the reading are those of ``text``.
    """
    reading = Reading()
    labels = _outside_brackets(folded, start, grammar.LABEL.finditer(folded, start, end))
    prefix_end = labels[0].start() if labels else end
    if folded[start:prefix_end].strip(_TRIM):
        _read_prose(text, folded, start, prefix_end, reading, cell=cell)
    for i, label in enumerate(labels):
        seg_end = labels[i + 1].start() if i + 1 < len(labels) else end
        word = grammar.label_word(label["label"])
        printed = "".join(text[label.start("label") : label.end("label")].split())
        _read_labelled(text, folded, label.end(), seg_end, word, printed, reading, cell=cell)
    return reading


def _outside_brackets(folded: str, start: int, matches: Iterable[re.Match[str]]) -> list[re.Match[str]]:
    """The matches (in order, from ``start`` on) that stand outside any bracket, found in one pass."""
    depth, at, outside = 0, start, []
    for match in matches:
        for char in folded[at : match.start()]:
            if char in _OPENERS:
                depth += 1
            elif char in _CLOSERS:
                depth = max(depth - 1, 0)
        at = match.start()
        if depth == 0:
            outside.append(match)
    return outside


def _read_labelled(
    text: str, folded: str, start: int, end: int, word: str, printed: str, reading: Reading, *, cell: bool
) -> None:
    value = text[start:end].strip(_TRIM)
    if word in grammar.ROLE_OF_LABEL:
        role = grammar.ROLE_OF_LABEL[word]
        _add_units(text, folded, start, end, reading, role=role, label=printed, basis=RoleBasis.PRINTED, cell=cell)
    elif word in grammar.LEADER_LABELS:
        reading.leaders += [(name, printed) for name, _ in _names(text, folded, start, end, leaders=True)]
    elif word in grammar.DUE_LABELS:
        reading.due = value or None
    elif word in grammar.SOURCE_LABELS:
        reading.source = value or None


def _read_prose(text: str, folded: str, start: int, end: int, reading: Reading, *, cell: bool) -> None:
    """Pieces ending in a role phrase (X牵头, Y配合) take that role; a list with no phrase is unlabelled."""
    pieces = list(_pieces(folded, start, end, ",;"))
    phrased = [(s, e, _phrase(folded, s, e)) for s, e in pieces]
    if not any(p for _, _, p in phrased):
        _add_units(text, folded, start, end, reading, role=Role.RESPONSIBLE, label=None,
                   basis=RoleBasis.UNLABELLED, cell=cell)  # fmt: skip
        return
    waiting: int | None = None
    for s, _, phrase in phrased:
        waiting = s if waiting is None else waiting
        if phrase is None:
            continue
        word, cut = phrase
        role = Role.LEAD if word in grammar.LEAD_PHRASES else Role.RESPONSIBLE
        if _all_leaders(text, folded, waiting, cut):
            reading.leaders += [(name, word) for name, _ in _names(text, folded, waiting, cut, leaders=True)]
        else:
            _add_units(text, folded, waiting, cut, reading, role=role, label=word, basis=RoleBasis.PRINTED, cell=cell)
        waiting = None
    if waiting is not None:
        _add_units(text, folded, waiting, end, reading, role=Role.RESPONSIBLE, label=None,
                   basis=RoleBasis.UNLABELLED, cell=cell)  # fmt: skip


def _phrase(folded: str, start: int, end: int) -> tuple[str, int] | None:
    """(role phrase, where it starts) if the piece ends in one."""
    piece = folded[start:end].rstrip(_TRIM)
    stop = start + len(piece)
    for word in grammar.LEAD_PHRASES + grammar.RESPONSIBLE_PHRASES:
        if piece.endswith(word) and len(piece) > len(word):
            return word, stop - len(word)
    return None


def _all_leaders(text: str, folded: str, start: int, end: int) -> bool:
    names = [name for name, _ in _names(text, folded, start, end, leaders=True)]
    return bool(names) and all(name.endswith(grammar.LEADER_TITLES) for name in names)


def _add_units(
    text: str, folded: str, start: int, end: int, reading: Reading, *, role: Role, label: str | None,
    basis: RoleBasis, cell: bool,
) -> None:  # fmt: skip
    group = 0
    previous_separator = ","
    for name, offset, separator in _split_names(text, folded, start, end, reading, cell=cell):
        if previous_separator in ",;":
            group += 1
        previous_separator = separator
        unit_role, unit_label, unit_basis = role, label, basis
        if name.startswith(grammar.LEAD_MARK):
            name, offset = name[1:].lstrip(), offset + 1
            unit_role, unit_label, unit_basis = Role.LEAD, grammar.LEAD_MARK, RoleBasis.MARKER
        if name:
            reading.units.append(Listed(name, unit_role, unit_label, unit_basis, group, offset))


def _split_names(
    text: str, folded: str, start: int, end: int, reading: Reading, *, cell: bool
) -> Iterator[tuple[str, int, str]]:
    """(name, offset, separator after it) for each unit; collectives such as 各县、市、区政府 stay whole."""
    merged: list[tuple[str, int, str]] = []
    for s, e, sep in _pieces_with_separators(folded, start, end, ",;、及" + (" \t\u3000\u00a0" if cell else "")):
        if sep == "及" and not _joins_units(folded, s, e, end):
            continue
        name, offset = _clean(text, folded, s, e, reading)
        if not name:
            continue
        if ":" in folded[offset : offset + len(name)]:  # a label the grammar does not know: its role is unknown
            reading.leftovers.append((name, offset))
            continue
        if merged and _continues_collective(merged[-1][0], name, merged[-1][2]):
            previous, previous_offset, joiner = merged[-1]
            merged[-1] = (f"{previous}{joiner}{name}", previous_offset, sep)
            continue
        merged.append((name, offset, sep))
    for name, offset, sep in merged:
        if name.endswith(grammar.OPEN_ENDED) and len(name) > 1:
            name = name[:-1].rstrip()
            reading.open_ended = True
        yield name, offset, sep


def split_names(text: str) -> list[str]:
    """The names of a plain list (the notice's addressees), split as unit lists are: 各县、市、区人民政府 stays one."""
    folded = grammar.matching(text)
    return [name for name, _, _ in _split_names(text, folded, 0, len(text), Reading(), cell=False)]


def _joins_units(folded: str, start: int, end: int, list_end: int) -> bool:
    """Whether 及 at ``end`` joins two unit names (市级各部门及各县政府), not words inside one name."""
    left = folded[start:end].rstrip()
    right = folded[end + 1 : list_end].lstrip()
    return bool(left) and left[-1] in grammar.UNIT_ENDINGS and right[:1] in grammar.NAME_STARTS


def _continues_collective(previous: str, name: str, separator: str) -> bool:
    """各县、市、区政府: after 各 and level words, a 、 joins the next level word into one collective."""
    body = previous[1:].replace("、", "")
    return separator == "、" and previous.startswith("各") and bool(body) and set(body) <= _ADMIN and name[0] in _ADMIN


def _clean(text: str, folded: str, start: int, end: int, reading: Reading) -> tuple[str, int]:
    """A piece without surrounding spaces and punctuation, and without a stated convention in brackets."""
    piece = text[start:end]
    for kind, pattern in grammar.CONVENTIONS if _MAY_STATE.search(folded, start, end) else ():
        found = pattern.search(folded, start, end)
        if found is None:
            continue
        opener = folded.rfind("(", start, found.start())
        closer = folded.find(")", found.end(), end)
        cut_start = opener if opener >= 0 else found.start()
        cut_end = closer + 1 if closer >= 0 else found.end()
        reading.conventions.append((kind, text[found.start() : found.end()], found.start()))
        piece = text[start:cut_start] + text[cut_end:end]
        break
    stripped = piece.lstrip(_TRIM)
    offset = start + len(piece) - len(stripped)
    return stripped.rstrip(_TRIM), offset


_MAY_STATE = re.compile("列|无牵头")
"""Words every stated convention has; a piece without them states none."""


def _pieces(folded: str, start: int, end: int, separators: str) -> Iterator[tuple[int, int]]:
    for s, e, _ in _pieces_with_separators(folded, start, end, separators):
        yield s, e


def _pieces_with_separators(folded: str, start: int, end: int, separators: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, separator after it) of each piece; separators inside brackets do not split."""
    depth, piece_start = 0, start
    for mark in _STRUCTURE.finditer(folded, start, end):
        char = mark.group()
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0 and char in separators:
            yield piece_start, mark.start(), char
            piece_start = mark.end()
    yield piece_start, end, ""


def _names(text: str, folded: str, start: int, end: int, *, leaders: bool) -> Iterator[tuple[str, int]]:
    separators = ",;、" if leaders else ",;、 "
    for s, e in _pieces(folded, start, end, separators):
        name = text[s:e].strip(_TRIM)
        if name:
            yield name, s


def is_unit_list(folded: str, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` reads as a bare list of unit names (an unlabelled list)."""
    names = [folded[s:e].strip(_TRIM) for s, e in _pieces(folded, start, end, ",;、")]
    names = [n for n in names if n]
    return bool(names) and all(_looks_like_unit(n) for n in names)


def _looks_like_unit(name: str) -> bool:
    name = name.removesuffix(grammar.OPEN_ENDED)
    if not name or len(name) > 30 or any(c.isdigit() or (c.isascii() and c.isalpha()) for c in name) or "%" in name:
        return False
    if grammar.label_word(name) in grammar.ROLE_OF_LABEL:
        return False
    return name[-1] in grammar.UNIT_ENDINGS or name.startswith(grammar.NAME_STARTS)
