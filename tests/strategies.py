"""Hypothesis strategies for every model class, for round-trip properties."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import strategies as st

import govtasks as g

lines = st.integers(min_value=1, max_value=10_000)
texts = st.text(max_size=20)
optional_texts = st.none() | st.text(min_size=1, max_size=20)
"""An optional text is missing or has content (an empty cell reads back as missing)."""
dates = st.dates(min_value=dt.date(1949, 10, 1), max_value=dt.date(2100, 12, 31))

certainties = st.none() | st.sampled_from(g.Certainty)


@st.composite
def unit_registries(draw: st.DrawFn) -> g.UnitRegistry:
    """Registries whose names cannot collide: every name carries the unit's index."""
    count = draw(st.integers(1, 6))
    units = []
    for i in range(count):
        units.append(
            g.Unit(
                id=f"u{i}",
                name=f"单位{i}" + draw(texts.filter(lambda t: t.strip() == t)).replace("单位", ""),
                full_name=draw(st.none() | st.just(f"武汉市单位{i}全称")),
                full_name_basis=draw(optional_texts),
                full_name_certainty=draw(certainties),
                name_en=draw(st.none() | st.just(f"Unit number {i}")),
                name_en_status=draw(st.none() | st.sampled_from(g.NameStatus)),
                name_en_basis=draw(optional_texts),
                kind=draw(st.sampled_from(g.UnitKind)),
                parent=draw(st.none() | st.sampled_from([f"u{j}" for j in range(count)])),
                aliases=tuple(g.Alias(name=f"别名{i}-{k}", basis=draw(texts)) for k in range(draw(st.integers(0, 2)))),
                members=tuple(
                    g.Membership(unit=f"u{j}", basis=draw(texts), certainty=draw(st.sampled_from(g.Certainty)))
                    for j in draw(st.lists(st.integers(0, count - 1), max_size=3, unique=True))
                ),
                note=draw(optional_texts),
            )
        )
    return g.UnitRegistry(units=tuple(units))


def assignments(registry: g.UnitRegistry) -> st.SearchStrategy[g.Assignment]:
    return st.builds(
        g.Assignment,
        unit=st.sampled_from(registry.units),
        role=st.sampled_from(g.Role),
        position=st.integers(1, 50),
        group=st.integers(1, 5),
        printed=texts,
    )


def item_fields(registry: g.UnitRegistry) -> dict[str, st.SearchStrategy[Any]]:
    return {
        "text": texts,
        "assignments": st.lists(assignments(registry), max_size=4).map(tuple),
        "first_line": lines,
        "last_line": lines,
    }


def targets(registry: g.UnitRegistry) -> st.SearchStrategy[g.Target]:
    return st.builds(g.Target, ordinal=st.integers(1, 10), **item_fields(registry))


def tasks(registry: g.UnitRegistry) -> st.SearchStrategy[g.Task]:
    return st.builds(g.Task, number=st.integers(1, 300), **item_fields(registry))


def themes(registry: g.UnitRegistry) -> st.SearchStrategy[g.Theme]:
    return st.builds(
        g.Theme, title=optional_texts, line=st.none() | lines, tasks=st.lists(tasks(registry), max_size=3).map(tuple)
    )


def sections(registry: g.UnitRegistry) -> st.SearchStrategy[g.Section]:
    return st.builds(
        g.Section,
        ordinal=st.integers(1, 9),
        title=texts,
        line=lines,
        themes=st.lists(themes(registry), max_size=3).map(tuple),
    )


deadlines = st.builds(
    g.Deadline,
    date=dates,
    due=texts,
    submitter=texts,
    recipient=optional_texts,
    clause=st.integers(1, 4),
    line=lines,
)
clauses = st.builds(g.Clause, ordinal=st.integers(1, 9), text=texts, first_line=lines, last_line=lines)
notices = st.builds(
    g.Notice,
    doc_number=optional_texts,
    preamble=optional_texts,
    clauses=st.lists(clauses, max_size=4).map(tuple),
    deadlines=st.lists(deadlines, max_size=4).map(tuple),
    signed_by=optional_texts,
    signed_on=st.none() | dates,
)
infos = st.builds(
    g.DocumentInfo,
    title=optional_texts,
    issuer=optional_texts,
    doc_number=optional_texts,
    published=st.none() | dates,
    effective=st.none() | dates,
    level=optional_texts,
    status=optional_texts,
    topic=optional_texts,
    addressees=st.lists(texts, max_size=3).map(tuple),
)
residues = st.builds(g.Residue, text=texts, line=lines, column=st.integers(1, 500))
counts = st.none() | st.integers(0, 1000)


@st.composite
def plans(draw: st.DrawFn) -> g.Plan:
    registry = draw(unit_registries())
    return draw(
        st.builds(
            g.Plan,
            source_sha256=st.none() | st.text("0123456789abcdef", min_size=64, max_size=64),
            info=infos,
            notice=st.none() | notices,
            title=optional_texts,
            targets_title=optional_texts,
            declared_targets=counts,
            targets=st.lists(targets(registry), max_size=4).map(tuple),
            work_title=optional_texts,
            declared_sections=counts,
            declared_tasks=counts,
            sections=st.lists(sections(registry), max_size=3).map(tuple),
            residue=st.lists(residues, max_size=3).map(tuple),
            units=st.just(registry),
        )
    )


def _renumbered(plan: g.Plan) -> g.Plan:
    """The plan with the keys a table needs made unique: area, target and task numbers."""
    counter = iter(range(1, 10_000))
    sections = tuple(
        attrs.evolve(
            section,
            ordinal=ordinal,
            themes=tuple(
                attrs.evolve(theme, tasks=tuple(attrs.evolve(task, number=next(counter)) for task in theme.tasks))
                for theme in section.themes
            ),
        )
        for ordinal, section in enumerate(plan.sections, start=1)
    )
    targets = tuple(attrs.evolve(t, ordinal=i) for i, t in enumerate(plan.targets, start=1))
    return attrs.evolve(plan, sections=sections, targets=targets)


def keyed_plans() -> st.SearchStrategy[g.Plan]:
    """Plans whose areas, targets and tasks are numbered uniquely, as tables key them."""
    return plans().map(_renumbered)
