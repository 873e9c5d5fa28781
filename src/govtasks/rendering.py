"""A plan written back as document text, in the bundled source's own format.

``parse(render(plan), units=plan.units)`` gives the plan back, up to where
things stand in the text (line numbers, columns, the source's sha256: see
:func:`without_positions`). :func:`render` checks this for every plan it writes
and raises :class:`RenderError`, naming what would change, for a plan the format
cannot carry (a task text that begins with a digit, a residue line that reads as
a heading). Residue, which has no place in the structure, is written after
everything else. Rendering gives the canonical text of a plan built or edited in code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TypeVar, cast

import attrs
from attrs import evolve

from govtasks._text import int_to_cn
from govtasks.errors import ParseError, RenderError
from govtasks.model import Clause, Plan, Target, Task

_ATTRIBUTE_LABELS = (
    ("制定机关", "issuer"),
    ("公布日期", "published"),
    ("字 号", "doc_number"),
    ("施行日期", "effective"),
    ("效力等级", "level"),
    ("时效性", "status"),
    ("主题分类", "topic"),
)


def _attribute(value: object) -> str:
    return f"{value.year:04d}.{value.month:02d}.{value.day:02d}" if isinstance(value, dt.date) else str(value)


def _lines(plan: Plan) -> Iterator[str]:
    info, notice = plan.info, plan.notice
    attributes = [(label, getattr(info, name)) for label, name in _ATTRIBUTE_LABELS]
    if any(value is not None for _, value in attributes):
        yield "文章属性"
        yield from (f"∙【{label}】{_attribute(value)}" for label, value in attributes if value is not None)
        yield "正文"
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
    if plan.targets_title is not None and plan.declared_targets is not None:
        yield f"一、{plan.targets_title}(共{plan.declared_targets}项)"
        yield from (str(target) for target in plan.targets)
    if plan.work_title is not None and plan.declared_tasks is not None:
        yield f"二、{plan.work_title}(共{plan.declared_tasks}项)"
        for section in plan.sections:
            yield f"({int_to_cn(section.ordinal)}){section.title}"
            for theme in section.themes:
                if theme.title is not None:
                    yield f"——{theme.title}"
                yield from (str(task) for task in theme.tasks)
    yield from (residue.text for residue in plan.residue)


def render(plan: Plan) -> str:
    """The plan as document text: attribute block, notice, title, parts, residue.

    Raises :class:`RenderError` if the text would not read back as the same plan.
    """
    from govtasks.parsing import parse

    text = "\n".join(_lines(plan)) + "\n"
    expected = without_positions(plan)
    try:
        found = without_positions(parse(text, units=plan.units))
    except ParseError as error:
        raise RenderError(f"the text written for this plan does not parse ({error})") from None
    if found != expected:
        raise RenderError(f"written as text, {_first_difference(expected, found, 'plan')} would read back differently")
    return text


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
    """The plan with every line number and column set to 0 and no source sha256.

    Two plans with the same content but printed differently (a text and its
    rendering) are equal after this.
    """
    notice = plan.notice
    if notice is not None:
        notice = evolve(
            notice,
            clauses=tuple(_unplaced(c) for c in notice.clauses),
            deadlines=tuple(evolve(d, line=0) for d in notice.deadlines),
        )
    sections = tuple(
        evolve(
            s,
            line=0,
            themes=tuple(
                evolve(t, line=None if t.line is None else 0, tasks=tuple(_unplaced(k) for k in t.tasks))
                for t in s.themes
            ),
        )
        for s in plan.sections
    )
    return evolve(
        plan,
        source_sha256=None,
        notice=notice,
        targets=tuple(_unplaced(t) for t in plan.targets),
        sections=sections,
        residue=tuple(evolve(r, line=0, column=0) for r in plan.residue),
    )


_Placed = TypeVar("_Placed", Clause, Target, Task)


def _unplaced(placed: _Placed) -> _Placed:
    return evolve(placed, first_line=0, last_line=0)
