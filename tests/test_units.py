"""The unit registry: every printed name resolves, every added fact has a basis,
lookups accept every form of a name, and collectives expand as their qualifiers say."""

from __future__ import annotations

import json
import re

import pytest

import govtasks
from govtasks import Certainty, NameStatus, Unit, UnitKind, UnitRegistry
from govtasks.units import Alias, Membership
from tests.conftest import edit_line

DISTRICTS = ("江岸", "江汉", "硚口", "汉阳", "武昌", "青山", "洪山", "东西湖", "汉南", "蔡甸", "江夏", "黄陂", "新洲")
CENTRAL = DISTRICTS[:7]
DEVELOPMENT_ZONES = ("east-lake-high-tech-zone", "economic-development-zone", "airport-economic-zone")
SCENIC_AREA = "east-lake-scenic-area"


@pytest.fixture(scope="module")
def units(plan: govtasks.Plan) -> UnitRegistry:
    return plan.units


def printed_names(plan: govtasks.Plan) -> list[str]:
    seen = dict.fromkeys(a.printed for item in (*plan.targets, *plan.tasks) for a in item.assignments)
    return list(seen)


def test_plan_names_37_distinct_units_and_each_is_registered(plan: govtasks.Plan, units: UnitRegistry) -> None:
    printed = printed_names(plan)
    assert len(printed) == 37
    for item in (*plan.targets, *plan.tasks):
        for assignment in item.assignments:
            assert assignment.unit.kind is not UnitKind.UNREGISTERED, assignment.printed
            assert assignment.unit is units.lookup(assignment.printed)
            assert assignment.unit.name == assignment.printed


def test_bundled_plan_uses_the_bundled_registry(plan: govtasks.Plan) -> None:
    assert plan.units == govtasks.load_units()
    assert govtasks.load_units() is govtasks.load_units()


def test_every_unit_of_the_plan_has_a_kind_and_a_full_name(plan: govtasks.Plan) -> None:
    for item in (*plan.targets, *plan.tasks):
        for unit in item.units():
            assert unit.full_name, unit.id
            assert unit.full_name_basis, unit.id
            assert unit.full_name_certainty is not None, unit.id


def test_the_notice_offices_and_the_issuer_are_registered(units: UnitRegistry) -> None:
    assert units.lookup("市人民政府督查室").kind is UnitKind.MUNICIPAL_OFFICE
    assert units.lookup("市绩效考评办").full_name_certainty is Certainty.UNCERTAIN
    assert units.lookup("武汉市人民政府办公厅").name == "市人民政府办公厅"


def test_the_done_when_of_the_units_issue(units: UnitRegistry) -> None:
    assert units.lookup("武汉市发展和改革委员会") is units.lookup("市发展改革委")


@pytest.mark.parametrize(
    ("printed", "kind", "parent"),
    [
        ("市发展改革委", UnitKind.MUNICIPAL_DEPARTMENT, None),
        ("市公安局交通管理局", UnitKind.DEPARTMENT_SUBUNIT, "市公安局"),
        ("市气象局", UnitKind.VERTICAL_AGENCY, None),
        ("市供销合作总社", UnitKind.MUNICIPAL_INSTITUTION, None),
        ("市城投公司", UnitKind.MUNICIPAL_SOE, None),
        ("武汉航发集团", UnitKind.MUNICIPAL_SOE, None),
        ("武汉金融控股集团", UnitKind.MUNICIPAL_SOE, None),
        ("湖北机场集团", UnitKind.PROVINCIAL_SOE, None),
        ("武汉新港管委会", UnitKind.ZONE_COMMITTEE, None),
        ("汉阳区人民政府", UnitKind.DISTRICT_GOVERNMENT, None),
        ("各开发区管委会", UnitKind.COLLECTIVE, None),
    ],
)
def test_kinds_and_parents(units: UnitRegistry, printed: str, kind: UnitKind, parent: str | None) -> None:
    unit = units.lookup(printed)
    assert unit.kind is kind
    parent_unit = units.parent(unit)
    assert (parent_unit.name if parent_unit else None) == parent


def test_ids_are_ascii_slugs_and_unique(units: UnitRegistry) -> None:
    ids = [unit.id for unit in units]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", unit_id) for unit_id in ids)


def test_every_name_stands_for_one_unit(units: UnitRegistry) -> None:
    owners: dict[str, str] = {}
    for unit in units:
        for name in (unit.id, unit.name, unit.full_name, unit.name_en, *(a.name for a in unit.aliases)):
            if name:
                key = govtasks.units.lookup_key(name)
                assert owners.setdefault(key, unit.id) == unit.id, f"{name!r}: {owners[key]} and {unit.id}"


