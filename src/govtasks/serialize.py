"""Plans and unit registries to and from JSON through one private, strict cattrs converter.

The converter is built by :func:`_converter` (once, on first use) and never
shared: callers go through the functions here. It rejects unknown keys,
missing keys and values of the wrong JSON type instead of coercing them, and
reports every fault with its JSON path.

A plan's JSON is self-contained: it carries its unit registry once, as a list
under ``units``, and each assignment names its unit by id.

JSON written by version 0.5.0 and earlier, whose ``info`` has one date ``published`` where it now
has ``promulgated`` (公布日期) and ``released`` (发布日期), still reads: the date goes under the name of
the one it held (:func:`_dates_named` says how that is told).

Reading is hardened against hostile documents, in time linear in their size: bytes must be
UTF-8 (a leading byte order mark is ignored, as RFC 8259 allows; UTF-16 and UTF-32, which
``json.loads`` would guess, are refused); a key twice in one object, ``NaN`` and ``Infinity``,
an integer too long to convert in linear time and nesting deeper than 64 levels are refused,
each where it stands; and whatever the model refuses (a lone surrogate in any text, a number
out of range, a list that names a unit the document lacks) is reported with its path. Every
fault is a :class:`DataError`; any other exception is a bug, and is raised as it is.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
import sys
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar, get_args, get_origin

import attrs
from cattrs import BaseConverter, ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.dispatch import StructureHook
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter, make_converter

from govtasks.errors import DataError
from govtasks.model import Assignment, DocumentInfo, Plan, Role, RoleBasis
from govtasks.units import Unit, UnitRegistry, _Invalid, _shown

T = TypeVar("T")
_units_in_scope: ContextVar[UnitRegistry | None] = ContextVar("govtasks_units_in_scope", default=None)


class _Rejected(ValueError):
    """A value the converter refuses; its message says what was expected."""


class _Refused:
    """What the JSON reader puts where a document holds something no plan may: a key twice in one
    object, NaN or Infinity, an integer too long to be a count. Every hook refuses it where it
    stands, so that the fault is reported with its path."""

    __slots__ = ("what",)

    def __init__(self, what: str) -> None:
        self.what = what


def _check_refused(value: object) -> None:
    if isinstance(value, _Refused):
        raise _Rejected(value.what)


def _exact(kind: type) -> StructureHook:
    """A hook that accepts only values of exactly ``kind`` (no bool for int, no int for str)."""

    def structure(value: object, _: object) -> object:
        if type(value) is not kind:
            _check_refused(value)
            raise _Rejected(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return structure


def _is_homogeneous_tuple(type_: Any) -> bool:
    return get_origin(type_) is tuple and get_args(type_)[1:] == (...,)


def _arrays_only(type_: Any, converter: BaseConverter) -> StructureHook:
    """Structure ``tuple[X, ...]`` from a JSON array only, never from a string or object."""
    items = homogenous_tuple_structure_factory(type_, converter)

    def structure(value: object, cl: Any) -> object:
        if type(value) is not list:
            _check_refused(value)
            raise _Rejected(f"expected a JSON array, got {type(value).__name__}")
        return items(value, cl)

    return structure


def _objects_only(structure: Callable[[Any, Any], T]) -> Callable[[Any, Any], T]:
    """A class's hook that takes a JSON object only: a list, a string or a refused value is named as such."""

    def from_object(value: object, cl: Any) -> T:
        if type(value) is not dict:
            _check_refused(value)
            raise _Rejected(f"expected a JSON object, got {type(value).__name__}")
        return structure(value, cl)

    return from_object


def _members(kind: type[enum.Enum]) -> StructureHook:
    """An enum from its value, a string: never from a number or a look-alike."""
    by_value = {member.value: member for member in kind}

    def structure(value: object, _: object) -> enum.Enum:
        member = by_value.get(value) if type(value) is str else None
        if member is None:
            _check_refused(value)
            raise _Rejected(f"invalid value for type, expected {kind.__name__}")
        return member

    return structure


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}").fullmatch


