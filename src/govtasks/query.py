"""Queries over a plan: who leads or shares which tasks, workloads, counts, the network.

Every query reads a :class:`PlanIndex`, built once per plan on first use, so a
query costs a dictionary look-up and the size of its answer, not a scan of the
plan. Counts carry the plan's :class:`Coverage` (what is present of what the
text declares), since a partial copy must never pass for the whole plan.

The index is immutable and kept here, beside the plan and never in it, for as
long as the plan lives: nothing reachable from a plan can be changed to make a
query answer wrongly.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import combinations
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, overload

from attrs import field, frozen

from govtasks._text import fold
from govtasks.model import Division, DivisionKind, Item, Plan, Role
from govtasks.units import Unit

if TYPE_CHECKING:
    import networkx as nx

UnitLike = Unit | str
"""A unit, or any name of it the registry resolves (id, printed, full, English, alias)."""
CountBy = Literal["section", "theme", "unit_kind"]
NO_THEME = "(no theme)"
"""The row of :func:`counts` for tasks in no theme."""
NO_AREA = "(no area)"
"""The row of :func:`counts` for tasks in no area."""


@frozen(kw_only=True)
class Coverage:
    """What a plan contains of what its text declares (共4项, 九个方面, 共268项)."""

    targets: int
    declared_targets: int | None
    sections: int
    declared_sections: int | None
    tasks: int
    declared_tasks: int | None

    @property
    def complete(self) -> bool:
        """Whether every declared target, area and task is present."""
        pairs = (
            (self.targets, self.declared_targets),
            (self.sections, self.declared_sections),
            (self.tasks, self.declared_tasks),
        )
        return all(declared is None or present >= declared for present, declared in pairs)

    def __str__(self) -> str:
        def of(present: int, declared: int | None, what: str) -> str:
            return f"{present} of {declared} {what}" if declared is not None else f"{present} {what}"

        return ", ".join(
            (
                of(self.targets, self.declared_targets, "targets"),
                of(self.sections, self.declared_sections, "areas"),
                of(self.tasks, self.declared_tasks, "tasks"),
            )
        )


def coverage(plan: Plan) -> Coverage:
    """The plan's present and declared counts."""
    return Coverage(
        targets=len(plan.targets),
        declared_targets=plan.declared_targets,
        sections=len(plan.sections),
        declared_sections=plan.declared_sections,
        tasks=len(plan.tasks),
        declared_tasks=plan.declared_tasks,
    )


@frozen(kw_only=True)
class WorkloadRow:
    """How many items a unit leads and shares (assigned by name, not through collectives)."""

    unit: Unit
    lead: int
    responsible: int

    @property
    def total(self) -> int:
        return self.lead + self.responsible


@frozen(kw_only=True, eq=False)
class Workload(Sequence[WorkloadRow]):
    """Units by load, most loaded first; ``coverage`` says how much of the plan was counted."""

    rows: tuple[WorkloadRow, ...]
    coverage: Coverage
    include_targets: bool

    @overload
    def __getitem__(self, index: int) -> WorkloadRow: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[WorkloadRow]: ...
    def __getitem__(self, index: int | slice) -> WorkloadRow | Sequence[WorkloadRow]:
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)


@frozen(kw_only=True, eq=False)
class Counts(Mapping[str, int]):
    """Tasks per label (area, theme or unit kind), in document order, with the plan's coverage."""

    by: str
    counts: Mapping[str, int]
    coverage: Coverage

    def __getitem__(self, label: str) -> int:
        return self.counts[label]

    def __iter__(self) -> Iterator[str]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)

    def __repr__(self) -> str:
        return f"Counts(by={self.by!r}, {dict(self.counts)!r}, coverage='{self.coverage}')"


@frozen(kw_only=True)
class CoAssignment:
    """Two units named on the same tasks (in any role): an edge of the co-responsibility network."""

    a: Unit
    b: Unit
    weight: int
    """How many tasks the two share."""
    tasks: tuple[Item, ...]
    """Those tasks, in document order (their numbers may be missing or repeat across parts)."""


_Key = tuple[str, Role | None]


