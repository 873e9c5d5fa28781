"""Queries, checked against numbers read off the text by hand (see the comments)."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor

import attrs
import pytest

import govtasks
from govtasks import Role, query
from govtasks.query import build_index, index_of
from govtasks.tables import TABLES

LEAD, RESPONSIBLE = Role.LEAD, Role.RESPONSIBLE
# Tasks naming 各区人民政府〈含开发区、风景区管委会〉: 1, 2, 4–14 (task 3 and tasks 15–21 do not).
WIDE_COLLECTIVE_TASKS = [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]


def numbers(items: tuple[govtasks.Item, ...]) -> list[int | None]:
    return [item.number for item in items]


@pytest.mark.parametrize(
    ("unit", "role", "expected"),
    [
        ("市发展改革委", LEAD, [15, 20]),
        ("市发展改革委", RESPONSIBLE, [4, 7, 10, 16, 17, 18, 21]),
        ("市发展改革委", None, [4, 7, 10, 15, 16, 17, 18, 20, 21]),
        ("市扶贫开发办", LEAD, [1, 2, 3, 4, 5, 6]),
        ("市扶贫开发办", RESPONSIBLE, []),
        ("市地方金融工作局", LEAD, [12, 13, 14, 21]),
        ("市地方金融工作局", RESPONSIBLE, [19]),
        ("市城投公司", None, [17, 18]),
        ("市公安局", None, [12, 13, 14]),  # not task 7's 市公安局交通管理局, a unit of its own
        ("市公安局交通管理局", RESPONSIBLE, [7]),
    ],
)
def test_tasks_for(plan: govtasks.Plan, unit: str, role: Role | None, expected: list[int]) -> None:
    assert numbers(plan.tasks_for(unit, role=role)) == expected


def test_any_name_of_a_unit_or_the_unit_itself(plan: govtasks.Plan) -> None:
    ndrc = plan.units.lookup("development-reform")
    by_unit = plan.tasks_for(ndrc, role=LEAD)
    for name in ("市发改委", "武汉市发展和改革委员会", "Wuhan Municipal Development and Reform Commission"):
        assert plan.tasks_for(name, role=LEAD) == by_unit


def test_unknown_unit_raises(plan: govtasks.Plan) -> None:
    with pytest.raises(govtasks.UnitNotFound):
        plan.tasks_for("市财政局")
    with pytest.raises(govtasks.UnitNotFound):
        plan.workload() and plan.filter(unit="市财政局")


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("江岸区人民政府", [*WIDE_COLLECTIVE_TASKS, 15]),  # a central district: also 各中心城区人民政府 (task 15)
        ("汉阳区人民政府", [*WIDE_COLLECTIVE_TASKS, 15, 17]),  # and named itself on task 17
        ("黄陂区人民政府", [*WIDE_COLLECTIVE_TASKS, 18]),  # a new urban district: not task 15
        ("东湖高新区管委会", [*WIDE_COLLECTIVE_TASKS, 15]),  # through 各开发区管委会 on task 15
        ("东湖风景区管委会", WIDE_COLLECTIVE_TASKS),  # no 各开发区管委会 for the scenic area
        ("市发展改革委", [4, 7, 10, 15, 16, 17, 18, 20, 21]),  # in no collective: expand changes nothing
    ],
)
def test_expansion_through_collectives(plan: govtasks.Plan, unit: str, expected: list[int]) -> None:
    assert numbers(plan.tasks_for(unit, expand=True)) == expected


def test_expansion_keeps_the_role(plan: govtasks.Plan) -> None:
    assert numbers(plan.tasks_for("汉阳区人民政府", role=LEAD, expand=True)) == []
    assert numbers(plan.tasks_for("汉阳区人民政府", role=RESPONSIBLE)) == [17]


def test_targets_for_respects_the_two_qualifiers(plan: govtasks.Plan) -> None:
    def ordinals(unit: str, role: Role | None = None, expand: bool = False) -> list[int | None]:
        return numbers(plan.targets_for(unit, role=role, expand=expand))

    assert ordinals("市发展改革委", role=LEAD) == [1, 3, 4]  # 市人力资源社会保障局 leads target 2
    assert ordinals("市人力资源社会保障局") == [2, 3]
    assert ordinals("东湖风景区管委会", expand=True) == [2, 3, 4]
    assert ordinals("东湖高新区管委会", expand=True) == [1, 2, 3, 4]
    assert ordinals("江夏区人民政府", expand=True) == [1, 2, 3, 4]
    assert ordinals("江夏区人民政府") == []


def test_workload(plan: govtasks.Plan) -> None:
    load = plan.workload()
    rows = {row.unit.name: (row.lead, row.responsible, row.total) for row in load}
    assert rows["市扶贫开发办"] == (6, 0, 6)
    assert rows["市发展改革委"] == (2, 7, 9)
    assert rows["各区人民政府〈含开发区、风景区管委会〉"] == (0, 13, 13)
    assert "各区人民政府〈含开发区管委会〉" not in rows  # printed only on target 1
    assert load[0].unit.name == "各区人民政府〈含开发区、风景区管委会〉"
    totals = [row.total for row in load]
    assert totals == sorted(totals, reverse=True)
    assert sum(row.lead for row in load) == 21  # every task has exactly one lead here
    assert sum(row.total for row in load) == sum(len(t.assignments) for t in plan.tasks)
    assert len(load) == 35  # the 37 printed names less the two printed only on targets
    assert str(load.coverage) == "4 of 4 targets, 2 of 9 areas, 21 of 268 tasks"
    development = next(row for row in load if row.unit.name == "市发展改革委")
    assert [development.in_role(role) for role in (LEAD, RESPONSIBLE, None)] == [2, 7, 9]


def test_workload_with_targets(plan: govtasks.Plan) -> None:
    rows = {row.unit.name: (row.lead, row.responsible) for row in plan.workload(include_targets=True)}
    assert rows["市发展改革委"] == (5, 7)  # leads targets 1, 3, 4 as well
    assert rows["各区人民政府〈含开发区管委会〉"] == (0, 1)
    assert rows["各区人民政府〈含开发区、风景区管委会〉"] == (0, 16)


def test_counts(plan: govtasks.Plan) -> None:
    assert dict(plan.counts("section")) == {"坚决打赢三大攻坚战": 14, "着力增强中心城市功能": 7}
    assert list(plan.counts("theme").items()) == [
        ("坚决完成脱贫攻坚任务", 6),
        ("强力推进污染防治", 5),
        ("有效防范金融风险", 3),
        ("提高资源配置能力", 7),
    ]
    kinds = plan.counts("unit_kind")
    assert kinds["municipal_department"] == 21
    assert kinds["collective"] == 14  # 13 with the wide collective, and task 15
    assert kinds["district_government"] == 2  # tasks 17 and 18
    assert kinds["municipal_soe"] == 3  # tasks 17, 18, 21
    assert list(kinds)[:2] == ["municipal_department", "collective"]
    assert kinds.coverage.declared_tasks == 268
    assert not kinds.coverage.complete
    with pytest.raises(ValueError, match="expected 'section'"):
        plan.counts("area")  # type: ignore[arg-type]


def test_counts_keep_divisions_of_one_title_apart(plan: govtasks.Plan) -> None:
    """Two themes titled alike in different areas are two rows, each named with its area."""
    themes = [
        d if d.title != "提高资源配置能力" else attrs.evolve(d, title="坚决完成脱贫攻坚任务") for d in plan.divisions
    ]
    edited = attrs.evolve(plan, divisions=tuple(themes))
    assert list(edited.counts("theme").items()) == [
        ("(一) 坚决打赢三大攻坚战 / 坚决完成脱贫攻坚任务", 6),
        ("强力推进污染防治", 5),
        ("有效防范金融风险", 3),
        ("(二) 着力增强中心城市功能 / 坚决完成脱贫攻坚任务", 7),
    ]
    assert numbers(edited.filter(theme="坚决完成脱贫攻坚任务", unit="市发展改革委")) == [4, 15, 16, 17, 18, 20, 21]


def test_filter_takes_a_theme_by_number(plan: govtasks.Plan) -> None:
    """Themes headed by a number ((1), ①) are picked by it, as areas are."""
    numbered = tuple(attrs.evolve(d, number=3) if d.title == "有效防范金融风险" else d for d in plan.divisions)
    edited = attrs.evolve(plan, divisions=numbered)
    assert numbers(edited.filter(theme=3)) == numbers(edited.filter(theme="有效防范金融风险")) == [12, 13, 14]
    assert numbers(edited.filter(section="坚决打赢三大攻坚战", theme=3, unit="市教育局")) == [12]


def test_counts_name_the_tasks_in_no_theme(plan: govtasks.Plan) -> None:
    """Tasks 15–21 moved out of their theme, straight into area (二), count under (no theme), last."""
    items = tuple(attrs.evolve(i, division=7) if i.division == 8 else i for i in plan.items)
    edited = attrs.evolve(plan, items=items)
    assert list(edited.counts("theme").items())[-2:] == [("提高资源配置能力", 0), ("(no theme)", 7)]
    assert dict(edited.counts("section")) == {"坚决打赢三大攻坚战": 14, "着力增强中心城市功能": 7}


def test_co_assignments(plan: govtasks.Plan) -> None:
    edges = plan.co_assignments()
    pairs = {(e.a.name, e.b.name): (e.weight, tuple(numbers(e.tasks))) for e in edges}
    assert pairs[("市发展改革委", "市商务局")] == (5, (4, 7, 15, 16, 18))
    assert pairs[("市农业农村局", "市扶贫开发办")] == (5, (2, 3, 4, 5, 6))
    assert pairs[("市自然资源和规划局", "湖北机场集团")] == (1, (18,))
    weights = [e.weight for e in edges]
    assert weights == sorted(weights, reverse=True)
    assert all(e.weight == len(e.tasks) for e in edges)
    assert sum(e.weight for e in edges) == sum(len(t.units()) * (len(t.units()) - 1) // 2 for t in plan.tasks)


def test_search(plan: govtasks.Plan) -> None:
    assert numbers(plan.search("金融")) == [12, 14, 21]
    assert numbers(plan.search("风险 金融")) == [12, 14]
    assert numbers(plan.search("p2p")) == [13]
    assert numbers(plan.search("Ｐ２Ｐ")) == [13]
    assert numbers(plan.search("湖")) == [8]
    assert numbers(plan.search("不存在的词")) == []
    with pytest.raises(ValueError, match="at least one word"):
        plan.search("  ")


def test_filter(plan: govtasks.Plan) -> None:
    assert numbers(plan.filter(section=1, unit="市生态环境局")) == [7, 8, 9, 10, 11]
    assert numbers(plan.filter(section="着力增强中心城市功能", unit="市发展改革委", role=LEAD)) == [15, 20]
    assert numbers(plan.filter(theme="有效防范金融风险")) == [12, 13, 14]
    assert numbers(plan.filter(theme="有效防范金融风险", unit="市教育局")) == [12]
    assert numbers(plan.filter(section=2, unit="江岸区人民政府", expand=True)) == [15]
    assert numbers(plan.filter(section=1, theme="提高资源配置能力")) == []  # that theme is in area 2
    assert plan.filter() == plan.tasks
    with pytest.raises(LookupError, match=r"no area 9 in this plan; did you mean 1, 2\?"):
        plan.filter(section=9)  # declared (九个方面) but not in this copy: no silent ()
    with pytest.raises(ValueError, match="role needs a unit"):
        plan.filter(role=LEAD)


def test_queries_read_one_index_built_once(plan: govtasks.Plan) -> None:
    plan.tasks_for("市水务局")
    index = index_of(plan)
    plan.search("水")
    plan.counts("theme")
    assert index_of(plan) is index
    assert index == build_index(plan)
    assert plan.workload() is plan.workload()  # counted once per plan, and kept
    assert plan.counts("theme") is plan.counts("theme")


def test_one_key_scheme_whatever_the_spelling(plan: govtasks.Plan) -> None:
    """A question is kept by its unit's id and its role's member: every spelling of one question gets one answer."""
    asked = plan.tasks_for("市发展改革委", role=LEAD)
    assert plan.tasks_for("市发改委", role="lead") is asked
    assert plan.tasks_for(plan.units.lookup("市发展改革委"), role="牵头单位") is asked
    assert plan.tasks_for("市发展改革委", role=RESPONSIBLE) is not asked
    expanded = plan.tasks_for("江岸区人民政府", role="responsible", expand=True)
    assert plan.tasks_for("江岸区人民政府", role=RESPONSIBLE, expand=1) is expanded  # type: ignore[arg-type]
    assert plan.targets_for("市发展改革委", role=LEAD) is not asked
    assert plan.workload(include_targets=1, expand=True) is plan.workload(include_targets=True, expand=True)  # type: ignore[arg-type]


def test_answers_are_kept_only_for_finite_questions(plan: govtasks.Plan) -> None:
    """Search words and filters can be anything, so their answers are not kept: a plan's cache stays bounded."""
    plan.search("水")
    plan.filter(section=1, theme="有效防范金融风险", unit="市发展改革委")  # keeps the counts and tasks_for it reads
    kept = len(query._kept_for(plan).answers)
    themes = ("坚决完成脱贫攻坚任务", "强力推进污染防治", "有效防范金融风险", "提高资源配置能力")
    for words, theme in zip(("金融", "风险", "金融 风险", "绿色"), themes, strict=True):
        plan.search(words)
        plan.filter(section=2, theme=theme, unit="市发展改革委")
    assert len(query._kept_for(plan).answers) == kept


