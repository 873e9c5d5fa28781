"""Items found with ``expand`` say through which collectives they reach the unit, and how surely: by the
rule the expanded workload counts by, in Python, in tables and on the command line (issue 16)."""

from __future__ import annotations

import copy
import json
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govtasks
from govtasks import Certainty, Membership, Role
from govtasks.query import Items, Via
from tests.test_cli import COVERAGE, run_cli
from tests.test_notebook_queries import plans

WIDE = "各区人民政府〈含开发区、风景区管委会〉"
"""The collective that names every district and zone, and alone the scenic area."""
SCENIC = "东湖风景区管委会"
"""Named on no task itself; a member of WIDE on probable grounds (an inference, units.json)."""

_DOUBT = {None: 0, Certainty.CONFIRMED: 1, Certainty.PROBABLE: 2, Certainty.UNCERTAIN: 3}


def weakest(certainties: list[Certainty | None]) -> Certainty | None:
    return max(certainties, key=_DOUBT.__getitem__, default=None)


def surest(certainties: list[Certainty | None]) -> Certainty | None:
    return min(certainties, key=_DOUBT.__getitem__)


# -- the bundled plan ---------------------------------------------------------------------------


def test_a_unit_named_only_through_a_collective(plan: govtasks.Plan) -> None:
    """东湖风景区管委会: no task of its own, 13 through WIDE, each as sure as its membership there."""
    assert plan.tasks_for(SCENIC) == ()
    found = plan.tasks_for(SCENIC, expand=True)
    assert len(found) == 13
    wide, scenic = plan.units.lookup(WIDE), plan.units.lookup(SCENIC)
    (membership,) = [m.certainty for m in wide.members if m.unit == scenic.id]
    assert membership is Certainty.PROBABLE  # in the current data
    assert {found.via(task) for task in found} == {Via(collectives=(wide,), certainty=Certainty.PROBABLE)}


def test_a_unit_named_itself_and_through_collectives(plan: govtasks.Plan) -> None:
    """黄陂区人民政府 is named on task 18 itself; 汉阳区人民政府 on task 17. Every other task reaches
    them through a collective they belong to on confirmed grounds."""
    for unit, own in (("黄陂区人民政府", 18), ("汉阳区人民政府", 17)):
        found = plan.tasks_for(unit, expand=True)
        assert [task.number for task in found if found.via(task) is None] == [own]
        assert [task.number for task in plan.tasks_for(unit)] == [own]
        assert {found.via(task).certainty for task in found if task.number != own} == {Certainty.CONFIRMED}  # type: ignore[union-attr]


def test_jiangan_is_reached_through_two_collectives(plan: govtasks.Plan) -> None:
    """江岸区人民政府 is named on no task itself: 13 through WIDE and task 15 through 各中心城区人民政府."""
    found = plan.tasks_for("江岸区人民政府", expand=True)
    assert plan.tasks_for("江岸区人民政府") == ()
    vias = {task.number: found.via(task) for task in found}
    assert all(via is not None and via.certainty is Certainty.CONFIRMED for via in vias.values())
    assert vias[15] == Via(collectives=(plan.units.lookup("各中心城区人民政府"),), certainty=Certainty.CONFIRMED)
    assert {via.collectives for number, via in vias.items() if number != 15} == {(plan.units.lookup(WIDE),)}  # type: ignore[union-attr]


def test_without_expand_nothing_is_reached_through_a_collective(plan: govtasks.Plan) -> None:
    for found in (plan.tasks_for("黄陂区人民政府"), plan.search("金融"), plan.filter(section=1)):
        assert all(found.via(task) is None for task in found)


def test_targets_and_filter_say_how_too(plan: govtasks.Plan) -> None:
    targets = plan.targets_for(SCENIC, expand=True)
    assert [(t.number, targets.via(t).certainty) for t in targets] == [  # type: ignore[union-attr]
        (2, Certainty.PROBABLE),
        (3, Certainty.PROBABLE),
        (4, Certainty.PROBABLE),
    ]
    (task,) = found = plan.filter(section=2, unit="江岸区人民政府", expand=True)
    assert found.via(task) == plan.tasks_for("江岸区人民政府", expand=True).via(task)
    assert found.via(task).collectives[0].name == "各中心城区人民政府"  # type: ignore[union-attr]
    lead = plan.filter(unit="黄陂区人民政府", role="responsible", expand=True)
    assert [t.number for t in lead if lead.via(t) is None] == [18]


def test_an_item_not_found_has_no_via(plan: govtasks.Plan) -> None:
    assert plan.tasks_for(SCENIC, expand=True).via(plan.task(20)) is None


# -- the same rule as the workload's -----------------------------------------------------------


