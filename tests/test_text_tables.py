"""The table layouts: every complete item of the table excerpts in the corpus, and small tables of our own.

Each excerpt is read from the line after its notice's signature date (or from its first line),
as the parser's reader does, and its complete items are compared, in order, with the hand
reading in ``expected.json``: units by role in printed order, leaders, deadline and number.
Rows cut off by the end of an excerpt must come out incomplete.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from govtasks._text import Line, split_lines
from govtasks.model import Detail, DivisionKind, Layout, Role, RoleBasis
from govtasks.text.draft import Draft, DraftItem, build
from govtasks.text.tables import header_at, read
from govtasks.units import unregistered

CORPUS = Path(__file__).resolve().parent / "corpus"
"""The corpus folder: excerpts/ and expected.json."""
EXPECTED: dict[str, Any] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
DOCUMENTS = {doc["file"]: doc for doc in EXPECTED["documents"]}
TABLES = sorted(name for name, doc in DOCUMENTS.items() if doc["layout_family"].startswith("table"))
OTHERS = sorted(set(DOCUMENTS) - set(TABLES))
SIGNATURE_DATE = re.compile(r"[\d〇零一二三四五六七八九十年月]+日")


def excerpt(name: str) -> str:
    """The excerpt: everything after the file's two '#' lines."""
    raw = (CORPUS / "excerpts" / name).read_text(encoding="utf-8")
    return "\n".join(raw.split("\n")[2:])


def after_notice(lines: list[Line]) -> int:
    """The line after the last date-only line (the notice's signature) before the first table header, or 0."""
    header = header_at(lines)
    assert header is not None
    dates = [i for i in range(header) if SIGNATURE_DATE.fullmatch("".join(lines[i].content.split()))]
    return dates[-1] + 1 if dates else 0


def read_table(text: str, start: int | None = None) -> Draft:
    lines = split_lines(text)
    draft = Draft(layout=Layout.TABLE)
    read(lines, after_notice(lines) if start is None else start, draft)
    return draft