def test_kept_answers_do_not_keep_their_plan_alive(source: str) -> None:
    plan = govtasks.parse(source)
    for expand in (False, True):
        for administrations in (False, True):
            plan.workload(include_targets=True, expand=expand, administrations=administrations)
        plan.tasks_for("江岸区人民政府", role="lead", expand=expand)
        plan.targets_for("市发展改革委", expand=expand)
    for by in ("section", "theme", "unit_kind"):
        plan.counts(by)
    plan.co_assignments()
    plan.filter(section=1, unit="江岸区人民政府", expand=True)
    key, gone = id(plan), weakref.ref(plan)
    assert len(query._kept_for(plan).answers) > 10
    del plan
    gc.collect()
    assert gone() is None
    assert key not in query._kept_for._kept


def test_coverage(plan: govtasks.Plan) -> None:
    cover = plan.coverage
    assert (cover.tasks, cover.declared_tasks, cover.sections, cover.declared_sections) == (21, 268, 2, 9)
    assert not cover.complete


@pytest.mark.parametrize(
    ("name", "shape", "dtypes"),
    [
        ("items", (25, 12), {"item_id": "Int64", "number": "Int64", "text": "string", "complete": "boolean"}),
        # 15 names on the targets (2+2+8+3) and 107 on the tasks, counted by hand
        ("assignments", (122, 9), {"role": "string", "position": "Int64", "group_number": "Int64"}),
        ("units", (55, 16), {"unit_id": "string", "full_name": "string"}),
        # 2 parts, 2 areas, 4 themes
        ("divisions", (8, 9), {"kind": "string", "parent_id": "Int64", "line": "Int64"}),
        ("leaders", (0, 4), {"name": "string"}),
    ],
)
def test_pandas_tables(plan: govtasks.Plan, name: str, shape: tuple[int, int], dtypes: dict[str, str]) -> None:
    frame = plan.to_pandas(name)
    assert frame.shape == shape
    assert all(column.isascii() and column == column.lower() for column in frame.columns)
    for column, dtype in dtypes.items():
        assert str(frame[column].dtype) == dtype