def test_every_added_fact_has_its_basis(units: UnitRegistry) -> None:
    for unit in units:
        assert (unit.full_name is None) == (unit.full_name_basis is None) == (unit.full_name_certainty is None)
        assert (unit.name_en is None) == (unit.name_en_status is None) == (unit.name_en_basis is None)
        assert all(alias.basis.strip() for alias in unit.aliases), unit.id
        assert all(m.basis.strip() and m.certainty for m in unit.members), unit.id
        assert bool(unit.members) == (unit.kind is UnitKind.COLLECTIVE), unit.id


def test_no_project_translation_is_called_official(units: UnitRegistry) -> None:
    for unit in units:
        if unit.name_en_status is NameStatus.OFFICIAL:
            assert "http" in (unit.name_en_basis or ""), unit.id
        if unit.full_name_certainty is Certainty.CONFIRMED:
            assert "http" in (unit.full_name_basis or "") or "the document itself" in (unit.full_name_basis or "")


def test_the_13_districts_and_the_7_central_ones(units: UnitRegistry) -> None:
    districts = [u for u in units if u.kind is UnitKind.DISTRICT_GOVERNMENT]
    assert sorted(u.name for u in districts) == sorted(f"{d}区人民政府" for d in DISTRICTS)
    assert all(u.full_name == f"武汉市{u.name}" for u in districts)
    central = units.members("各中心城区人民政府")
    assert [u.name for u in central] == [f"{d}区人民政府" for d in CENTRAL]


def member_ids(units: UnitRegistry, collective: str) -> list[str]:
    return [unit.id for unit in units.members(collective)]


def test_the_two_qualifiers_differ_by_the_scenic_area(units: UnitRegistry) -> None:
    narrow = member_ids(units, "各区人民政府〈含开发区管委会〉")
    wide = member_ids(units, "各区人民政府〈含开发区、风景区管委会〉")
    assert wide == [*narrow, SCENIC_AREA]
    assert narrow[:13] == [units.lookup(f"{d}区人民政府").id for d in DISTRICTS]
    assert narrow[13:] == list(DEVELOPMENT_ZONES)
    assert member_ids(units, "各开发区管委会") == list(DEVELOPMENT_ZONES)
    assert SCENIC_AREA not in member_ids(units, "各开发区管委会")


def test_uncertain_memberships_say_so(units: UnitRegistry) -> None:
    zones = units.lookup("各开发区管委会").members
    assert {m.certainty for m in zones} == {Certainty.PROBABLE}
    assert all("no 2020 document" in m.basis for m in zones)
    districts = units.lookup("各区人民政府〈含开发区管委会〉").members[:13]
    assert {m.certainty for m in districts} == {Certainty.CONFIRMED}


def test_scenic_area_shares_targets_two_to_four_but_not_target_one(plan: govtasks.Plan, units: UnitRegistry) -> None:
    scenic = units.lookup(SCENIC_AREA)
    through = set(units.collectives_containing(scenic))
    shared = [t.number for t in plan.targets if through.intersection(t.units())]
    assert shared == [2, 3, 4]
    district = units.lookup("江岸区人民政府")
    through_district = set(units.collectives_containing(district))
    assert [t.number for t in plan.targets if through_district.intersection(t.units())] == [1, 2, 3, 4]


def test_collectives_containing_a_central_district(units: UnitRegistry) -> None:
    names = [u.name for u in units.collectives_containing("汉阳区人民政府")]
    assert names == ["各区人民政府〈含开发区管委会〉", "各区人民政府〈含开发区、风景区管委会〉", "各中心城区人民政府"]
    assert units.collectives_containing("市发展改革委") == ()
    assert units.members("市发展改革委") == ()


@pytest.mark.parametrize(
    "form",
    [
        "development-reform",
        "市发展改革委",
        "武汉市发展和改革委员会",
        "Wuhan Municipal Development and Reform Commission",
        "wuhan municipal development and REFORM commission",
        "市发改委",
        " 市发展\n改革委 ",
        "市发展\u3000改革委",
        "ｄｅｖｅｌｏｐｍｅｎｔ－ｒｅｆｏｒｍ",
    ],
)
def test_every_lookup_form_finds_the_unit(units: UnitRegistry, form: str) -> None:
    assert units.lookup(form).id == "development-reform"
    assert units.get(form) is units.lookup(form)


def test_qualifier_brackets_of_any_width_find_the_collective(units: UnitRegistry) -> None:
    for form in (
        "各区人民政府(含开发区、风景区管委会)",
        "各区人民政府（含开发区、风景区管委会）",
        "各区人民政府<含开发区、风景区管委会>",
    ):
        assert units.lookup(form).id == "districts-with-development-zones-and-scenic-area"
    assert units.lookup("各区人民政府(含开发区管委会)").id == "districts-with-development-zones"


