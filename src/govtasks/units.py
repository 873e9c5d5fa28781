"""Units (单位): who the plan names, what each name stands for, and the registry.

The text prints short names (市发展改革委). What they stand for — full names,
English names, kinds, parents and the members of collective units — is not in
the text; it is the project's own data (``data/units.json``), each fact with
its basis and, where it is not beyond doubt, its certainty.
"""

from __future__ import annotations

import enum
import functools
from collections import Counter
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from attrs import evolve, field, frozen

from govtasks._text import canonical_name
from govtasks.errors import UnitNotFound


class UnitKind(enum.Enum):
    """What sort of body a unit is."""

    MUNICIPAL_DEPARTMENT = "municipal_department"
    """市政府工作部门/直属机构: a department or agency of the municipal government."""
    MUNICIPAL_OFFICE = "municipal_office"
    """市政府办事机构: an office of the municipal government (e.g. 市人民政府督查室)."""
    MUNICIPAL_INSTITUTION = "municipal_institution"
    """Another body directly under the city that is not a department (e.g. 市供销合作总社)."""
    DEPARTMENT_SUBUNIT = "department_subunit"
    """A bureau inside a department (e.g. 市公安局交通管理局)."""
    VERTICAL_AGENCY = "vertical_agency"
    """垂直管理机构: managed from above the city (e.g. 市气象局)."""
    DISTRICT_GOVERNMENT = "district_government"
    """区人民政府: the government of one of Wuhan's 13 districts."""
    ZONE_COMMITTEE = "zone_committee"
    """功能区管委会: the management committee of a development, scenic or port zone."""
    MUNICIPAL_SOE = "municipal_soe"
    """市属国有企业: an enterprise owned by the city."""
    PROVINCIAL_SOE = "provincial_soe"
    """省属国有企业: an enterprise owned by Hubei province."""
    COLLECTIVE = "collective"
    """A name for several units at once (各区人民政府, 各开发区管委会)."""
    UNREGISTERED = "unregistered"
    """A name the text prints that the registry does not know (in a user's own text)."""


class Certainty(enum.Enum):
    """How sure the project is of an added fact."""

    CONFIRMED = "confirmed"
    """A cited public source states it."""
    PROBABLE = "probable"
    """Follows from a naming or listing convention; no source seen states it outright."""
    UNCERTAIN = "uncertain"
    """Plausible but unverified; treat with care."""


class NameStatus(enum.Enum):
    """Whose English name it is."""

    OFFICIAL = "official"
    """Used by the unit or the Wuhan government itself."""
    PROJECT = "project"
    """The project's own translation."""


@frozen(kw_only=True)
class Alias:
    """Another name in use for a unit (e.g. 市发改委), with where it is used."""

    name: str
    basis: str


@frozen(kw_only=True)
class Membership:
    """That a collective unit includes a member unit, and on what basis."""

    unit: str
    """The member's id."""
    basis: str
    certainty: Certainty


@frozen(kw_only=True, repr=False)
class Unit:
    """A unit (单位) as the registry knows it. Facts not from the text carry their basis."""

    id: str
    """A stable ASCII slug, the key in exports."""
    name: str
    """The short name as the text prints it (e.g. 市发展改革委)."""
    full_name: str | None
    """The official full Chinese name as of January 2020 (e.g. 武汉市发展和改革委员会)."""
    full_name_basis: str | None
    full_name_certainty: Certainty | None
    name_en: str | None
    name_en_status: NameStatus | None
    name_en_basis: str | None
    kind: UnitKind
    parent: str | None
    """The id of the unit this one belongs to (市公安局交通管理局 → 市公安局)."""
    aliases: tuple[Alias, ...]
    members: tuple[Membership, ...]
    """For collectives: the units the name stands for."""
    note: str | None

    def __repr__(self) -> str:
        return f"Unit(id={self.id!r}, name={self.name!r}, kind={self.kind.value!r})"

    def __str__(self) -> str:
        return self.name

    def _repr_html_(self) -> str:
        from govtasks import display

        return display.unit_html(self)


def lookup_key(name: str) -> str:
    """The form names are compared in: folded, no whitespace, 〈〉 as (), case-folded."""
    return canonical_name(name).translate(_BRACKETS).casefold()


_BRACKETS = str.maketrans({"〈": "(", "〉": ")", "<": "(", ">": ")"})


def unregistered(printed: str) -> Unit:
    """A stand-in for a printed name the registry does not know; its id is stable."""
    import hashlib

    digest = hashlib.sha256(lookup_key(printed).encode("utf-8")).hexdigest()[:10]
    return Unit(
        id=f"unregistered-{digest}",
        name=canonical_name(printed),
        full_name=None,
        full_name_basis=None,
        full_name_certainty=None,
        name_en=None,
        name_en_status=None,
        name_en_basis=None,
        kind=UnitKind.UNREGISTERED,
        parent=None,
        aliases=(),
        members=(),
        note="printed in the text but not in the unit registry",
    )