def test_pandas_rows_hold_the_text(plan: govtasks.Plan) -> None:
    items = plan.to_pandas("items")
    tasks = items[items.kind == "task"].set_index("number")
    assignments = plan.to_pandas("assignments")
    task_18 = assignments[assignments.item_id == tasks.loc[18, "item_id"]]
    assert list(task_18.role) == ["lead"] + ["responsible"] * 7
    assert list(task_18.group_number) == [1, 1, 1, 1, 2, 3, 3, 3]
    assert task_18.printed_name.iloc[-1] == "湖北机场集团"
    assert task_18.unit_id.iloc[0] == "natural-resources-planning"
    assert str(tasks.loc[12, "text"]).startswith("深入开展、互联网金融")
    (task_12,) = [row for row in items.to_dict("records") if (row["kind"], row["number"]) == ("task", 12)]
    divisions = {row["division_id"]: row for row in plan.to_pandas("divisions").to_dict("records")}
    theme = divisions[task_12["division_id"]]
    assert (theme["kind"], theme["title"], divisions[theme["parent_id"]]["number"]) == ("theme", "有效防范金融风险", 1)


def test_polars_tables_match_pandas(plan: govtasks.Plan) -> None:
    import polars as pl

    for name in TABLES:
        frame = plan.to_polars(name)
        assert frame.shape == plan.to_pandas(name).shape
    units = plan.to_polars("units")
    assert units.schema["unit_id"] == pl.String
    assert plan.to_polars("items").schema["number"] == pl.Int64
    with pytest.raises(LookupError, match="the tables are document, addressees, clauses"):
        plan.to_polars("edges")


