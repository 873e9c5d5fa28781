"""A plan written as document text, in the parenthesis, labels or table layout.

``parse(render(plan), units=plan.units)`` gives the plan back, up to where
things stand in the text (line numbers, columns, the source's sha256: see
:func:`without_positions`). :func:`render` checks this for every plan it writes
and raises :class:`RenderError`, naming what would change, for a plan the format
cannot carry (a task text that begins with a digit, a residue line that reads as
a heading, a layout, label or division the format has no place for). Residue,
which has no place in the structure, is written back after the line it followed
in the source. Rendering gives the canonical text of a plan built or edited in code.

The parenthesis layout is the bundled source's own: ``1.text(牵头单位:A;责任单位:B)``. The labels
layout writes each segment of the list on a line of its own after the item (``牵头单位:A``). The
table layout writes a header and then one cell per line, each ending in `` |`` (an empty one ``/ |``),
with heading rows for the divisions (see :mod:`govtasks.text.tablerows`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import cast

import attrs
from attrs import evolve, frozen

from govtasks._text import int_to_cn
from govtasks.errors import ParseError, RenderError
from govtasks.model import Assignment, Division, DivisionKind, Item, Layout, Leader, Plan, Residue
from govtasks.text import lists, reader, tablerows

_ATTRIBUTE_LABELS = (
    ("制定机关", "issuer"),
    ("公布日期", "promulgated"),
    ("字 号", "doc_number"),
    ("施行日期", "effective"),
    ("效力等级", "level"),
    ("时效性", "status"),
    ("主题分类", "topic"),
)
_HEADER_DATES = (("成文日期", "written"), ("发布日期", "released"))
"""The dates a government site's header gives (``key:value`` lines), which the attribute block has no label for."""


def _attribute(value: object) -> str:
    return f"{value.year:04d}.{value.month:02d}.{value.day:02d}" if isinstance(value, dt.date) else str(value)


def _lines(plan: Plan, layout: Layout) -> Iterator[str]:
    info, notice = plan.info, plan.notice
    attributes = [(label, getattr(info, name)) for label, name in _ATTRIBUTE_LABELS]
    if any(value is not None for _, value in attributes):
        yield "文章属性"
        yield from (f"∙【{label}】{_attribute(value)}" for label, value in attributes if value is not None)
        yield "正文"
    for label, name in _HEADER_DATES:
        if (day := getattr(info, name)) is not None:
            yield f"{label}:{day.year:04d}-{day.month:02d}-{day.day:02d}"
    if info.title:
        yield info.title
    if notice is not None:
        if notice.doc_number:
            yield notice.doc_number
        if info.addressees:
            yield ",".join(info.addressees) + ":"
        if notice.preamble:
            yield notice.preamble
        yield from (f"{int_to_cn(clause.ordinal)}、{clause.text}" for clause in notice.clauses)
        if notice.signed_by:
            yield notice.signed_by
        if notice.signed_on:
            yield f"{notice.signed_on.year:04d}年{notice.signed_on.month}月{notice.signed_on.day}日"
    if plan.title:
        yield plan.title
    yield from _with_residue(list(_body(plan, layout)), plan.residue)


def _heading(division: Division) -> str:
    """A heading as the format prints it; a part's carries its declared count (共268项)."""
    count = f"(共{division.declared}项)" if division.kind is DivisionKind.PART and division.declared is not None else ""
    return f"{division.marker or ''}{division.title or ''}{count}"


def _body(plan: Plan, layout: Layout) -> Iterator[tuple[int, str]]:
    """The divisions and items, each with the source line it ends on: each heading, then the
    items directly under it, then the divisions under it.

    That is the only order the format can carry (an item after a ——theme belongs
    to the theme); a plan in another order reads back differently and ``render`` says so.
    """
    items: dict[int | None, list[Item]] = {}
    for item in plan.items:
        items.setdefault(item.division, []).append(item)
    children: dict[int | None, list[Division]] = {}
    for division in plan.divisions:
        children.setdefault(division.parent, []).append(division)

    def under(parent: int | None, leaders: tuple[Leader, ...]) -> Iterator[tuple[int, str]]:
        for item in items.get(parent, ()):
            yield from ((item.last_line, line) for line in form.item(item, leaders))
        for division in children.get(parent, ()):
            yield from ((division.line or 0, line) for line in form.heading(division))
            yield from under(division.id, division.leaders or leaders)

    form = _FORMS[layout](plan)
    yield from under(None, ())


@frozen
class _Form:
    """How a layout writes an item (with the leaders its headings give) and a heading."""

    item: Callable[[Item, tuple[Leader, ...]], Iterator[str]]
    heading: Callable[[Division], Iterator[str]]


def _parenthesis(item: Item, leaders: tuple[Leader, ...]) -> Iterator[str]:
    yield f"{item.marker or ''}{item.text}{lists.bracketed(item, leaders)}"


def _labels(item: Item, leaders: tuple[Leader, ...]) -> Iterator[str]:
    yield f"{item.marker or ''}{item.text}"
    yield from lists.segments(item, leaders)


def _heading_line(division: Division) -> Iterator[str]:
    yield _heading(division)


