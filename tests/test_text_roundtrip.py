"""render → parse gives the plan back, in every layout the writer writes.

Plans are generated with the things real plans hold: parts with declared counts, areas,
themes, groups named for a leader, targets and tasks, leads and co-units under every label
the grammar knows, collectives with inner punctuation, 等, leaders, deadlines and sources.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govtasks as g
from govtasks._text import int_to_cn
from govtasks.text import grammar
from govtasks.text.writer import WRITABLE, render, without_positions
from govtasks.units import UnitRegistry, unregistered

SENTENCES = ("推进产业升级。", "加强生态保护,改善空气质量。", "深化改革开放。", "办好民生实事", "建设“智慧城市”。")
UNITS = (
    "市发展改革委", "市财政局", "区卫健局", "各县、市、区政府", "各县(市、区)政府", "县政府园区发展服务中心",
    "各街办(新区)", "青島藍谷管理局", "市政府办公室", "市委宣传部",
)  # fmt: skip
TITLES = ("主要预期目标", "重点工作", "改革开放", "民生保障")
LEADERS = ("张伟", "王纲", "李娜")


Listed = list[tuple[str, g.Role, str | None, g.RoleBasis, int]]
"""(printed, role, label, basis, group) of each unit of a list."""


@st.composite
def unit_lists(draw: st.DrawFn, layout: g.Layout) -> tuple[Listed, bool]:
    """(printed, role, label, basis, group) in printed order, and whether the list ends in 等."""
    styles = ["labelled"] + (["unlabelled", "prose"] if layout is g.Layout.PARENTHESIS else [])
    style = draw(st.sampled_from(styles))
    names = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=5, unique=True))
    if style == "unlabelled":
        bare: Listed = [(n, g.Role.RESPONSIBLE, None, g.RoleBasis.UNLABELLED, 1 + i // 2) for i, n in enumerate(names)]
        return bare, draw(st.booleans())
    leads = draw(st.integers(0, len(names)))
    if style == "prose":
        lead_label, other_label = "牵头", draw(st.sampled_from(grammar.RESPONSIBLE_PHRASES[:3]))
    elif layout is g.Layout.TABLE:  # a table's unit columns carry the canonical headers
        lead_label, other_label = grammar.LEAD_LABELS[0], grammar.RESPONSIBLE_LABELS[0]
    else:
        lead_label = draw(st.sampled_from(grammar.LEAD_LABELS))
        other_label = draw(st.sampled_from(grammar.RESPONSIBLE_LABELS))
    listed: Listed = [(n, g.Role.LEAD, lead_label, g.RoleBasis.PRINTED, 1) for n in names[:leads]]
    listed += [
        (n, g.Role.RESPONSIBLE, other_label, g.RoleBasis.PRINTED, 1 + draw(st.integers(0, 1)) * (i > 0))
        for i, n in enumerate(names[leads:])
    ]
    return _monotonic(listed), draw(st.booleans()) and style != "prose"


def _monotonic(listed: Listed) -> Listed:
    """Groups never go back within one run of a label."""
    out: Listed = []
    group, label = 0, object()
    for name, role, lab, basis, wanted in listed:
        group = 1 if lab != label else max(group, wanted)
        label = lab
        out.append((name, role, lab, basis, group))
    return out


@st.composite
def plans(draw: st.DrawFn, layout: g.Layout) -> g.Plan:
    divisions: list[g.Division] = []
    items: list[g.Item] = []
    stand_ins: dict[str, g.Unit] = {}

    def item(division: g.Division | None, leaders: tuple[g.Leader, ...], target: bool) -> None:
        listed, open_ended = draw(unit_lists(layout))
        positions = dict.fromkeys(g.Role, 0)
        assignments = []
        for name, role, label, basis, group in listed:
            positions[role] += 1
            unit = stand_ins.setdefault(name, unregistered(name))
            assignments.append(g.Assignment(unit=unit, role=role, position=positions[role], group=group,
                                            printed=name, label=label, basis=basis, convention_line=None))  # fmt: skip
        number = draw(st.integers(1, 300))
        own = tuple(g.Leader(name=n, label="责任领导") for n in draw(st.lists(st.sampled_from(LEADERS), max_size=2)))
        items.append(
            g.Item(
                id=len(items) + 1,
                kind=g.ItemKind.TARGET if target else g.ItemKind.TASK,
                number=number,
                marker=f"{number}.",
                division=division.id if division else None,
                text=draw(st.sampled_from(SENTENCES)),
                assignments=tuple(assignments),
                leaders=own or leaders,
                due=draw(st.none() | st.sampled_from(("2024年底", "全年", "6月底前"))),
                source=draw(st.none() | st.just("市政府工作报告")),
                details=(),
                open_ended=open_ended,
                complete=True,
                first_line=1,
                last_line=1,
            )
        )

    def division(kind: g.DivisionKind, parent: g.Division | None, number: int | None, title: str) -> g.Division:
        numeral = int_to_cn(number or 1)
        leaders: tuple[g.Leader, ...] = ()
        if kind is g.DivisionKind.GROUP:
            name = draw(st.sampled_from(LEADERS)) + "市长"
            title, leaders = f"{name}主抓重点工作", (g.Leader(name=name, label="主抓"),)
        made = g.Division(
            id=len(divisions) + 1, kind=kind, parent=parent.id if parent else None, number=number,
            marker=_marker(kind, numeral), title=title or None, line=1,
            declared=draw(st.none() | st.integers(0, 400)) if kind is g.DivisionKind.PART else None,
            declared_areas=None, leaders=leaders,
        )  # fmt: skip
        divisions.append(made)
        return made

    table = None
    if layout is g.Layout.TABLE:  # a table is a division of its own, titled where the text titles it
        table = division(g.DivisionKind.TABLE, None, None, draw(st.sampled_from(("某市2024年重点工作任务分解表", ""))))
    for p in range(1, draw(st.integers(1, 3)) + 1):
        kind = draw(st.sampled_from([g.DivisionKind.PART, g.DivisionKind.GROUP]))
        part = division(kind, table, p, draw(st.sampled_from(TITLES)))
        target = bool(part.title and grammar.TARGET_TITLES.search(part.title))
        for _ in range(draw(st.integers(1, 2))):  # a plan with no item and no notice is not a plan
            item(part, part.leaders, target)
        for a in range(1, draw(st.integers(0, 2)) + 1):
            area = division(g.DivisionKind.AREA, part, a, draw(st.sampled_from(TITLES[1:])))
            for _ in range(draw(st.integers(1, 2))):
                item(area, part.leaders, target)
            for _ in range(draw(st.integers(0, 1))):
                theme = division(g.DivisionKind.THEME, area, None, draw(st.sampled_from(TITLES[1:])))
                for _ in range(draw(st.integers(1, 2))):
                    item(theme, part.leaders, target)
    return g.Plan(
        source_sha256=None,
        layout=layout,
        info=g.DocumentInfo(
            title=None,
            issuer=None,
            doc_number=None,
            promulgated=None,
            released=None,
            written=None,
            index_number=None,
            effective=None,
            level=None,
            status=None,
            topic=None,
            addressees=(),
        ),
        notice=None,
        title=None if table else draw(st.none() | st.just("某市2024年重点工作责任分解方案")),
        declared_items=None,
        declared_areas=None,
        divisions=tuple(divisions),
        items=tuple(items),
        conventions=(),
        residue=(),
        units=UnitRegistry(units=()).including(tuple(stand_ins.values())),
    )


def _marker(kind: g.DivisionKind, numeral: str) -> str | None:
    """A heading's marker as documents print it; a table has none."""
    markers = {g.DivisionKind.AREA: f"({numeral})", g.DivisionKind.THEME: "——", g.DivisionKind.TABLE: None}
    return markers.get(kind, f"{numeral}、")