def test_networkx_graphs(plan: govtasks.Plan) -> None:
    graphs = plan.to_networkx()
    bipartite, projection = graphs.bipartite, graphs.co_assignment
    assert bipartite.number_of_nodes() == 35 + 21
    assert bipartite.number_of_edges() == sum(len(t.assignments) for t in plan.tasks)
    assert bipartite.nodes["item-22"]["number"] == 18
    assert bipartite.edges["natural-resources-planning", "item-22"]["role"] == "lead"
    assert projection.number_of_edges() == len(plan.co_assignments())
    assert projection.edges["development-reform", "commerce"]["weight"] == 5


def test_optional_libraries_are_not_imported_with_govtasks() -> None:
    code = (
        "import sys, govtasks; p = govtasks.load(); p.tasks_for('市水务局'); p.workload(); "
        "heavy = {'pandas', 'polars', 'networkx', 'numpy', 'pyarrow'} & set(sys.modules); print(sorted(heavy))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_reprs_are_readable(plan: govtasks.Plan) -> None:
    assert repr(plan) == "<Plan 武政办〔2020〕1号: 4 of 4 targets, 2 of 9 areas, 21 of 268 tasks>"
    assert repr(plan.task(20)) == "<Task 20. 争创国家物流枢纽城市。 | leads: 市发展改革委 | responsible: 1>"
    assert repr(plan.targets[1]).startswith("<Target (二) 城镇新增就业22万人。")
    assert str(plan.units.lookup("市水务局")) == "市水务局"


def test_str_prints_an_item_as_the_text_does(plan: govtasks.Plan, source: str) -> None:
    lines = source.split("\n")
    for item in (*plan.targets, *plan.tasks):
        printed = "".join(lines[item.first_line - 1 : item.last_line])
        assert printed.startswith(str(item)), item.marker
    assert lines[40].endswith(str(plan.task(7)) + "武汉汽车网")


def test_notebook_html(plan: govtasks.Plan) -> None:
    html = plan._repr_html_()
    assert "21 of 268 tasks" in html
    assert "<td>area</td><td>(二)</td><td>着力增强中心城市功能</td><td>7</td>" in html
    assert "<td>theme</td><td>——</td><td>提高资源配置能力</td><td>7</td>" in html
    assert "<td>part</td><td>二、</td><td>九个方面重点工作</td><td>21</td>" in html
    assert "发布评论" in html
    task_html = plan.task(1)._repr_html_()
    assert "<td>牵头单位</td><td>1</td><td>市扶贫开发办</td><td>武汉市扶贫开发办公室</td>" in task_html
    assert "〈含开发区、风景区管委会〉" in task_html
    unit_html = plan.units.lookup("各开发区管委会")._repr_html_()
    assert unit_html.count("<td>member</td>") == 3


def test_threads_asking_first_share_one_answer(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = govtasks.parse(source)
    counted: list[bool] = []
    real = query._count_workload

    def counting(p: govtasks.Plan, include_targets: bool, expand: bool, administrations: bool) -> query.Workload:
        counted.append(expand)
        return real(p, include_targets, expand, administrations)

    monkeypatch.setattr(query, "_count_workload", counting)
    start = threading.Barrier(8)

    def ask(_: int) -> query.Workload:
        start.wait()
        return plan.workload(expand=True)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ask, range(8)))
    assert counted == [True]
    assert all(answer is answers[0] for answer in answers)
