"""Hypothesis strategies for every model class, for round-trip properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

import govtasks as g
from govtasks.units import unregistered

lines = st.integers(min_value=1, max_value=10_000)
texts = st.text(max_size=20)
optional_texts = st.none() | texts
"""An optional text is missing, empty or has content: the data package tells the three apart."""
labels = st.text(min_size=1, max_size=12).map(str.strip).filter(bool)
"""Text the model requires to be non-empty and unpadded: markers, labels, printed names."""
optional_labels = st.none() | labels
dates = st.dates(min_value=dt.date(1949, 10, 1), max_value=dt.date(2100, 12, 31))
counts = st.none() | st.integers(0, 1000)
numbers = st.none() | st.integers(1, 300)

certainties = st.none() | st.sampled_from(g.Certainty)


registered_kinds = st.sampled_from([kind for kind in g.UnitKind if kind is not g.UnitKind.UNREGISTERED])
"""A stand-in's id is made from its name (govtasks.units.unregistered), so stand-ins are drawn apart."""


@st.composite
def unit_registries(draw: st.DrawFn) -> g.UnitRegistry:
    """Registries whose names cannot collide: every name carries the unit's index. A unit's parent
    comes before it (parents never loop); a stand-in for an unknown name may follow."""
    count = draw(st.integers(1, 6))
    units = []
    for i in range(count):
        full_name = draw(st.none() | st.just(f"武汉市单位{i}全称"))
        name_en = draw(st.none() | st.just(f"Unit number {i}"))
        parent = draw(st.none() | st.sampled_from([f"u{j}" for j in range(i)])) if i else None
        note = draw(optional_texts)
        units.append(
            g.Unit(
                id=f"u{i}",
                name=f"单位{i}" + draw(texts.filter(lambda t: t.strip() == t)).replace("单位", ""),
                full_name=full_name,
                full_name_basis=None if full_name is None else draw(texts),
                full_name_certainty=None if full_name is None else draw(st.sampled_from(g.Certainty)),
                name_en=name_en,
                name_en_status=None if name_en is None else draw(st.sampled_from(g.NameStatus)),
                name_en_basis=None if name_en is None else draw(texts),
                kind=draw(registered_kinds),
                kind_basis=draw(texts),
                kind_certainty=draw(st.sampled_from(g.Certainty)),
                parent=parent,
                parent_basis=None if parent is None else draw(texts),
                parent_certainty=None if parent is None else draw(st.sampled_from(g.Certainty)),
                aliases=tuple(
                    g.Alias(name=f"别名{i}-{k}", basis=draw(texts), certainty=draw(st.sampled_from(g.Certainty)))
                    for k in range(draw(st.integers(0, 2)))
                ),
                members=tuple(
                    g.Membership(unit=f"u{j}", basis=draw(texts), certainty=draw(st.sampled_from(g.Certainty)))
                    for j in draw(st.lists(st.integers(0, count - 1), max_size=3, unique=True))
                ),
                relations=tuple(
                    g.Relation(
                        kind=draw(st.sampled_from(g.RelationKind)),
                        unit=f"u{j}",
                        basis=draw(texts),
                        certainty=draw(st.sampled_from(g.Certainty)),
                    )
                    for j in draw(st.lists(st.integers(0, count - 1), max_size=2, unique=True))
                    if j != i
                ),
                note=note,
                note_certainty=None if note is None else draw(st.sampled_from(g.Certainty)),
            )
        )
    if draw(st.booleans()):
        units.append(unregistered(f"外单位{draw(texts.filter(lambda t: t.strip() == t))}"))
    return g.UnitRegistry(units=tuple(units))


@st.composite
def assignments(
    draw: st.DrawFn, registry: g.UnitRegistry, conventions: tuple[g.Convention, ...], last_line: int
) -> tuple[g.Assignment, ...]:
    """An item's list: the units of each role numbered 1, 2, 3, …; a role by convention rests on a
    convention stated by the item's last line."""
    stated = [c.line for c in conventions if c.line <= last_line]
    made: list[g.Assignment] = []
    positions = dict.fromkeys(g.Role, 0)
    for _ in range(draw(st.integers(0, 4))):
        role = draw(st.sampled_from(g.Role))
        basis = draw(st.sampled_from([b for b in g.RoleBasis if stated or b is not g.RoleBasis.CONVENTION]))
        positions[role] += 1
        made.append(
            g.Assignment(
                unit=draw(st.sampled_from(registry.units)),
                role=role,
                position=positions[role],
                group=draw(st.integers(1, 5)),
                printed=draw(labels),
                label=draw(optional_labels),
                basis=basis,
                convention_line=draw(st.sampled_from(stated)) if basis is g.RoleBasis.CONVENTION else None,
            )
        )
    return tuple(made)


