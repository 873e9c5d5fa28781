"""A plan's JSON that refers to its unit registry's file instead of holding it (issue 17, req. 5)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import attrs
import pytest
from hypothesis import given

import govtasks
from govtasks import bundled
from govtasks.units import unregistered
from tests import strategies


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def referring(plan: govtasks.Plan) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(govtasks.to_json(plan, units=plan.units))
    return data


def problems(data: object, units: govtasks.UnitRegistry | None) -> tuple[str, ...]:
    with pytest.raises(govtasks.DataError) as caught:
        govtasks.from_json(json.dumps(data, ensure_ascii=False), units=units)
    assert caught.value.source == "plan JSON"
    return caught.value.problems


@given(strategies.plans())
def test_any_plan_survives_json_that_refers_to_its_registry(plan: govtasks.Plan) -> None:
    text = govtasks.to_json(plan, units=plan.units)
    assert json.loads(text)["units"] == {"file": "units.json", "sha256": sha256(govtasks.units_to_json(plan.units))}
    restored = govtasks.from_json(text, units=plan.units)
    assert restored == plan
    assert restored.units is plan.units
    assert govtasks.to_json(restored, units=plan.units) == text
    assert govtasks.to_json(restored) == govtasks.to_json(plan)


def test_the_reference_names_the_file_and_holds_nothing_else(plan: govtasks.Plan) -> None:
    embedded, referred = json.loads(govtasks.to_json(plan)), referring(plan)
    assert referred.keys() == embedded.keys()
    assert list(referred) == list(embedded)  # the same place in the document
    assert {key: value for key, value in referred.items() if key != "units"} == {
        key: value for key, value in embedded.items() if key != "units"
    }
    text = govtasks.to_json(plan, units=plan.units, units_file="wuhan-units.json")
    assert json.loads(text)["units"]["file"] == "wuhan-units.json"
    assert govtasks.from_json(text, units=plan.units) == plan


def test_a_document_that_holds_its_registry_reads_its_own(plan: govtasks.Plan) -> None:
    other = govtasks.UnitRegistry(units=plan.units.units[:3])
    restored = govtasks.from_json(govtasks.to_json(plan), units=other)
    assert restored == plan
    assert restored.units == plan.units


def test_a_reference_without_its_registry_is_refused(plan: govtasks.Plan) -> None:
    digest = sha256(govtasks.units_to_json(plan.units))
    assert problems(referring(plan), None) == (
        f"the plan's units are in 'units.json' (sha256 {digest}), which it does not hold:"
        " give that registry as units= @ $.units",
    )


def test_a_reference_to_another_registry_is_refused(plan: govtasks.Plan) -> None:
    digest = sha256(govtasks.units_to_json(plan.units))
    changed = attrs.evolve(plan.units.units[0], kind_basis="edited")
    other = govtasks.UnitRegistry(units=(changed, *plan.units.units[1:]))
    assert problems(referring(plan), other) == (
        f"the registry given as units= is not 'units.json' (sha256 {digest}), which the plan refers to:"
        f" its sha256 is {sha256(govtasks.units_to_json(other))} @ $.units",
    )


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ({"file": "units.json"}, ("required field missing @ $.units.sha256",)),
        ({"file": "units.json", "sha256": "0" * 64, "size": 1}, ("extra fields found (size) @ $.units",)),
        ({"file": "", "sha256": "0" * 64}, ("invalid value: file must not be empty @ $.units.file",)),
        ({"file": 1, "sha256": "0" * 64}, ("expected str, got int @ $.units.file",)),
        (
            {"file": "units.json", "sha256": "A" * 40},
            (f"invalid value: sha256 must be 64 lowercase hex digits, not {'A' * 40!r} @ $.units.sha256",),
        ),
        ({}, ("required field missing @ $.units.file", "required field missing @ $.units.sha256")),
    ],
)
def test_a_malformed_reference_is_refused_where_it_stands(
    plan: govtasks.Plan, reference: dict[str, Any], expected: tuple[str, ...]
) -> None:
    data = referring(plan)
    data["units"] = reference
    assert problems(data, plan.units) == expected
    assert problems(data, None) == expected  # what the reference is, before whether it is given


def test_a_reference_is_read_as_strictly_as_the_rest() -> None:
    text = govtasks.to_json(govtasks.load(), units=govtasks.load_units())
    twice = text.replace('"file": "units.json",', '"file": "units.json", "file": "units.json",', 1)
    with pytest.raises(govtasks.DataError) as caught:
        govtasks.from_json(twice, units=govtasks.load_units())
    assert caught.value.problems == ("the key 'file' appears twice in one object @ $.units",)


def test_writing_a_reference_to_a_registry_that_is_not_the_plans_is_refused(plan: govtasks.Plan) -> None:
    def refused(units: govtasks.UnitRegistry, of: govtasks.Plan = plan) -> str:
        with pytest.raises(govtasks.DataError) as caught:
            govtasks.to_json(of, units=units)
        (problem,) = caught.value.problems
        return problem

    units = plan.units.units
    assert refused(govtasks.UnitRegistry(units=units[1:])) == (
        f"the registry given as units= is not the plan's: it lacks the plan's unit {units[0].id!r} @ $.units"
    )
    changed = govtasks.UnitRegistry(units=(attrs.evolve(units[0], kind_basis="edited"), *units[1:]))
    assert refused(changed) == (
        f"the registry given as units= is not the plan's: its unit {units[0].id!r} differs from the plan's @ $.units"
    )
    stand_in = unregistered("市新设局")
    larger = govtasks.UnitRegistry(units=(*units, stand_in))
    assert refused(larger) == (
        f"the registry given as units= is not the plan's: it has units the plan lacks ({stand_in.id!r}) @ $.units"
    )
    reordered = govtasks.UnitRegistry(units=(*units[1:], units[0]))
    assert (
        refused(reordered) == "the registry given as units= is not the plan's: its units are in another order @ $.units"
    )
    with pytest.raises(govtasks.DataError, match=r"file must not be empty @ \$\.units\.file"):
        govtasks.to_json(plan, units=plan.units, units_file="")


def test_a_plan_whose_text_names_an_unregistered_unit_cannot_refer_to_the_registry() -> None:
    text = "一、任务\n1. 做事(牵头单位:市新设局)\n"
    plan = govtasks.parse(text, govtasks.load_units())
    with pytest.raises(
        govtasks.DataError, match=r"it has units the plan lacks|it lacks the plan's unit 'unregistered-"
    ):
        govtasks.to_json(plan, units=govtasks.load_units())
    assert govtasks.from_json(govtasks.to_json(plan)) == plan  # it carries its registry instead


# -- the bundled plan


def test_the_bundled_plan_refers_to_the_bundled_registry() -> None:
    shipped = bundled.data_file(bundled.PLAN_FILE).read_bytes()
    units = bundled.data_file(bundled.UNITS_FILE).read_bytes()
    data = json.loads(shipped)
    assert data["units"] == {"file": bundled.UNITS_FILE, "sha256": hashlib.sha256(units).hexdigest()}
    manifest = bundled.data_file(bundled.MANIFEST_FILE).read_text(encoding="utf-8")
    assert f"{data['units']['sha256']}  {bundled.UNITS_FILE}\n" in manifest
    assert len(shipped) < len(units)  # the plan, not a second copy of the registry
    plan = govtasks.load()
    assert plan.units is govtasks.load_units()
    assert govtasks.from_json(shipped, units=govtasks.load_units()) == plan
    with pytest.raises(govtasks.DataError, match=r"which it does not hold: give that registry as units= @ \$\.units"):
        govtasks.from_json(shipped)
