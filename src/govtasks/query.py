"""Queries over a plan: who leads or shares which tasks, workloads, counts, the network.

Every query reads a :class:`PlanIndex`, built once per plan on first use, so a
query costs a dictionary look-up and the size of its answer, not a scan of the
plan. Counts carry the plan's :class:`~govtasks.model.Coverage` (what is present of what
the text declares), since a partial copy must never pass for the whole plan.

One cache keeps, for each live plan, its index and every answer whose arguments
are finite (not search words, filters or graphs), keyed by one scheme: the query
and its arguments in one normal form, a unit by its id and a role as its
:class:`Role` member. It lives here, never in the plan, by ``id(plan)`` under a
lock, and a weak reference forgets a plan's answers when the plan is collected;
each answer is immutable and made once, so nothing can change what a query says.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import combinations
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, NoReturn, ParamSpec, TypeVar, cast

from attrs import frozen

from govtasks._text import fold, plural
from govtasks.columns import Column
from govtasks.errors import DivisionNotFound
from govtasks.model import Assignment, Coverage, Division, DivisionKind, Item, Plan, Role
from govtasks.results import Cell, RowTable, Tabular, TabularRow, fields_of
from govtasks.units import Certainty, RelationKind, Unit, UnitKind

if TYPE_CHECKING:
    import networkx as nx

UnitLike = Unit | str
"""A unit, or any name of it the registry resolves (id, printed, full, English, alias)."""
DivisionLike = int | str | Division
"""An area or theme: its printed number, its title, its label in :func:`counts`, or the division itself."""
CountBy = Literal["section", "theme", "unit_kind"]
Collectives = Literal["keep", "drop", "expand"]
"""What :func:`to_networkx` does with collectives (各区人民政府): keep them as units, drop them, or put their
members in their place."""
NO_THEME = "(no theme)"
"""The row of :func:`counts` for tasks in no theme; :func:`filter_tasks` takes it as a theme."""
NO_AREA = "(no area)"
"""The row of :func:`counts` for tasks in no area; :func:`filter_tasks` takes it as an area."""


_WORKLOAD_COLUMNS = (
    Column.optional("unit_id", "string", "the registry's id of the unit"),
    Column.optional("name", "string", "the unit's short name as the plan prints it"),
    Column.optional("kind", "string", "the unit's kind (the registry's)"),
    Column.optional("lead", "integer", "items it leads (牵头单位)"),
    Column.optional("responsible", "integer", "items it shares (责任单位)"),
    Column.optional("total", "integer", "lead and responsible together"),
    Column.optional(
        "certainty", "string", "the weakest membership or same-administration link credited through; else empty"
    ),
    Column.optional(
        "together", "string", "with administrations: the unit's other names counted in this row, joined with 、"
    ),
)


@frozen(kw_only=True)
class WorkloadRow(TabularRow):
    """How many items a unit leads and shares: named itself, and with ``expand`` through its collectives.

    As a row of a table (``pandas.DataFrame(workload)``), its cells are those of ``Workload.COLUMNS``.
    """

    _fields = fields_of(_WORKLOAD_COLUMNS)

    unit: Unit
    lead: int
    """Items it leads (牵头单位), each once."""
    responsible: int
    """Items it shares as a responsible unit (责任单位), each once."""
    certainty: Certainty | None
    """The weakest certainty of membership on which any of its items rests, where one is credited only
    through a collective (an item reached through several rests on the surest of them); None where the
    unit is named itself on every item counted. With ``administrations``, an item credited under another
    name of the unit's administration rests on that link's certainty too."""
    together: tuple[Unit, ...]
    """With ``administrations``: the other names of the unit's administration (区园合一), whose items
    this row counts as the unit's, each once; else empty."""

    @property
    def total(self) -> int:
        return self.lead + self.responsible

    def in_role(self, role: Role | None) -> int:
        """Items it is credited with in ``role``; in either (:attr:`total`) for None."""
        return self.total if role is None else self.lead if role is Role.LEAD else self.responsible

    def row(self) -> tuple[Cell, ...]:
        certainty = self.certainty.value if self.certainty else None
        unit, together = self.unit, "、".join(other.name for other in self.together) or None
        return (unit.id, unit.name, unit.kind.value, self.lead, self.responsible, self.total, certainty, together)


@frozen(kw_only=True, eq=False)
class Workload(RowTable[WorkloadRow]):
    """Units by load, in the order :func:`workload` gives; ``coverage`` says how much of the plan was
    counted, and the two flags what was counted, since the numbers differ with them. A table: see
    :mod:`govtasks.results`."""

    COLUMNS = _WORKLOAD_COLUMNS

    rows: tuple[WorkloadRow, ...]
    coverage: Coverage
    include_targets: bool
    """Whether targets were counted with the tasks (only tasks when False)."""
    expand: bool
    """Whether each unit was also credited with the items of every collective that contains it."""
    administrations: bool
    """Whether rows count administrations (one row for 汉南区人民政府 and 武汉经开区管委会, run as one)
    or names (a row for each name printed)."""

    def _rows(self) -> tuple[WorkloadRow, ...]:
        return self.rows

    def caption(self) -> str:
        counted = "tasks and targets" if self.include_targets else "tasks (targets not counted)"
        how = "with collectives' items credited to their members" if self.expand else "units as named"
        how += ", one row per administration" if self.administrations else ""
        return f"Workload: {counted}, {how}; {self.coverage}"