@frozen(kw_only=True)
class PlanIndex:
    """Look-up tables and answers over one plan, built once, in immutable mappings and tuples.

    Items are held in document order; positions (in ``ngrams``) index ``plan.tasks``.
    """

    tasks_of: Mapping[_Key, tuple[Item, ...]]
    """The tasks naming a unit (by id) in a role (any role for None)."""
    targets_of: Mapping[_Key, tuple[Item, ...]]
    tasks_directly_in: Mapping[int, tuple[Item, ...]]
    """The tasks whose own division is this one, by division id."""
    subdivisions: Mapping[int, tuple[int, ...]]
    """The divisions directly inside each division, by id."""
    tasks_inside: tuple[int, ...]
    """How many tasks each division holds at any depth, by division id (place 0 is unused)."""
    tasks_outside: Mapping[DivisionKind, int]
    """How many tasks lie in no division of each kind (in no theme, in no area)."""
    ngrams: Mapping[str, frozenset[int]]
    folded_texts: tuple[str, ...]
    workloads: Mapping[bool, Workload] = field(eq=False, repr=False)
    """:func:`workload` without and with targets."""
    counts: Mapping[str, Counts] = field(eq=False, repr=False)
    """:func:`counts` by each of its keys."""


def _postings(items: Sequence[Item]) -> Mapping[_Key, tuple[Item, ...]]:
    postings: dict[_Key, dict[int, Item]] = {}
    for item in items:
        for assignment in item.assignments:
            for key in ((assignment.unit.id, assignment.role), (assignment.unit.id, None)):
                postings.setdefault(key, {})[item.id] = item
    return MappingProxyType({key: tuple(found.values()) for key, found in postings.items()})


def _searchable(text: str) -> str:
    return fold(text).casefold()


def _grams(text: str) -> set[str]:
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


def _kinds_above(plan: Plan) -> list[frozenset[DivisionKind]]:
    """The kinds of each division and of the divisions enclosing it, by id (place 0, for no division, is
    empty): one pass, since a parent comes before its children, where walking up from each costs the depth."""
    kinds: list[frozenset[DivisionKind]] = [frozenset()]
    for division in plan.divisions:
        kinds.append(kinds[division.parent or 0] | {division.kind})
    return kinds


def _tasks_inside(plan: Plan, directly_in: Mapping[int, tuple[Item, ...]]) -> tuple[int, ...]:
    """How many tasks each division holds at any depth, by id: each division, last first, hands its count up."""
    inside = [0] + [len(directly_in.get(d.id, ())) for d in plan.divisions]
    for division in reversed(plan.divisions):
        if division.parent is not None:
            inside[division.parent] += inside[division.id]
    return tuple(inside)


def build_index(plan: Plan) -> PlanIndex:
    """Every look-up table a query needs, and the answers that count the whole plan, in time linear in the
    plan however deep its divisions nest."""
    directly_in: dict[int, list[Item]] = {}
    subdivisions: dict[int, list[int]] = {}
    for division in plan.divisions:
        if division.parent is not None:
            subdivisions.setdefault(division.parent, []).append(division.id)
    kinds_above = _kinds_above(plan)
    outside: Counter[DivisionKind] = Counter()
    ngrams: dict[str, set[int]] = {}
    folded: list[str] = []
    for position, task in enumerate(plan.tasks):
        if task.division is not None:
            directly_in.setdefault(task.division, []).append(task)
        outside.update(_ALL_KINDS - kinds_above[task.division or 0])
        folded.append(_searchable(task.text))
        for gram in _grams(folded[-1]):
            ngrams.setdefault(gram, set()).add(position)
    tasks_directly_in = MappingProxyType({k: tuple(v) for k, v in directly_in.items()})
    tasks_inside = _tasks_inside(plan, tasks_directly_in)
    tasks_outside = MappingProxyType(dict(outside))
    return PlanIndex(
        tasks_of=_postings(plan.tasks),
        targets_of=_postings(plan.targets),
        tasks_directly_in=tasks_directly_in,
        subdivisions=MappingProxyType({k: tuple(v) for k, v in subdivisions.items()}),
        tasks_inside=tasks_inside,
        tasks_outside=tasks_outside,
        ngrams=MappingProxyType({k: frozenset(v) for k, v in ngrams.items()}),
        folded_texts=tuple(folded),
        workloads=MappingProxyType({targets: _count_workload(plan, targets) for targets in (False, True)}),
        counts=MappingProxyType({by: _counted(plan, by, tasks_inside, tasks_outside) for by in _COUNT_BY}),
    )


