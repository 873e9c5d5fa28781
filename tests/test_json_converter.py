"""The one private converter of plan JSON: a cattrs converter whose every hook is serialize's own, strict
one, and which changes nothing outside itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import cattrs
from cattrs.fns import identity

import govtasks
from govtasks import serialize
from govtasks.model import Plan
from govtasks.units import UnitRegistry

WRITTEN_AS_IS = (identity, list, dt.date.isoformat)
"""The hooks not of serialize's making that write a value: as it is, a tuple as a list, a date as ISO."""


def held() -> list[Any]:
    """Every type a plan's or a registry's JSON holds, through tuples, optional values and fields."""
    found: list[Any] = []

    def walk(type_: Any) -> None:
        if type_ in found:
            return
        found.append(type_)
        if serialize._is_optional(type_) or serialize._is_homogeneous_tuple(type_):
            walk(serialize._inner(type_))
        elif attrs.has(type_):
            for _, field_type in serialize._fields(type_):
                walk(field_type)

    for root in (Plan, UnitRegistry, serialize._RegistryFile):
        walk(root)
    return found


def test_every_type_a_plan_holds_is_read_and_written_by_serializes_own_hooks() -> None:
    """cattrs's own hooks coerce (``float("1")``, a string read as a sequence) or raise their own errors
    (``Role(value)``): a type one of them would read is a type the strict converter does not know."""
    converter = serialize._converter()
    assert isinstance(converter, cattrs.BaseConverter)
    types = held()
    assert {Plan, UnitRegistry, dt.date, str, int, bool, govtasks.Role} <= set(types)
    for type_ in types:
        structure = converter.get_structure_hook(type_)
        assert structure.__module__ == "govtasks.serialize", (type_, structure)
        unstructure = converter.get_unstructure_hook(type_)
        assert unstructure in WRITTEN_AS_IS or unstructure.__module__ == "govtasks.serialize", (type_, unstructure)


def test_reading_and_writing_leave_the_models_annotations_as_written() -> None:
    """cattrs's ``register_structure_hook`` resolves a class's annotations in place (``attrs.resolve_types``):
    the converter must not, as reading a document may change no class of the model."""
    plan = govtasks.load()
    govtasks.from_json(govtasks.to_json(plan, units=plan.units), units=plan.units)
    govtasks.units_from_json(govtasks.units_to_json(plan.units))
    classes = [type_ for type_ in held() if attrs.has(type_)]
    assert len(classes) > 10
    for cls in classes:
        assert all(isinstance(f.type, str) for f in attrs.fields(cls)), cls
