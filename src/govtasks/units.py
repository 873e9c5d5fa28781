"""Units (单位): who the plan names, what each name stands for, and the registry.

The text prints short names (市发展改革委). What they stand for — full names,
English names, kinds, parents and the members of collective units — is not in
the text; it is the project's own data (``data/units.json``), each fact with
its basis and, where it is not beyond doubt, its certainty.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import Attribute, Factory, evolve, field, frozen

from govtasks._html import escape, table
from govtasks._text import canonical_name, plural, surrogate_at
from govtasks.columns import Column
from govtasks.errors import UnitNotFound
from govtasks.results import Tabular

if TYPE_CHECKING:
    from govtasks._close_names import CloseNames

# -- checks: every field of every model class (here and in model.py) is checked once, at construction ------


class _Invalid(ValueError):
    """A value a model class refuses. ``at`` says where, relative to the object being built
    (``.ordinal``, ``.items[3].division``), so that a reader can name the place in its input."""

    def __init__(self, message: str, at: str = "") -> None:
        super().__init__(message)
        self.at = at


class _Mistyped(_Invalid, TypeError):
    """A value of the wrong type: a TypeError, and a ValueError like every other refusal."""


_Check = Callable[[Any, "Attribute[Any]", Any], None]
"""An attrs validator: (instance, attribute, value)."""

_MAX_COUNT = 10**9
"""The largest count or number the model holds (共268项, a task's number)."""
_MAX_PLACE = 2**53 - 1
"""The largest line, column, id or position the model holds (any JSON reader keeps it exact)."""
_MAX_ORDINAL = 999
"""The largest ordinal printed in Chinese numerals (一 … 九百九十九), as the notice's clauses are."""


def _shown(value: object) -> str:
    """A value for a message: its repr, cut short (a hostile value may be megabytes long)."""
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _refuse_text(name: str, value: object, at: str, *, empty: bool, padded: bool) -> _Invalid:
    if type(value) is not str:
        return _Mistyped(f"{name} must be text, not {type(value).__name__}", at)
    if (found := surrogate_at(value)) is not None:
        return _Invalid(f"{name} holds a lone surrogate (U+{ord(value[found]):04X}), which is not a character", at)
    if not empty and not value:
        return _Invalid(f"{name} must not be empty", at)
    if not padded and value != value.strip():
        return _Invalid(f"{name} must have no surrounding spaces, not {_shown(value)}", at)
    raise AssertionError(f"{name}: {_shown(value)} is acceptable text")  # pragma: no cover


def _surrogate_in(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate. ``str.isprintable`` (quicker) clears most text at once:
    a surrogate is not printable."""
    return not text.isprintable() and surrogate_at(text) is not None


def _prose(_: object, attribute: Attribute[Any], value: object) -> None:
    """Any text, even empty, as long as it is text: no lone surrogate."""
    if type(value) is not str or _surrogate_in(value):
        raise _refuse_text(attribute.name, value, f".{attribute.name}", empty=True, padded=True)


def _optional_prose(instance: object, attribute: Attribute[Any], value: object) -> None:
    if value is not None:
        _prose(instance, attribute, value)


def _some_text(_: object, attribute: Attribute[Any], value: object) -> None:
    """Non-empty text."""
    if type(value) is not str or not value or _surrogate_in(value):
        raise _refuse_text(attribute.name, value, f".{attribute.name}", empty=False, padded=True)


def _name(_: object, attribute: Attribute[Any], value: object) -> None:
    """A name, label or marker: non-empty text without surrounding spaces."""
    if type(value) is not str or not value or value.strip() != value or _surrogate_in(value):
        raise _refuse_text(attribute.name, value, f".{attribute.name}", empty=False, padded=False)


def _optional_name(instance: object, attribute: Attribute[Any], value: object) -> None:
    if value is not None:
        _name(instance, attribute, value)


def _texts(_: object, attribute: Attribute[Any], value: object) -> None:
    """A tuple of texts."""
    if type(value) is not tuple:
        raise _Mistyped(f"{attribute.name} must be a tuple, not {type(value).__name__}", f".{attribute.name}")
    for place, text in enumerate(value):
        if type(text) is not str or _surrogate_in(text):
            raise _refuse_text(attribute.name, text, f".{attribute.name}[{place}]", empty=True, padded=True)


def _id(_: object, attribute: Attribute[Any], value: object) -> None:
    """A unit id: printable ASCII without spaces (a slug such as development-reform)."""
    if type(value) is not str or not value or not value.isascii() or not value.isprintable() or " " in value:
        if type(value) is not str:
            raise _Mistyped(f"{attribute.name} must be text, not {type(value).__name__}", f".{attribute.name}")
        raise _Invalid(
            f"{attribute.name} must be printable ASCII without spaces, not {_shown(value)}", f".{attribute.name}"
        )


def _optional_id(instance: object, attribute: Attribute[Any], value: object) -> None:
    if value is not None:
        _id(instance, attribute, value)


def _whole(low: int, high: int) -> _Check:
    """A whole number from ``low`` to ``high`` (bool is not a number here)."""

    def check(_: object, attribute: Attribute[Any], value: object) -> None:
        if type(value) is not int or not low <= value <= high:
            kind = _Mistyped if type(value) is not int else _Invalid
            raise kind(
                f"{attribute.name} must be a whole number from {low} to {high}, not {_shown(value)}",
                f".{attribute.name}",
            )

    return check


def _optional_whole(low: int, high: int) -> _Check:
    check = _whole(low, high)

    def optional(instance: object, attribute: Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return optional


_place = _whole(1, _MAX_PLACE)
"""A line, column, id or position: 1-based."""
_optional_place = _optional_whole(1, _MAX_PLACE)
_count = _whole(0, _MAX_COUNT)
_optional_count = _optional_whole(0, _MAX_COUNT)
_optional_number = _optional_whole(1, _MAX_COUNT)
_ordinal = _whole(1, _MAX_ORDINAL)


def _instance(kind: type) -> _Check:
    """Exactly an instance of ``kind`` (an enum, a date, a model class): no subclass, no look-alike."""

    def check(_: object, attribute: Attribute[Any], value: object) -> None:
        if type(value) is not kind:
            raise _Mistyped(
                f"{attribute.name} must be a {kind.__name__}, not {type(value).__name__}", f".{attribute.name}"
            )

    return check


def _optional_instance(kind: type) -> _Check:
    check = _instance(kind)

    def optional(instance: object, attribute: Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return optional


_flag = _instance(bool)
_date = _instance(dt.date)
_optional_date = _optional_instance(dt.date)


def _tuple_of(kind: type) -> _Check:
    """A tuple holding only instances of exactly ``kind``."""

    def check(_: object, attribute: Attribute[Any], value: object) -> None:
        if type(value) is not tuple:
            raise _Mistyped(f"{attribute.name} must be a tuple, not {type(value).__name__}", f".{attribute.name}")
        for place, element in enumerate(value):
            if type(element) is not kind:
                raise _Mistyped(
                    f"{attribute.name} must hold {kind.__name__}s, not {type(element).__name__}",
                    f".{attribute.name}[{place}]",
                )

    return check


_T = TypeVar("_T")


def _accepted(value: object, kind: type[_T]) -> tuple[_T, ...]:
    """``value`` where :func:`_tuple_of` ``(kind)`` accepts it, else ``()``: what a field made from another reads.

    attrs makes a field's default (``Factory(…, takes_self=True)``) before it runs any validator, so a
    default made from a field the validator has not yet checked reads it through this; input that is
    not a tuple of ``kind`` then gives an empty default, and the validator refuses it with its own error.
    """
    if type(value) is not tuple or any(type(element) is not kind for element in value):
        return ()
    return cast("tuple[_T, ...]", value)


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
    """Another name in use for a unit (e.g. 市发改委), with where it is used and how sure that is."""

    name: str = field(validator=_name)
    basis: str = field(validator=_prose)
    certainty: Certainty = field(validator=_instance(Certainty))
    """confirmed where a cited source uses the name for the unit; probable for a common short form
    or a predecessor's name no source ties to the unit; uncertain otherwise."""


class RelationKind(enum.Enum):
    """How one unit stands to another, beyond belonging to it (``parent``) or to a collective."""

    SUPERVISED_BY = "supervised_by"
    """监管: a state-owned enterprise and the body that performs the investor's duties (出资人职责) for it."""
    SAME_ADMINISTRATION = "same_administration"
    """区园合一: one administration under two names, such as a district and a development zone
    run by one set of leaders; the relation holds both ways."""


@frozen(kw_only=True)
class Relation:
    """That a unit stands in ``kind`` to another (``unit``, its id), on what basis and how surely."""

    kind: RelationKind = field(validator=_instance(RelationKind))
    unit: str = field(validator=_id)
    basis: str = field(validator=_prose)
    certainty: Certainty = field(validator=_instance(Certainty))


@frozen(kw_only=True)
class Membership:
    """That a collective unit includes a member unit, and on what basis."""

    unit: str = field(validator=_id)
    """The member's id."""
    basis: str = field(validator=_prose)
    certainty: Certainty = field(validator=_instance(Certainty))


@frozen(kw_only=True, repr=False)
class Unit:
    """A unit (单位) as the registry knows it. Facts not from the text carry their basis."""

    id: str = field(validator=_id)
    """A stable ASCII slug, the key in exports. A stand-in's is ``unregistered-`` and the start of
    the sha256 of its name's lookup key (:func:`unregistered`); no other unit's id begins so."""
    name: str = field(validator=_name)
    """The short name as the text prints it (e.g. 市发展改革委)."""
    full_name: str | None = field(validator=_optional_name)
    """The official full Chinese name as of January 2020 (e.g. 武汉市发展和改革委员会)."""
    full_name_basis: str | None = field(validator=_optional_prose)
    full_name_certainty: Certainty | None = field(validator=_optional_instance(Certainty))
    name_en: str | None = field(validator=_optional_name)
    name_en_status: NameStatus | None = field(validator=_optional_instance(NameStatus))
    name_en_basis: str | None = field(validator=_optional_prose)
    kind: UnitKind = field(validator=_instance(UnitKind))
    kind_basis: str | None = field(validator=_optional_prose)
    """Why the unit is of its kind: a cited address, or a stated rule (``rule: …``); None only for
    an unregistered stand-in, whose kind says the registry does not know it."""
    kind_certainty: Certainty | None = field(validator=_optional_instance(Certainty))
    parent: str | None = field(validator=_optional_id)
    """The id of the unit this one belongs to (市公安局交通管理局 → 市公安局)."""
    parent_basis: str | None = field(validator=_optional_prose)
    parent_certainty: Certainty | None = field(validator=_optional_instance(Certainty))
    aliases: tuple[Alias, ...] = field(validator=_tuple_of(Alias))
    members: tuple[Membership, ...] = field(validator=_tuple_of(Membership))
    """For collectives: the units the name stands for."""
    relations: tuple[Relation, ...] = field(validator=_tuple_of(Relation))
    """How it stands to other units: the body that supervises it, one administration with another."""
    note: str | None = field(validator=_optional_prose)
    """A remark; it names its source, or says it is an unsourced remark."""
    note_certainty: Certainty | None = field(validator=_optional_instance(Certainty))

    def __attrs_post_init__(self) -> None:
        if (self.kind is UnitKind.UNREGISTERED) != self.id.startswith(_STAND_IN):
            raise _Invalid(f"an id begins {_STAND_IN!r} exactly when the unit is an unregistered stand-in", ".id")
        if self.kind is UnitKind.UNREGISTERED:
            digits = len(self.id) - len(_STAND_IN)
            expected = _stand_in_id(lookup_key(self.name), max(_OLD_DIGITS, min(digits, 64)))
            if self.id != expected:
                raise _Invalid(
                    f"a stand-in's id is {_STAND_IN!r} and the sha256 of its name's lookup key, {expected!r},"
                    f" not {_shown(self.id)}",
                    ".id",
                )
        _check_paired(self)

    def __repr__(self) -> str:
        return f"Unit(id={self.id!r}, name={self.name!r}, kind={self.kind.value!r})"

    def __str__(self) -> str:
        return self.name

    def _repr_html_(self) -> str:
        rows = [
            ("id", self.id, ""),
            ("kind", self.kind.value, self.kind_certainty.value if self.kind_certainty else ""),
            ("full name", self.full_name or "", self.full_name_certainty.value if self.full_name_certainty else ""),
            ("English", self.name_en or "", self.name_en_status.value if self.name_en_status else ""),
        ]
        if self.parent:
            rows.append(("part of", self.parent, self.parent_certainty.value if self.parent_certainty else ""))
        rows += [("alias", alias.name, alias.certainty.value) for alias in self.aliases]
        rows += [("member", m.unit, m.certainty.value) for m in self.members]
        rows += [(r.kind.value.replace("_", " "), r.unit, r.certainty.value) for r in self.relations]
        return f"<div><strong>{escape(self.name)}</strong>{table(rows, ('field', 'value', 'certainty / status'))}</div>"


_PAIRS = (
    ("full_name", ("full_name_basis", "full_name_certainty")),
    ("name_en", ("name_en_basis", "name_en_status")),
    ("parent", ("parent_basis", "parent_certainty")),
    ("note", ("note_certainty",)),
)
"""Each added fact and what must come with it: present together, or absent together."""


def _check_paired(unit: Unit) -> None:
    """An added fact never stands without its basis and certainty, nor they without it; a registered
    unit's kind has both, a stand-in's neither (the registry does not know it)."""
    for fact, companions in _PAIRS:
        present = getattr(unit, fact) is not None
        for companion in companions:
            if (getattr(unit, companion) is not None) != present:
                given = "given" if present else "not given"
                raise _Invalid(f"{companion} must be given exactly when {fact} is ({fact} is {given})", f".{companion}")
    known = unit.kind is not UnitKind.UNREGISTERED
    for companion in ("kind_basis", "kind_certainty"):
        if (getattr(unit, companion) is not None) != known:
            raise _Invalid(
                f"{companion} is given exactly when the unit is registered (not a stand-in)", f".{companion}"
            )


def sourced(basis: str) -> bool:
    """Whether a basis names its source, a web address or the plan's own text, as a confirmed fact's must."""
    return any(mark in basis for mark in _SOURCE_MARKS)


_SOURCE_MARKS = ("http://", "https://", "the document itself", "the plan's text")


def lookup_key(name: str) -> str:
    """The form names are compared in: folded, no whitespace, 〈〉 as (), case-folded."""
    key = canonical_name(name)
    if "〈" in key or "〉" in key or "<" in key or ">" in key:  # rare; translate looks up every character
        key = key.translate(_BRACKETS)
    return key.casefold()


_BRACKETS = str.maketrans({"〈": "(", "〉": ")", "<": "(", ">": ")"})


_STAND_IN = "unregistered-"
_DIGITS = 32
"""Hex digits of a stand-in's id: 128 bits, so that no two printed names share one (ten, as
govtasks 0.2 wrote, let anyone make two names that did); ids of 10 to 64 digits are read."""
_OLD_DIGITS = 10


def _stand_in_id(key: str, digits: int = _DIGITS) -> str:
    import hashlib  # only a plan with unknown names needs it: not imported for load()

    return _STAND_IN + hashlib.sha256(key.encode("utf-8")).hexdigest()[:digits]


def unregistered(printed: str) -> Unit:
    """A stand-in for a printed name the registry does not know; its id is stable.

    The id is ``unregistered-`` and the first 32 hex digits of the sha256 of the name's lookup key.
    A printed name may look like such an id, even another stand-in's: names come first in lookups
    (see :class:`UnitRegistry`), and the stand-in is still found by :meth:`UnitRegistry.by_id`.
    """
    return Unit(
        id=_stand_in_id(lookup_key(printed)),
        name=canonical_name(printed),
        full_name=None,
        full_name_basis=None,
        full_name_certainty=None,
        name_en=None,
        name_en_status=None,
        name_en_basis=None,
        kind=UnitKind.UNREGISTERED,
        kind_basis=None,
        kind_certainty=None,
        parent=None,
        parent_basis=None,
        parent_certainty=None,
        aliases=(),
        members=(),
        relations=(),
        note=None,
        note_certainty=None,
    )


_GIVEN = "given by the caller of UnitRegistry.with_unit; unchecked"


# The registry's indexes are fields made with it, each from its units (read through _accepted) by a pure
# function, which refuses what would make a lookup ambiguous.


def _ids_of(registry: UnitRegistry) -> Mapping[str, Unit]:
    """Unit id → unit; an id held twice is refused."""
    by_id: dict[str, Unit] = {}
    for place, unit in enumerate(_accepted(registry.units, Unit)):
        if unit.id in by_id:
            raise _Invalid(f"two units have the id {_shown(unit.id)}", f".units[{place}].id")
        by_id[unit.id] = unit
    return MappingProxyType(by_id)


def _keys_of(registry: UnitRegistry) -> Mapping[str, Unit]:
    """Lookup key of every name → unit; a name that stands for two units is refused. A stand-in's id
    is a key too, unless a name looks like it."""
    units = _accepted(registry.units, Unit)
    by_key: dict[str, Unit] = {}
    for place, unit in enumerate(units):
        for name, at in _names(unit, with_id=unit.kind is not UnitKind.UNREGISTERED):
            key = lookup_key(name)
            if by_key.setdefault(key, unit) is not unit:
                raise _Invalid(
                    f"the name {_shown(name)} stands for both {by_key[key].id!r} and {unit.id!r}",
                    f".units[{place}]{at}",
                )
    for unit in units:
        if unit.kind is UnitKind.UNREGISTERED:
            by_key.setdefault(lookup_key(unit.id), unit)
    return MappingProxyType(by_key)


def _registered_of(registry: UnitRegistry) -> tuple[tuple[str, str], ...]:
    """(lookup key, printed name) of every name of a registered unit, in registry order: what a suggestion
    is chosen from, never a stand-in. Made with the registry, so that a suggestion costs the same however
    many stand-ins a plan adds."""
    return tuple((key, unit.name) for key, unit in registry._by_key.items() if unit.kind is not UnitKind.UNREGISTERED)


def _collectives_of(registry: UnitRegistry) -> Mapping[str, tuple[Unit, ...]]:
    """Member id → the collectives listing it, in registry order."""
    containing: dict[str, list[Unit]] = {}
    for unit in _accepted(registry.units, Unit):
        for membership in unit.members:
            containing.setdefault(membership.unit, []).append(unit)
    return MappingProxyType({key: tuple(value) for key, value in containing.items()})


def _administrations_of(registry: UnitRegistry) -> Mapping[str, tuple[str, ...]]:
    """The ``same_administration`` relations as links both ways: the relation is symmetric."""
    links: dict[str, list[str]] = {}
    for unit in _accepted(registry.units, Unit):
        for relation in unit.relations:
            if relation.kind is RelationKind.SAME_ADMINISTRATION:
                links.setdefault(unit.id, []).append(relation.unit)
                links.setdefault(relation.unit, []).append(unit.id)
    return MappingProxyType({key: tuple(value) for key, value in links.items()})


@frozen(kw_only=True)
class UnitRegistry(Tabular):
    """The units, in a fixed order, found by id or by any of their names; a table of them (see
    :mod:`govtasks.results`).

    Lookups accept the id, the printed name, the full name, the English name or an
    alias, and ignore whitespace, line wraps, character width and 〈〉 vs ().

    Every name stands for one unit, and every id is one unit's. A stand-in's id is made, not
    printed, so a printed name equal to it (a text may print anything) takes the lookup, and the
    stand-in answers to its id only where no name claims it; :meth:`by_id` always finds it.
    """

    units: tuple[Unit, ...] = field(validator=_tuple_of(Unit))
    _by_id: Mapping[str, Unit] = field(init=False, eq=False, repr=False, default=Factory(_ids_of, takes_self=True))
    _by_key: Mapping[str, Unit] = field(init=False, eq=False, repr=False, default=Factory(_keys_of, takes_self=True))
    _registered: tuple[tuple[str, str], ...] = field(
        init=False, eq=False, repr=False, default=Factory(_registered_of, takes_self=True)
    )
    _containing: Mapping[str, tuple[Unit, ...]] = field(
        init=False, eq=False, repr=False, default=Factory(_collectives_of, takes_self=True)
    )
    _administration: Mapping[str, tuple[str, ...]] = field(
        init=False, eq=False, repr=False, default=Factory(_administrations_of, takes_self=True)
    )
    """Unit id → the ids ``same_administration`` relations join it to, both ways."""

    def __attrs_post_init__(self) -> None:
        _check_references(self.units, self._by_id)
        _check_parents(self.units, self._by_id)

    COLUMNS = (
        Column.optional("unit_id", "string", "the unit's id"),
        Column.optional("name", "string", "its short name, as plans print it"),
        Column.optional("kind", "string", "its kind"),
        Column.optional("full_name", "string", "its full name (an added fact)"),
        Column.optional("full_name_certainty", "string", "how sure the full name is"),
        Column.optional("name_en", "string", "its English name (an added fact)"),
        Column.optional("parent_id", "string", "the unit it belongs to, if any"),
        Column.optional("aliases", "string", "other names it answers to, joined with 、"),
        Column.optional("members", "string", "for a collective: its members' ids, joined with 、"),
    )

    def cells(self) -> Iterator[tuple[Any, ...]]:
        for unit in self.units:
            certainty = unit.full_name_certainty.value if unit.full_name_certainty else None
            aliases = "、".join(alias.name for alias in unit.aliases) or None
            members = "、".join(member.unit for member in unit.members) or None
            yield (
                unit.id,
                unit.name,
                unit.kind.value,
                unit.full_name,
                certainty,
                unit.name_en,
                unit.parent,
                aliases,
                members,
            )

    def caption(self) -> str:
        return f"Unit registry: {plural(len(self.units), 'unit')}"

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

    def same_administration(self, unit: Unit | str) -> tuple[Unit, ...]:
        """The units that are one administration with ``unit`` (区园合一), itself included, in registry
        order: itself alone where no ``same_administration`` relation joins it to another."""
        found = self.lookup(unit)
        joined, pending = {found.id}, [found.id]
        while pending:
            current = pending.pop()
            for other in self._administration.get(current, ()):
                if other not in joined:
                    joined.add(other)
                    pending.append(other)
        return tuple(u for u in self.units if u.id in joined)

    def alias_of(self, name: str) -> Alias | None:
        """The alias ``name`` matched, where it names its unit by an alias: its basis and certainty say
        how well the name is attested for the unit (a common short form is probable, not confirmed)."""
        unit = self.get(name)
        key = lookup_key(name)
        return next((a for a in unit.aliases if lookup_key(a.name) == key), None) if unit else None

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
        """This registry with ``extra`` units (e.g. unregistered stand-ins) appended, each once."""
        added = {u.id: u for u in extra if u.id not in self._by_id}
        return evolve(self, units=self.units + tuple(added.values())) if added else self

    def with_unit(
        self,
        name: str,
        *,
        id: str,
        kind: UnitKind,
        full_name: str | None = None,
        basis: str | None = None,
        certainty: Certainty = Certainty.UNCERTAIN,
        parent: str | None = None,
        note: str | None = None,
        kind_basis: str = _GIVEN,
    ) -> UnitRegistry:
        """A new registry: this one and one more unit, for a name a user's own text prints (长江新城管委会).

        ``id`` is its ASCII slug and ``kind`` what sort of body it is. A ``full_name`` is an added
        fact, so it needs the ``basis`` it rests on, and has the ``certainty`` given (uncertain unless
        a source states it). ``parent`` is the id of a unit already here. The kind, parent and note are
        the caller's word, recorded as such (``kind_basis`` says otherwise) and uncertain. Raises
        ValueError where the id or a name is taken, or a basis is missing.
        """
        if (full_name is None) != (basis is None):
            raise ValueError("a full name and its basis go together: give both or neither")
        unit = Unit(
            id=id,
            name=name,
            full_name=full_name,
            full_name_basis=basis,
            full_name_certainty=None if full_name is None else certainty,
            name_en=None,
            name_en_status=None,
            name_en_basis=None,
            kind=kind,
            kind_basis=kind_basis,
            kind_certainty=Certainty.UNCERTAIN,
            parent=parent,
            parent_basis=None if parent is None else _GIVEN,
            parent_certainty=None if parent is None else Certainty.UNCERTAIN,
            aliases=(),
            members=(),
            relations=(),
            note=note,
            note_certainty=None if note is None else Certainty.UNCERTAIN,
        )
        return evolve(self, units=(*self.units, unit))

    def suggestions(self, query: str, limit: int = 5) -> tuple[str, ...]:
        """Printed names of the registered units whose names come closest to ``query``, best first:
        first those that are ``query`` with a qualifier (各区人民政府 → 各区人民政府〈含开发区管委会〉),
        then those difflib finds close."""
        key, table = lookup_key(query), self._close_names
        close = (*table.qualified(key), *table.closest(key, limit))
        return tuple(dict.fromkeys(close))[:limit]

    @property
    def _close_names(self) -> CloseNames:
        """The table of the registered names, made once for all registries that register the same names:
        see :func:`govtasks._close_names.close_names`. Its module is imported on the first suggestion:
        load() needs none."""
        from govtasks._close_names import close_names

        return close_names(self._registered)


def _check_references(units: tuple[Unit, ...], by_id: Mapping[str, Unit]) -> None:
    """That every member, parent and related unit a unit names is another unit of the registry."""
    for place, unit in enumerate(units):
        for number, membership in enumerate(unit.members):
            if membership.unit not in by_id:
                raise _Invalid(
                    f"{unit.id!r} lists a member {_shown(membership.unit)} that is not in the registry",
                    f".units[{place}].members[{number}].unit",
                )
        if unit.parent is not None and unit.parent not in by_id:
            raise _Invalid(
                f"{unit.id!r} names a parent {_shown(unit.parent)} that is not in the registry",
                f".units[{place}].parent",
            )
        for number, relation in enumerate(unit.relations):
            if relation.unit not in by_id or relation.unit == unit.id:
                raise _Invalid(
                    f"{unit.id!r} relates to {_shown(relation.unit)}, which is not another unit of the registry",
                    f".units[{place}].relations[{number}].unit",
                )


def _names(unit: Unit, *, with_id: bool = True) -> Iterator[tuple[str, str]]:
    """Every name a unit answers to, with where the unit holds it."""
    if with_id:
        yield unit.id, ".id"
    yield unit.name, ".name"
    if unit.full_name:
        yield unit.full_name, ".full_name"
    if unit.name_en:
        yield unit.name_en, ".name_en"
    for number, alias in enumerate(unit.aliases):
        yield alias.name, f".aliases[{number}].name"


def _check_parents(units: tuple[Unit, ...], by_id: Mapping[str, Unit]) -> None:
    """That no unit is, through its parents, its own parent; in one pass."""
    done: set[str] = set()
    for place, unit in enumerate(units):
        trail: dict[str, None] = {}
        current: Unit | None = unit
        while current is not None and current.id not in done:
            if current.id in trail:
                raise _Invalid(f"{unit.id!r} is its own parent, through {' → '.join(trail)}", f".units[{place}].parent")
            trail[current.id] = None
            current = None if current.parent is None else by_id[current.parent]
        done.update(trail)
