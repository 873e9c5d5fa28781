"""Plans and unit registries to and from JSON through one private, strict cattrs converter.

The converter (:func:`_converter`, one per process, made on first use) is a cattrs ``BaseConverter``,
never shared: callers go through the functions here. It rejects unknown keys, missing keys and values of
the wrong JSON type instead of coercing them, and reports every fault with its JSON path. Its hooks are
plain functions made from each type's shape (a text, number, flag, date or enum; a tuple, an optional
value, an attrs class), registered with cattrs as hooks and hook factories; each gets the hooks of the
types it holds from the converter once, as it is made, so that reading a value dispatches nothing. No
code is generated and compiled (cattrs's ``make_dict_structure_fn``), and no annotation is resolved by
``typing.get_type_hints``: the two were most of the cost of a first :func:`~govtasks.load`. An object is
read in one quick pass that keeps no path; only at a fault is it read again, field by field, and every
fault placed by the object or array around it, which reads on to find the others (an invalid document
costs a few readings of its faulty branch, and stays linear in its size).

A plan's JSON names the unit of each assignment by id, and gives its unit registry once, under
``units``, in one of two forms:

- the registry itself, an array of units as :func:`units_to_json` writes them: what :func:`to_json`
  writes, so that any plan stands alone;
- a reference to the file that holds it, ``{"file": "units.json", "sha256": "<hex>"}``, where the sha256
  is that of the registry's JSON as :func:`units_to_json` writes it, byte for byte (so ``sha256sum``
  of the file gives it). ``to_json(plan, units=registry)`` writes it, and refuses a plan whose registry
  is not ``registry``; ``from_json(text, units=registry)`` reads it, and refuses it, naming ``$.units``,
  when no registry is given or the one given is another. The bundled plan refers so to ``units.json``.

JSON written by version 0.5.0 and earlier, whose ``info`` has one date ``published`` where it now
has ``promulgated`` (公布日期) and ``released`` (发布日期), still reads: the date goes under the name of
the one it held (:func:`_dates_named` says how that is told).

Reading is hardened against hostile documents, in time linear in their size, by the strict reader of
:mod:`govtasks._json`: bytes must be UTF-8 (a leading byte order mark is ignored); a key twice in one
object, ``NaN`` and ``Infinity``, and an integer too long to convert in linear time (beyond Python's
own bound on ``int()``, or over 19 digits where that bound is lifted) are refused, each where it
stands; nesting deeper than Python's reader follows is refused at its 65th level; and whatever the
model refuses (a lone surrogate in any text, a number out of range, a list that names a unit the
document lacks) is reported with its path. Every fault is a :class:`DataError`; any other exception is
a bug, and is raised as it is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import hashlib
import json
import re
import sys
import types
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
from attrs import field, frozen
from cattrs import BaseConverter
from cattrs.dispatch import StructureHook, UnstructureHook
from cattrs.fns import identity

from govtasks import _json
from govtasks.errors import DataError
from govtasks.model import Assignment, DocumentInfo, Plan, _optional_digest
from govtasks.units import Unit, UnitRegistry, _Invalid, _name, _shown

T = TypeVar("T")
_units_in_scope: ContextVar[UnitRegistry | None] = ContextVar("govtasks_units_in_scope", default=None)


@frozen(kw_only=True)
class _RegistryFile:
    """Where a plan's units are when the plan does not carry them: a file of the registry's JSON."""

    file: str = field(validator=_name)
    """The file's name (``units.json``), for a reader: the sha256 is what identifies it."""
    sha256: str = field(validator=_optional_digest)  # a str: the converter has refused null
    """The sha256 of the registry's JSON as :func:`units_to_json` writes it."""


# -- faults: each hook raises one of these; objects and arrays place them and read on


class _Rejected(ValueError):
    """A value the converter refuses; its message says what was expected."""


class _Faults(Exception):
    """Every fault found in an object or array, each as (what, where within it), in document order."""

    def __init__(self, found: list[tuple[str, str]]) -> None:
        super().__init__(found)
        self.found = found