def _table(plan: Plan) -> _Form:
    """Rows of cells under a header naming the columns the plan's items fill; a heading is a row of one cell."""
    columns = tablerows.columns_of(plan)

    def heading(division: Division) -> Iterator[str]:
        if division.kind is DivisionKind.TABLE:
            yield from tablerows.opening(division, columns)
        else:
            yield tablerows.cell(_heading(division))

    return _Form(lambda item, leaders: tablerows.row(item, leaders, columns), heading)


_FORMS: dict[Layout, Callable[[Plan], _Form]] = {
    Layout.PARENTHESIS: lambda _: _Form(_parenthesis, _heading_line),
    Layout.LABELS: lambda _: _Form(_labels, _heading_line),
    Layout.TABLE: _table,
}
WRITABLE = tuple(_FORMS)
"""The layouts :func:`render` writes."""


def _with_residue(body: list[tuple[int, str]], residue: tuple[Residue, ...]) -> Iterator[str]:
    """The body's lines with each piece of residue back after the line it followed in the source:
    on that very line where it stood there (a site name glued after a list), else on a line of its
    own. Stray lines after an item read as one piece, so residue cannot simply go last. Residue from
    before the body (the notice's region) is written after everything else."""
    ends = [line for line, _ in body]
    glued: dict[int, str] = {}
    after: dict[int, list[str]] = {}
    for piece in residue:
        at = bisect_right(ends, piece.line) - 1
        if at >= 0 and ends[at] == piece.line and piece.column > 1:
            glued[at] = glued.get(at, "") + piece.text
        else:
            after.setdefault(at, []).append(piece.text)
    for at, (_, text) in enumerate(body):
        yield text + glued.get(at, "")
        yield from after.get(at, ())
    yield from after.get(-1, ())


def render(plan: Plan, layout: Layout | str | None = None) -> str:
    """The plan as document text: attribute block, header dates (成文日期, 发布日期), notice, title,
    divisions and items, residue.

    ``layout`` is one of :data:`WRITABLE` (by default the plan's own, where it is one of them,
    else the parenthesis layout). The text read back is the plan, in that layout. Raises
    :class:`RenderError` if the text would not read back as the same plan.
    """
    chosen = _layout(plan, layout)
    text = "\n".join(_lines(plan, chosen)) + "\n"
    expected = without_positions(evolve(plan, layout=chosen if plan.items else plan.layout))
    try:
        found = without_positions(reader.read(text, "0" * 64, plan.units, None))  # the sha256 is not compared
    except ParseError as error:
        raise RenderError(f"the text written for this plan does not parse ({error})") from None
    if found != expected:
        raise RenderError(f"written as text, {_first_difference(expected, found, 'plan')} would read back differently")
    return text


def _layout(plan: Plan, layout: Layout | str | None) -> Layout:
    chosen = Layout(layout) if isinstance(layout, str) else layout or plan.layout
    if chosen in WRITABLE:
        return chosen
    if layout is None:
        return Layout.PARENTHESIS
    raise RenderError(f"render writes the {', '.join(x.value for x in WRITABLE)} layouts, not {chosen.value}")


def _first_difference(expected: object, found: object, path: str) -> str:
    """Where two unequal values first differ, as an attribute path (``plan.sections[0].title``)."""
    if attrs.has(type(expected)) and type(expected) is type(found):
        for attribute in attrs.fields(cast("type[attrs.AttrsInstance]", type(expected))):
            if attribute.eq and getattr(expected, attribute.name) != getattr(found, attribute.name):
                return _first_difference(
                    getattr(expected, attribute.name), getattr(found, attribute.name), f"{path}.{attribute.name}"
                )
    if isinstance(expected, tuple) and isinstance(found, tuple):
        for i, (a, b) in enumerate(zip(expected, found, strict=False)):
            if a != b:
                return _first_difference(a, b, f"{path}[{i}]")
        return f"{path} (length {len(expected)}, read back as {len(found)})"
    return f"{path} ({expected!r}, read back as {found!r})"


def without_positions(plan: Plan) -> Plan:
    """The plan with every line number and column set to 1 (a missing one stays None) and no source sha256.

    Two plans with the same content but printed differently (a text and its
    rendering) are equal after this.
    """
    notice = plan.notice
    if notice is not None:
        notice = evolve(
            notice,
            clauses=tuple(evolve(c, first_line=1, last_line=1) for c in notice.clauses),
            deadlines=tuple(evolve(d, line=1) for d in notice.deadlines),
        )
    return evolve(
        plan,
        source_sha256=None,
        notice=notice,
        divisions=tuple(evolve(d, line=None if d.line is None else 1) for d in plan.divisions),
        items=tuple(_unplaced(item) for item in plan.items),
        conventions=tuple(evolve(c, line=1, column=1) for c in plan.conventions),
        residue=tuple(evolve(r, line=1, column=1) for r in plan.residue),
    )


def _unplaced(item: Item) -> Item:
    return evolve(item, first_line=1, last_line=1, assignments=tuple(_unplaced_assignment(a) for a in item.assignments))


def _unplaced_assignment(assignment: Assignment) -> Assignment:
    return assignment if assignment.convention_line is None else evolve(assignment, convention_line=1)
