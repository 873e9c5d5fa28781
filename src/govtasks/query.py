"""Queries over a plan: who leads or shares which tasks, workloads, counts, the network.

Every query reads a :class:`PlanIndex`, built once per plan on first use, so a
query costs a dictionary look-up and the size of its answer, not a scan of the
plan. Counts carry the plan's :class:`Coverage` (what is present of what the
text declares), since a partial copy must never pass for the whole plan.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import combinations
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, overload

from attrs import field, frozen

from govtasks._text import fold
from govtasks.model import Plan, ResponsibleItem, Role, Target, Task
from govtasks.units import Unit

if TYPE_CHECKING:
    import networkx as nx

UnitLike = Unit | str
"""A unit, or any name of it the registry resolves (id, printed, full, English, alias)."""
CountBy = Literal["section", "theme", "unit_kind"]
NO_THEME = "(no theme)"


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
    tasks: tuple[int, ...]
    """The numbers of those tasks."""


_Key = tuple[str, Role | None]


@frozen(kw_only=True)
class PlanIndex:
    """Look-up tables over one plan, built once; positions index ``plan.tasks``/``plan.targets``."""

    tasks_of: Mapping[_Key, tuple[int, ...]]
    targets_of: Mapping[_Key, tuple[int, ...]]
    tasks_in_section: Mapping[int, tuple[int, ...]]
    tasks_in_theme: Mapping[str, tuple[int, ...]]
    ngrams: Mapping[str, frozenset[int]]
    folded_texts: tuple[str, ...]
    _expanded: dict[tuple[str, Role | None, str], tuple[int, ...]] = field(factory=dict, eq=False, repr=False)
    _answers: dict[tuple[str, str | None, bool, str], tuple[ResponsibleItem, ...]] = field(
        factory=dict, eq=False, repr=False
    )
    _workloads: dict[bool, Workload] = field(factory=dict, eq=False, repr=False)


def _postings(items: Sequence[ResponsibleItem]) -> Mapping[_Key, tuple[int, ...]]:
    postings: dict[_Key, dict[int, None]] = {}
    for position, item in enumerate(items):
        for assignment in item.assignments:
            for key in ((assignment.unit.id, assignment.role), (assignment.unit.id, None)):
                postings.setdefault(key, {})[position] = None
    return MappingProxyType({key: tuple(positions) for key, positions in postings.items()})


def _searchable(text: str) -> str:
    return fold(text).casefold()


def _grams(text: str) -> set[str]:
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


def build_index(plan: Plan) -> PlanIndex:
    """Every look-up table a query needs, in one pass over the plan."""
    in_section: dict[int, list[int]] = {}
    in_theme: dict[str, list[int]] = {}
    ngrams: dict[str, set[int]] = {}
    folded: list[str] = []
    position = 0
    for section in plan.sections:
        for theme in section.themes:
            for task in theme.tasks:
                in_section.setdefault(section.ordinal, []).append(position)
                in_theme.setdefault(theme.title or NO_THEME, []).append(position)
                folded.append(_searchable(task.text))
                for gram in _grams(folded[-1]):
                    ngrams.setdefault(gram, set()).add(position)
                position += 1
    return PlanIndex(
        tasks_of=_postings(plan.tasks),
        targets_of=_postings(plan.targets),
        tasks_in_section=MappingProxyType({k: tuple(v) for k, v in in_section.items()}),
        tasks_in_theme=MappingProxyType({k: tuple(v) for k, v in in_theme.items()}),
        ngrams=MappingProxyType({k: frozenset(v) for k, v in ngrams.items()}),
        folded_texts=tuple(folded),
    )


_build_lock = threading.Lock()


def index_of(plan: Plan) -> PlanIndex:
    """The plan's index, built on first use and kept with the plan."""
    index = plan._query_index
    if not isinstance(index, PlanIndex):
        with _build_lock:
            index = plan._query_index
            if not isinstance(index, PlanIndex):
                index = build_index(plan)
                object.__setattr__(plan, "_query_index", index)
    return index