_FAULTS = (_Rejected, _Invalid, _Faults)
"""What a document's faults raise: a hook's refusal, the model's, and those gathered in a value. Any
other exception is a bug, and is raised as it is, never reported as a fault of the document."""


def _placed(fault: Exception, at: str) -> list[tuple[str, str]]:
    """``fault``'s faults as (what, where), found in the value at ``at``."""
    if isinstance(fault, _Faults):
        return [(what, at + where) for what, where in fault.found]
    if isinstance(fault, _Invalid):
        return [(f"invalid value: {fault}", at + fault.at)]
    return [(str(fault), at)]


def _refusal(refused: _json.Refused) -> str:
    if refused.kind is _json.Refusal.KEY_TWICE:
        return f"the key {_shown(refused.text)} appears twice in one object"
    if refused.kind is _json.Refusal.CONSTANT:
        return f"{refused.text} is not a JSON number"
    return f"an integer of {refused.digits} digits is out of range"


def _check_refused(value: object) -> None:
    """Refuse, where it stands, what the strict reader refused (a key twice, NaN, a long integer)."""
    if isinstance(value, _json.Refused):
        raise _Rejected(_refusal(value))


def _unexpected(value: object, expected: str) -> _Rejected:
    """The refusal of ``value`` where ``expected`` was, or the reader's own refusal of it."""
    if isinstance(value, _json.Refused):
        return _Rejected(_refusal(value))
    return _Rejected(f"expected {expected}, got {type(value).__name__}")


# -- hooks for values: each takes (value, type), as cattrs calls it, and raises the document's faults


def _exact(kind: type) -> StructureHook:
    """A hook that accepts only values of exactly ``kind`` (no bool for int, no int for str)."""

    def structure(value: object, _: Any) -> object:
        if type(value) is not kind:
            raise _unexpected(value, kind.__name__)
        return value

    return structure


_PLAIN = (str, int, bool)
"""The values JSON holds as they are, each read by checking its type and written as it is."""


def _is_enum(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, enum.Enum)


def _by_value(kind: type[enum.Enum]) -> dict[Any, enum.Enum]:
    return {member.value: member for member in kind}


def _member(value: object, kind: type[enum.Enum]) -> enum.Enum:
    """An enum from its value, a string: never from a number or a look-alike. One hook for every enum,
    registered for the class ``Enum`` (cattrs is told the enum when it calls it), where cattrs before 26.1
    has its own, ``kind(value)``, which lets a ValueError through. An object's hook looks its enums'
    values up itself, so this one reads only where faults are being placed."""
    if type(value) is str:
        with contextlib.suppress(ValueError):
            return kind(value)
    _check_refused(value)
    raise _Rejected(f"invalid value for type, expected {kind.__name__}")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}").fullmatch