def norm(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def units(item: DraftItem, role: Role) -> list[str]:
    return [norm(unit.printed) for unit in item.reading.units if unit.role is role]


def leaders(item: DraftItem) -> list[str]:
    return [norm(name) for name, _ in item.reading.leaders]


# -- the corpus ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
def test_table_header_is_found(name: str) -> None:
    assert header_at(split_lines(excerpt(name))) is not None


@pytest.mark.parametrize("name", OTHERS)
def test_no_header_in_other_layouts(name: str) -> None:
    assert header_at(split_lines(excerpt(name))) is None


@pytest.mark.parametrize("from_notice", [True, False], ids=["after-notice", "from-first-line"])
@pytest.mark.parametrize("name", TABLES)
def test_every_complete_item_reads_as_expected(name: str, from_notice: bool) -> None:
    draft = read_table(excerpt(name), None if from_notice else 0)
    wanted = [want for want in DOCUMENTS[name]["items"] if not want.get("truncated")]
    complete = [item for item in draft.items if item.complete]
    assert [norm(item.text)[:6] for item in complete] == [norm(want["text_start"])[:6] for want in wanted]
    for want, item in zip(wanted, complete, strict=True):
        assert norm(item.text).startswith(norm(want["text_start"]))
        assert item.marker == want["number"]
        assert units(item, Role.LEAD) == [norm(unit) for unit in want["lead"]], item.text
        others = want["co"] + want.get("responsible", []) + want.get("unlabelled", [])
        assert units(item, Role.RESPONSIBLE) == [norm(unit) for unit in others], item.text
        assert leaders(item) == [norm(leader) for leader in want["leaders"]], item.text
        assert item.reading.due == want["deadline"]
        assert item.reading.open_ended is bool(want.get("open_ended"))


@pytest.mark.parametrize("name", TABLES)
def test_cut_rows_are_incomplete(name: str) -> None:
    draft = read_table(excerpt(name))
    for want in (want for want in DOCUMENTS[name]["items"] if want.get("truncated")):
        last = draft.items[-1]
        assert not last.complete
        assert want["number"] is None or last.marker == want["number"]
        assert want["text_start"] is None or norm(last.text).startswith(norm(want["text_start"]))
    assert sum(not item.complete for item in draft.items) == sum(
        bool(w.get("truncated")) for w in DOCUMENTS[name]["items"]
    )


@pytest.mark.parametrize("name", TABLES)
def test_the_draft_builds(name: str) -> None:
    divisions, items = build(read_table(excerpt(name)), unregistered)
    assert len(items) == len(DOCUMENTS[name]["items"])
    assert divisions[0].kind is DivisionKind.TABLE


@pytest.mark.parametrize("name", TABLES)
def test_no_line_is_dropped(name: str) -> None:
    """Every line is in an item, a heading, a table's header block or the residue, or is a '|' line."""
    text = excerpt(name)
    draft = read_table(text, 0)
    placed = {residue.line for residue in draft.residue} | {d.line for d in draft.divisions if d.line}
    for item in draft.items:
        placed |= set(range(item.first_line, item.last_line + 1))
    for table in (d.line for d in draft.divisions if d.kind is DivisionKind.TABLE and d.line is not None):
        first_row = min(item.first_line for item in draft.items if item.first_line >= table)
        placed |= set(range(table, first_row))
    for line in split_lines(text):
        assert line.number in placed or not line.content.strip("|"), line.content


def test_a_star_marks_the_lead_of_a_responsible_column() -> None:
    item = read_table(excerpt("17-suzhou-wujiang-2024-star-lead.txt")).items[0]
    lead, co = item.reading.units
    assert (lead.printed, lead.role, lead.label, lead.basis) == ("区发改委", Role.LEAD, "★", RoleBasis.MARKER)
    assert (co.printed, co.role, co.label, co.basis) == ("统计局", Role.RESPONSIBLE, "责任单位", RoleBasis.PRINTED)
    assert item.reading.leaders == [("钱 宇", "牵头领导")]


def test_a_lone_responsible_column_makes_no_lead() -> None:
    draft = read_table(excerpt("12-chongqing-shapingba-2022-cell-lines.txt"))
    for item in draft.items[:10]:
        assert {(u.role, u.label, u.basis) for u in item.reading.units} == {
            (Role.RESPONSIBLE, "责任单位", RoleBasis.PRINTED)
        }


def test_each_attached_table_is_a_division() -> None:
    draft = read_table(excerpt("12-chongqing-shapingba-2022-cell-lines.txt"))
    tables = [(d.kind, d.number, d.marker, d.title) for d in draft.divisions]
    assert tables == [
        (DivisionKind.TABLE, 1, "附件1", "2022年区政府工作报告经济社会发展预期目标任务分解表"),
        (DivisionKind.TABLE, 2, "附件2", "2022年区政府工作报告重点工作任务分解表"),
    ]
    assert [item.division for item in draft.items] == [0] * 10 + [1]


def test_heading_rows_are_parts_areas_and_themes() -> None:
    draft = read_table(excerpt("15-wuhu-2025-pipe-table.txt"))
    headings = [(d.kind, d.parent, d.number, d.marker, d.title, d.declared_areas) for d in draft.divisions[1:]]
    assert headings == [
        (DivisionKind.PART, 0, 1, "一、", "主要预期目标", None),
        (DivisionKind.PART, 0, 2, "二、", "重点做好以下九个方面工作", 9),
        (DivisionKind.AREA, 2, 1, "(一)", "加强经济运行调节,持续推动经济发展质的有效提升和量的合理较快增长。", None),
        (DivisionKind.THEME, 3, 1, "1", "大力提振消费。", None),
    ]
    assert [item.division for item in draft.items] == [1] * 7 + [4] * 3


def test_a_group_cell_numbers_a_theme_and_the_task_numbers_the_item() -> None:
    draft = read_table(excerpt("17-suzhou-wujiang-2024-star-lead.txt"))
    themes = [(d.kind, d.number, d.title) for d in draft.divisions if d.kind is DivisionKind.THEME]
    assert themes == [(DivisionKind.THEME, 1, "主要预期目标"), (DivisionKind.THEME, 1, "筑牢经济发展底座")]
    assert draft.divisions[0].declared == 118
    assert [(item.number, item.marker) for item in draft.items][:2] == [(1, "1."), (2, "2.")]
    assert draft.items[0].text == "地区生产总值增长5%以上。"


def test_other_columns_are_details_and_notes_residue() -> None:
    draft = read_table(excerpt("18-hangzhou-shangcheng-2019-pipe-table.txt"))
    assert draft.items[0].text == "地区生产总值"
    assert draft.items[0].details == [
        Detail(label="指标要求", text="增长5.5%(市下达指标)"),
        Detail(label="目标类型", text="A类"),
    ]
    assert "(注:A类指责任目标;B类指激励目标;C类指争先创优目标)" in [r.text for r in draft.residue]


def test_a_declared_count_and_page_numbers() -> None:
    spaced = read_table(excerpt("16-changshu-2018-space-rows.txt"))
    assert (spaced.divisions[1].kind, spaced.divisions[1].declared) == (DivisionKind.PART, 11)
    assert spaced.divisions[0].title == "常熟市2018年政府工作任务分解表"
    run_together = read_table(excerpt("20-jiaxing-11fyp-run-together.txt"))
    assert [r.text for r in run_together.residue] == ["—1—", "—2—"]
    assert [d.title for d in run_together.divisions[1:]] == ["主要发展指标", "产业优化升级"]


def test_a_wrapped_lead_cell_is_joined() -> None:
    item = read_table(excerpt("22-changsha-2012-lead-column.txt")).items[0]
    assert units(item, Role.LEAD) == ["市政府办公厅"]
    assert units(item, Role.RESPONSIBLE) == ["市直各单位"]
    assert item.number is None


# -- tables of our own --------------------------------------------------------------------


def test_a_deadline_column_and_a_blank_cell() -> None:
    draft = read_table(
        "附件\n2023年城市建设重点任务分解表\n序号\n工作任务\n牵头单位\n配合单位\n完成时限\n"
        "1\n推进老旧小区改造120个。\n市住建局\n市财政局、各区政府\n2023年6月底前\n"
        "2\n建设口袋公园20个。\n市园林局\n2023年底\n"
        "3\n新增停车泊位5000个。\n市公安局\n"
    )
    first, second, third = draft.items
    assert (units(first, Role.LEAD), units(first, Role.RESPONSIBLE), first.reading.due) == (
        ["市住建局"], ["市财政局", "各区政府"], "2023年6月底前",
    )  # fmt: skip
    assert (units(second, Role.LEAD), units(second, Role.RESPONSIBLE), second.reading.due) == (
        ["市园林局"],
        [],
        "2023年底",
    )
    assert first.complete
    assert second.complete
    assert not third.complete, "the text stops before the row's last columns"


def test_a_remarks_column_after_the_units() -> None:
    draft = read_table("序号\n重点工作\n牵头单位\n备注\n1\n建成污水处理厂。\n市水务局\n年底前投运\n2\n")
    assert (units(draft.items[0], Role.LEAD), draft.items[0].details) == (
        ["市水务局"], [Detail(label="备注", text="年底前投运")],
    )  # fmt: skip


def test_only_a_responsible_column() -> None:
    draft = read_table(
        "序号 | 重点任务 | 责任单位 |\n1 | 完成造林1万亩。 | 县林业局 |\n2 | 新建5G基站300个。 | 县工信局、各乡镇 |\n"
    )
    assert [units(item, Role.LEAD) for item in draft.items] == [[], []]
    assert [units(item, Role.RESPONSIBLE) for item in draft.items] == [["县林业局"], ["县工信局", "各乡镇"]]
    assert [item.complete for item in draft.items] == [True, True]


def test_rows_without_numbers() -> None:
    draft = read_table(
        "工作任务\n牵头部门\n协同部门\n"
        "加快建设综合交通枢纽。\n市交通运输局\n市发展改革委、市自然资源局\n"
        "深化“放管服”改革,\n推行“一网通办”。\n市政务服务局\n市级各部门\n"
        "持续优化"
    )
    assert [(item.number, item.marker) for item in draft.items] == [(None, None)] * 3
    assert draft.items[1].text == "深化“放管服”改革,推行“一网通办”。"
    assert units(draft.items[1], Role.LEAD) == ["市政务服务局"]
    assert [u.label for u in draft.items[0].reading.units] == ["牵头部门", "协同部门", "协同部门"]
    assert [item.complete for item in draft.items] == [True, True, False]


def test_a_pipe_table_with_a_source_column_and_traditional_headers() -> None:
    draft = read_table(
        "附件2:2023年民生實事任務分解表\n"
        "序號 | 任務來源 | 工作內容 | 牽頭單位 | 配合單位 |\n---|---|---|---|---|\n"
        "1 | 省政府工作报告 | 推进数字政府建设。 | 市大数据局 | 市级各部门 |\n"
        "2 | 市人代会建议 | 新增学位3000个。 | 市教育局 | / |\n"
    )
    assert (draft.divisions[0].number, draft.divisions[0].marker, draft.divisions[0].title) == (
        2, "附件2", "2023年民生實事任務分解表",
    )  # fmt: skip
    first, second = draft.items
    assert (first.reading.source, first.text, units(first, Role.LEAD)) == (
        "省政府工作报告",
        "推进数字政府建设。",
        ["市大数据局"],
    )
    assert [u.label for u in first.reading.units] == ["牽頭單位", "配合單位"]
    assert units(second, Role.RESPONSIBLE) == [], "'/' marks an empty cell"
    assert not draft.residue


def test_space_rows_with_two_unit_columns() -> None:
    draft = read_table(
        "附件:重点工作分解表 序号 工作任务 牵头单位 配合单位\n"
        "一、产业发展\n1 推进工业技改项目50个. 市工信局 市发改委、市财政局\n2 培育规上企业30家. 市工信局\n3 建设"
    )
    assert draft.divisions[1].title == "产业发展"
    first, second, third = draft.items
    assert (units(first, Role.LEAD), units(first, Role.RESPONSIBLE)) == (["市工信局"], ["市发改委", "市财政局"])
    assert (units(second, Role.LEAD), units(second, Role.RESPONSIBLE)) == (["市工信局"], [])
    assert (third.complete, third.text) == (False, "建设")


def test_stacked_leaders_without_pipes_and_a_heading_first() -> None:
    draft = read_table(
        "序号\n工作任务\n责任领导\n责任单位\n一、经济发展\n"
        "1\n招引亿元项目10个。\n张 三\n李四\n★招商局、经发局\n"
        "2\n盘活土地200亩。\n王五\n自然资源局\n|\n"
    )
    assert draft.divisions[1].title == "经济发展"
    first, second = draft.items
    assert first.reading.leaders == [("张 三", "责任领导"), ("李四", "责任领导")]
    assert (units(first, Role.LEAD), units(first, Role.RESPONSIBLE)) == (["招商局"], ["经发局"])
    assert (units(second, Role.LEAD), units(second, Role.RESPONSIBLE)) == ([], ["自然资源局"])
    assert second.complete, "a closing '|' after the last column closes the last row"


def test_run_together_rows_split_where_names_are_glued() -> None:
    draft = read_table(
        "序号主要工作任务第一责任单位主要责任单位一、指标1财政收入增长8%。市财政局市税务局、各县政府"
        "2推进科技创新市科技局市发改委二、改革3深化国企改革市国资委"
    )
    first, second, third = draft.items
    assert (units(first, Role.LEAD), units(first, Role.RESPONSIBLE)) == (["市财政局"], ["市税务局", "各县政府"])
    assert (second.text, units(second, Role.LEAD), units(second, Role.RESPONSIBLE)) == (
        "推进科技创新", ["市科技局"], ["市发改委"],
    )  # fmt: skip
    assert [d.title for d in draft.divisions[1:]] == ["指标", "改革"]
    assert (third.division, third.complete, units(third, Role.LEAD)) == (2, False, ["市国资委"])


def test_a_row_of_empty_cells_is_layout() -> None:
    draft = read_table("序号 | 工作任务 | 牵头单位 |\n/ | / | / |\n|\n1 | 修路。 | 市交通局 |\n", 0)
    assert [item.text for item in draft.items] == ["修路。"]
    assert not draft.residue


def test_text_without_a_header_is_residue() -> None:
    draft = read_table("序号\n关于做好今年工作的通知\n", 0)
    assert (draft.items, draft.divisions, [r.text for r in draft.residue]) == (
        [],
        [],
        ["序号", "关于做好今年工作的通知"],
    )


def test_a_cell_printed_empty_between_pipes_keeps_its_column() -> None:
    draft = read_table("序号 |\n重点工作 |\n牵头单位 |\n责任单位 |\n——民生(共2项) |\n1 |\n修路。 |\n/ |\n市交通局 |\n")
    (item,) = draft.items
    assert (units(item, Role.LEAD), units(item, Role.RESPONSIBLE), item.complete) == ([], ["市交通局"], True)
    assert [(d.kind, d.marker, d.title, d.declared) for d in draft.divisions[1:]] == [
        (DivisionKind.THEME, "——", "民生", 2)
    ]