@frozen(kw_only=True, eq=False)
class Counts(Mapping[str, int], Tabular):
    """Tasks per label (area, theme or unit kind), in document order, with the plan's coverage.

    By area or theme each label names one division, and :func:`filter_tasks` takes it back.
    """

    by: str
    counts: Mapping[str, int]
    coverage: Coverage
    divisions: Mapping[str, Division]
    """The division each label counts, by area or theme (its ``id`` is the divisions table's
    ``division_id``); the row of tasks in none, and rows by unit kind, have none."""

    def __getitem__(self, label: str) -> int:
        return self.counts[label]

    def __iter__(self) -> Iterator[str]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)

    def __repr__(self) -> str:
        return f"Counts(by={self.by!r}, {dict(self.counts)!r}, coverage='{self.coverage}')"

    COLUMNS = (
        Column.optional("label", "string", "the area or theme (with its area), or the unit kind"),
        Column.optional(
            "division_id", "integer", "the divisions table's id of the area or theme; empty for other rows"
        ),
        Column.optional("tasks", "integer", "tasks counted under the label"),
    )

    def cells(self) -> Iterator[tuple[Cell, ...]]:
        for label, count in self.counts.items():
            division = self.divisions.get(label)
            yield (label, division.id if division else None, count)

    def caption(self) -> str:
        return f"Tasks by {self.by}; {self.coverage}"


_CO_COLUMNS = (
    Column.optional("a_id", "string", "one unit's registry id"),
    Column.optional("a_name", "string", "its short name"),
    Column.optional("b_id", "string", "the other unit's registry id"),
    Column.optional("b_name", "string", "its short name"),
    Column.optional("weight", "integer", "tasks the two share"),
    Column.optional("tasks", "string", "those tasks, by number or marker"),
)


@frozen(kw_only=True)
class CoAssignment(TabularRow):
    """Two units named on the same tasks (in any role): an edge of the co-responsibility network."""

    _fields = fields_of(_CO_COLUMNS)

    a: Unit
    b: Unit
    weight: int
    """How many tasks the two share."""
    tasks: tuple[Item, ...]
    """Those tasks, in document order (their numbers may be missing or repeat across parts)."""

    def row(self) -> tuple[Cell, ...]:
        shared = ", ".join(str(t.number) if t.number is not None else t.label for t in self.tasks)
        return (self.a.id, self.a.name, self.b.id, self.b.name, self.weight, shared)


@frozen(kw_only=True, eq=False)
class CoAssignments(RowTable[CoAssignment]):
    """Pairs of units named on the same tasks, heaviest first: a table (see :mod:`govtasks.results`)."""

    COLUMNS = _CO_COLUMNS
    rows: tuple[CoAssignment, ...]
    coverage: Coverage

    def _rows(self) -> tuple[CoAssignment, ...]:
        return self.rows

    def caption(self) -> str:
        return f"Units named on the same tasks; {self.coverage}"


@frozen(kw_only=True)
class Via:
    """How an item found with ``expand`` reaches a unit it does not name: through which collectives
    that contain the unit, and how surely."""

    collectives: tuple[Unit, ...]
    """The collectives named on the item (in the role asked) that contain the unit, leads first, each once."""
    certainty: Certainty
    """How surely the item reaches the unit: the surest of the collectives, each as sure as the weakest
    membership in its chain down to the unit; the same as :attr:`WorkloadRow.certainty` counts."""


class Items(tuple[Item, ...], Tabular):
    """Items a query found, in document order: a tuple, and a table (see :mod:`govtasks.results`).

    Its rows are the model's own :class:`Item` s, so ``pandas.DataFrame(items)`` holds them whole,
    one column of objects; ``items.to_pandas()`` gives the table. Found with ``expand``, an item
    that reaches the unit only through a collective says so: :meth:`via`, and the ``via`` and
    ``certainty`` columns. It equals a plain tuple of the same items, and is as immutable.
    """

    _vias: Mapping[int, Via]

    COLUMNS = (
        Column.optional("item_id", "integer", "the items table's id"),
        Column.optional("kind", "string", "target or task"),
        Column.optional("number", "integer", "the printed number, where there is one"),
        Column.optional("label", "string", "its marker as printed (18., (二)), else its place (item 7)"),
        Column.optional("text", "string", "the item's text"),
        Column.optional("leads", "string", "lead units (牵头单位), as printed, joined with 、"),
        Column.optional("responsible", "string", "responsible units (责任单位), as printed, joined with 、"),
        Column.optional("due", "string", "the deadline (完成时限) as printed"),
        Column.optional("first_line", "integer", "the source line where it starts"),
        Column.optional(
            "via",
            "string",
            "with expand: the collectives it reaches the unit through, joined with 、; empty where it names the unit",
        ),
        Column.optional(
            "certainty",
            "string",
            "with expand: how surely it reaches the unit through them; empty where it names the unit",
        ),
    )

    def __new__(cls, items: Iterable[Item] = (), vias: Mapping[int, Via] | None = None) -> Items:
        """``items``, and by item id how each found through a collective reaches the unit (kept for those
        among ``items`` only)."""
        self = super().__new__(cls, items)
        kept = {item.id: vias[item.id] for item in self if item.id in vias} if vias else {}
        # Set once, before anyone holds the instance: a tuple's subclass cannot have slots, and
        # __setattr__ below refuses every later change.
        object.__setattr__(self, "_vias", MappingProxyType(kept))
        return self

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"Items is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"Items is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[type[Items], tuple[tuple[Item, ...], dict[int, Via]]]:
        """How copy, deepcopy and pickle make an Items again: through ``__new__``, with its vias as a dict,
        since a mapping proxy is neither copied deeply nor pickled, and setting it afterwards is refused."""
        return (type(self), (tuple(self), dict(self._vias)))

    def via(self, item: Item) -> Via | None:
        """Through which collectives, and how surely, ``item`` reaches the unit asked for: None where it
        names the unit itself (always, without ``expand``), or is not among these items."""
        return self._vias.get(item.id)

    def cells(self) -> Iterator[tuple[Cell, ...]]:
        for item in self:
            leads = "、".join(a.printed for a in item.assignments if a.role is Role.LEAD)
            shared = "、".join(a.printed for a in item.assignments if a.role is Role.RESPONSIBLE)
            via = self._vias.get(item.id)
            yield (
                item.id,
                item.kind.value,
                item.number,
                item.label,
                item.text,
                leads,
                shared,
                item.due,
                item.first_line,
                "、".join(unit.name for unit in via.collectives) if via else None,
                via.certainty.value if via else None,
            )

    def caption(self) -> str:
        return plural(len(self), "item")


