"""What a layout reads, before units are resolved and stated conventions applied.

Each layout strategy fills a :class:`Draft`; :func:`build` turns it into the model's
divisions and items the same way for every layout, so that roles, conventions,
leaders and item kinds are decided in one place.
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import define, field

from govtasks.model import (
    Assignment,
    Convention,
    ConventionKind,
    Detail,
    Division,
    DivisionKind,
    Item,
    ItemKind,
    Layout,
    Leader,
    Residue,
    Role,
    RoleBasis,
)
from govtasks.text import grammar
from govtasks.text.unitlists import Listed, Reading
from govtasks.units import Unit

Locate = Callable[[int], tuple[int, int]]
"""Maps an offset of an item's joined text to its (line, column) in the source."""


@define
class DraftDivision:
    kind: DivisionKind
    parent: int | None
    """0-based index of the enclosing draft division."""
    number: int | None
    marker: str | None
    title: str | None
    line: int | None
    declared: int | None = None
    declared_areas: int | None = None
    leaders: list[Leader] = field(factory=list)
    targets: bool | None = None
    """Whether its items are targets, where the layout knows (a table of 预期目标)."""


@define
class DraftItem:
    number: int | None
    marker: str | None
    division: int | None
    """0-based index of the innermost draft division."""
    text: str
    first_line: int
    last_line: int
    reading: Reading
    complete: bool
    locate: Locate
    details: list[Detail] = field(factory=list)


@define
class Draft:
    layout: Layout
    divisions: list[DraftDivision] = field(factory=list)
    items: list[DraftItem] = field(factory=list)
    residue: list[Residue] = field(factory=list)
    conventions: list[Convention] = field(factory=list)

    def leftover(self, text: str, line: int, column: int) -> None:
        """Keep text that has no place, with where it stands."""
        if text.strip():
            self.residue.append(Residue(text=text.strip(), line=line, column=column))

    def convention(self, kind: ConventionKind, text: str, line: int, column: int) -> None:
        self.conventions.append(Convention(kind=kind, text=text, line=line, column=column))


def build(draft: Draft, unit: Callable[[str], Unit]) -> tuple[tuple[Division, ...], tuple[Item, ...]]:
    """The model's divisions and items for ``draft``; ``unit`` resolves a printed name.

    Documents repeat their lists, so equal lists share one tuple of frozen assignments."""
    for item in draft.items:
        for kind, text, offset in item.reading.conventions:
            line, column = item.locate(offset)
            draft.convention(kind, text, line, column)
        for text, offset in item.reading.leftovers:
            draft.leftover(text, *item.locate(offset))
    draft.conventions.sort(key=lambda c: (c.line, c.column))
    divisions = tuple(_division(i, d) for i, d in enumerate(draft.divisions, start=1))
    targets = [_holds_targets(draft, i) for i in range(len(draft.divisions))]
    lists = _Lists({}, draft.conventions, unit)
    items = tuple(_item(n, item, draft, divisions, targets, lists) for n, item in enumerate(draft.items, start=1))
    return divisions, items


def _division(ident: int, d: DraftDivision) -> Division:
    return Division(
        id=ident, kind=d.kind, parent=None if d.parent is None else d.parent + 1, number=d.number,
        marker=d.marker, title=d.title or None, line=d.line, declared=d.declared,
        declared_areas=d.declared_areas, leaders=tuple(d.leaders),
    )  # fmt: skip


def _holds_targets(draft: Draft, index: int) -> bool:
    """Whether items in division ``index`` are targets: it, or a division around it, is headed 预期目标."""
    current: int | None = index
    while current is not None:
        d = draft.divisions[current]
        if d.targets is not None:
            return d.targets
        if d.title and grammar.TARGET_TITLES.search(grammar.matching(d.title)):
            return True
        current = d.parent
    return False


class _Lists:
    """Assignments for a list of listed units, shared between equal lists."""

    def __init__(
        self, seen: dict[tuple[int, int], tuple[Reading, tuple[Assignment, ...]]], conventions: list[Convention],
        unit: Callable[[str], Unit],
    ) -> None:  # fmt: skip
        self.seen, self.conventions, self.unit = seen, conventions, unit

    def assignments(self, reading: Reading, last_line: int) -> tuple[Assignment, ...]:
        """A layout hands equal lists one shared reading, so the reading itself is the key."""
        stated = sum(1 for c in self.conventions if c.line <= last_line) if self.conventions else 0
        key = (stated, id(reading))
        if key not in self.seen:
            self.seen[key] = (reading, _assignments(reading.units, self.conventions, last_line, self.unit))
        return self.seen[key][1]


def _item(
    ident: int, item: DraftItem, draft: Draft, divisions: tuple[Division, ...], targets: list[bool], lists: _Lists
) -> Item:
    reading = item.reading
    leaders = tuple(Leader(name=name, label=label) for name, label in reading.leaders)
    if not leaders and item.division is not None:
        leaders = _inherited_leaders(divisions, item.division + 1)
    return Item(
        id=ident,
        kind=ItemKind.TARGET if item.division is not None and targets[item.division] else ItemKind.TASK,
        number=item.number, marker=item.marker,
        division=None if item.division is None else item.division + 1,
        text=item.text, assignments=lists.assignments(reading, item.last_line),
        leaders=leaders, due=reading.due, source=reading.source, details=tuple(item.details),
        open_ended=reading.open_ended, complete=item.complete,
        first_line=item.first_line, last_line=max(item.last_line, item.first_line),
    )  # fmt: skip


def _inherited_leaders(divisions: tuple[Division, ...], division_id: int) -> tuple[Leader, ...]:
    current: Division | None = divisions[division_id - 1]
    while current is not None:
        if current.leaders:
            return current.leaders
        current = None if current.parent is None else divisions[current.parent - 1]
    return ()


def _assignments(
    listed: list[Listed], conventions: list[Convention], last_line: int, unit: Callable[[str], Unit]
) -> tuple[Assignment, ...]:
    """Assignments in printed order, a stated convention deciding roles where no lead is printed."""
    roles: list[tuple[Role, RoleBasis, int | None]] = [(u.role, u.basis, None) for u in listed]
    if listed and not any(u.role is Role.LEAD for u in listed):
        roles = _by_convention(listed, conventions, last_line) or roles
    positions = dict.fromkeys(Role, 0)
    out = []
    for u, (role, basis, line) in zip(listed, roles, strict=True):
        positions[role] += 1
        out.append(
            Assignment(
                unit=unit(u.printed),
                role=role,
                position=positions[role],
                group=u.group,
                printed=u.printed,
                label=u.label,
                basis=basis,
                convention_line=line,
            )
        )
    return tuple(out)


def _by_convention(
    listed: list[Listed], conventions: list[Convention], last_line: int
) -> list[tuple[Role, RoleBasis, int | None]] | None:
    stated = [c for c in conventions if c.line <= last_line]
    if not stated:
        return None
    convention = stated[-1]
    if convention.kind is ConventionKind.FIRST_LISTED_LEADS:
        first = (Role.LEAD, RoleBasis.CONVENTION, convention.line)
        return [first] + [(u.role, u.basis, None) for u in listed[1:]]
    responsible = [u.label in grammar.RESPONSIBLE_LABELS for u in listed]
    if not any(responsible):
        return None
    return [
        (Role.LEAD, RoleBasis.CONVENTION, convention.line) if is_responsible else (u.role, u.basis, None)
        for u, is_responsible in zip(listed, responsible, strict=True)
    ]
