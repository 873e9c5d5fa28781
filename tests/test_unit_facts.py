"""The registry's own contract (as tzdata tests its data): every added fact has a basis and a
certainty, "confirmed" only with a source, and the facts issue 16 re-checked say what the
sources support."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govtasks
from govtasks import Certainty, NameStatus, RelationKind, Unit
from govtasks.docpages import unit_sources_markdown
from govtasks.units import sourced

UNITS = govtasks.load_units()
DOCS = Path(__file__).resolve().parent.parent / "docs" / "units.md"

Fact = tuple[str, str, str | None, Certainty | None]
"""(unit id, which fact, its basis, its certainty)."""


def facts(unit: Unit) -> Iterator[Fact]:
    yield unit.id, "kind", unit.kind_basis, unit.kind_certainty
    if unit.full_name is not None:
        yield unit.id, "full name", unit.full_name_basis, unit.full_name_certainty
    if unit.parent is not None:
        yield unit.id, "parent", unit.parent_basis, unit.parent_certainty
    if unit.note is not None:
        yield unit.id, "note", unit.note, unit.note_certainty
    for alias in unit.aliases:
        yield unit.id, f"alias {alias.name}", alias.basis, alias.certainty
    for member in unit.members:
        yield unit.id, f"member {member.unit}", member.basis, member.certainty
    for relation in unit.relations:
        yield unit.id, f"{relation.kind.value} {relation.unit}", relation.basis, relation.certainty


ALL = [fact for unit in UNITS for fact in facts(unit)]


def test_every_added_fact_has_a_basis_and_a_defined_certainty() -> None:
    assert len(ALL) > 150
    for unit_id, fact, basis, certainty in ALL:
        assert basis, (unit_id, fact)
        assert basis.strip() == basis, (unit_id, fact)
        assert certainty in set(Certainty), (unit_id, fact)


def test_confirmed_only_with_a_source_address() -> None:
    unsourced = [(u, f, b) for u, f, b, c in ALL if c is Certainty.CONFIRMED and not sourced(b or "")]
    assert unsourced == []
    for unit in UNITS:
        if unit.name_en_status is NameStatus.OFFICIAL:
            assert sourced(unit.name_en_basis or ""), unit.id


def test_the_source_rule_reads_addresses_and_the_text() -> None:
    assert sourced("https://cn.apdnews.com/tag/db63014 (中新社 2020-01-21)")
    assert sourced("the document itself: its 制定机关")
    assert not sourced("common short form")
    assert not sourced("variant spelling seen on a wuhan.gov.cn page whose address was not kept")


def test_overstated_facts_say_no_more_than_their_evidence() -> None:
    airport = UNITS.lookup("湖北机场集团")
    assert airport.full_name_certainty is Certainty.UNCERTAIN
    assert "2016" in (airport.full_name_basis or "")
    assert "2022" in (airport.full_name_basis or "")
    collective = UNITS.lookup("各区人民政府〈含开发区、风景区管委会〉")
    scenic = next(m for m in collective.members if m.unit == "east-lake-scenic-area")
    assert scenic.certainty is Certainty.PROBABLE
    assert scenic.basis.startswith("inference")
    assert UNITS.lookup("东湖风景区管委会").full_name_certainty is Certainty.PROBABLE


def test_english_names_match_the_names_their_bases_give() -> None:
    for name, built_on in (
        ("东湖高新区管委会", "Wuhan East Lake High-tech Development Zone"),
        ("临空港经开区管委会", "Wuhan Airport Economic Development Zone"),
    ):
        unit = UNITS.lookup(name)
        assert built_on in (unit.name_en or ""), name
        assert f"'{built_on}'" in (unit.name_en_basis or ""), name


def test_understated_facts_cite_their_sources() -> None:
    health = UNITS.lookup("市卫生健康委")
    assert (health.full_name, health.full_name_certainty) == ("武汉市卫生健康委员会", Certainty.CONFIRMED)
    alias = UNITS.alias_of("市发改委")
    assert alias is not None
    assert alias.certainty is Certainty.CONFIRMED
    assert "2019-01-25" in alias.basis


def test_a_common_short_form_is_looked_up_and_said_to_be_probable() -> None:
    alias = UNITS.alias_of("汉阳区政府")
    assert alias is not None
    assert (alias.certainty, alias.basis) == (Certainty.PROBABLE, "common short form")
    assert UNITS.lookup("汉阳区政府").name == "汉阳区人民政府"
    assert UNITS.alias_of("汉阳区人民政府") is None  # its own name, not an alias


@pytest.mark.parametrize(
    ("zone", "district", "certainty"),
    [
        ("武汉经开区管委会", "汉南区人民政府", Certainty.CONFIRMED),
        ("临空港经开区管委会", "东西湖区人民政府", Certainty.PROBABLE),
    ],
)
def test_one_administration_two_names(zone: str, district: str, certainty: Certainty) -> None:
    names = {unit.name for unit in UNITS.same_administration(zone)}
    assert names == {zone, district}
    assert {unit.name for unit in UNITS.same_administration(district)} == names  # it holds both ways
    (relation,) = UNITS.lookup(zone).relations
    assert (relation.kind, relation.certainty) == (RelationKind.SAME_ADMINISTRATION, certainty)
    assert [unit.name for unit in UNITS.same_administration("市发展改革委")] == ["市发展改革委"]


def test_supervising_bodies_where_a_source_states_them() -> None:
    supervised = {
        unit.name: (UNITS.lookup(r.unit).name, r.certainty)
        for unit in UNITS
        for r in unit.relations
        if r.kind is RelationKind.SUPERVISED_BY
    }
    assert supervised == {
        "武汉航发集团": ("市国资委", Certainty.CONFIRMED),
        "武汉金融控股集团": ("市国资委", Certainty.PROBABLE),
    }


def test_units_page_shows_a_certainty_beside_every_fact() -> None:
    page = DOCS.read_text(encoding="utf-8")
    assert page == unit_sources_markdown(UNITS) + "\n" or page == unit_sources_markdown(UNITS)
    sections = page.split("\n## ")[1:-1]  # the units; the last section lists the unsourced remarks
    assert len(sections) == len(UNITS)
    level = re.compile(r"\((?:[^()]*, )?(confirmed|probable|uncertain|official|project)\)")
    for section in sections:
        for line in section.splitlines()[1:]:
            if line.startswith("- "):
                assert level.search(line), line


def test_unsourced_remarks_have_their_own_section() -> None:
    page = DOCS.read_text(encoding="utf-8")
    listed = page.split("## Unsourced remarks")[1]
    unsourced = [unit for unit in UNITS if unit.note and not sourced(unit.note)]
    assert unsourced
    for unit in unsourced:
        assert f"- {unit.name} (`{unit.id}`): {unit.note}" in listed
    for unit in UNITS:
        if unit.note and sourced(unit.note):
            assert f"(`{unit.id}`): " not in listed


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"full_name_basis": None}, "full_name_basis"),
        ({"full_name": None}, "full_name_basis"),
        ({"parent": "development-reform"}, "parent_basis"),
        ({"note": "a remark"}, "note_certainty"),
        ({"kind_basis": None, "kind_certainty": None}, "kind_basis"),
    ],
)
def test_a_fact_never_stands_without_its_basis_and_certainty(given: dict[str, Any], missing: str) -> None:
    import attrs

    with pytest.raises(ValueError, match=missing):
        attrs.evolve(UNITS.lookup("市发改委"), **given)


def test_expanded_counts_say_whether_they_count_administrations_or_names() -> None:
    plan = govtasks.load()
    names = plan.workload(expand=True)
    bodies = plan.workload(expand=True, administrations=True)
    assert (names.administrations, bodies.administrations) == (False, True)
    assert len(bodies) == len(names) - 2  # 汉南区 with 经开区, 东西湖区 with 临空港经开区
    for district, zone in (("汉南区人民政府", "武汉经开区管委会"), ("东西湖区人民政府", "临空港经开区管委会")):
        row = next(r for r in bodies if r.unit.name == district)
        assert [u.name for u in row.together] == [zone]
        reached = {t.id for name in (district, zone) for t in plan.tasks_for(name, expand=True)}
        assert row.total == len(reached)  # an item credited under both names counts once
        assert all(r.unit.name != zone for r in bodies)
        assert {r.unit.name for r in names} >= {district, zone}
    assert "one row per administration" in bodies.caption()


def test_the_command_line_counts_administrations_and_names_an_alias(capsys: pytest.CaptureFixture[str]) -> None:
    from govtasks.cli import main

    assert main(["workload", "--expand", "--administrations"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("tasks per administration (区园合一 counted once)")
    assert "    0  14  14  汉南区人民政府、武汉经开区管委会 (links probable)\n" in out
    assert main(["tasks", "--unit", "汉阳区政府"]) == 0
    assert capsys.readouterr().out.endswith(
        "汉阳区政府 is another name of 汉阳区人民政府 (probable; unsourced: common short form)\n"
    )