def agrees_with_workload(plan: govtasks.Plan, include_targets: bool) -> None:
    """Each unit's expanded workload row rests on the weakest certainty its items found in each role
    carry; an item found in any role is direct where either role names the unit itself, else as sure as
    the surer role; and every collective it goes through is one named on it that contains the unit."""
    rows = {row.unit.id: row.certainty for row in plan.workload(include_targets=include_targets, expand=True)}
    for unit in plan.units:
        queries = [plan.tasks_for, plan.targets_for] if include_targets else [plan.tasks_for]
        credited: list[Certainty | None] = []
        for query in queries:
            either = query(unit, expand=True)
            by_role = {role: query(unit, role=role, expand=True) for role in Role}
            for role, found in by_role.items():
                for item in found:
                    via = found.via(item)
                    credited.append(via.certainty if via else None)
                    named = {a.unit.id for a in item.assignments if a.role is role}
                    assert via is None or {c.id for c in via.collectives} <= named - {unit.id}
                    assert (via is None) == (unit.id in named)
                    assert via is None or all(reaches(plan, c, unit) for c in via.collectives)
            for item in either:
                per_role = [by_role[r].via(item) for r in Role if item in by_role[r]]
                via = either.via(item)
                if any(v is None for v in per_role):
                    assert via is None
                else:
                    assert via is not None
                    assert via.certainty is surest([v.certainty for v in per_role if v is not None])
                    assert set(via.collectives) == {c for v in per_role if v is not None for c in v.collectives}
        if credited:
            assert rows[unit.id] == weakest(credited), unit.name
        else:
            assert unit.id not in rows


def reaches(plan: govtasks.Plan, collective: govtasks.Unit, unit: govtasks.Unit) -> bool:
    """Whether ``collective`` holds ``unit``, directly or through other collectives."""
    seen, pending = set(), [collective.id]
    while pending:
        for member in plan.units.members(pending.pop()):
            if member.id == unit.id:
                return True
            if member.id not in seen:
                seen.add(member.id)
                pending.append(member.id)
    return False


@pytest.mark.parametrize("include_targets", [False, True])
def test_every_registered_unit_agrees_with_the_workload(plan: govtasks.Plan, include_targets: bool) -> None:
    agrees_with_workload(plan, include_targets)


@given(generated=plans(), include_targets=st.booleans())
def test_any_memberships_agree_with_the_workload(generated: govtasks.Plan, include_targets: bool) -> None:
    """Random registries: chains, loops, a member listed in several collectives on one item."""
    agrees_with_workload(generated, include_targets)


@pytest.fixture(scope="module")
def pilots(plan: govtasks.Plan) -> govtasks.Plan:
    """各试点单位 holds 各开发区管委会 (confirmed; it holds 东湖高新区管委会, probable), that committee
    itself (uncertain) and 江岸区人民政府 (uncertain), who is also in 各中心城区人民政府 (confirmed)."""
    base = plan.units.lookup("各开发区管委会")
    members = (
        Membership(unit="development-zone-committees", basis="test", certainty=Certainty.CONFIRMED),
        Membership(unit="east-lake-high-tech-zone", basis="test", certainty=Certainty.UNCERTAIN),
        Membership(unit="jiangan-district", basis="test", certainty=Certainty.UNCERTAIN),
    )
    unit = attrs.evolve(
        base, id="pilot-units", name="各试点单位", full_name=None, full_name_basis=None, full_name_certainty=None,
        name_en=None, name_en_status=None, name_en_basis=None, aliases=(), members=members,
    )  # fmt: skip
    registry = attrs.evolve(plan.units, units=(*plan.units.units, unit))
    text = (
        "二、重点工作(共4项)\n(一)试点\n"
        "1.甲。(牵头单位:市发展改革委;责任单位:各试点单位)\n"
        "2.乙。(牵头单位:江岸区人民政府;责任单位:各试点单位)\n"
        "3.丙。(牵头单位:各开发区管委会;责任单位:各试点单位)\n"
        "4.丁。(牵头单位:各中心城区人民政府;责任单位:各试点单位)\n"
    )
    return govtasks.parse(text, registry)


def vias(plan: govtasks.Plan, unit: str, role: str | None = None) -> dict[int | None, tuple[list[str], str] | None]:
    found = plan.tasks_for(unit, role=role, expand=True)
    shown = {}
    for task in found:
        via = found.via(task)
        shown[task.number] = ([c.name for c in via.collectives], via.certainty.value) if via else None
    return shown


def test_a_chain_rests_on_its_weakest_link_and_several_ways_on_the_surest(pilots: govtasks.Plan) -> None:
    assert vias(pilots, "东湖高新区管委会") == {
        1: (["各试点单位"], "probable"),  # through 各开发区管委会 (confirmed, then probable), not the uncertain listing
        2: (["各试点单位"], "probable"),
        3: (["各开发区管委会", "各试点单位"], "probable"),
        4: (["各试点单位"], "probable"),
    }
    assert vias(pilots, "江岸区人民政府") == {
        1: (["各试点单位"], "uncertain"),
        2: None,  # it leads task 2 itself
        3: (["各试点单位"], "uncertain"),
        4: (["各中心城区人民政府", "各试点单位"], "confirmed"),  # the surer of the two
    }
    assert vias(pilots, "江岸区人民政府", "responsible")[4] == (["各试点单位"], "uncertain")
    assert vias(pilots, "江岸区人民政府", "lead") == {2: None, 4: (["各中心城区人民政府"], "confirmed")}
    rows = {row.unit.name: row.certainty for row in pilots.workload(expand=True)}
    assert rows["江岸区人民政府"] is Certainty.UNCERTAIN
    agrees_with_workload(pilots, include_targets=False)