def _positions(plan: Plan, unit: UnitLike, role: Role | None, expand: bool, kind: str) -> tuple[int, ...]:
    """Positions of the tasks (kind 'tasks') or targets naming ``unit`` — or, with ``expand``,
    a collective that contains it — in ``role`` (any role when None), in document order."""
    index = index_of(plan)
    found = plan.units.lookup(unit)
    postings = index.tasks_of if kind == "tasks" else index.targets_of
    if not expand:
        return postings.get((found.id, role), ())
    key = (found.id, role, kind)
    cached = index._expanded.get(key)
    if cached is None:
        merged = set(postings.get((found.id, role), ()))
        for collective in _containing(plan, found):
            merged.update(postings.get((collective.id, role), ()))
        cached = index._expanded.setdefault(key, tuple(sorted(merged)))
    return cached


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


def _answer(plan: Plan, unit: UnitLike, role: Role | None, expand: bool, kind: str) -> tuple[ResponsibleItem, ...]:
    """The items themselves, kept once made, so that asking again costs a look-up."""
    index = index_of(plan)
    key = (plan.units.lookup(unit).id, role.value if role else None, expand, kind)
    answer = index._answers.get(key)
    if answer is None:
        items: tuple[ResponsibleItem, ...] = plan.tasks if kind == "tasks" else plan.targets
        answer = index._answers.setdefault(key, tuple(items[p] for p in _positions(plan, unit, role, expand, kind)))
    return answer


def tasks_for(plan: Plan, unit: UnitLike, *, role: Role | None = None, expand: bool = False) -> tuple[Task, ...]:
    """The tasks that name ``unit`` (in ``role``; any role when None), in task order.

    With ``expand``, also the tasks assigned to a collective that contains the
    unit (各区人民政府〈…〉 for a district). Raises :class:`UnitNotFound`.
    """
    return _answer(plan, unit, role, expand, "tasks")  # type: ignore[return-value]


def targets_for(plan: Plan, unit: UnitLike, *, role: Role | None = None, expand: bool = False) -> tuple[Target, ...]:
    """The targets that name ``unit``, as :func:`tasks_for` does for tasks."""
    return _answer(plan, unit, role, expand, "targets")  # type: ignore[return-value]


def workload(plan: Plan, *, include_targets: bool = False) -> Workload:
    """One row per unit named in the plan: items led, shared and in all; most loaded first.

    Ties keep the order in which the units are first named. Counted once per plan.
    """
    cached = index_of(plan)._workloads
    if include_targets not in cached:
        cached[include_targets] = _count_workload(plan, include_targets)
    return cached[include_targets]


def _count_workload(plan: Plan, include_targets: bool) -> Workload:
    items: list[ResponsibleItem] = [*plan.targets, *plan.tasks] if include_targets else list(plan.tasks)
    counts: dict[str, Counter[Role]] = {}
    units: dict[str, Unit] = {}
    for item in items:
        for assignment in item.assignments:
            units.setdefault(assignment.unit.id, assignment.unit)
            counts.setdefault(assignment.unit.id, Counter())[assignment.role] += 1
    rows = [
        WorkloadRow(unit=units[uid], lead=count[Role.LEAD], responsible=count[Role.RESPONSIBLE])
        for uid, count in counts.items()
    ]
    rows.sort(key=lambda row: (-row.total, -row.lead))
    return Workload(rows=tuple(rows), coverage=coverage(plan), include_targets=include_targets)