def _date(value: object, _: object) -> dt.date:
    """A date written YYYY-MM-DD, as :func:`to_json` writes it (no week dates, no times)."""
    if type(value) is not str or not _ISO_DATE(value):
        _check_refused(value)
        raise _Rejected(f"expected a date written YYYY-MM-DD, got {_shown(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _Rejected(f"{value} is not a date: {exc}") from None


def _unit_reference(value: object, _: object) -> Unit:
    """An assignment's unit, from its id, in the registry of the document being read."""
    if type(value) is not str:
        _check_refused(value)
        raise _Rejected(f"expected a unit id (str), got {type(value).__name__}")
    registry = _units_in_scope.get()
    unit = registry.by_id(value) if registry is not None else None
    if unit is None:
        raise _Rejected(f"unknown unit id {_shown(value)}: not in this document's units")
    return unit


_ASSIGNMENT_KEYS = frozenset(a.name for a in attrs.fields(Assignment))
_ROLES = {role.value: role for role in Role}
_BASES = {basis.value: basis for basis in RoleBasis}


def _plain_assignment(value: object, _: object) -> Assignment:
    """The plain converter's Assignment hook: plans hold more assignments than anything else, so this
    is most of the cost of :func:`from_json`. The model checks every value; a fault of any kind sends
    the document to the detailed converter, which says where it is."""
    if type(value) is not dict or value.keys() != _ASSIGNMENT_KEYS:
        raise _Rejected("not an assignment")
    role, basis = value["role"], value["basis"]
    return Assignment(
        unit=_unit_reference(value["unit"], None), role=_ROLES.get(role) if type(role) is str else None,  # type: ignore[arg-type]
        position=value["position"], group=value["group"], printed=value["printed"], label=value["label"],
        basis=_BASES.get(basis) if type(basis) is str else None, convention_line=value["convention_line"],  # type: ignore[arg-type]
    )  # fmt: skip


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
            _date(published, None)
        except _Rejected as exc:
            raise _Invalid(str(exc), ".published") from None
    from_block = any(value.get(key) is not None for key in _FROM_THE_ATTRIBUTE_BLOCK)
    named = {key: item for key, item in value.items() if key != "published"}
    return {**named, "promulgated": published if from_block else None, "released": None if from_block else published}


@functools.cache
def _converter(detailed: bool = True) -> JsonConverter:
    """The converter; ``detailed`` adds the bookkeeping that names the path of every fault. Both accept
    and refuse the same documents; the plain one, smaller to build and quicker to run, reads first."""
    converter = make_converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(int, _exact(int))
    converter.register_structure_hook(bool, _exact(bool))  # after int: bool subclasses it
    converter.register_structure_hook(str, _exact(str))
    converter.register_structure_hook(dt.date, _date)
    converter.register_structure_hook_factory(lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _members)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _arrays_only)
    converter.register_structure_hook_factory(
        attrs.has, lambda cl: _objects_only(make_dict_structure_fn(cl, converter, _cattrs_forbid_extra_keys=True))
    )
    units = converter.get_structure_hook(tuple[Unit, ...])

    def structure_registry(value: object, _: object) -> UnitRegistry:
        if isinstance(value, UnitRegistry):  # read ahead by _plan_from_json, so assignments share its units
            return value
        try:
            return UnitRegistry(units=units(value, tuple[Unit, ...]))
        except _Invalid as exc:  # placed in the registry's field ``units``; in JSON, that is the array itself
            exc.at = exc.at.removeprefix(".units")
            raise

    converter.register_structure_hook(UnitRegistry, structure_registry)
    info = converter.get_structure_hook(DocumentInfo)
    converter.register_structure_hook(DocumentInfo, lambda value, cl: info(_dates_named(value), cl))
    converter.register_unstructure_hook(UnitRegistry, lambda registry: converter.unstructure(registry.units))
    converter.register_unstructure_hook(
        Assignment, make_dict_unstructure_fn(Assignment, converter, unit=override(unstruct_hook=lambda u: u.id))
    )
    converter.register_structure_hook(
        Assignment,
        _objects_only(
            make_dict_structure_fn(
                Assignment, converter, unit=override(struct_hook=_unit_reference), _cattrs_forbid_extra_keys=True
            )
        )
        if detailed
        else _plain_assignment,
    )
    return converter


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def to_json(plan: Plan) -> str:
    """The plan as a JSON document (UTF-8 text, one key per line, trailing newline)."""
    return _dumps(_converter().unstructure(plan))