_ALL_KINDS = frozenset(DivisionKind)


@frozen(kw_only=True, eq=False)
class _Kept:
    """A plan's index and its answers with ``expand``, kept while the plan lives."""

    plan: weakref.ref[Plan]
    index: PlanIndex
    expanded: dict[tuple[str, Role | None, str], tuple[Item, ...]]
    """Answers with ``expand``, made on first asking: merging a collective's tasks costs their number."""


class _Keeper:
    """What is kept for each live plan, by ``id(plan)`` (a plan is compared by value, so hashing one would
    cost its whole size), and forgotten when the plan is collected, so no index outlives its plan."""

    def __init__(self) -> None:
        self._kept: dict[int, _Kept] = {}
        self._lock = threading.RLock()  # re-entrant: a plan may be collected, and forgotten, while it is held

    def __call__(self, plan: Plan) -> _Kept:
        """What is kept for ``plan``, made on first use."""
        kept = self._kept.get(id(plan))
        if kept is None or kept.plan() is not plan:
            with self._lock:
                kept = self._kept.get(id(plan))
                if kept is None or kept.plan() is not plan:
                    reference = weakref.ref(plan, functools.partial(self._forget, id(plan)))
                    kept = self._kept[id(plan)] = _Kept(plan=reference, index=build_index(plan), expanded={})
        return kept

    def _forget(self, key: int, reference: weakref.ref[Plan]) -> None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept.plan is reference:
                del self._kept[key]


_kept_for = _Keeper()


def index_of(plan: Plan) -> PlanIndex:
    """The plan's index, built on first use."""
    return _kept_for(plan).index


def _matching(plan: Plan, unit: UnitLike, role: Role | None, expand: bool, kind: str) -> tuple[Item, ...]:
    """The tasks (kind 'tasks') or targets naming ``unit`` — or, with ``expand``, a collective
    that contains it — in ``role`` (any role when None), in document order."""
    kept = _kept_for(plan)
    found = plan.units.lookup(unit)
    postings = kept.index.tasks_of if kind == "tasks" else kept.index.targets_of
    if not expand:
        return postings.get((found.id, role), ())
    key = (found.id, role, kind)
    answer = kept.expanded.get(key)
    if answer is None:
        merged = {item.id: item for item in postings.get((found.id, role), ())}
        for collective in _containing(plan, found):
            merged.update((item.id, item) for item in postings.get((collective.id, role), ()))
        answer = kept.expanded.setdefault(key, tuple(merged[i] for i in sorted(merged)))
    return answer


def _containing(plan: Plan, unit: Unit) -> Iterator[Unit]:
    """The collectives that contain ``unit``, directly or through another collective."""
    seen: set[str] = set()
    pending = list(plan.units.collectives_containing(unit))
    while pending:
        collective = pending.pop()
        if collective.id not in seen:
            seen.add(collective.id)
            yield collective
            pending.extend(plan.units.collectives_containing(collective))


def tasks_for(plan: Plan, unit: UnitLike, *, role: Role | None = None, expand: bool = False) -> tuple[Item, ...]:
    """The tasks that name ``unit`` (in ``role``; any role when None), in document order.

    With ``expand``, also the tasks assigned to a collective that contains the
    unit (各区人民政府〈…〉 for a district). Raises :class:`UnitNotFound`.
    """
    return _matching(plan, unit, role, expand, "tasks")


def targets_for(plan: Plan, unit: UnitLike, *, role: Role | None = None, expand: bool = False) -> tuple[Item, ...]:
    """The targets that name ``unit``, as :func:`tasks_for` does for tasks."""
    return _matching(plan, unit, role, expand, "targets")


def workload(plan: Plan, *, include_targets: bool = False) -> Workload:
    """One row per unit named in the plan: items led, shared and in all; most loaded first.

    Ties keep the order in which the units are first named. Counted once per plan.
    """
    return index_of(plan).workloads[include_targets]