@frozen(kw_only=True)
class UnitRegistry:
    """The units, in a fixed order, found by id or by any of their names.

    Lookups accept the id, the printed name, the full name, the English name or an
    alias, and ignore whitespace, line wraps, character width and 〈〉 vs ().
    """

    units: tuple[Unit, ...]
    _by_key: Mapping[str, Unit] = field(init=False, eq=False, repr=False)
    _by_id: Mapping[str, Unit] = field(init=False, eq=False, repr=False)
    _containing: Mapping[str, tuple[Unit, ...]] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_key: dict[str, Unit] = {}
        for unit in self.units:
            for name in _names(unit):
                key = lookup_key(name)
                if by_key.setdefault(key, unit) is not unit:
                    raise ValueError(f"the name {name!r} stands for both {by_key[key].id!r} and {unit.id!r}")
        by_id = {unit.id: unit for unit in self.units}
        containing: dict[str, list[Unit]] = {}
        for unit in self.units:
            for membership in unit.members:
                if membership.unit not in by_id:
                    raise ValueError(f"{unit.id!r} lists a member {membership.unit!r} that is not in the registry")
                containing.setdefault(membership.unit, []).append(unit)
            if unit.parent is not None and unit.parent not in by_id:
                raise ValueError(f"{unit.id!r} names a parent {unit.parent!r} that is not in the registry")
        object.__setattr__(self, "_by_key", MappingProxyType(by_key))
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))
        object.__setattr__(self, "_containing", MappingProxyType({k: tuple(v) for k, v in containing.items()}))

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def __contains__(self, unit: object) -> bool:
        return isinstance(unit, Unit) and self._by_id.get(unit.id) == unit

    def by_id(self, unit_id: str) -> Unit | None:
        """The unit with exactly this id, or None."""
        return self._by_id.get(unit_id)

    def get(self, name: Unit | str, default: Unit | None = None) -> Unit | None:
        """The unit ``name`` stands for, or ``default``."""
        if isinstance(name, Unit):
            return name if name in self else default
        # A name already in normal form (most printed names) is its own key.
        return self._by_key.get(name) or self._by_key.get(lookup_key(name), default)

    def lookup(self, name: Unit | str) -> Unit:
        """The unit ``name`` stands for; raises :class:`UnitNotFound` with close matches."""
        unit = self.get(name)
        if unit is None:
            query = name.name if isinstance(name, Unit) else name
            raise UnitNotFound(query, self.suggestions(query))
        return unit

    def parent(self, unit: Unit | str) -> Unit | None:
        """The unit this one belongs to, if any."""
        parent = self.lookup(unit).parent
        return None if parent is None else self._by_id[parent]

    def members(self, unit: Unit | str) -> tuple[Unit, ...]:
        """The units a collective stands for (empty for other units), in registry order."""
        return tuple(self._by_id[m.unit] for m in self.lookup(unit).members)

    def collectives_containing(self, unit: Unit | str) -> tuple[Unit, ...]:
        """The collectives that list ``unit`` as a member, in registry order."""
        return self._containing.get(self.lookup(unit).id, ())

    def including(self, extra: tuple[Unit, ...]) -> UnitRegistry:
        """This registry with ``extra`` units (e.g. unregistered stand-ins) appended."""
        return evolve(self, units=self.units + tuple(u for u in extra if u.id not in self._by_id))

    def suggestions(self, query: str, limit: int = 5) -> tuple[str, ...]:
        """Printed names of the registered units whose names come closest to ``query``, best first."""
        return self._close_names.closest(lookup_key(query), limit)

    @functools.cached_property
    def _close_names(self) -> _CloseNames:
        """Made on the first suggestion and kept, so that many unknown names cost one table."""
        return _CloseNames.of({key: u.name for key, u in self._by_key.items() if u.kind is not UnitKind.UNREGISTERED})


def _names(unit: Unit) -> Iterator[str]:
    """Every name a unit answers to."""
    yield unit.id
    yield unit.name
    if unit.full_name:
        yield unit.full_name
    if unit.name_en:
        yield unit.name_en
    for alias in unit.aliases:
        yield alias.name


def _grams(key: str) -> set[str]:
    """The characters and character pairs of a name: what two close names share."""
    return set(key) | {key[i : i + 2] for i in range(len(key) - 1)}


_CUTOFF = 0.5
"""How similar (difflib's ratio) a name must be to be suggested."""


@frozen(kw_only=True)
class _CloseNames:
    """Registered names indexed by their characters and character pairs, so that difflib compares a
    query with the few names sharing most of them, never with every name: a suggestion costs the
    same however many unknown names a plan prints."""

    keys: tuple[str, ...]
    """Every registered name, in its lookup form."""
    names: tuple[str, ...]
    """The printed name of the unit each key stands for."""
    sizes: tuple[int, ...]
    """How many grams each key has."""
    postings: Mapping[str, tuple[int, ...]]
    """The keys holding each gram, by position."""
    longest: int

    @classmethod
    def of(cls, names: Mapping[str, str]) -> _CloseNames:
        postings: dict[str, list[int]] = {}
        for position, key in enumerate(names):
            for gram in _grams(key):
                postings.setdefault(gram, []).append(position)
        return cls(
            keys=tuple(names),
            names=tuple(names.values()),
            sizes=tuple(len(_grams(key)) for key in names),
            postings=MappingProxyType({gram: tuple(keys) for gram, keys in postings.items()}),
            longest=max(map(len, names), default=0),
        )

    def closest(self, key: str, limit: int) -> tuple[str, ...]:
        """The printed names of the units closest to ``key``: difflib on the ``2 * limit`` keys whose grams
        overlap ``key``'s most (Dice's coefficient). A key over three times the longest name is close to
        none, since difflib's ratio 2M/(a+b) is then below one half."""
        import difflib
        import heapq

        if len(key) > 3 * self.longest:
            return ()
        grams = _grams(key)
        shared = Counter(position for gram in grams for position in self.postings.get(gram, ()))
        ranked = heapq.nlargest(2 * limit, shared, key=lambda p: (shared[p] / (len(grams) + self.sizes[p]), -p))
        candidates = {self.keys[p]: self.names[p] for p in ranked}
        close = difflib.get_close_matches(key, candidates, n=limit * 3, cutoff=_CUTOFF)
        return tuple(dict.fromkeys(candidates[found] for found in close))[:limit]
