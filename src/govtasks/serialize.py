"""Plans and unit registries to and from JSON through one private, strict cattrs converter.

The converter is built by :func:`_converter` (once, on first use) and never
shared: callers go through the functions here. It rejects unknown keys,
missing keys and values of the wrong JSON type instead of coercing them, and
reports every fault with its JSON path.

A plan's JSON is self-contained: it carries its unit registry once, as a list
under ``units``, and each assignment names its unit by id.
"""

from __future__ import annotations

import functools
import json
from contextvars import ContextVar
from typing import Any, TypeVar, get_args, get_origin

import attrs
from cattrs import BaseConverter, ClassValidationError, IterableValidationError, transform_error
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.dispatch import StructureHook
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter, make_converter
from cattrs.v import format_exception

from govtasks._collector import collector_paused
from govtasks.errors import DataError
from govtasks.model import Assignment, Plan, Role, RoleBasis
from govtasks.units import Unit, UnitRegistry

T = TypeVar("T")
_units_in_scope: ContextVar[UnitRegistry | None] = ContextVar("govtasks_units_in_scope", default=None)


class _Rejected(ValueError):
    """A value the converter refuses; its message says what was expected."""


def _exact(kind: type) -> StructureHook:
    """A hook that accepts only values of exactly ``kind`` (no bool for int, no int for str)."""

    def structure(value: object, _: object) -> object:
        if type(value) is not kind:
            raise _Rejected(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return structure


def _is_homogeneous_tuple(type_: Any) -> bool:
    return get_origin(type_) is tuple and get_args(type_)[1:] == (...,)


def _arrays_only(type_: Any, converter: BaseConverter) -> StructureHook:
    """Structure ``tuple[X, ...]`` from a JSON array only, never from a string or object."""
    items = homogenous_tuple_structure_factory(type_, converter)

    def structure(value: object, cl: Any) -> object:
        if not isinstance(value, list):
            raise _Rejected(f"expected a JSON array, got {type(value).__name__}")
        return items(value, cl)

    return structure


def _unit_reference(value: object, _: object) -> Unit:
    """An assignment's unit, from its id, in the registry of the document being read."""
    if type(value) is not str:
        raise _Rejected(f"expected a unit id (str), got {type(value).__name__}")
    registry = _units_in_scope.get()
    unit = registry.by_id(value) if registry is not None else None
    if unit is None:
        raise _Rejected(f"unknown unit id {value!r}: not in this document's units")
    return unit


_ASSIGNMENT_KEYS = frozenset(a.name for a in attrs.fields(Assignment))
_ROLES = {role.value: role for role in Role}
_BASES = {basis.value: basis for basis in RoleBasis}


def _fast_assignment(value: object, _: object) -> Assignment:
    """The fast converter's Assignment hook: the checks of the detailed one, without its bookkeeping.

    Plans hold more assignments than anything else, so this hook is most of the
    cost of :func:`from_json`; any fault sends the document to the detailed converter.
    """
    if type(value) is not dict or value.keys() != _ASSIGNMENT_KEYS:
        raise _Rejected("not an assignment")
    position, group, printed = value["position"], value["group"], value["printed"]
    label, line = value["label"], value["convention_line"]
    if (
        type(position) is not int
        or type(group) is not int
        or type(printed) is not str
        or (label is not None and type(label) is not str)
        or (line is not None and type(line) is not int)
    ):
        raise _Rejected("not an assignment")
    return Assignment(
        unit=_unit_reference(value["unit"], None), role=_ROLES[value["role"]], position=position, group=group,
        printed=printed, label=label, basis=_BASES[value["basis"]], convention_line=line,
    )  # fmt: skip


@functools.cache
def _converter(detailed: bool = True) -> JsonConverter:
    """The converter; ``detailed`` adds the bookkeeping that names the path of every fault."""
    converter = make_converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(int, _exact(int))
    converter.register_structure_hook(bool, _exact(bool))  # after int: bool subclasses it
    converter.register_structure_hook(str, _exact(str))
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _arrays_only)
    units = converter.get_structure_hook(tuple[Unit, ...])

    def structure_registry(value: object, _: object) -> UnitRegistry:
        if isinstance(value, UnitRegistry):  # read ahead by _read, so assignments share its units
            return value
        try:
            return UnitRegistry(units=units(value, tuple[Unit, ...]))
        except ValueError as exc:
            raise _Rejected(str(exc)) from None

    converter.register_structure_hook(UnitRegistry, structure_registry)
    converter.register_unstructure_hook(UnitRegistry, lambda registry: converter.unstructure(registry.units))
    converter.register_unstructure_hook(
        Assignment, make_dict_unstructure_fn(Assignment, converter, unit=override(unstruct_hook=lambda u: u.id))
    )
    converter.register_structure_hook(
        Assignment,
        make_dict_structure_fn(
            Assignment, converter, unit=override(struct_hook=_unit_reference), _cattrs_forbid_extra_keys=True
        )
        if detailed
        else _fast_assignment,
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

    Raises :class:`DataError` listing each fault with its path, e.g.
    ``expected int, got str @ $.items[3].number``.
    """
    with collector_paused():
        return _plan_from_json(text)


def _plan_from_json(text: str | bytes) -> Plan:
    data = _parse_json(text)
    if not isinstance(data, dict):
        raise DataError([f"expected a JSON object, got {type(data).__name__} @ $"])
    if "units" not in data:
        return _structure(data, Plan)  # reports the missing key
    registry = _structure(data["units"], UnitRegistry, "$.units")
    token = _units_in_scope.set(registry)
    try:
        return _structure({**data, "units": registry}, Plan)
    finally:
        _units_in_scope.reset(token)


def units_from_json(text: str | bytes) -> UnitRegistry:
    """A unit registry from a JSON array of units (as ``data/units.json``)."""
    return _structure(_parse_json(text), UnitRegistry)


def _parse_json(text: str | bytes) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError([f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno} @ $"]) from None


def _structure(data: object, cls: type[T], path: str = "$") -> T:
    """``data`` as ``cls``: first by the fast converter; on any fault, again by the detailed one,
    which accepts and refuses exactly the same documents but says where each fault is."""
    try:
        return _converter(detailed=False).structure(data, cls)
    except Exception:
        pass
    try:
        return _converter().structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        raise DataError(transform_error(exc, path, format_exception=_describe)) from None
    except _Rejected as exc:
        raise DataError([f"{exc} @ {path}"]) from None


def _describe(exc: BaseException, type_: type | None) -> str:
    """cattrs' wording, but saying what was expected where cattrs would not."""
    if isinstance(exc, _Rejected):
        return str(exc)
    if isinstance(exc, AttributeError) and str(exc).endswith("has no attribute 'keys'"):
        return "expected a JSON object"
    if isinstance(exc, ValueError) and type_ is None:  # the model's own check of a whole object
        return f"invalid value: {exc}"
    return format_exception(exc, type_)