_Key = tuple[str, Role | None]
"""A unit by its id and a role as its member (None for any role): the normal form :class:`_Question` keeps."""


@frozen(kw_only=True)
class PlanIndex:
    """Look-up tables over one plan, built once, in immutable mappings and tuples: the first answer kept.

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
    tasks_outside: Mapping[DivisionKind, tuple[Item, ...]]
    """The tasks in no division of each kind (in no theme, in no area)."""
    ngrams: Mapping[str, frozenset[int]]
    folded_texts: tuple[str, ...]
    memberships: Mapping[tuple[str, str], Certainty]
    """How sure each membership is, by (collective id, member id): so that walking up from a member
    costs the collectives above it, not all their members."""


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
    """Every look-up table a query needs, in time linear in the plan however deep its divisions nest."""
    directly_in: dict[int, list[Item]] = {}
    subdivisions: dict[int, list[int]] = {}
    for division in plan.divisions:
        if division.parent is not None:
            subdivisions.setdefault(division.parent, []).append(division.id)
    kinds_above = _kinds_above(plan)
    outside: dict[DivisionKind, list[Item]] = {}
    ngrams: dict[str, set[int]] = {}
    folded: list[str] = []
    for position, task in enumerate(plan.tasks):
        if task.division is not None:
            directly_in.setdefault(task.division, []).append(task)
        for kind in _ALL_KINDS - kinds_above[task.division or 0]:
            outside.setdefault(kind, []).append(task)
        folded.append(_searchable(task.text))
        for gram in _grams(folded[-1]):
            ngrams.setdefault(gram, set()).add(position)
    tasks_directly_in = MappingProxyType({k: tuple(v) for k, v in directly_in.items()})
    return PlanIndex(
        tasks_of=_postings(plan.tasks),
        targets_of=_postings(plan.targets),
        tasks_directly_in=tasks_directly_in,
        subdivisions=MappingProxyType({k: tuple(v) for k, v in subdivisions.items()}),
        tasks_inside=_tasks_inside(plan, tasks_directly_in),
        tasks_outside=MappingProxyType({k: tuple(v) for k, v in outside.items()}),
        ngrams=MappingProxyType({k: frozenset(v) for k, v in ngrams.items()}),
        folded_texts=tuple(folded),
        memberships=MappingProxyType(_memberships(plan)),
    )


_ALL_KINDS = frozenset(DivisionKind)


_Query = Literal["index", "tasks_for", "targets_for", "workload", "counts", "co_assignments"]


class _Question(NamedTuple):
    """What the answer cache keys an answer by, the same for every query that keeps its answers: the
    query, and its arguments each in one normal form. A named tuple, since one is made on every call:
    it is made and hashed several times faster than an attrs class."""

    query: _Query
    unit: str | None = None
    """A unit by its registry id (a name has many spellings; hashing a whole unit hashes its members)."""
    role: Role | None = None
    """A role as its member, whatever spelling it was given in; None for any role."""
    options: tuple[bool | str, ...] = ()
    """The query's other arguments, in the order of its signature."""


_INDEX = _Question(query="index")

T = TypeVar("T")
P = ParamSpec("P")


@frozen(kw_only=True, eq=False)
class _Kept:
    """The answers kept for one plan while it lives, the index among them, each made once under ``lock``."""

    plan: weakref.ref[Plan]
    answers: dict[_Question, object]
    lock: threading.RLock  # re-entrant: making an answer asks for others (the index, counts' labels)