def units_to_json(units: UnitRegistry) -> str:
    """The registry as a JSON array of units, in registry order."""
    return _dumps(_converter().unstructure(units))


def from_json(text: str | bytes) -> Plan:
    """A plan from JSON written by :func:`to_json`.

    ``text`` is the document as text, or as UTF-8 bytes (a byte order mark is ignored).
    Raises :class:`DataError` listing each fault with its path, e.g.
    ``expected int, got str @ $.items[3].number``.
    """
    return _plan_from_json(text)


_PLAN = "plan JSON"
_UNITS = "unit JSON"


def _plan_from_json(text: str | bytes) -> Plan:
    data = _parse_json(text, _PLAN)
    if type(data) is not dict:
        what = data.what if isinstance(data, _Refused) else f"expected a JSON object, got {type(data).__name__}"
        raise DataError([f"{what} @ $"], source=_PLAN)
    if "units" not in data:
        return _structure(data, Plan, _PLAN)  # reports the missing key
    registry = _structure(data["units"], UnitRegistry, _PLAN, "$.units")
    token = _units_in_scope.set(registry)
    try:
        return _structure({**data, "units": registry}, Plan, _PLAN)
    finally:
        _units_in_scope.reset(token)


def units_from_json(text: str | bytes) -> UnitRegistry:
    """A unit registry from a JSON array of units (as ``data/units.json``); faults as :func:`from_json`'s."""
    return _structure(_parse_json(text, _UNITS), UnitRegistry, _UNITS)