def _count_workload(plan: Plan, include_targets: bool) -> Workload:
    counts: dict[str, Counter[Role]] = {}
    units: dict[str, Unit] = {}
    for item in plan.items if include_targets else plan.tasks:
        for assignment in item.assignments:
            units.setdefault(assignment.unit.id, assignment.unit)
            counts.setdefault(assignment.unit.id, Counter())[assignment.role] += 1
    rows = [
        WorkloadRow(unit=units[uid], lead=count[Role.LEAD], responsible=count[Role.RESPONSIBLE])
        for uid, count in counts.items()
    ]
    rows.sort(key=lambda row: (-row.total, -row.lead))
    return Workload(rows=tuple(rows), coverage=coverage(plan), include_targets=include_targets)


_COUNT_BY: tuple[CountBy, ...] = ("section", "theme", "unit_kind")
_COUNTED = {"section": DivisionKind.AREA, "theme": DivisionKind.THEME}
_OUTSIDE = {"section": NO_AREA, "theme": NO_THEME}


def counts(plan: Plan, by: CountBy = "section") -> Counts:
    """Tasks per area, per theme or per unit kind; counted once per plan.

    Areas and themes are counted one row per division, in document order, each
    labelled by its title; where titles repeat (two themes of one title in
    different areas), the label names the enclosing headings as well, so rows
    stay distinct. Tasks in no area or theme are counted last, under
    :data:`NO_AREA` or :data:`NO_THEME`. For ``unit_kind`` a task counts once
    for each kind of unit it names, in the order the kinds first appear.
    """
    found = index_of(plan).counts.get(by)
    if found is None:
        raise ValueError(f"counts by {by!r}: expected 'section', 'theme' or 'unit_kind'")
    return found


def _counted(plan: Plan, by: CountBy, inside: tuple[int, ...], outside: Mapping[DivisionKind, int]) -> Counts:
    """The counts ``by`` area, theme or unit kind, from the index's count of tasks per division."""
    tally: dict[str, int] = {}
    if by in _COUNTED:
        divisions = plan.divisions_of(_COUNTED[by])
        labels = division_labels(plan, divisions)
        tally = {labels[d.id]: inside[d.id] for d in divisions}
        if left_out := outside.get(_COUNTED[by], 0):
            tally[_OUTSIDE[by]] = left_out
    else:
        for task in plan.tasks:
            for kind in dict.fromkeys(unit.kind for unit in task.units()):
                tally[kind.value] = tally.get(kind.value, 0) + 1
    return Counts(by=by, counts=MappingProxyType(tally), coverage=coverage(plan))


def _heading(division: Division) -> str:
    """A division as its heading reads: marker and title, or whichever it has."""
    return (
        " ".join(part for part in (division.marker, division.title) if part) or f"{division.kind.value} {division.id}"
    )


_QUALIFYING = 8
"""At most this many headings above a division qualify its repeated title; its place does beyond them,
so that a deep nesting of one title costs a few passes, not one pass, each longer, per level."""


def division_labels(plan: Plan, divisions: Sequence[Division]) -> dict[int, str]:
    """A distinct label for each of ``divisions``, by id: its title, qualified by the headings above it
    where the title alone would repeat (``(一) 坚决打赢三大攻坚战 / 坚决完成脱贫攻坚任务``)."""
    labels = {d.id: d.title or _heading(d) for d in divisions}
    above = {d.id: plan.division(d.parent) for d in divisions}
    passes = 0
    while repeated := {label for label, n in Counter(labels.values()).items() if n > 1}:
        passes += 1
        for division_id in [i for i, label in labels.items() if label in repeated]:
            parent = above[division_id]
            if parent is None or passes > _QUALIFYING:  # only the place tells them apart
                labels[division_id] += f" (division {division_id})"
            else:
                labels[division_id] = f"{_heading(parent)} / {labels[division_id]}"
                above[division_id] = plan.division(parent.parent)
    return labels


def co_assignments(plan: Plan) -> tuple[CoAssignment, ...]:
    """Pairs of units named on the same tasks, heaviest first, then in registry order."""
    order = {unit.id: i for i, unit in enumerate(plan.units)}
    shared: dict[tuple[Unit, Unit], list[Item]] = {}
    for task in plan.tasks:
        units = sorted(dict.fromkeys(task.units()), key=lambda u: order[u.id])
        for a, b in combinations(units, 2):
            shared.setdefault((a, b), []).append(task)
    edges = [CoAssignment(a=a, b=b, weight=len(tasks), tasks=tuple(tasks)) for (a, b), tasks in shared.items()]
    edges.sort(key=lambda e: (-e.weight, order[e.a.id], order[e.b.id]))
    return tuple(edges)