class _Keeper:
    """What is kept for each live plan, by ``id(plan)`` (a plan is compared by value, so hashing one would
    cost its whole size), and forgotten when the plan is collected, so no answer outlives its plan."""

    def __init__(self) -> None:
        self._kept: dict[int, _Kept] = {}
        self._lock = threading.RLock()  # re-entrant: a plan may be collected, and forgotten, while it is held

    def __call__(self, plan: Plan) -> _Kept:
        """What is kept for ``plan``, begun on first use."""
        kept = self._kept.get(id(plan))
        if kept is None or kept.plan() is not plan:
            with self._lock:
                kept = self._kept.get(id(plan))
                if kept is None or kept.plan() is not plan:
                    reference = weakref.ref(plan, functools.partial(self._forget, id(plan)))
                    kept = self._kept[id(plan)] = _Kept(plan=reference, answers={}, lock=threading.RLock())
        return kept

    def _forget(self, key: int, reference: weakref.ref[Plan]) -> None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept.plan is reference:
                del self._kept[key]


_kept_for = _Keeper()


def _answer(plan: Plan, question: _Question, make: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """The answer to ``question``, ``make(*args, **kwargs)`` the first time it is asked of ``plan``, then kept.
    An answer is immutable and holds no reference to the plan, so keeping it neither lets a caller change it
    nor keeps the plan alive."""
    kept = _kept_for(plan)
    found = kept.answers.get(question)  # no answer is None
    if found is None:
        with kept.lock:
            found = kept.answers.get(question)
            if found is None:
                found = kept.answers[question] = make(*args, **kwargs)
    return cast(T, found)


def index_of(plan: Plan) -> PlanIndex:
    """The plan's index, built on first use."""
    return _answer(plan, _INDEX, build_index, plan)


# -- collectives: who contains whom, and how surely ------------------------------------

_DOUBT: Mapping[Certainty | None, int] = MappingProxyType(
    {None: 0} | {certainty: place for place, certainty in enumerate(Certainty, start=1)}
)
"""How far a credit is from certain: a unit named itself (None) is certain; then Certainty's members,
which it lists surest first."""

_Reached = Mapping[str, tuple[Unit, Certainty]]
"""Units reached through memberships, by id, each with the certainty of the surest chain to it."""


def _weaker(a: Certainty, b: Certainty) -> Certainty:
    return max(a, b, key=_DOUBT.__getitem__)


def _reach(start: Unit, links: Callable[[Unit], Iterable[tuple[Unit, Certainty]]]) -> _Reached:
    """Every unit reached from ``start`` through ``links``, each with the certainty of its surest chain
    of links (a chain is as sure as its weakest link). A unit is reached again only on a surer chain, so
    each is reached at most once per degree of certainty, and a membership that loops ends."""
    best: dict[str, tuple[Unit, Certainty]] = {}
    pending = [(start, Certainty.CONFIRMED)]  # the start itself is certain
    while pending:
        unit, sure = pending.pop()
        for other, link in links(unit):
            chain = _weaker(sure, link)
            known = best.get(other.id)
            if other.id != start.id and (known is None or _DOUBT[chain] < _DOUBT[known[1]]):
                best[other.id] = (other, chain)
                pending.append((other, chain))
    return best


def _containing(plan: Plan, unit: Unit) -> _Reached:
    """The collectives that contain ``unit``, directly or through another collective."""
    sure = index_of(plan).memberships

    def up(member: Unit) -> Iterator[tuple[Unit, Certainty]]:
        return ((c, sure[c.id, member.id]) for c in plan.units.collectives_containing(member))

    return _reach(unit, up)


def _memberships(plan: Plan) -> dict[tuple[str, str], Certainty]:
    """How sure each membership is, by (collective id, member id); a member listed twice, by the surer."""
    sure: dict[tuple[str, str], Certainty] = {}
    for collective in plan.units:
        for m in collective.members:
            known = sure.get((collective.id, m.unit), m.certainty)
            sure[collective.id, m.unit] = min(known, m.certainty, key=_DOUBT.__getitem__)
    return sure


def _members(plan: Plan) -> Callable[[Unit], _Reached]:
    """The units each collective contains, directly or through another collective; each collective's
    found once, and kept by id (hashing a whole unit hashes its aliases and members too)."""
    found: dict[str, _Reached] = {}

    def down(collective: Unit) -> Iterator[tuple[Unit, Certainty]]:
        return zip(plan.units.members(collective), (m.certainty for m in collective.members), strict=True)

    def members(collective: Unit) -> _Reached:
        reached = found.get(collective.id)
        if reached is None:
            reached = found[collective.id] = _reach(collective, down)
        return reached

    return members


@frozen(kw_only=True)
class _Credit:
    """A unit credited with an item in a role: named itself, or as a member of a collective named."""

    unit: Unit
    assignment: Assignment
    """The printed assignment it comes from: the unit's own, or its collective's (whose role it takes)."""
    certainty: Certainty | None
    """None for a unit named itself; else the surest chain of memberships from the collective to it."""


_Way = tuple[Unit, Assignment, Certainty | None]
"""A unit credited with an item by one printed assignment: its own (None), or its collective's, with the
certainty of the surest chain of memberships from that collective to the unit."""


def _ways(item: Item, members: Callable[[Unit], _Reached] | None) -> dict[tuple[str, Role], list[_Way]]:
    """Every way ``item`` credits each unit in each role, by (unit id, role), in the order first credited,
    each key's ways in the order printed; with ``members``, the members of each collective named too."""
    found: dict[tuple[str, Role], list[_Way]] = {}
    for assignment in item.assignments:
        reached = members(assignment.unit).values() if members is not None else ()
        for unit, sure in ((assignment.unit, None), *reached):
            found.setdefault((unit.id, assignment.role), []).append((unit, assignment, sure))
    return found


def _surest(ways: Iterable[_Way]) -> _Way:
    """The way a credit rests on where there are several: the surest (a unit named itself is surest of
    all), the first printed of equals."""
    return min(ways, key=lambda way: _DOUBT[way[2]])


def _credits(item: Item, members: Callable[[Unit], _Reached] | None) -> tuple[_Credit, ...]:
    """Who is credited with ``item`` in which role, each unit once per role by its surest way, in the order
    first credited; with ``members``, the members of each collective named are credited too."""
    surest = (_surest(ways) for ways in _ways(item, members).values())
    return tuple(_Credit(unit=unit, assignment=assignment, certainty=sure) for unit, assignment, sure in surest)


def _only(unit: Unit, containing: _Reached) -> Callable[[Unit], _Reached]:
    """The ``members`` of :func:`_ways` that credit ``unit`` alone: as the one member of each collective in
    ``containing`` (:func:`_containing`'s), with the certainty of its surest chain."""

    def members(collective: Unit) -> _Reached:
        reached = containing.get(collective.id)
        return {unit.id: (unit, reached[1])} if reached is not None else {}

    return members


def _via(item: Item, unit: Unit, role: Role | None, members: Callable[[Unit], _Reached]) -> Via | None:
    """How ``item`` reaches ``unit`` in ``role`` (in either, for None), by the rule :func:`workload` credits
    it by: None where it names the unit itself; else through the collectives named that contain it,
    resting on the surest of them."""
    ways = _ways(item, members)
    reached = [way for r in Role if role in (None, r) for way in ways.get((unit.id, r), ())]
    _, _, certainty = _surest(reached)
    if certainty is None:
        return None
    collectives = {assignment.unit.id: assignment.unit for _, assignment, _ in reached}
    return Via(collectives=tuple(collectives.values()), certainty=certainty)


# -- queries ---------------------------------------------------------------------------


def _matching(
    plan: Plan, unit: UnitLike, role: Role | str | None, expand: bool, query: Literal["tasks_for", "targets_for"]
) -> Items:
    """The tasks (``tasks_for``) or targets naming ``unit`` — or, with ``expand``, a collective
    that contains it, each such item saying through which and how surely — in ``role`` (any role
    when None), in document order; kept."""
    found = plan.units.lookup(unit)
    wanted = None if role is None else Role.parse(role)
    question = _Question(query=query, unit=found.id, role=wanted, options=(bool(expand),))
    return _answer(plan, question, _find, plan, found, wanted, expand, query)


def _find(plan: Plan, unit: Unit, role: Role | None, expand: bool, query: _Query) -> Items:
    """:func:`_matching`'s answer, from the index's postings: with ``expand``, merging a collective's items
    costs their number."""
    index = index_of(plan)
    postings = index.tasks_of if query == "tasks_for" else index.targets_of
    if not expand:
        return Items(postings.get((unit.id, role), ()))
    containing = _containing(plan, unit)
    merged = {item.id: item for item in postings.get((unit.id, role), ())}
    for collective, _ in containing.values():
        merged.update((item.id, item) for item in postings.get((collective.id, role), ()))
    items = [merged[i] for i in sorted(merged)]
    members = _only(unit, containing)
    return Items(items, {item.id: via for item in items if (via := _via(item, unit, role, members)) is not None})


def tasks_for(plan: Plan, unit: UnitLike, *, role: Role | str | None = None, expand: bool = False) -> Items:
    """The tasks that name ``unit`` (in ``role``, any spelling :meth:`Role.parse` reads; any role when None),
    in document order.

    With ``expand``, also the tasks assigned to a collective that contains the
    unit (各区人民政府〈…〉 for a district); :meth:`Items.via` says of each such task
    through which collectives and how surely (:class:`Via`), by the rule
    :func:`workload` credits it by: a task reached through several collectives rests
    on the surest, a chain of collectives on its weakest membership. A task that
    names the unit itself has none. Raises :class:`UnitNotFound`, and ValueError for
    a role it cannot read.
    """
    return _matching(plan, unit, role, expand, "tasks_for")


def targets_for(plan: Plan, unit: UnitLike, *, role: Role | str | None = None, expand: bool = False) -> Items:
    """The targets that name ``unit``, as :func:`tasks_for` does for tasks."""
    return _matching(plan, unit, role, expand, "targets_for")


def workload(
    plan: Plan, *, include_targets: bool = False, expand: bool = False, administrations: bool = False
) -> Workload:
    """One row per unit credited with an item: items led, shared and in all; counted once per plan.

    Only tasks are counted unless ``include_targets``: 市发展改革委 leads 2 tasks, and 5 items with
    targets, as in the assignments table, which holds targets and tasks alike. With ``expand``, a
    unit is also credited with the items of every collective that contains it (a district with
    各区人民政府〈…〉's), each item once per role, so a row agrees with :func:`tasks_for`; rows say
    how surely (:attr:`WorkloadRow.certainty`), and the collectives keep their own rows.

    With ``administrations``, the names of one administration (区园合一: 汉南区人民政府 and
    武汉经开区管委会, :meth:`UnitRegistry.same_administration`) share one row, under the name first in
    the registry, and an item credited under several of them counts once: counts of distinct bodies
    are then not inflated by one body's two names. Without it, rows count names.

    Rows run by total, most first; equal totals by items led, most first; then in the order the
    units are first credited in the items counted (named, or with ``expand`` reached through a
    collective named).
    """
    options = (bool(include_targets), bool(expand), bool(administrations))
    return _answer(plan, _Question(query="workload", options=options), _count_workload, plan, *options)


_Joined = Mapping[str, tuple[Unit, Certainty | None]]
"""Unit id → the name its administration's row goes by, and how surely it is that administration (None for
the name itself)."""


def _joined(plan: Plan) -> _Joined:
    """Every unit of a two-named administration, with the name its row goes by (the first in the registry)
    and, for the other names, the weakest same-administration link that joins them."""
    joined: dict[str, tuple[Unit, Certainty | None]] = {}
    for unit in plan.units:
        together = plan.units.same_administration(unit)
        if len(together) > 1:
            links = [r.certainty for u in together for r in u.relations if r.kind is RelationKind.SAME_ADMINISTRATION]
            sure = functools.reduce(_weaker, links)
            joined[unit.id] = (together[0], None if unit.id == together[0].id else sure)
    return joined


def _count_workload(plan: Plan, include_targets: bool, expand: bool, administrations: bool) -> Workload:
    """The workload, crediting the members of collectives with ``expand``, and counting the names of one
    administration as one with ``administrations``."""
    members = _members(plan) if expand else None
    joined = _joined(plan) if administrations else None
    counts: dict[str, Counter[Role]] = {}
    units: dict[str, Unit] = {}
    weakest: dict[str, Certainty] = {}
    for item in plan.items if include_targets else plan.tasks:
        for (uid, role), (unit, sure) in _item_credits(item, members, joined or {}).items():
            units.setdefault(uid, unit)
            counts.setdefault(uid, Counter())[role] += 1
            if sure is not None:
                weakest[uid] = _weaker(weakest.get(uid, sure), sure)
    rows = [
        WorkloadRow(
            unit=units[uid],
            lead=count[Role.LEAD],
            responsible=count[Role.RESPONSIBLE],
            certainty=weakest.get(uid),
            together=tuple(u for u in plan.units.same_administration(units[uid])[1:]) if joined else (),
        )
        for uid, count in counts.items()
    ]
    rows.sort(key=lambda row: (-row.total, -row.lead))
    return Workload(
        rows=tuple(rows),
        coverage=plan.coverage,
        include_targets=include_targets,
        expand=expand,
        administrations=administrations,
    )


def _item_credits(
    item: Item, members: Callable[[Unit], _Reached] | None, joined: _Joined
) -> dict[tuple[str, Role], tuple[Unit, Certainty | None]]:
    """Who one item credits in which role, and how surely: each unit (or, with ``joined``, each
    administration) once per role, on its surest way."""
    found: dict[tuple[str, Role], tuple[Unit, Certainty | None]] = {}
    for credit in _credits(item, members):
        unit, sure = credit.unit, credit.certainty
        if unit.id in joined:
            unit, link = joined[unit.id]
            sure = sure if link is None else link if sure is None else _weaker(sure, link)
        key = (unit.id, credit.assignment.role)
        if key not in found or _DOUBT[sure] < _DOUBT[found[key][1]]:
            found[key] = (unit, sure)
    return found


_COUNT_BY: tuple[CountBy, ...] = ("section", "theme", "unit_kind")
_COUNTED = {"section": DivisionKind.AREA, "theme": DivisionKind.THEME}
_OUTSIDE = {"section": NO_AREA, "theme": NO_THEME}


def counts(plan: Plan, by: CountBy = "section") -> Counts:
    """Tasks per area, per theme or per unit kind; counted once per plan.

    Areas and themes are counted one row per division, in document order, each
    labelled by its title; where titles repeat (two themes of one title in
    different areas), the label names the enclosing headings as well, so rows
    stay distinct, and ``Counts.divisions`` gives each row's division. Tasks in
    no area or theme are counted last, under :data:`NO_AREA` or :data:`NO_THEME`.
    Every label is one :func:`filter_tasks` takes. For ``unit_kind`` a task counts
    once for each kind of unit it names, in the order the kinds first appear.
    """
    if by not in _COUNT_BY:
        raise ValueError(f"counts by {by!r}: expected 'section', 'theme' or 'unit_kind'")
    return _answer(plan, _Question(query="counts", options=(by,)), _counted, plan, by)


def _counted(plan: Plan, by: CountBy) -> Counts:
    """The counts ``by`` area, theme or unit kind, from the index's count of tasks per division."""
    index = index_of(plan)
    tally: dict[str, int] = {}
    divisions: dict[str, Division] = {}
    if by in _COUNTED:
        counted = plan.divisions_of(_COUNTED[by])
        labels = division_labels(plan, counted)
        divisions = {labels[d.id]: d for d in counted}
        tally = {label: index.tasks_inside[d.id] for label, d in divisions.items()}
        if left_out := len(index.tasks_outside.get(_COUNTED[by], ())):
            tally[_OUTSIDE[by]] = left_out
    else:
        for task in plan.tasks:
            for kind in dict.fromkeys(unit.kind for unit in task.units()):
                tally[kind.value] = tally.get(kind.value, 0) + 1
    return Counts(by=by, counts=MappingProxyType(tally), coverage=plan.coverage, divisions=MappingProxyType(divisions))


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


def co_assignments(plan: Plan) -> CoAssignments:
    """Pairs of units named on the same tasks, heaviest first, then in registry order; found once per plan."""
    return _answer(plan, _Question(query="co_assignments"), _co_assigned, plan)


def _co_assigned(plan: Plan) -> CoAssignments:
    return CoAssignments(rows=_pairs(plan, ((task, task.units()) for task in plan.tasks)), coverage=plan.coverage)


def _pairs(plan: Plan, named: Iterable[tuple[Item, Iterable[Unit]]]) -> tuple[CoAssignment, ...]:
    """Pairs of units named together on items, heaviest first, then in registry order; a unit named
    twice on an item counts once."""
    order = {unit.id: i for i, unit in enumerate(plan.units)}
    units: dict[str, Unit] = {}
    shared: dict[tuple[str, str], list[Item]] = {}
    for item, on_item in named:
        ids = sorted({unit.id: units.setdefault(unit.id, unit) for unit in on_item}, key=order.__getitem__)
        for a, b in combinations(ids, 2):
            shared.setdefault((a, b), []).append(item)
    edges = [CoAssignment(a=units[a], b=units[b], weight=len(on), tasks=tuple(on)) for (a, b), on in shared.items()]
    edges.sort(key=lambda e: (-e.weight, order[e.a.id], order[e.b.id]))
    return tuple(edges)


def search(plan: Plan, query: str) -> Items:
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
    return Items(plan.tasks[p] for p in found)


_Headed = Literal["section", "theme"]
_NOUNS = {"section": "area", "theme": "theme"}


def _picked(plan: Plan, by: _Headed, wanted: DivisionLike) -> tuple[Division, ...]:
    """The areas or themes ``wanted`` picks: the division itself, the one a label of :func:`counts` names,
    else every one of that number or title; a DivisionNotFound where none is, since an answer of no
    tasks would read as a fact about the plan."""
    labelled = counts(plan, by).divisions
    if isinstance(wanted, Division):
        found: tuple[Division, ...] = (wanted,) if wanted in labelled.values() else ()
        query: int | str = _heading(wanted)
    elif isinstance(wanted, str) and wanted in labelled:
        return (labelled[wanted],)
    elif isinstance(wanted, str | int) and not isinstance(wanted, bool):
        found, query = tuple(d for d in labelled.values() if wanted in (d.number, d.title)), wanted
    else:
        raise TypeError(
            f"{by} must be a number (int), a title or a label (str) or a Division, not {type(wanted).__name__}"
        )
    if not found:
        raise DivisionNotFound(_NOUNS[by], query, _suggestions(labelled, query))
    return found


def _suggestions(labelled: Mapping[str, Division], query: int | str) -> tuple[int | str, ...]:
    """What the plan's areas or themes answer to, closest to ``query`` first: the labels and titles
    difflib finds close to a text, the numbers for a number, else the first labels."""
    import difflib

    if isinstance(query, str):
        names = dict.fromkeys([*labelled, *(d.title for d in labelled.values() if d.title)])
        close: tuple[int | str, ...] = tuple(difflib.get_close_matches(query, list(names), n=5, cutoff=0.4))
    else:
        close = tuple(sorted({d.number for d in labelled.values() if d.number is not None}))
    return close or tuple(labelled)[:5]


def _within(plan: Plan, by: _Headed, wanted: DivisionLike) -> Iterator[Item]:
    """The tasks at any depth in the areas or themes ``wanted`` picks (:data:`NO_AREA`, :data:`NO_THEME`:
    the tasks in none), in no order."""
    index = index_of(plan)
    kind = _COUNTED[by]
    if wanted == _OUTSIDE[by] and wanted not in counts(plan, by).divisions:
        yield from index.tasks_outside.get(kind, ())
        return
    pending = [division.id for division in _picked(plan, by, wanted)]
    while pending:
        division = pending.pop()
        yield from index.tasks_directly_in.get(division, ())
        pending.extend(index.subdivisions.get(division, ()))


def filter_tasks(
    plan: Plan,
    *,
    section: DivisionLike | None = None,
    theme: DivisionLike | None = None,
    unit: UnitLike | None = None,
    role: Role | str | None = None,
    expand: bool = False,
) -> Items:
    """Tasks meeting every criterion given: area and theme, unit and role.

    An area or theme is given by its number, its title (every one so numbered or titled, with the
    divisions inside it), its label in :func:`counts` (exactly that one) or the :class:`Division`;
    one the plan lacks raises :class:`DivisionNotFound` with what it has. ``role`` takes any
    spelling :meth:`Role.parse` reads, and needs a unit; with ``expand``, the tasks found through
    a collective say so, as :func:`tasks_for`'s do (:meth:`Items.via`).
    """
    if role is not None and unit is None:
        raise ValueError("role needs a unit: filter(unit=..., role=...)")
    selections: list[Iterable[Item]] = []
    if section is not None:
        selections.append(_within(plan, "section", section))
    if theme is not None:
        selections.append(_within(plan, "theme", theme))
    by_unit = _matching(plan, unit, role, expand, "tasks_for") if unit is not None else Items()
    if unit is not None:
        selections.append(by_unit)
    if not selections:
        return Items(plan.tasks)
    first, *rest = ({item.id for item in selection} for selection in selections)
    return Items((plan.items[i - 1] for i in sorted(first.intersection(*rest))), by_unit._vias)


@frozen(kw_only=True)
class Graphs:
    """The plan's tasks as networkx graphs (needs the ``networkx`` extra).

    Every node has a ``label`` to show: a unit's printed name (its id is the node), a task's marker.
    """

    bipartite: nx.Graph[str]
    """Units and tasks as nodes (``bipartite`` 0 and 1); an edge per unit credited on a task, with its
    role and printed position (and, for a member put in place of its collective, ``via`` and ``certainty``)."""
    co_assignment: nx.Graph[str]
    """Units as nodes; an edge per pair of units sharing tasks, with its ``weight`` and its ``tasks``' nodes."""
    lead_responsible: nx.DiGraph[str]
    """Units as nodes; an edge from each lead (牵头单位) of a task to each of its responsible units
    (责任单位), with the ``weight`` (how many tasks) and the ``tasks``' nodes."""
    collectives: Collectives
    """What was done with collectives before the graphs were built."""


def to_networkx(plan: Plan, *, collectives: Collectives = "keep") -> Graphs:
    """The unit–task graph, its weighted unit projection and the directed lead → responsible graph.

    ``collectives`` says what becomes of a collective such as 各区人民政府〈…〉 first: ``keep`` it as
    a unit, ``drop`` it, or ``expand`` it into its members (as :func:`workload` credits them, each
    task once per role). A task's node is ``item-<id>``, by its place in the plan, since printed
    numbers may be missing or repeat; the node carries the number and marker.
    """
    import networkx as nx

    if collectives not in ("keep", "drop", "expand"):
        raise ValueError(f"collectives={collectives!r}: give 'keep', 'drop' or 'expand'")
    members = _members(plan) if collectives == "expand" else None
    credited = [(task, _charged(task, members, keep=collectives == "keep")) for task in plan.tasks]
    bipartite: nx.Graph[str] = nx.Graph()
    projection: nx.Graph[str] = nx.Graph()
    directed: nx.DiGraph[str] = nx.DiGraph()
    for unit in {credit.unit.id: credit.unit for _, credits in credited for credit in credits}.values():
        shown = {"label": unit.name, "name": unit.name, "kind": unit.kind.value}
        bipartite.add_node(unit.id, bipartite=0, **shown)
        projection.add_node(unit.id, **shown)
        directed.add_node(unit.id, **shown)
    for task, credits in credited:
        node = _node(task)
        bipartite.add_node(node, bipartite=1, label=task.label, number=task.number, marker=task.marker, text=task.text)
        for credit in credits:
            bipartite.add_edge(credit.unit.id, node, **_edge(credit))
    for edge in _pairs(plan, ((task, [credit.unit for credit in credits]) for task, credits in credited)):
        projection.add_edge(edge.a.id, edge.b.id, weight=edge.weight, tasks=tuple(_node(t) for t in edge.tasks))
    for (lead, other), tasks in _led(credited).items():
        directed.add_edge(lead, other, weight=len(tasks), tasks=tuple(_node(t) for t in tasks))
    return Graphs(bipartite=bipartite, co_assignment=projection, lead_responsible=directed, collectives=collectives)


def _charged(task: Item, members: Callable[[Unit], _Reached] | None, *, keep: bool) -> tuple[_Credit, ...]:
    """The units a graph credits with ``task``: as named, members in place of collectives, or without them."""
    credits = _credits(task, members)
    return credits if keep else tuple(c for c in credits if c.unit.kind is not UnitKind.COLLECTIVE)


def _edge(credit: _Credit) -> dict[str, Any]:
    """A unit–task edge's attributes; a member credited through a collective says which, and how surely."""
    assignment = credit.assignment
    attributes: dict[str, Any] = {"role": assignment.role.code, "position": assignment.position}
    if credit.certainty is not None:
        attributes |= {"via": assignment.unit.id, "certainty": credit.certainty.value}
    return attributes


def _led(credited: Iterable[tuple[Item, tuple[_Credit, ...]]]) -> dict[tuple[str, str], list[Item]]:
    """The tasks on which each unit leads another, by (lead id, responsible id), in document order."""
    led: dict[tuple[str, str], list[Item]] = {}
    for task, credits in credited:
        leads = [c.unit.id for c in credits if c.assignment.role is Role.LEAD]
        others = [c.unit.id for c in credits if c.assignment.role is Role.RESPONSIBLE]
        for lead in leads:
            for other in others:
                if lead != other:
                    led.setdefault((lead, other), []).append(task)
    return led


def _node(item: Item) -> str:
    return f"item-{item.id}"
