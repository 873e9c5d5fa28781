"""JSON round trips and the strict converter's error messages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

import govtasks
from tests import strategies


@given(strategies.plans())
def test_any_plan_survives_json(plan: govtasks.Plan) -> None:
    restored = govtasks.from_json(govtasks.to_json(plan))
    assert restored == plan
    assert restored.tasks == plan.tasks
    assert govtasks.to_json(restored) == govtasks.to_json(plan)
    for restored_item, item in zip(restored.tasks, plan.tasks, strict=True):
        assert all(a.unit is restored.units.by_id(a.unit.id) for a in restored_item.assignments)
        assert [a.unit for a in restored_item.assignments] == [a.unit for a in item.assignments]


@given(strategies.unit_registries())
def test_any_unit_registry_survives_json(registry: govtasks.UnitRegistry) -> None:
    assert govtasks.units_from_json(govtasks.units_to_json(registry)) == registry


def test_bundled_plan_survives_json(plan: govtasks.Plan) -> None:
    restored = govtasks.from_json(govtasks.to_json(plan))
    assert restored == plan
    assert restored.task(18) == plan.task(18)


def test_json_stores_enum_values_and_every_optional_field(plan: govtasks.Plan) -> None:
    data = json.loads(govtasks.to_json(plan))
    first = data["items"][0]["assignments"][0]
    assert first == {
        "unit": "development-reform",
        "role": "牵头单位",
        "position": 1,
        "group": 1,
        "printed": "市发展改革委",
        "label": "牵头单位",
        "basis": "printed",
        "convention_line": None,
    }
    assert data["layout"] == "parenthesis"
    assert data["items"][0]["kind"] == "target"
    assert data["divisions"][1]["declared"] == 268
    assert data["units"][0]["id"] == "development-reform"
    assert data["units"][0]["kind"] == "municipal_department"
    no_notice = json.loads(govtasks.to_json(govtasks.parse("\n".join(govtasks.source_text().split("\n")[21:]))))
    assert no_notice["notice"] is None
    assert no_notice["info"]["doc_number"] is None
    assert "tasks" not in data  # derived from the items, not stored twice
    assert "targets" not in data
    assert "_task_index" not in data


def bundled_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(govtasks.to_json(govtasks.load()))
    return data


def problems(data: object) -> tuple[str, ...]:
    with pytest.raises(govtasks.DataError) as caught:
        govtasks.from_json(json.dumps(data, ensure_ascii=False))
    assert isinstance(caught.value, ValueError)
    return caught.value.problems


def test_wrong_type_names_its_path() -> None:
    data = bundled_json()
    data["items"][7]["number"] = "4"
    assert problems(data) == ("expected int, got str @ $.items[7].number",)


def test_bool_is_not_an_int_and_string_is_not_a_list() -> None:
    data = bundled_json()
    data["divisions"][1]["declared"] = True
    data["items"][0]["complete"] = 1
    data["info"]["addressees"] = "各区人民政府"
    assert problems(data) == (
        "expected a JSON array, got str @ $.info.addressees",
        "expected int, got bool @ $.divisions[1].declared",
        "expected bool, got int @ $.items[0].complete",
    )


def test_unknown_role_names_its_path() -> None:
    data = bundled_json()
    data["items"][2]["assignments"][1]["role"] = "配合单位"
    data["items"][3]["assignments"][0]["basis"] = "guessed"
    assert problems(data) == (
        "invalid value for type, expected Role @ $.items[2].assignments[1].role",
        "invalid value for type, expected RoleBasis @ $.items[3].assignments[0].basis",
    )


def test_extra_and_missing_keys_are_reported() -> None:
    data = bundled_json()
    data["notice"]["signature"] = "武汉市人民政府办公厅"
    del data["residue"][1]["column"]
    assert problems(data) == (
        "extra fields found (signature) @ $.notice",
        "required field missing @ $.residue[1].column",
    )


def test_bad_date_is_reported() -> None:
    data = bundled_json()
    data["notice"]["deadlines"][0]["date"] = "2020-02-30"
    (problem,) = problems(data)
    assert problem.endswith("@ $.notice.deadlines[0].date")


def test_nested_non_object_is_reported() -> None:
    data = bundled_json()
    data["info"] = ["武政办〔2020〕1号"]
    assert problems(data) == ("expected a JSON object, got list @ $.info",)


def test_unknown_unit_id_is_reported() -> None:
    data = bundled_json()
    data["items"][20]["assignments"][0]["unit"] = "city-investment"
    assert problems(data) == (
        "unknown unit id 'city-investment': not in this document's units @ $.items[20].assignments[0].unit",
    )


def test_bad_unit_registry_is_reported_under_units() -> None:
    data = bundled_json()
    data["units"][1]["kind"] = "ministry"
    data["units"][2]["aliases"] = [
        {"name": "市发改委", "basis": "a second unit claiming the alias", "certainty": "probable"}
    ]
    assert problems(data) == ("invalid value for type, expected UnitKind @ $.units[1].kind",)
    data["units"][1]["kind"] = "municipal_department"
    assert problems(data) == (
        "invalid value: the name '市发改委' stands for both 'development-reform' and 'science-technology'"
        " @ $.units[2].aliases[0].name",
    )


def test_the_models_own_checks_are_reported_with_their_path() -> None:
    data = bundled_json()
    data["items"][4]["first_line"] = 70  # after its last line
    data["items"][5]["assignments"][0]["convention_line"] = 3  # but its role is printed, not a convention
    assert problems(data) == (
        "invalid value: item 5: last_line 33 is before first_line 70 @ $.items[4].last_line",
        "invalid value: an assignment has a convention_line exactly when its basis is 'convention'"
        " @ $.items[5].assignments[0].convention_line",
    )
    data = bundled_json()
    data["items"][1]["id"] = 7
    assert problems(data) == ("invalid value: item ids must run 1, 2, 3, … in order; item 2 has id 7 @ $.items[1].id",)


def test_not_an_object_or_not_json() -> None:
    assert problems([1, 2]) == ("expected a JSON object, got list @ $",)
    with pytest.raises(govtasks.DataError, match=r"not JSON: .* line 1, column 2 @ \$"):
        govtasks.from_json("{bad")