def _date(value: object, _: Any) -> dt.date:
    """A date written YYYY-MM-DD, as :func:`to_json` writes it (no week dates, no times)."""
    if type(value) is not str or not _ISO_DATE(value):
        _check_refused(value)
        raise _Rejected(f"expected a date written YYYY-MM-DD, got {_shown(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _Rejected(f"{value} is not a date: {exc}") from None


def _unit_reference(value: object, _: Any) -> Unit:
    """An assignment's unit, from its id, in the registry of the document being read."""
    if type(value) is not str:
        raise _unexpected(value, "a unit id (str)")
    registry = _units_in_scope.get()
    unit = registry.by_id(value) if registry is not None else None
    if unit is None:
        raise _Rejected(f"unknown unit id {_shown(value)}: not in this document's units")
    return unit


_FROM_THE_ATTRIBUTE_BLOCK = ("effective", "level", "status", "topic")
"""The info fields only a legal database's attribute block (【施行日期】, 【效力等级】 …) fills."""


def _dates_named(value: object) -> object:
    """An ``info`` object as version 0.5.0 and earlier wrote it, with one date ``published``, under the
    name of the date it held; any other object as it is.

    Those versions put there the attribute block's 【公布日期】 if the text had one, else the first 发布日期,
    发布时间 or 公布日期 of a government site's header. An object with one of the fields only the attribute
    block fills had that block, so its date is ``promulgated`` (公布日期); one without is taken for a
    site's copy, whose date is ``released`` (发布日期). An object with ``published`` and a new date field
    is refused, ``published`` named as an extra field."""
    if type(value) is not dict or "published" not in value or "promulgated" in value or "released" in value:
        return value
    published = value["published"]
    if published is not None:
        try:
            _date(published, dt.date)
        except _Rejected as exc:
            raise _Invalid(str(exc), ".published") from None
    from_block = any(value.get(key) is not None for key in _FROM_THE_ATTRIBUTE_BLOCK)
    named = {key: item for key, item in value.items() if key != "published"}
    return {**named, "promulgated": published if from_block else None, "released": None if from_block else published}


# -- hook factories for arrays, optional values and objects: cattrs calls each with the type and the converter


def _is_homogeneous_tuple(type_: Any) -> bool:
    return get_origin(type_) is tuple and get_args(type_)[1:] == (...,)


def _is_optional(type_: Any) -> bool:
    return get_origin(type_) in (Union, types.UnionType) and len(get_args(type_)) == 2 and type(None) in get_args(type_)


def _inner(type_: Any) -> Any:
    """``X`` of ``tuple[X, ...]`` or of ``X | None``."""
    return next(arg for arg in get_args(type_) if arg is not type(None) and arg is not ...)


def _optional(type_: Any, converter: BaseConverter) -> StructureHook:
    """``X | None`` from null, or as ``X`` is read."""
    inner = _inner(type_)
    present = converter.get_structure_hook(inner)
    return lambda value, _: None if value is None else present(value, inner)


def _array(type_: Any, converter: BaseConverter) -> StructureHook:
    """A tuple from a JSON array only, never from a string or object."""
    inner = _inner(type_)
    element = converter.get_structure_hook(inner)

    def structure(value: object, _: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _unexpected(value, "a JSON array")
        made, found = [], []
        for index, item in enumerate(value):
            try:
                made.append(element(item, inner))
            except _FAULTS as fault:
                found += _placed(fault, f"[{index}]")
        if found:
            raise _Faults(found)
        return tuple(made)

    return structure


def _object(cls: type, converter: BaseConverter, **overrides: StructureHook) -> StructureHook:
    """An attrs class from a JSON object with exactly its fields (a field with a default may be missing),
    each read by the converter's hook for its type, or by ``overrides[name]``.

    A well-formed object is read in one pass that keeps no paths, and in which a text, number or flag
    of the field's type (or null where it may be) is taken as it is and an enum's value looked up, without
    a call: most values are. At the first fault it is read again, field by field, to place every fault."""
    plain, members, others, slow = [], [], [], []
    fields = _fields(cls)
    for f, type_ in fields:
        override = overrides.get(f.name)
        optional = _is_optional(type_)
        inner = _inner(type_) if optional else type_
        read = override or converter.get_structure_hook(type_)
        name, alias = f.name, f.alias or f.name
        if override is None and inner in _PLAIN:
            plain.append((name, alias, inner, optional))
        elif override is None and _is_enum(inner):
            members.append((name, alias, _by_value(inner), optional))
        else:
            others.append((name, alias, read, type_))
        slow.append((name, alias, read, type_, f.default is attrs.NOTHING))
    count, names = len(slow), frozenset(f.name for f, _ in fields)

    def read_well_formed(value: dict[str, Any]) -> dict[str, Any]:
        made = {}
        for name, alias, kind, optional in plain:
            item = value[name]
            if type(item) is not kind and (item is not None or not optional):
                raise _Again
            made[alias] = item
        for name, alias, by_value, optional in members:
            item = value[name]
            member = by_value.get(item) if type(item) is str else None
            if member is None and (item is not None or not optional):
                raise _Again
            made[alias] = member
        for name, alias, read, type_ in others:
            made[alias] = read(value[name], type_)
        return made

    def read_placing_faults(value: object) -> dict[str, Any]:
        if type(value) is not dict:
            raise _unexpected(value, "a JSON object")
        made: dict[str, Any] = {}
        found: list[tuple[str, str]] = []
        for name, alias, read, type_, required in slow:
            if name in value:
                try:
                    made[alias] = read(value[name], type_)
                except _FAULTS as fault:
                    found += _placed(fault, f".{name}")
            elif required:
                found.append(("required field missing", f".{name}"))
        if extra := value.keys() - names:
            found.append((f"extra fields found ({', '.join(sorted(map(_key, extra)))})", ""))
        if found:
            raise _Faults(found)
        return made

    def structure(value: object, _: Any) -> object:
        try:
            made = read_well_formed(value) if type(value) is dict and len(value) == count else None
        except _AGAIN:
            made = None
        return cls(**(made if made is not None else read_placing_faults(value)))

    return structure


class _Again(Exception):
    """A value of another type met on the quick pass: read again, placing every fault."""


_AGAIN = (_Again, KeyError, *_FAULTS)
"""What sends an object to be read again: a fault met on the quick pass, or a key it lacks. The
model's refusal of the object itself, as it is made, is raised as it is."""


def _key(key: str) -> str:
    return key if key.isprintable() and len(key) <= 40 else _shown(key)


def _registry(converter: BaseConverter) -> StructureHook:
    """A registry from its array of units."""
    units_type = tuple[Unit, ...]
    units = converter.get_structure_hook(units_type)

    def structure(value: object, _: Any) -> UnitRegistry:
        if isinstance(value, UnitRegistry):  # read ahead by _plan_from_json, so assignments share its units
            return value
        try:
            return UnitRegistry(units=units(value, units_type))
        except _Invalid as exc:  # placed in the registry's field ``units``; in JSON, that is the array itself
            exc.at = exc.at.removeprefix(".units")
            raise

    return structure


def _fields(cls: type) -> list[tuple[attrs.Attribute[Any], Any]]:
    """The fields ``cls`` is made with (``init``), each with its type. The model writes its annotations
    as strings; each distinct one is evaluated once (``typing.get_type_hints``, which cattrs would run,
    compiles every field's anew, a third of the cost of a first load)."""
    return [(f, _evaluated(f.type, cls.__module__)) for f in attrs.fields(cls) if f.init]


@functools.cache
def _evaluated(annotation: Any, module: str) -> Any:
    """An annotation as a type, evaluated in its module once a process (the cache holds the model's few)."""
    return eval(annotation, vars(sys.modules[module])) if isinstance(annotation, str) else annotation


# -- hooks and hook factories for writing: each takes a value and gives what ``json.dumps`` writes;
# cattrs's ``identity`` writes a value as it is, and a hook that holds one skips the call


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _optional_written(type_: Any, converter: BaseConverter) -> UnstructureHook:
    present = converter.get_unstructure_hook(_inner(type_))
    return identity if present is identity else lambda value: None if value is None else present(value)


def _array_written(type_: Any, converter: BaseConverter) -> UnstructureHook:
    element = converter.get_unstructure_hook(_inner(type_))
    return list if element is identity else lambda values: [element(value) for value in values]


def _fields_written(cls: type, converter: BaseConverter, **overrides: UnstructureHook) -> UnstructureHook:
    """An attrs object as a JSON object of its fields, in their order, each as the converter's hook for its
    type writes it, or ``overrides[name]``."""
    hooks = [(f.name, overrides.get(f.name) or converter.get_unstructure_hook(t)) for f, t in _fields(cls)]
    fields = [(name, None if write is identity else write) for name, write in hooks]
    return lambda value: {
        name: getattr(value, name) if write is None else write(getattr(value, name)) for name, write in fields
    }


def _unit_id(unit: Unit) -> str:
    return unit.id


# -- the converter


def _is(cls: type) -> Callable[[Any], bool]:
    return lambda type_: type_ is cls


@functools.cache
def _converter() -> BaseConverter:
    """The converter, made on first use (two threads asking at once may each make one; either serves).

    The hooks of the three classes read or written their own way are registered by a predicate: cattrs's
    ``register_structure_hook`` would first resolve the class's annotations in place, by
    ``typing.get_type_hints``."""
    converter = BaseConverter()
    for kind in _PLAIN:
        converter.register_structure_hook(kind, _exact(kind))
        converter.register_unstructure_hook(kind, identity)
    converter.register_structure_hook(dt.date, _date)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook(enum.Enum, _member)
    converter.register_unstructure_hook(enum.Enum, _enum_value)
    converter.register_structure_hook_factory(_is_optional, _optional)
    converter.register_unstructure_hook_factory(_is_optional, _optional_written)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _array)
    converter.register_unstructure_hook_factory(_is_homogeneous_tuple, _array_written)
    converter.register_structure_hook_factory(attrs.has, _object)
    converter.register_unstructure_hook_factory(attrs.has, _fields_written)
    converter.register_structure_hook_func(_is(Assignment), _object(Assignment, converter, unit=_unit_reference))
    converter.register_unstructure_hook_func(_is(Assignment), _fields_written(Assignment, converter, unit=_unit_id))
    info = _object(DocumentInfo, converter)
    converter.register_structure_hook_func(_is(DocumentInfo), lambda value, cl: info(_dates_named(value), cl))
    converter.register_structure_hook_func(_is(UnitRegistry), _registry(converter))
    units = converter.get_unstructure_hook(tuple[Unit, ...])
    converter.register_unstructure_hook_func(_is(UnitRegistry), lambda registry: units(registry.units))
    return converter


# -- the public functions


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


_PLAN = "plan JSON"
_UNITS = "unit JSON"
UNITS_FILE = "units.json"
"""The name a registry's file is given in a plan's reference to it, unless the writer names another."""


def to_json(plan: Plan, *, units: UnitRegistry | None = None, units_file: str = UNITS_FILE) -> str:
    """The plan as a JSON document (UTF-8 text, one key per line, trailing newline).

    The plan's unit registry is written in the document, unless ``units`` is given: then the document
    refers to the file ``units_file``, which must hold ``units`` as :func:`units_to_json` writes it, by
    its name and sha256, and reads back with ``from_json(text, units=units)``. ``units`` must be the
    plan's own registry, or :class:`DataError` says how they differ.
    """
    data = _written(plan)
    if units is not None:
        data["units"] = _written(_reference(plan, units, units_file))
    return _dumps(data)


def _written(value: Any) -> Any:
    """``value`` as ``json.dumps`` writes it."""
    return _converter().unstructure(value)


def _reference(plan: Plan, units: UnitRegistry, file: str) -> _RegistryFile:
    if plan.units != units:
        raise DataError([f"the registry given as units= is not the plan's: {_unlike(plan.units, units)} @ $.units"])
    try:
        return _RegistryFile(file=file, sha256=_sha256(units))
    except _Invalid as exc:
        raise DataError([f"invalid value: {exc} @ $.units{exc.at}"]) from None


def _unlike(ours: UnitRegistry, given: UnitRegistry) -> str:
    """How the registry ``given`` differs from the plan's registry ``ours``, first difference first."""
    theirs = {unit.id: unit for unit in given}
    for unit in ours:
        if unit.id not in theirs:
            return f"it lacks the plan's unit {unit.id!r}"
        if theirs[unit.id] != unit:
            return f"its unit {unit.id!r} differs from the plan's"
    extra = [unit.id for unit in given if ours.by_id(unit.id) is None]
    return f"it has units the plan lacks ({', '.join(map(repr, extra))})" if extra else "its units are in another order"


def _sha256(units: UnitRegistry) -> str:
    """The sha256 of the registry's JSON: of its file, written by :func:`units_to_json`."""
    return hashlib.sha256(units_to_json(units).encode("utf-8")).hexdigest()


def units_to_json(units: UnitRegistry) -> str:
    """The registry as a JSON array of units, in registry order."""
    return _dumps(_written(units))


def from_json(text: str | bytes, *, units: UnitRegistry | None = None) -> Plan:
    """A plan from JSON written by :func:`to_json`.

    ``text`` is the document as text, or as UTF-8 bytes (a byte order mark is ignored). ``units`` is the
    registry of a document that refers to its registry's file rather than holding it (written by
    ``to_json(plan, units=...)``); a document that holds its registry is read with its own.
    Raises :class:`DataError` listing each fault with its path, e.g.
    ``expected int, got str @ $.items[3].number``.
    """
    return _plan_from_json(text, units, None)


def _plan_from_json(text: str | bytes, units: UnitRegistry | None, units_sha256: str | None) -> Plan:
    """:func:`from_json`; ``units_sha256``, where the caller has it, is the sha256 of the JSON ``units``
    was read from, which a reference is compared with (else ``units`` is written out to find it)."""
    data = _read(text, _PLAN)
    if type(data) is not dict:
        raise DataError([f"{_unexpected(data, 'a JSON object')} @ $"], source=_PLAN)
    if "units" not in data:
        return _structure(data, Plan, _PLAN)  # reports the missing key
    if type(data["units"]) is dict:
        registry = _referred(_structure(data["units"], _RegistryFile, _PLAN, "$.units"), units, units_sha256)
    else:
        registry = _structure(data["units"], UnitRegistry, _PLAN, "$.units")
    token = _units_in_scope.set(registry)
    try:
        return _structure({**data, "units": registry}, Plan, _PLAN)
    finally:
        _units_in_scope.reset(token)


def _referred(reference: _RegistryFile, units: UnitRegistry | None, units_sha256: str | None) -> UnitRegistry:
    """The registry a plan refers to: ``units``, once its JSON is the file the reference names."""
    named = f"{_shown(reference.file)} (sha256 {reference.sha256})"
    if units is None:
        problem = f"the plan's units are in {named}, which it does not hold: give that registry as units="
        raise DataError([f"{problem} @ $.units"], source=_PLAN)
    given = units_sha256 or _sha256(units)
    if given != reference.sha256:
        problem = f"the registry given as units= is not {named}, which the plan refers to: its sha256 is {given}"
        raise DataError([f"{problem} @ $.units"], source=_PLAN)
    return units


def units_from_json(text: str | bytes) -> UnitRegistry:
    """A unit registry from a JSON array of units (as ``data/units.json``); faults as :func:`from_json`'s."""
    return _structure(_read(text, _UNITS), UnitRegistry, _UNITS)


_MAX_DEPTH = 64
"""The deepest nesting reported as such: a plan's JSON nests 5 levels; the model refuses any deeper value
by its type, and nesting deeper than Python's JSON reader can follow is refused here."""


def _read(text: str | bytes, source: str) -> object:
    """The JSON value of ``text``, each thing the strict reader refuses left where it stands."""
    try:
        return _json.loads(text, refuse=lambda refused: refused, max_depth=_MAX_DEPTH, native_integers=True)
    except _json.NotJson as exc:
        raise DataError(
            [f"not JSON: {exc.reason} at line {exc.line}, column {exc.column} @ $"], source=source
        ) from None
    except (_json.NotUtf8, _json.TooDeep) as exc:  # their messages say where
        raise DataError([f"{exc} @ $"], source=source) from None


def _structure(data: object, cls: type[T], source: str, path: str = "$") -> T:
    """``data`` as ``cls``, or a :class:`DataError` naming where each fault is."""
    try:
        made = _converter().structure(data, cls)
    except _FAULTS as fault:
        raise DataError([f"{what} @ {path}{where}" for what, where in _placed(fault, "")], source=source) from None
    return made