_MAX_DIGITS = 20
"""The longest integer read: 19 digits and a sign hold any int64; the model's bounds are far lower."""
_MAX_DEPTH = 64
"""The deepest nesting reported as such: a plan's JSON nests 5 levels; the model refuses any deeper value
by its type, and nesting deeper than Python's JSON reader can follow is refused here."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any] | _Refused:
    """A JSON object, or a refusal where a key appears twice (``json.loads`` would keep the last)."""
    value = dict(pairs)
    if len(value) == len(pairs):
        return value
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return _Refused(f"the key {_shown(key)} appears twice in one object")
        seen.add(key)
    raise AssertionError("a key repeats")  # pragma: no cover


def _integer(digits: str) -> int | _Refused:
    """An integer, unless it is too long to be a count (and slow to convert: Python's is quadratic)."""
    if len(digits) <= _MAX_DIGITS:
        return int(digits)
    return _Refused(f"an integer of {len(digits.lstrip('-'))} digits is out of range")


def _bounded_integers() -> dict[str, Any]:
    """``parse_int=_integer`` unless Python itself bounds the digits it converts (4300 by default,
    ``sys.get_int_max_str_digits``), which keeps reading linear without the cost of a call per number:
    a longer integer is then a ValueError, and the document is read again with the hook."""
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    return {} if 0 < limit <= _INT_LIMIT else {"parse_int": _integer}


_INT_LIMIT = 4300
"""Python's default bound on the digits int() converts; a larger one (or none) is not trusted."""


def _constant(name: str) -> _Refused:
    return _Refused(f"{name} is not a JSON number")


def _parse_json(text: str | bytes, source: str) -> object:
    if isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = data.count(b"\n", 0, exc.start) + 1, exc.start - data.rfind(b"\n", 0, exc.start)
            raise DataError(
                [f"not UTF-8: {exc.reason} at byte {exc.start} (line {line}, column {column} in bytes) @ $"],
                source=source,
            ) from None
    elif not isinstance(text, str):
        raise TypeError(f"expected JSON as str or bytes, not {type(text).__name__}")
    text = text.removeprefix("\ufeff")
    hooks: dict[str, Any] = {"object_pairs_hook": _object, "parse_constant": _constant}
    try:
        try:
            return json.loads(text, **hooks, **_bounded_integers())
        except ValueError as exc:
            if isinstance(exc, json.JSONDecodeError):
                raise
            # An integer longer than Python converts: read again, refusing each such integer where it stands.
            return json.loads(text, **hooks, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise DataError([f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno} @ $"], source=source) from None
    except RecursionError:
        where = _too_deep(text)
        if where is None:  # the caller's own stack was all but full: not the document's fault
            raise
        line, column = where
        raise DataError(
            [f"nested more than {_MAX_DEPTH} levels deep at line {line}, column {column} @ $"], source=source
        ) from None


_SKELETON = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
"""A string (skipped whole, to the end of the text if it is never closed) or a bracket: what nesting
is made of. Each character is read once, so the scan is linear even in a document built to defeat it."""


def _too_deep(text: str) -> tuple[int, int] | None:
    """The (line, column) where ``text`` first nests deeper than :data:`_MAX_DEPTH`, if it does.

    Run only when the reader gave up, so its cost (one pass) is paid by deep documents alone."""
    depth = 0
    for token in _SKELETON.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > _MAX_DEPTH:
                offset = token.start()
                return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
        elif bracket in ("]", "}"):
            depth -= 1
    return None


_FAULTS = (_Rejected, _Invalid, KeyError, ForbiddenExtraKeysError)
"""What a document's faults raise: a hook's refusal, the model's, a missing key, an extra key. Any
other exception is a bug, and is raised as it is, never reported as a fault of the document."""


def _structure(data: object, cls: type[T], source: str, path: str = "$") -> T:
    """``data`` as ``cls``, or a :class:`DataError` naming where each fault is: the plain converter
    reads; where it finds a fault, the detailed one reads again to say where every fault is."""
    try:
        return _converter(detailed=False).structure(data, cls)
    except _FAULTS:
        pass
    try:
        return _converter().structure(data, cls)
    except (ClassValidationError, IterableValidationError, _Rejected, _Invalid) as exc:
        raise DataError(_problems(exc, path), source=source) from None


def _problems(exc: BaseException, path: str) -> list[str]:
    """Each fault as ``what @ path``; cattrs' ``transform_error``, but a fault the model finds in an
    object is placed at the field it names, and a registry's own fields at the array it is read from."""
    nested: list[tuple[BaseException, str]] = []
    if isinstance(exc, IterableValidationError):
        with_index, without = exc.group_exceptions()
        nested = [(inner, f"{path}[{note.index!r}]") for inner, note in with_index]
    elif isinstance(exc, ClassValidationError):
        with_name, without = exc.group_exceptions()
        nested = [(inner, f"{path}.{note.name}") for inner, note in with_name]
    else:
        return [_describe(exc, path)]
    problems = []
    for inner, where in nested:
        if isinstance(inner, KeyError):  # a field's own fault: cattrs found no such key
            problems.append(f"required field missing @ {where}")
        else:
            problems += _problems(inner, where)
    return problems + [problem for inner in without for problem in _problems(inner, path)]


def _describe(exc: BaseException, path: str) -> str:
    """A fault as ``what @ path``; an exception that is no fault of the document (a bug) is raised."""
    if isinstance(exc, _Invalid):
        return f"invalid value: {exc} @ {path}{exc.at}"
    if isinstance(exc, _Rejected):
        return f"{exc} @ {path}"
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"extra fields found ({', '.join(sorted(map(_key, exc.extra_fields)))}) @ {path}"
    raise exc


def _key(key: str) -> str:
    return key if key.isprintable() and len(key) <= 40 else _shown(key)