def counts(plan: Plan, by: CountBy = "section") -> Counts:
    """Tasks per area title, theme title or unit kind, in the order they first appear.

    For ``unit_kind`` a task counts once for each kind of unit it names.
    """
    index = index_of(plan)
    tally: dict[str, int] = {}
    if by == "section":
        for section in plan.sections:
            tally[section.title] = tally.get(section.title, 0) + len(index.tasks_in_section.get(section.ordinal, ()))
    elif by == "theme":
        tally = {title: len(positions) for title, positions in index.tasks_in_theme.items()}
    elif by == "unit_kind":
        for task in plan.tasks:
            for kind in dict.fromkeys(unit.kind for unit in task.units()):
                tally[kind.value] = tally.get(kind.value, 0) + 1
    else:
        raise ValueError(f"counts by {by!r}: expected 'section', 'theme' or 'unit_kind'")
    return Counts(by=by, counts=MappingProxyType(tally), coverage=coverage(plan))


def co_assignments(plan: Plan) -> tuple[CoAssignment, ...]:
    """Pairs of units named on the same tasks, heaviest first, then in registry order."""
    order = {unit.id: i for i, unit in enumerate(plan.units)}
    shared: dict[tuple[Unit, Unit], list[int]] = {}
    for task in plan.tasks:
        units = sorted(dict.fromkeys(task.units()), key=lambda u: order[u.id])
        for a, b in combinations(units, 2):
            shared.setdefault((a, b), []).append(task.number)
    edges = [CoAssignment(a=a, b=b, weight=len(numbers), tasks=tuple(numbers)) for (a, b), numbers in shared.items()]
    edges.sort(key=lambda e: (-e.weight, order[e.a.id], order[e.b.id]))
    return tuple(edges)


def search(plan: Plan, query: str) -> tuple[Task, ...]:
    """Tasks whose text contains every whitespace-separated word of ``query``, in task order.

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


def filter_tasks(
    plan: Plan,
    *,
    section: int | str | None = None,
    theme: str | None = None,
    unit: UnitLike | None = None,
    role: Role | None = None,
    expand: bool = False,
) -> tuple[Task, ...]:
    """Tasks meeting every criterion given: area (ordinal or title), theme title, unit and role."""
    if role is not None and unit is None:
        raise ValueError("role needs a unit: filter(unit=..., role=...)")
    index = index_of(plan)
    selections: list[Iterable[int]] = []
    if section is not None:
        ordinals = [s.ordinal for s in plan.sections if section in (s.ordinal, s.title)]
        selections.append(p for o in ordinals for p in index.tasks_in_section.get(o, ()))
    if theme is not None:
        selections.append(index.tasks_in_theme.get(theme, ()))
    if unit is not None:
        selections.append(_positions(plan, unit, role, expand, "tasks"))
    if not selections:
        return plan.tasks
    chosen = set(selections[0]).intersection(*selections[1:])
    return tuple(plan.tasks[p] for p in sorted(chosen))


@frozen(kw_only=True)
class Graphs:
    """The plan as networkx graphs (needs the ``networkx`` extra)."""

    bipartite: nx.Graph[str]
    """Units and tasks as nodes (``bipartite`` 0 and 1); an edge per assignment, with its role."""
    co_assignment: nx.Graph[str]
    """Units as nodes; an edge per :class:`CoAssignment`, with its ``weight`` and ``tasks``."""


def to_networkx(plan: Plan) -> Graphs:
    """The unit–task graph and its weighted unit projection, as networkx graphs."""
    import networkx as nx

    bipartite: nx.Graph[str] = nx.Graph()
    projection: nx.Graph[str] = nx.Graph()
    for unit in dict.fromkeys(u for task in plan.tasks for u in task.units()):
        bipartite.add_node(unit.id, bipartite=0, name=unit.name, kind=unit.kind.value)
        projection.add_node(unit.id, name=unit.name, kind=unit.kind.value)
    for task in plan.tasks:
        node = f"task-{task.number}"
        bipartite.add_node(node, bipartite=1, number=task.number, text=task.text)
        for assignment in task.assignments:
            bipartite.add_edge(assignment.unit.id, node, role=assignment.role.code, position=assignment.position)
    for edge in co_assignments(plan):
        projection.add_edge(edge.a.id, edge.b.id, weight=edge.weight, tasks=edge.tasks)
    return Graphs(bipartite=bipartite, co_assignment=projection)