# -- Items stays a tuple ------------------------------------------------------------------------


def test_items_equal_plain_tuples_and_stay_immutable(plan: govtasks.Plan) -> None:
    found = plan.tasks_for(SCENIC, expand=True)
    plain = tuple(plan.task(n) for n in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14))
    assert isinstance(found, tuple)
    assert found == plain
    assert plain == found
    assert hash(found) == hash(plain)
    assert found[:2] == plain[:2]
    assert Items(plain) == found  # the same items, whether or not they say how they were found
    assert Items() == ()
    with pytest.raises(AttributeError, match="immutable"):
        found._vias = {}
    with pytest.raises(AttributeError, match="immutable"):
        found.unit = SCENIC
    with pytest.raises(AttributeError, match="immutable"):
        del found._vias
    with pytest.raises(TypeError):
        found._vias[found[0].id] = None  # type: ignore[index]
    assert plan.tasks_for(SCENIC, expand=True).via(found[0]) is not None  # a kept answer is unchanged


@pytest.mark.parametrize("copied", [copy.copy, copy.deepcopy, lambda found: pickle.loads(pickle.dumps(found))])
def test_copies_keep_how_items_were_found(plan: govtasks.Plan, copied: object) -> None:
    found = plan.tasks_for("黄陂区人民政府", expand=True)
    again = copied(found)  # type: ignore[operator]
    assert type(again) is Items
    assert again == found
    assert [again.via(task) for task in again] == [found.via(task) for task in found]


def test_the_table_has_via_and_certainty_as_strings(plan: govtasks.Plan) -> None:
    found = plan.tasks_for("黄陂区人民政府", expand=True)
    assert [c.name for c in found.COLUMNS][-2:] == ["via", "certainty"]
    frame = found.to_pandas()
    assert (str(frame["via"].dtype), str(frame["certainty"].dtype)) == ("string", "string")
    shown = dict(zip(frame["number"], zip(frame["via"], frame["certainty"], strict=True), strict=True))
    assert shown[13] == (WIDE, "confirmed")
    assert frame["via"].isna().tolist() == frame["certainty"].isna().tolist() == [False] * 13 + [True]  # 18: itself
    assert found.to_polars()["certainty"].to_list()[-2:] == ["confirmed", None]
    assert f"<td>{WIDE}</td><td>confirmed</td>" in found._repr_html_()
    direct = plan.tasks_for("市发改委").to_pandas()
    assert direct["via"].isna().all()
    assert str(direct["certainty"].dtype) == "string"


# -- the command line ---------------------------------------------------------------------------


def test_the_listing_marks_tasks_reached_through_a_collective(
    plan: govtasks.Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run_cli(capsys, "tasks", "--unit", SCENIC, "--expand")
    assert status == 0
    head, *lines = out.splitlines()
    assert head == (
        f"13 tasks for {SCENIC}, directly or through a collective that contains it; the plan holds {COVERAGE}:"
    )
    assert len(lines) == 13
    assert all(line.endswith(f"。 (through {WIDE}, probable)") for line in lines)
    assert lines[11] == f"   13. {plan.task(13).text} (through {WIDE}, probable)"
    out = run_cli(capsys, "tasks", "--unit", "黄陂区人民政府", "--expand")[1]
    marked = {int(line.split(".")[0]): "(through " in line for line in out.splitlines()[1:]}
    assert [n for n, through in marked.items() if not through] == [18]
    assert f"(through {WIDE}, confirmed)" in out
    assert "(through" not in run_cli(capsys, "tasks", "--unit", "黄陂区人民政府")[1]


def test_json_items_say_via_and_certainty(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run_cli(capsys, "tasks", "--unit", "黄陂区人民政府", "--expand", "--json")[1])
    shown = {task["number"]: (task["via"], task["certainty"]) for task in data["tasks"]}
    wide = {"unit": "districts-with-development-zones-and-scenic-area", "name": WIDE}
    assert shown[18] == ([], None)
    assert shown[1] == ([wide], "confirmed")
    assert len(shown) == 14
    data = json.loads(run_cli(capsys, "tasks", "--unit", SCENIC, "--expand", "--json")[1])
    assert {(json.dumps(t["via"]), t["certainty"]) for t in data["tasks"]} == {(json.dumps([wide]), "probable")}
    data = json.loads(run_cli(capsys, "tasks", "--unit", "黄陂区人民政府", "--json")[1])
    assert [(t["number"], t["via"], t["certainty"]) for t in data["tasks"]] == [(18, [], None)]
