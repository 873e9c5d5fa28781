"""Queries as a notebook user types them: roles by name, numbers by mistake, themes of one title,
workloads through collectives, the networks, and findings in reading order."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govtasks
from govtasks import Certainty, DivisionKind, Membership, Role, Severity, Unit, UnitKind
from govtasks.errors import DivisionNotFound, GovtasksError
from govtasks.query import NO_THEME
from govtasks.tables import TABLES
from tests.conftest import edit_line

DOCS = Path(__file__).resolve().parent.parent / "docs"


def numbers(items: tuple[govtasks.Item, ...]) -> list[int | None]:
    return [item.number for item in items]


def _unit(i: int, kind: UnitKind, members: tuple[Membership, ...]) -> Unit:
    return Unit(
        id=f"u{i}", name=f"单位{i}", full_name=None, full_name_basis=None, full_name_certainty=None, name_en=None,
        name_en_status=None, name_en_basis=None, kind=kind, kind_basis="rule: test", kind_certainty=Certainty.PROBABLE,
        parent=None, parent_basis=None, parent_certainty=None, aliases=(), members=members, relations=(), note=None,
        note_certainty=None,
    )  # fmt: skip


# Strategies made once: hypothesis checks each strategy it is given, so making them per draw costs most of a test.
_UNIT_KINDS = st.sampled_from([UnitKind.COLLECTIVE, UnitKind.MUNICIPAL_DEPARTMENT])
_MEMBERS = st.lists(st.tuples(st.integers(0, 5), st.sampled_from(Certainty)), max_size=3)
_DIVISION = st.tuples(
    st.sampled_from([DivisionKind.PART, DivisionKind.AREA, DivisionKind.THEME]), st.none() | st.integers(1, 3),
    st.sampled_from([None, "——"]), st.sampled_from([None, "稳增长", "促改革"]),
)  # fmt: skip
_ITEM = st.tuples(
    st.sampled_from(govtasks.ItemKind), st.none() | st.integers(1, 4), st.booleans(),
    st.lists(st.tuples(st.integers(0, 5), st.sampled_from(Role)), max_size=4),
)  # fmt: skip


@st.composite
def registries(draw: st.DrawFn) -> govtasks.UnitRegistry:
    """A few units, collectives or not, each listing any of them as members (itself and loops included)."""
    count = draw(st.integers(1, 6))
    units = []
    for i in range(count):
        members = {f"u{j % count}": sure for j, sure in draw(_MEMBERS)}  # each member once
        listed = tuple(Membership(unit=unit, basis="drawn", certainty=sure) for unit, sure in members.items())
        units.append(_unit(i, draw(_UNIT_KINDS), listed))
    return govtasks.UnitRegistry(units=tuple(units))


@st.composite
def divisions(draw: st.DrawFn) -> tuple[govtasks.Division, ...]:
    """Parts, areas and themes nested anyhow, numbered and titled from a few choices, so that they repeat."""
    made: list[govtasks.Division] = []
    for i in range(1, draw(st.integers(0, 6)) + 1):
        kind, number, marker, title = draw(_DIVISION)
        parent = draw(st.none() | st.integers(1, i - 1)) if i > 1 else None
        made.append(
            govtasks.Division(
                id=i, kind=kind, parent=parent, number=number, marker=marker, title=title, line=i, declared=None,
                declared_areas=None, leaders=(),
            )
        )  # fmt: skip
    return tuple(made)


def _assignments(registry: govtasks.UnitRegistry, named: list[tuple[int, Role]]) -> tuple[govtasks.Assignment, ...]:
    """The units named, in their roles, numbered 1, 2, 3, … within each role."""
    positions = dict.fromkeys(Role, 0)
    made = []
    for place, role in named:
        positions[role] += 1
        unit = registry.units[place % len(registry.units)]
        made.append(
            govtasks.Assignment(
                unit=unit, role=role, position=positions[role], group=1, printed=unit.name, label=None,
                basis=govtasks.RoleBasis.PRINTED, convention_line=None,
            )
        )  # fmt: skip
    return tuple(made)


@st.composite
def items(draw: st.DrawFn, registry: govtasks.UnitRegistry, division_count: int) -> tuple[govtasks.Item, ...]:
    """Targets and tasks in any division, numbered from a few choices, each naming units in roles."""
    made: list[govtasks.Item] = []
    for i in range(1, draw(st.integers(0, 8)) + 1):
        kind, number, complete, named = draw(_ITEM)
        division = draw(st.none() | st.integers(1, division_count)) if division_count else None
        made.append(
            govtasks.Item(
                id=i, kind=kind, number=number, marker=None, division=division, text="事项。",
                assignments=_assignments(registry, named), leaders=(), due=None, source=None, details=(),
                open_ended=False, complete=complete, first_line=10 + i, last_line=10 + i,
            )
        )  # fmt: skip
    return tuple(made)


@st.composite
def plans(draw: st.DrawFn) -> govtasks.Plan:
    """Plans of what queries and checks read; the rest left empty, so that many are drawn quickly."""
    registry = draw(registries())
    drawn = draw(divisions())
    return govtasks.Plan(
        source_sha256=None, layout=govtasks.Layout.PARENTHESIS, notice=None, title=None,
        info=govtasks.DocumentInfo(
            title=None, issuer=None, doc_number=None, promulgated=None, released=None, written=None, index_number=None,
            effective=None, level=None, status=None, topic=None, addressees=(),
        ),
        declared_items=draw(st.none() | st.integers(0, 9)), declared_areas=draw(st.none() | st.integers(0, 3)),
        divisions=drawn, items=draw(items(registry, len(drawn))), conventions=(), residue=(), units=registry,
    )  # fmt: skip


# -- 1. one vocabulary of roles ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "code", "label"), [(Role.LEAD, "lead", "牵头单位"), (Role.RESPONSIBLE, "responsible", "责任单位")]
)
def test_a_role_reads_as_its_member_its_code_and_its_label(role: Role, code: str, label: str) -> None:
    assert (role.code, role.value) == (code, label)
    assert Role.parse(role) is Role.parse(code) is Role.parse(label) is role


@pytest.mark.parametrize("spelling", [Role.LEAD, "lead", "牵头单位"])
def test_every_query_takes_every_spelling_of_a_role(plan: govtasks.Plan, spelling: Role | str) -> None:
    """市发改委 (an alias of 市发展改革委) leads tasks 15 and 20 and targets (一), (三), (四)."""
    assert numbers(plan.tasks_for("市发改委", role=spelling)) == [15, 20]
    assert numbers(plan.targets_for("市发改委", role=spelling)) == [1, 3, 4]
    assert numbers(plan.filter(section=2, unit="市发改委", role=spelling)) == [15, 20]
    assert [unit.name for unit in plan.task(18).units(spelling)] == ["市自然资源和规划局"]


@given(st.text(max_size=8).filter(lambda t: t not in {"lead", "responsible", "牵头单位", "责任单位"}))
def test_any_other_role_is_refused_with_the_spellings(text: str) -> None:
    with pytest.raises(ValueError, match="give lead or 牵头单位, responsible or 责任单位, or a Role"):
        Role.parse(text)


@pytest.mark.parametrize("role", ["Lead", "chair", "牵头", 1])
def test_queries_refuse_a_role_they_cannot_read_instead_of_answering_nothing(plan: govtasks.Plan, role: str) -> None:
    with pytest.raises(ValueError, match="no role"):
        plan.tasks_for("市发展改革委", role=role)
    with pytest.raises(ValueError, match="no role"):
        plan.targets_for("市发展改革委", role=role)
    with pytest.raises(ValueError, match="no role"):
        plan.filter(unit="市发展改革委", role=role)


def test_workload_kinds_across_plans_read_roles_the_same_way(source: str, tmp_path: Path) -> None:
    path = tmp_path / "wuhan.txt"
    path.write_text(source, encoding="utf-8")
    plans = govtasks.read_many([path])
    lead = plans.workload("lead")
    assert plans.workload("牵头单位").rows == plans.workload(Role.LEAD).rows == lead.rows
    assert {(row.name, row.items) for row in lead.rows} >= {("市扶贫开发办", 6), ("市发展改革委", 2)}
    assert plans.workload("责任单位").rows == plans.workload("responsible").rows
    with pytest.raises(ValueError, match=r"no workload kind 'Lead'; give all \(or total\), lead or 牵头单位"):
        plans.workload("Lead")


def test_concepts_page_gives_the_role_vocabulary_as_the_code_has_it() -> None:
    page = (DOCS / "concepts.md").read_text(encoding="utf-8")
    for role in Role:
        assert f"| `Role.{role.name}` | `{role.code}` | {role.value} |" in page


# -- 2. a task number is an int ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "shown"), [("5", "str '5'"), (True, "bool True"), (5.0, "float 5.0"), (None, "NoneType None")]
)
def test_a_task_number_that_is_not_an_int_is_a_clear_type_error(
    plan: govtasks.Plan, number: object, shown: str
) -> None:
    with pytest.raises(TypeError, match=re.escape(f"as an int, such as plan.task(5); not {shown}")):
        plan.task(number)  # type: ignore[arg-type]


def test_an_int_still_finds_its_task(plan: govtasks.Plan) -> None:
    assert plan.task(5).text == "注重帮扶边缘户,积极解决相对贫困问题。"


# -- 3. themes of one title in two areas -------------------------------------------------------

TWIN_THEMES = """二、重点工作(共5项)
(一)稳增长
——优化营商环境
1.甲。(牵头单位:市发展改革委;责任单位:市商务局)
2.乙。(牵头单位:市商务局;责任单位:市发展改革委)
3.丙。(牵头单位:市发展改革委)
(二)促改革
——优化营商环境
4.丁。(牵头单位:市发展改革委;责任单位:市商务局)
——深化改革开放
5.戊。(牵头单位:市商务局)
"""
"""Two areas, each with a theme 优化营商环境: three tasks in the first, one in the second."""
FIRST, SECOND = "(一) 稳增长 / 优化营商环境", "(二) 促改革 / 优化营商环境"


@pytest.fixture(scope="module")
def twins() -> govtasks.Plan:
    return govtasks.parse(TWIN_THEMES)


def test_themes_of_one_title_are_counted_apart(twins: govtasks.Plan) -> None:
    assert list(twins.counts("theme").items()) == [(FIRST, 3), (SECOND, 1), ("深化改革开放", 1)]
    assert dict(twins.counts("section")) == {"稳增长": 3, "促改革": 2}


def test_a_label_of_counts_filters_exactly_its_theme(twins: govtasks.Plan) -> None:
    assert numbers(twins.filter(theme=FIRST)) == [1, 2, 3]
    assert numbers(twins.filter(theme=SECOND)) == [4]
    assert numbers(twins.filter(theme=twins.themes[1])) == [4]  # the Division itself
    assert numbers(twins.filter(theme="优化营商环境")) == [1, 2, 3, 4]  # a bare title: every theme so titled
    assert numbers(twins.filter(section=1, theme="优化营商环境")) == [1, 2, 3]
    assert numbers(twins.filter(section="促改革", theme="优化营商环境", unit="市商务局")) == [4]


def test_counts_name_the_division_of_each_row_as_the_divisions_table_does(twins: govtasks.Plan) -> None:
    counted = twins.counts("theme")
    table = {row["division_id"]: row for row in twins.to_pandas("divisions").to_dict("records")}
    rows = [(table[d.id]["kind"], table[d.id]["title"], table[d.id]["parent_id"]) for d in counted.divisions.values()]
    assert rows == [("theme", "优化营商环境", 2), ("theme", "优化营商环境", 4), ("theme", "深化改革开放", 4)]
    assert {label: len(twins.items_in(d)) for label, d in counted.divisions.items()} == dict(counted)


def test_the_row_of_tasks_in_no_theme_filters_them(plan: govtasks.Plan) -> None:
    """Tasks 15–21 moved out of their theme, straight into area (二)."""
    edited = attrs.evolve(plan, items=tuple(attrs.evolve(i, division=7) if i.division == 8 else i for i in plan.items))
    assert edited.counts("theme")[NO_THEME] == 7
    assert numbers(edited.filter(theme=NO_THEME)) == [15, 16, 17, 18, 19, 20, 21]
    assert numbers(plan.filter(theme=NO_THEME)) == []


@given(generated=plans())
def test_every_row_of_counts_filters_to_its_count(generated: govtasks.Plan) -> None:
    areas, themes = generated.counts("section"), generated.counts("theme")
    assert {label: len(generated.filter(section=label)) for label in areas} == dict(areas)
    assert {label: len(generated.filter(theme=label)) for label in themes} == dict(themes)


# -- 4. an area or theme the plan lacks ---------------------------------------------------------


def test_an_unknown_area_or_theme_raises_with_what_the_plan_has(plan: govtasks.Plan) -> None:
    with pytest.raises(DivisionNotFound) as caught:
        plan.filter(section=3)
    assert caught.value.suggestions == (1, 2)
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, GovtasksError)
    with pytest.raises(
        DivisionNotFound, match=r"no theme '有效防范金融' in this plan; did you mean '有效防范金融风险'\?"
    ):
        plan.filter(theme="有效防范金融")
    with pytest.raises(DivisionNotFound) as caught:
        plan.filter(theme="typo", unit="市发展改革委")
    assert caught.value.suggestions == (
        "坚决完成脱贫攻坚任务",
        "强力推进污染防治",
        "有效防范金融风险",
        "提高资源配置能力",
    )


def test_a_division_of_another_plan_or_kind_is_not_found(plan: govtasks.Plan, twins: govtasks.Plan) -> None:
    with pytest.raises(DivisionNotFound, match="no theme '—— 优化营商环境'"):
        plan.filter(theme=twins.themes[0])
    with pytest.raises(DivisionNotFound, match="no area"):
        plan.filter(section=plan.themes[0])


def test_a_plan_without_themes_says_so() -> None:
    bare = govtasks.parse("二、重点工作(共1项)\n(一)稳增长\n1.甲。(牵头单位:市发展改革委)\n")
    with pytest.raises(DivisionNotFound, match="no theme '稳增长' in this plan; the plan has no themes"):
        bare.filter(theme="稳增长")


@pytest.mark.parametrize("wanted", [True, 1.0, b"1"])
def test_an_area_of_the_wrong_type_is_a_type_error(plan: govtasks.Plan, wanted: object) -> None:
    with pytest.raises(TypeError, match="must be a number"):
        plan.filter(section=wanted)  # type: ignore[arg-type]


# -- 5. workload: what is counted, and through collectives -------------------------------------


def test_workload_counts_targets_only_when_asked_as_the_assignments_table_does(plan: govtasks.Plan) -> None:
    """市发展改革委 leads tasks 15 and 20, and targets (一), (三), (四): the assignments table, which holds
    targets and tasks, has 5 lead rows; workload() counts 2 unless targets are included."""
    frame = plan.to_pandas("assignments")
    led = frame[(frame.unit_id == "development-reform") & (frame.role == "lead")]
    assert len(led) == 5
    tasks_only, with_targets = plan.workload(), plan.workload(include_targets=True)
    assert (tasks_only.include_targets, tasks_only.expand) == (False, False)
    assert (with_targets.include_targets, with_targets.expand) == (True, False)
    lead = {row.unit.name: row.lead for row in tasks_only}
    lead_with_targets = {row.unit.name: row.lead for row in with_targets}
    assert (lead["市发展改革委"], lead_with_targets["市发展改革委"]) == (2, 5)


def test_workload_ties_run_by_leads_then_first_naming(plan: govtasks.Plan) -> None:
    """As the docstring says: total, then items led, then the order units are first named."""
    for include_targets in (False, True):
        counted = plan.items if include_targets else plan.tasks
        first = {uid: i for i, uid in enumerate(dict.fromkeys(a.unit.id for t in counted for a in t.assignments))}
        rows = list(plan.workload(include_targets=include_targets))
        assert rows == sorted(rows, key=lambda r: (-r.total, -r.lead, first[r.unit.id]))
    ties = [r.unit.name for r in plan.workload() if (r.total, r.lead) == (3, 0)]
    assert ties == ["市市场监管局", "市城乡建设局", "市交通运输局", "市公安局"]  # first named on tasks 3, 7, 7 and 12


@pytest.mark.parametrize(
    ("unit", "responsible", "certainty"),
    [
        ("江岸区人民政府", 14, Certainty.CONFIRMED),  # the wide collective (13 tasks) and 各中心城区人民政府 (15)
        ("黄陂区人民政府", 14, Certainty.CONFIRMED),  # the wide collective, and named itself on task 18
        ("东湖高新区管委会", 14, Certainty.PROBABLE),  # a member of both collectives on probable grounds
        ("东湖风景区管委会", 13, Certainty.PROBABLE),  # an inference: the only scenic area among the functional zones
        ("市发展改革委", 7, None),  # in no collective: named itself on every task
    ],
)
def test_expanded_workload_credits_members_and_says_how_surely(
    plan: govtasks.Plan, unit: str, responsible: int, certainty: Certainty | None
) -> None:
    load = plan.workload(expand=True)
    assert (load.expand, load.include_targets) == (True, False)
    (row,) = [row for row in load if row.unit.name == unit]
    assert (row.responsible, row.certainty) == (responsible, certainty)
    assert row.responsible == len(plan.tasks_for(unit, role="responsible", expand=True))
    assert load[0].unit.name == "汉阳区人民政府"  # 13 + task 15 + task 17, named itself


def test_a_member_reached_two_ways_rests_on_the_surer(plan: govtasks.Plan) -> None:
    """各试点单位 holds 各开发区管委会 (confirmed), which holds 东湖高新区管委会 (probable), and holds that
    committee itself on uncertain grounds: the chain through 各开发区管委会 is the surer, so probable.
    江岸区人民政府 is held only on uncertain grounds, and leads task 2 itself."""
    pilots = Unit(
        id="pilot-units",
        name="各试点单位",
        full_name=None,
        full_name_basis=None,
        full_name_certainty=None,
        name_en=None,
        name_en_status=None,
        name_en_basis=None,
        kind=UnitKind.COLLECTIVE,
        kind_basis="rule: test",
        kind_certainty=Certainty.CONFIRMED,
        parent=None,
        parent_basis=None,
        parent_certainty=None,
        aliases=(),
        members=(
            Membership(unit="development-zone-committees", basis="test", certainty=Certainty.CONFIRMED),
            Membership(unit="east-lake-high-tech-zone", basis="test", certainty=Certainty.UNCERTAIN),
            Membership(unit="jiangan-district", basis="test", certainty=Certainty.UNCERTAIN),
        ),
        relations=(),
        note=None,
        note_certainty=None,
    )
    registry = attrs.evolve(plan.units, units=(*plan.units.units, pilots))
    text = (
        "二、重点工作(共2项)\n(一)试点\n"
        "1.甲。(牵头单位:市发展改革委;责任单位:各试点单位)\n"
        "2.乙。(牵头单位:江岸区人民政府;责任单位:各试点单位)\n"
    )
    rows = {
        row.unit.name: (row.lead, row.responsible, row.certainty)
        for row in govtasks.parse(text, registry).workload(expand=True)
    }
    assert rows == {
        "市发展改革委": (1, 0, None),
        "各试点单位": (0, 2, None),
        "江岸区人民政府": (1, 2, Certainty.UNCERTAIN),
        "各开发区管委会": (0, 2, Certainty.CONFIRMED),
        "东湖高新区管委会": (0, 2, Certainty.PROBABLE),
        "武汉经开区管委会": (0, 2, Certainty.PROBABLE),
        "临空港经开区管委会": (0, 2, Certainty.PROBABLE),
    }


def agrees_with_tasks_for(plan: govtasks.Plan, include_targets: bool, expand: bool) -> None:
    """Each row counts what tasks_for (and targets_for) find, and every unit they find has a row."""
    rows = {
        row.unit.id: (row.lead, row.responsible)
        for row in plan.workload(include_targets=include_targets, expand=expand)
    }
    found = {}
    for unit in plan.units:
        counts = []
        for role in Role:
            items = plan.tasks_for(unit, role=role, expand=expand)
            counts.append(
                len(items) + (len(plan.targets_for(unit, role=role, expand=expand)) if include_targets else 0)
            )
        if any(counts):
            found[unit.id] = tuple(counts)
    assert rows == found


@pytest.mark.parametrize("include_targets", [False, True])
@pytest.mark.parametrize("expand", [False, True])
def test_workload_agrees_with_tasks_for(plan: govtasks.Plan, include_targets: bool, expand: bool) -> None:
    agrees_with_tasks_for(plan, include_targets, expand)


@given(generated=plans(), include_targets=st.booleans())
def test_workload_agrees_with_tasks_for_through_any_memberships(
    generated: govtasks.Plan, include_targets: bool
) -> None:
    """Random registries hold memberships of any shape, loops included."""
    agrees_with_tasks_for(generated, include_targets, expand=True)


# -- 6. networks ---------------------------------------------------------------------------------


def test_the_lead_to_responsible_graph(plan: govtasks.Plan) -> None:
    pytest.importorskip("networkx")
    graph = plan.to_networkx().lead_responsible
    assert graph.is_directed()
    poverty, farming = plan.units.lookup("市扶贫开发办").id, plan.units.lookup("市农业农村局").id
    assert graph.edges[poverty, farming]["weight"] == 5  # tasks 2–6
    assert graph.edges[poverty, farming]["tasks"] == tuple(f"item-{plan.task(n).id}" for n in (2, 3, 4, 5, 6))
    assert not graph.has_edge(farming, poverty)
    weights = [graph.edges[edge]["weight"] for edge in graph.edges]
    assert sum(weights) == sum(len(t.leads) * len(t.responsible) for t in plan.tasks)


def test_every_node_has_its_chinese_label(plan: govtasks.Plan) -> None:
    pytest.importorskip("networkx")
    graphs = plan.to_networkx()
    assert graphs.bipartite.nodes["development-reform"]["label"] == "市发展改革委"
    assert graphs.bipartite.nodes[f"item-{plan.task(18).id}"]["label"] == "18."
    for graph in (graphs.bipartite, graphs.co_assignment, graphs.lead_responsible):
        assert all(label for _, label in graph.nodes(data="label"))


def test_collectives_dropped_or_expanded(plan: govtasks.Plan) -> None:
    nx = pytest.importorskip("networkx")
    kept, dropped, expanded = (plan.to_networkx(collectives=mode) for mode in ("keep", "drop", "expand"))
    wide = plan.units.lookup("各区人民政府〈含开发区、风景区管委会〉").id
    assert (kept.collectives, dropped.collectives, expanded.collectives) == ("keep", "drop", "expand")
    assert wide in kept.co_assignment
    for graphs in (dropped, expanded):
        assert "collective" not in {graphs.bipartite.nodes[node].get("kind") for node in graphs.bipartite}
    named = sum(len(t.assignments) for t in plan.tasks)
    assert dropped.bipartite.number_of_edges() == named - 15  # 13 tasks name the wide collective, task 15 two more
    jiangan = plan.units.lookup("江岸区人民政府").id
    assert jiangan not in kept.bipartite
    assert nx.degree(expanded.bipartite, jiangan) == len(plan.tasks_for("江岸区人民政府", expand=True)) == 14
    edge = expanded.bipartite.edges[jiangan, f"item-{plan.task(1).id}"]
    assert edge == {"role": "responsible", "position": 1, "via": wide, "certainty": "confirmed"}
    zone = plan.units.lookup("东湖高新区管委会").id
    assert expanded.bipartite.edges[zone, f"item-{plan.task(1).id}"]["certainty"] == "probable"
    assert (
        expanded.lead_responsible.edges[plan.units.lookup("市扶贫开发办").id, jiangan]["weight"] == 5
    )  # tasks 1, 2, 4–6
    with pytest.raises(ValueError, match="give 'keep', 'drop' or 'expand'"):
        plan.to_networkx(collectives="merge")  # type: ignore[arg-type]


# -- 7. findings in reading order ----------------------------------------------------------------


def test_an_error_comes_before_a_warning_on_its_line(source: str) -> None:
    """Task 21 (line 60) printed as a second 20: a task-duplicate error on the line of the
    tasks-incomplete warning, which an earlier check reports."""
    report = govtasks.validate(govtasks.parse(edit_line(source, 60, "21.大力", "20.大力")))
    assert [(f.line, f.severity.value, f.code) for f in report.findings] == [
        (41, "warning", "residue"),
        (60, "error", "task-duplicate"),
        (60, "warning", "tasks-incomplete"),
        (61, "warning", "residue"),
        (None, "warning", "sections-incomplete"),
    ]


@given(generated=plans())
def test_findings_run_by_line_then_errors_first(generated: govtasks.Plan) -> None:
    findings = govtasks.validate(generated).findings
    places = [(f.line is None, f.line or 0, f.severity is not Severity.ERROR) for f in findings]
    assert places == sorted(places)


# -- 8. docstrings that list what the code has ------------------------------------------------------


def test_to_pandas_lists_every_table_in_order() -> None:
    doc = govtasks.Plan.to_pandas.__doc__ or ""
    listed = re.findall(r"``(\w+)``", doc.split("The tables are", 1)[1])
    assert listed == list(TABLES)