def search(plan: Plan, query: str) -> tuple[Item, ...]:
    """Tasks whose text contains every whitespace-separated word of ``query``, in document order.

    Matching ignores character width and letter case.
    """
    words = _searchable(query).split()
    if not words:
        raise ValueError("search needs at least one word")
    index = index_of(plan)
    candidates: set[int] | None = None
    for word in words:
        for gram in {word[i : i + 2] for i in range(len(word) - 1)} or {word}:
            posting = index.ngrams.get(gram, frozenset())
            candidates = set(posting) if candidates is None else candidates & posting
    found = sorted(p for p in candidates or () if all(w in index.folded_texts[p] for w in words))
    return tuple(plan.tasks[p] for p in found)


def _within(plan: Plan, kind: DivisionKind, wanted: int | str) -> Iterator[Item]:
    """The tasks at any depth in every division of ``kind`` whose number or title is ``wanted``, in no order."""
    index = index_of(plan)
    pending = [d.id for d in plan.divisions_of(kind) if wanted in (d.number, d.title)]
    while pending:
        division = pending.pop()
        yield from index.tasks_directly_in.get(division, ())
        pending.extend(index.subdivisions.get(division, ()))


def filter_tasks(
    plan: Plan,
    *,
    section: int | str | None = None,
    theme: int | str | None = None,
    unit: UnitLike | None = None,
    role: Role | None = None,
    expand: bool = False,
) -> tuple[Item, ...]:
    """Tasks meeting every criterion given: area and theme (each by number or title), unit and role."""
    if role is not None and unit is None:
        raise ValueError("role needs a unit: filter(unit=..., role=...)")
    selections: list[Iterable[Item]] = []
    if section is not None:
        selections.append(_within(plan, DivisionKind.AREA, section))
    if theme is not None:
        selections.append(_within(plan, DivisionKind.THEME, theme))
    if unit is not None:
        selections.append(_matching(plan, unit, role, expand, "tasks"))
    if not selections:
        return plan.tasks
    first, *rest = ({item.id for item in selection} for selection in selections)
    return tuple(plan.items[i - 1] for i in sorted(first.intersection(*rest)))


@frozen(kw_only=True)
class Graphs:
    """The plan as networkx graphs (needs the ``networkx`` extra)."""

    bipartite: nx.Graph[str]
    """Units and tasks as nodes (``bipartite`` 0 and 1); an edge per assignment, with its role."""
    co_assignment: nx.Graph[str]
    """Units as nodes; an edge per :class:`CoAssignment`, with its ``weight`` and its ``tasks``' nodes."""


def to_networkx(plan: Plan) -> Graphs:
    """The unit–task graph and its weighted unit projection, as networkx graphs.

    A task's node is ``item-<id>``, by its place in the plan, since printed
    numbers may be missing or repeat; the node carries the number and marker.
    """
    import networkx as nx

    bipartite: nx.Graph[str] = nx.Graph()
    projection: nx.Graph[str] = nx.Graph()
    for unit in dict.fromkeys(u for task in plan.tasks for u in task.units()):
        bipartite.add_node(unit.id, bipartite=0, name=unit.name, kind=unit.kind.value)
        projection.add_node(unit.id, name=unit.name, kind=unit.kind.value)
    for task in plan.tasks:
        node = _node(task)
        bipartite.add_node(node, bipartite=1, number=task.number, marker=task.marker, text=task.text)
        for assignment in task.assignments:
            bipartite.add_edge(assignment.unit.id, node, role=assignment.role.code, position=assignment.position)
    for edge in co_assignments(plan):
        projection.add_edge(edge.a.id, edge.b.id, weight=edge.weight, tasks=tuple(_node(t) for t in edge.tasks))
    return Graphs(bipartite=bipartite, co_assignment=projection)


def _node(item: Item) -> str:
    return f"item-{item.id}"