def test_every_unit_answers_to_each_of_its_names(units: UnitRegistry) -> None:
    for unit in units:
        for name in (unit.id, unit.name, unit.full_name, unit.name_en, *(a.name for a in unit.aliases)):
            if name:
                assert units.lookup(name) is unit


def test_get_returns_the_default_and_lookup_raises_with_suggestions(units: UnitRegistry) -> None:
    assert units.get("市发改局") is None
    fallback = units.lookup("市商务局")
    assert units.get("市发改局", fallback) is fallback
    with pytest.raises(govtasks.UnitNotFound) as caught:
        units.lookup("市发改局")
    error = caught.value
    assert isinstance(error, LookupError)
    assert error.query == "市发改局"
    assert error.suggestions[0] == "市发展改革委"
    assert "did you mean 市发展改革委" in str(error)
    with pytest.raises(govtasks.UnitNotFound) as nothing_close:
        units.lookup("completely unrelated")
    assert nothing_close.value.suggestions == ()


def test_units_from_another_registry_are_not_found(units: UnitRegistry) -> None:
    stranger = govtasks.units.unregistered("市某某局")
    assert stranger not in units
    assert units.get(stranger) is None
    assert units.lookup(units.units[0]) is units.units[0]


def test_iteration_is_in_file_order(units: UnitRegistry) -> None:
    on_file = json.loads(govtasks.units_to_json(govtasks.load_units()))
    assert [unit.id for unit in units] == [entry["id"] for entry in on_file]
    assert list(units) == list(units.units)
    assert len(units) == len(on_file)


def unit(unit_id: str, name: str, **changes: object) -> Unit:
    fields: dict[str, object] = {
        "id": unit_id, "name": name, "full_name": None, "full_name_basis": None, "full_name_certainty": None,
        "name_en": None, "name_en_status": None, "name_en_basis": None, "kind": UnitKind.MUNICIPAL_DEPARTMENT,
        "parent": None, "aliases": (), "members": (), "note": None, "kind_basis": "rule: test",
        "kind_certainty": Certainty.PROBABLE, "parent_basis": None, "parent_certainty": None, "relations": (),
        "note_certainty": None,
    }  # fmt: skip
    fields.update(changes)
    return Unit(**fields)  # type: ignore[arg-type]


def test_a_registry_refuses_ambiguous_names_and_dangling_ids() -> None:
    with pytest.raises(ValueError, match="stands for both"):
        UnitRegistry(
            units=(
                unit("a", "市甲局"),
                unit("b", "市乙局", aliases=(Alias(name="市甲局", basis="x", certainty=Certainty.PROBABLE),)),
            )
        )
    with pytest.raises(ValueError, match="member 'c'"):
        UnitRegistry(
            units=(unit("a", "各甲", members=(Membership(unit="c", basis="x", certainty=Certainty.PROBABLE),)),)
        )
    with pytest.raises(ValueError, match="parent 'c'"):
        UnitRegistry(units=(unit("a", "市甲局", parent="c", parent_basis="x", parent_certainty=Certainty.PROBABLE),))


def test_unknown_printed_names_become_stable_stand_ins(source: str) -> None:
    text = edit_line(source, 59, "责任单位:市交通运输局", "责任单位:市交通运输局、市港航局")
    plan = govtasks.parse(text)
    stand_in = plan.task(20).responsible[-1]
    assert stand_in.kind is UnitKind.UNREGISTERED
    assert stand_in.name == "市港航局"
    assert stand_in.full_name is None
    assert stand_in in plan.units
    assert plan.units.units[-1] is stand_in
    assert govtasks.parse(text).task(20).responsible[-1] == stand_in
    assert re.fullmatch(r"unregistered-[0-9a-f]{32}", stand_in.id)
    restored = govtasks.from_json(govtasks.to_json(plan))
    assert restored == plan


def test_parse_resolves_in_the_registry_it_is_given(source: str) -> None:
    registry = UnitRegistry(units=(unit("ndrc", "市发展改革委"),))
    plan = govtasks.parse(source, units=registry)
    assert plan.task(20).leads[0] is registry.units[0]
    assert plan.task(20).responsible[0].kind is UnitKind.UNREGISTERED
    assert plan.units.units[0] is registry.units[0]
    assert len(plan.units) == 37  # 1 known + 36 stand-ins


def test_printed_alias_resolves_to_the_registered_unit(source: str) -> None:
    text = edit_line(source, 59, "(牵头单位:市发展改革委;", "(牵头单位:市发改委;")
    assignment = govtasks.parse(text).task(20).assignments[0]
    assert assignment.unit.id == "development-reform"
    assert assignment.printed == "市发改委"