@pytest.mark.parametrize("layout", WRITABLE, ids=[layout.value for layout in WRITABLE])
@settings(max_examples=150)
@given(data=st.data())
def test_a_rendered_plan_reads_back_as_itself(layout: g.Layout, data: st.DataObject) -> None:
    plan = data.draw(plans(layout))
    text = render(plan, layout)
    assert without_positions(g.parse(text, units=plan.units)) == without_positions(plan)


def test_the_bundled_plan_renders_in_its_own_layout_and_reads_back() -> None:
    plan = g.load()
    assert without_positions(g.parse(render(plan), units=plan.units)) == without_positions(plan)


def test_a_layout_the_text_cannot_carry_is_refused_with_the_difference() -> None:
    plan = g.load()
    with pytest.raises(g.RenderError, match=r"plan\.items\[\d+\]"):
        render(plan, g.Layout.LABELS)  # the site name glued after task 7's list would join the list


def test_render_refuses_a_layout_it_does_not_write() -> None:
    with pytest.raises(g.RenderError, match="not prose"):
        render(g.load(), "prose")


def test_item_text_written_in_the_labels_layout_keeps_each_segment_on_its_own_line() -> None:
    plan = g.parse("一、重点工作\n1.推进产业升级。(牵头单位:市财政局;责任单位:市委宣传部等;完成时限:全年)")
    text = render(attrs.evolve(plan, layout=g.Layout.LABELS))
    assert text.splitlines()[-4:] == ["1.推进产业升级。", "牵头单位:市财政局", "责任单位:市委宣传部等", "完成时限:全年"]