leaders = st.builds(g.Leader, name=labels, label=optional_labels)
details = st.builds(g.Detail, label=labels, text=texts)


@st.composite
def divisions(draw: st.DrawFn) -> tuple[g.Division, ...]:
    """Divisions in document order, each under none or under one before it."""
    made: list[g.Division] = []
    for i in range(1, draw(st.integers(0, 5)) + 1):
        made.append(
            g.Division(
                id=i,
                kind=draw(st.sampled_from(g.DivisionKind)),
                parent=draw(st.none() | st.integers(1, i - 1)) if i > 1 else None,
                number=draw(numbers),
                marker=draw(optional_labels),
                title=draw(optional_texts),
                line=draw(st.none() | lines),
                declared=draw(counts),
                declared_areas=draw(counts),
                leaders=tuple(draw(st.lists(leaders, max_size=2))),
            )
        )
    return tuple(made)


@st.composite
def items(
    draw: st.DrawFn, registry: g.UnitRegistry, division_count: int, conventions: tuple[g.Convention, ...] = ()
) -> tuple[g.Item, ...]:
    """Items in document order, each in no division or in one of the first ``division_count``."""
    made: list[g.Item] = []
    for i in range(1, draw(st.integers(0, 6)) + 1):
        first = draw(lines)
        last = first + draw(st.integers(0, 3))
        made.append(
            g.Item(
                id=i,
                kind=draw(st.sampled_from(g.ItemKind)),
                number=draw(numbers),
                marker=draw(optional_labels),
                division=draw(st.none() | st.integers(1, division_count)) if division_count else None,
                text=draw(texts),
                assignments=draw(assignments(registry, conventions, last)),
                leaders=tuple(draw(st.lists(leaders, max_size=2))),
                due=draw(optional_texts),
                source=draw(optional_texts),
                details=tuple(draw(st.lists(details, max_size=2))),
                open_ended=draw(st.booleans()),
                complete=draw(st.booleans()),
                first_line=first,
                last_line=last,
            )
        )
    return tuple(made)


def deadlines(ordinals: list[int]) -> st.SearchStrategy[g.Deadline]:
    """Deadlines set by one of the notice's clauses."""
    return st.builds(
        g.Deadline,
        date=dates,
        due=texts,
        submitter=texts,
        recipient=optional_texts,
        clause=st.sampled_from(ordinals),
        line=lines,
    )


@st.composite
def clauses(draw: st.DrawFn) -> g.Clause:
    first = draw(lines)
    return g.Clause(ordinal=draw(st.integers(1, 9)), text=draw(texts), first_line=first,
                    last_line=first + draw(st.integers(0, 3)))  # fmt: skip


@st.composite
def notices(draw: st.DrawFn) -> g.Notice:
    drawn = tuple(draw(st.lists(clauses(), max_size=4)))
    ordinals = [c.ordinal for c in drawn]
    return g.Notice(
        doc_number=draw(optional_texts),
        preamble=draw(optional_texts),
        clauses=drawn,
        deadlines=tuple(draw(st.lists(deadlines(ordinals), max_size=4))) if ordinals else (),
        signed_by=draw(optional_texts),
        signed_on=draw(st.none() | dates),
    )


infos = st.builds(
    g.DocumentInfo,
    title=optional_texts,
    issuer=optional_texts,
    doc_number=optional_texts,
    promulgated=st.none() | dates,
    released=st.none() | dates,
    written=st.none() | dates,
    index_number=optional_texts,
    effective=st.none() | dates,
    level=optional_texts,
    status=optional_texts,
    topic=optional_texts,
    addressees=st.lists(texts, max_size=3).map(tuple),
)
residues = st.builds(g.Residue, text=texts.filter(bool), line=lines, column=st.integers(1, 500))
conventions = st.builds(
    g.Convention, kind=st.sampled_from(g.ConventionKind), text=labels, line=lines, column=st.integers(1, 500)
)


@st.composite
def plans(draw: st.DrawFn) -> g.Plan:
    registry = draw(unit_registries())
    made = draw(divisions())
    stated = tuple(sorted(draw(st.lists(conventions, max_size=2)), key=lambda c: (c.line, c.column)))
    return g.Plan(
        source_sha256=draw(st.none() | st.text("0123456789abcdef", min_size=64, max_size=64)),
        layout=draw(st.sampled_from(g.Layout)),
        info=draw(infos),
        notice=draw(st.none() | notices()),
        title=draw(optional_texts),
        declared_items=draw(counts),
        declared_areas=draw(counts),
        divisions=made,
        items=draw(items(registry, len(made), stated)),
        conventions=stated,
        residue=tuple(draw(st.lists(residues, max_size=3))),
        units=registry,
    )
