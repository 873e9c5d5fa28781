"""The facts of 武政办〔2020〕1号 as the bundled source text states them.

Every expected value in this module was written by hand from the source text
(src/govtasks/data/000_8660fcbe30035db3.txt, 61 lines), not copied from the
parser's output, so these tests are an independent check of the parser. Each
fact is checked twice: on the plan parsed from the source file read directly
from disk, and on the bundled plan that :func:`govtasks.load` returns.

The source uses ASCII punctuation for ``(),:;`` and full-width 、。〈〉《》; the
expected strings below keep that exactly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

import govtasks
from govtasks import Role
from tests.conftest import names

SOURCE_PATH = Path(__file__).resolve().parents[1] / "src" / "govtasks" / "data" / "000_8660fcbe30035db3.txt"
SOURCE = SOURCE_PATH.read_bytes().decode("utf-8")
LINES = SOURCE.split("\n")

DISTRICTS = "各区人民政府〈含开发区、风景区管委会〉"
"""The collective responsible unit of targets 2–4 and most tasks."""
DISTRICTS_T1 = "各区人民政府〈含开发区管委会〉"
"""Target 1's collective: no 风景区 (and printed across the wrap at lines 24–25)."""
FUPIN = "市扶贫开发办"
JINRONG = "市地方金融工作局"


@pytest.fixture(scope="module", params=["parsed", "bundled"])
def doc(request: pytest.FixtureRequest) -> govtasks.Plan:
    """The plan parsed from the file on disk, and the bundled plan."""
    if request.param == "parsed":
        return govtasks.parse(SOURCE)
    return govtasks.load()


# -- the source itself --------------------------------------------------------


def test_source_file_is_the_61_line_text() -> None:
    assert len(LINES) == 61
    assert LINES[0] == "文章属性"
    assert LINES[60] == "发布评论"
    assert govtasks.source_text() == SOURCE


def test_source_sha256_is_that_of_the_text(doc: govtasks.Plan) -> None:
    assert doc.source_sha256 == hashlib.sha256(SOURCE.encode("utf-8")).hexdigest()


def test_bundled_plan_equals_parse_of_source() -> None:
    bundled = govtasks.load()
    parsed = govtasks.parse(SOURCE)
    assert bundled == parsed
    assert bundled.tasks == parsed.tasks
    assert bundled.residue == parsed.residue


# -- document information (文章属性 and the notice heading) --------------------


def test_document_info(doc: govtasks.Plan) -> None:
    info = doc.info
    assert info.title == "市人民政府办公厅关于印发2020年市《政府工作报告》确定的主要目标任务责任分解方案的通知"
    assert info.issuer == "武汉市人民政府办公厅"
    assert info.doc_number == "武政办〔2020〕1号"
    assert info.promulgated == dt.date(2020, 1, 17)
    assert info.effective == dt.date(2020, 1, 17)
    assert info.level == "地方规范性文件"
    assert info.status == "现行有效"
    assert info.topic == "机关工作"
    assert info.addressees == ("各区人民政府", "市人民政府各部门", "各有关单位")


def test_document_dates_are_dates_not_strings(doc: govtasks.Plan) -> None:
    assert type(doc.info.promulgated) is dt.date
    assert type(doc.info.effective) is dt.date


def test_title_is_joined_without_the_line_break(doc: govtasks.Plan) -> None:
    title = doc.info.title
    assert title is not None
    assert "\n" not in title
    assert "2020年市《政府工作报告》" in title
    assert title.startswith("市人民政府办公厅关于印发")
    assert title.endswith("的通知")


# -- the covering notice (通知) -------------------------------------------------

PREAMBLE = (
    "《2020年市〈政府工作报告〉确定的主要目标任务责任分解方案》已经市人民政府同意,"
    "现印发给你们,并就有关事项通知如下,请一并贯彻执行。"
)

CLAUSES: list[tuple[int, str, int, int]] = [
    (
        1,
        "层层压实责任,积极推进办理工作。各责任单位要加强组织领导,按照“一把手”负总责的要求,"
        "主要领导亲自抓、分管领导具体抓,并明确专门责任部门和具体责任人,由办公室负责抓好综合督办协调工作。"
        "对于一些办理难度大、涉及面广的责任事项,相关责任单位要及时报告推进落实过程中存在的困难和问题,"
        "提请市人民政府统筹协调解决。",
        15,
        16,
    ),
    (
        2,
        "加强工作统筹,科学制订办理方案。各责任单位要对所承办的责任事项逐个进行研究,制订具体细化的办理方案。"
        "办理方案要明确每个责任事项的具体工作内容、完成时间节点、分管负责人及责任部门。"
        "牵头单位要强化责任担当,统筹协调相关责任单位科学制订办理方案,确保各项目标任务落实落细。"
        "各责任单位要于2020年2月3日前,将制订的办理方案经本单位主要负责人审定后,报送市人民政府督查室;"
        "同时,一并上报本单位《政府工作报告》督办工作人员名单及(办理方案及人员名单填报式样见附表1、2)。",
        17,
        17,
    ),
    (
        3,
        "精准高效督办,确保完成目标任务。市绩效考评办要将2020年市《政府工作报告》确定的目标任务"
        "纳入市级绩效目标管理考核体系,精准设置绩效指标,细化考评内容,突出考评结果运用,确保各项目标任务圆满完成。"
        "各责任单位要将涉及本单位的目标任务办理工作纳入绩效目标进行管理,进一步明确“时间表”“施工图”,"
        "制订“任务清单”“时间清单”和“责任清单”,定期或者不定期开展自查提醒,确保办理工作有序推进。"
        "市人民政府督查室要坚持目标导向、问题导向、效果导向,精准督办,"
        "对目标责任落实不力、影响工作进度和成效的责任单位和责任人予以通报。",
        18,
        18,
    ),
    (
        4,
        "接受社会监督,及时公布工作进展。各责任事项牵头单位要分别于2020年4月15日、7月15日、10月15日及"
        "2021年1月15日前,将第一、第二、第三季度及全年责任事项完成情况,经本单位主要负责人审定后"
        "以书面及电子版形式报送市人民政府督查室(报送式样见附表3),"
        "由市人民政府督查室负责每季度在市人民政府门户网站向社会集中公开,接受全社会监督。",
        19,
        19,
    ),
]


def test_notice_heading_and_preamble(doc: govtasks.Plan) -> None:
    notice = doc.notice
    assert notice is not None
    assert notice.doc_number == "武政办〔2020〕1号"
    assert notice.preamble == PREAMBLE


def test_notice_has_four_clauses_in_order(doc: govtasks.Plan) -> None:
    assert doc.notice is not None
    assert [c.ordinal for c in doc.notice.clauses] == [1, 2, 3, 4]


@pytest.mark.parametrize(("ordinal", "text", "first_line", "last_line"), CLAUSES)
def test_notice_clause(doc: govtasks.Plan, ordinal: int, text: str, first_line: int, last_line: int) -> None:
    assert doc.notice is not None
    clause = doc.notice.clauses[ordinal - 1]
    assert clause.ordinal == ordinal
    assert clause.text == text
    assert (clause.first_line, clause.last_line) == (first_line, last_line)


def test_clause_one_is_joined_across_the_wrap(doc: govtasks.Plan) -> None:
    assert doc.notice is not None
    clause = doc.notice.clauses[0]
    assert "由办公室负责" in clause.text
    assert "\n" not in clause.text
    assert (clause.first_line, clause.last_line) == (15, 16)


def test_notice_signature(doc: govtasks.Plan) -> None:
    assert doc.notice is not None
    assert doc.notice.signed_by == "武汉市人民政府办公厅"
    assert doc.notice.signed_on == dt.date(2020, 1, 17)


# -- deadlines ---------------------------------------------------------------

DEADLINES: list[tuple[dt.date, str, str, int, int]] = [
    (dt.date(2020, 2, 3), "制订的办理方案", "各责任单位", 2, 17),
    (dt.date(2020, 2, 3), "本单位《政府工作报告》督办工作人员名单及", "各责任单位", 2, 17),
    (dt.date(2020, 4, 15), "第一季度责任事项完成情况", "各责任事项牵头单位", 4, 19),
    (dt.date(2020, 7, 15), "第二季度责任事项完成情况", "各责任事项牵头单位", 4, 19),
    (dt.date(2020, 10, 15), "第三季度责任事项完成情况", "各责任事项牵头单位", 4, 19),
    (dt.date(2021, 1, 15), "全年责任事项完成情况", "各责任事项牵头单位", 4, 19),
]


def test_deadlines_dates_in_order(doc: govtasks.Plan) -> None:
    assert [d.date for d in doc.deadlines] == [row[0] for row in DEADLINES]
    assert doc.notice is not None
    assert doc.deadlines == doc.notice.deadlines


def test_deadlines_all_go_to_the_inspection_office(doc: govtasks.Plan) -> None:
    assert len(doc.deadlines) == 6
    assert {d.recipient for d in doc.deadlines} == {"市人民政府督查室"}


@pytest.mark.parametrize(("index", "row"), list(enumerate(DEADLINES)))
def test_deadline(doc: govtasks.Plan, index: int, row: tuple[dt.date, str, str, int, int]) -> None:
    date, due, submitter, clause, line = row
    deadline = doc.deadlines[index]
    assert deadline.date == date
    assert deadline.due == due
    assert deadline.submitter == submitter
    assert deadline.recipient == "市人民政府督查室"
    assert deadline.clause == clause
    assert deadline.line == line


def test_february_deadline_covers_plan_and_staff_list(doc: govtasks.Plan) -> None:
    feb = [d for d in doc.deadlines if d.date == dt.date(2020, 2, 3)]
    assert len(feb) == 2
    plan_due, staff_due = feb
    assert plan_due.due.endswith("办理方案")
    assert "名单" not in plan_due.due
    # The copy lost 联系方式 after 名单及; the due text keeps the defect and guesses nothing.
    assert staff_due.due.endswith("名单及")
    assert "督办工作人员名单" in staff_due.due
    assert "联系方式" not in staff_due.due
    assert "附表" not in staff_due.due


def test_quarterly_deadlines_name_their_periods(doc: govtasks.Plan) -> None:
    quarterly = [d for d in doc.deadlines if d.clause == 4]
    assert [d.due[:4] for d in quarterly] == ["第一季度", "第二季度", "第三季度", "全年责任"]
    assert all(d.due.endswith("责任事项完成情况") for d in quarterly)
    assert all(d.submitter == "各责任事项牵头单位" for d in quarterly)


# -- plan headings and declared counts ----------------------------------------


def test_plan_titles(doc: govtasks.Plan) -> None:
    assert doc.title == "2020年市《政府工作报告》确定的主要目标任务责任分解方案"
    assert doc.targets_title == "经济社会发展的主要预期目标"
    assert doc.work_title == "九个方面重点工作"


def test_declared_counts(doc: govtasks.Plan) -> None:
    assert doc.declared_targets == 4
    assert doc.declared_sections == 9
    assert doc.declared_tasks == 268
    assert (doc.declared_items, doc.declared_areas) == (None, None)  # declared by the parts, not the plan


def test_parts_are_the_two_top_divisions(doc: govtasks.Plan) -> None:
    parts = doc.divisions_of(govtasks.DivisionKind.PART)
    assert [(p.id, p.parent, p.number, p.marker, p.title, p.line) for p in parts] == [
        (1, None, 1, "一、", "经济社会发展的主要预期目标", 23),
        (2, None, 2, "二、", "九个方面重点工作", 29),
    ]
    assert [(p.declared, p.declared_areas, p.leaders) for p in parts] == [(4, None, ()), (268, 9, ())]
    assert doc.layout is govtasks.Layout.PARENTHESIS
    assert doc.conventions == ()
    assert (doc.info.written, doc.info.released, doc.info.index_number) == (None, None, None)


def test_declared_counts_exceed_what_the_copy_holds(doc: govtasks.Plan) -> None:
    assert len(doc.targets) == 4
    assert len(doc.sections) == 2
    assert len(doc.tasks) == 21
    assert doc.declared_tasks is not None
    assert doc.declared_sections is not None
    assert len(doc.tasks) < doc.declared_tasks
    assert len(doc.sections) < doc.declared_sections


# -- targets ------------------------------------------------------------------

TargetRow = tuple[int, str, tuple[str, ...], tuple[tuple[str, ...], ...], int, int]

TARGETS: list[TargetRow] = [
    (1, "地区生产总值增长7.5%—7.8%。", ("市发展改革委",), ((DISTRICTS_T1,),), 24, 25),
    (2, "城镇新增就业22万人。", ("市人力资源社会保障局",), ((DISTRICTS,),), 26, 26),
    (
        3,
        "城乡居民人均可支配收入增长与经济增长基本同步。",
        ("市发展改革委",),
        (
            ("市科技局", "市经济和信息化局", "市民政局", "市人力资源社会保障局", "市农业农村局", "市商务局"),
            (DISTRICTS,),
        ),
        27,
        27,
    ),
    (
        4,
        "生态环境进一步改善,全面完成省下达的节能减排任务。",
        ("市发展改革委",),
        (("市生态环境局",), (DISTRICTS,)),
        28,
        28,
    ),
]


def check_item(
    item: govtasks.Item,
    text: str,
    leads: tuple[str, ...],
    groups: tuple[tuple[str, ...], ...],
    lines: tuple[int, int],
) -> None:
    """Text, units by role, source lines; per assignment: role, position, comma group, printed name."""
    assert item.text == text
    assert names(item.leads) == leads
    assert names(item.responsible) == tuple(unit for group in groups for unit in group)
    assert names(item.units()) == leads + names(item.responsible)
    assert (item.first_line, item.last_line) == lines
    expected: list[tuple[Role, int, int, str]] = [
        (Role.LEAD, position, 1, unit) for position, unit in enumerate(leads, start=1)
    ]
    responsible = [(group, unit) for group, units in enumerate(groups, start=1) for unit in units]
    expected += [
        (Role.RESPONSIBLE, position, group, unit) for position, (group, unit) in enumerate(responsible, start=1)
    ]
    assert [(a.role, a.position, a.group, a.printed) for a in item.assignments] == expected
    assert [a.unit.name for a in item.assignments] == [a.printed for a in item.assignments]
    # every role is printed as a label: 牵头单位 for the lead, 责任单位 for the others
    assert [(a.label, a.basis, a.convention_line) for a in item.assignments] == [
        (a.role.value, govtasks.RoleBasis.PRINTED, None) for a in item.assignments
    ]
    # the copy prints no leaders, deadlines, sources or other facts, and no list ends in 等
    assert (item.leaders, item.due, item.source, item.details) == ((), None, None, ())
    assert (item.open_ended, item.complete) == (False, True)


def test_targets_are_numbered_one_to_four(doc: govtasks.Plan) -> None:
    assert [t.number for t in doc.targets] == [1, 2, 3, 4]
    assert [t.marker for t in doc.targets] == ["(一)", "(二)", "(三)", "(四)"]
    assert [t.kind for t in doc.targets] == [govtasks.ItemKind.TARGET] * 4
    assert {doc.division(t.division) for t in doc.targets} == {doc.divisions[0]}  # straight under part 一


@pytest.mark.parametrize("row", TARGETS, ids=[f"target{row[0]}" for row in TARGETS])
def test_target(doc: govtasks.Plan, row: TargetRow) -> None:
    ordinal, text, leads, groups, first_line, last_line = row
    target = doc.targets[ordinal - 1]
    assert target.number == ordinal
    check_item(target, text, leads, groups, (first_line, last_line))


def test_target_one_collective_differs_from_targets_two_to_four(doc: govtasks.Plan) -> None:
    assert DISTRICTS_T1 != DISTRICTS
    assert names(doc.targets[0].responsible) == (DISTRICTS_T1,)
    for target in doc.targets[1:]:
        assert names(target.responsible)[-1] == DISTRICTS
        assert DISTRICTS_T1 not in names(target.responsible)
    assert DISTRICTS not in names(doc.targets[0].responsible)


# -- sections and themes --------------------------------------------------------

SECTIONS: list[tuple[int, str, int, list[tuple[str, int, list[int]]]]] = [
    (
        1,
        "坚决打赢三大攻坚战",
        30,
        [
            ("坚决完成脱贫攻坚任务", 31, [1, 2, 3, 4, 5, 6]),
            ("强力推进污染防治", 40, [7, 8, 9, 10, 11]),
            ("有效防范金融风险", 47, [12, 13, 14]),
        ],
    ),
    (
        2,
        "着力增强中心城市功能",
        52,
        [("提高资源配置能力", 53, [15, 16, 17, 18, 19, 20, 21])],
    ),
]


def test_sections_in_order(doc: govtasks.Plan) -> None:
    assert [(s.number, s.title, s.line) for s in doc.sections] == [(o, t, n) for o, t, n, _ in SECTIONS]
    assert [(s.marker, s.parent) for s in doc.sections] == [("(一)", 2), ("(二)", 2)]  # both in part 二


def themes_of(doc: govtasks.Plan, area: govtasks.Division) -> list[govtasks.Division]:
    return [d for d in doc.divisions if d.parent == area.id]


@pytest.mark.parametrize(("ordinal", "title", "line", "themes"), SECTIONS)
def test_section_themes(
    doc: govtasks.Plan, ordinal: int, title: str, line: int, themes: list[tuple[str, int, list[int]]]
) -> None:
    section = doc.sections[ordinal - 1]
    assert (section.number, section.title, section.line) == (ordinal, title, line)
    inside = themes_of(doc, section)
    assert [(t.kind, t.marker) for t in inside] == [(govtasks.DivisionKind.THEME, "——")] * len(themes)
    assert [(t.title, t.line) for t in inside] == [(name, at) for name, at, _ in themes]
    assert [[task.number for task in doc.items_in(t)] for t in inside] == [numbers for _, _, numbers in themes]
    assert [task.number for task in doc.items_in(section)] == [n for _, _, numbers in themes for n in numbers]
    assert all(doc.enclosing(task, govtasks.DivisionKind.AREA) == section for task in doc.items_in(section))


def test_financial_risk_theme_holds_tasks_12_to_14(doc: govtasks.Plan) -> None:
    theme = themes_of(doc, doc.sections[0])[2]
    assert theme.title == "有效防范金融风险"
    assert [t.number for t in doc.items_in(theme)] == [12, 13, 14]
    assert {t.division for t in doc.items_in(theme)} == {theme.id}


# -- tasks ----------------------------------------------------------------------

TaskRow = tuple[int, str, tuple[str, ...], tuple[tuple[str, ...], ...], int, int]

TASKS: list[TaskRow] = [
    (
        1,
        "严格落实“四不摘”要求,开展脱贫攻坚“回头看”,及时做好返贫人口和新发生贫困人口的监测和帮扶。",
        (FUPIN,),
        ((DISTRICTS,),),
        32,
        33,
    ),
    (
        2,
        "建立稳定脱贫长效机制,加大产业扶贫力度,推进扶贫产业园建设。",
        (FUPIN,),
        (("市科技局", "市经济和信息化局", "市农业农村局"), (DISTRICTS,)),
        34,
        34,
    ),
    (
        3,
        "深入开展百企帮百村等社会帮扶活动。",
        (FUPIN,),
        (("市经济和信息化局", "市农业农村局", "市商务局", "市国资委", "市市场监管局"),),
        35,
        35,
    ),
    (
        4,
        "鼓励社会力量采购脱贫村产品和服务,推广“农超对接”,促进贫困人口就业增收。",
        (FUPIN,),
        (
            ("市发展改革委", "市人力资源社会保障局", "市农业农村局", "市商务局"),
            ("市供销合作总社",),
            (DISTRICTS,),
        ),
        36,
        36,
    ),
    (
        5,
        "注重帮扶边缘户,积极解决相对贫困问题。",
        (FUPIN,),
        (("市农业农村局",), (DISTRICTS,)),
        37,
        37,
    ),
    (
        6,
        "推进脱贫攻坚与实施乡村振兴战略有机衔接。",
        (FUPIN,),
        (("市农业农村局",), (DISTRICTS,)),
        38,
        39,
    ),
    (
        7,
        "继续压减煤炭消费总量,加强机动车排放、建筑工地扬尘等治理,推动空气质量持续改善。",
        ("市生态环境局",),
        (
            (
                "市发展改革委",
                "市经济和信息化局",
                "市自然资源和规划局",
                "市城乡建设局",
                "市城管执法委",
                "市交通运输局",
                "市水务局",
                "市商务局",
                "市园林和林业局",
                "市公安局交通管理局",
                "市气象局",
            ),
            (DISTRICTS,),
        ),
        41,
        41,
    ),
    (
        8,
        "推进“三湖三河”流域系统治理,加快消除劣Ⅴ类湖泊,推动全市河湖水质稳步提升。",
        ("市水务局",),
        (("市生态环境局",), (DISTRICTS,)),
        42,
        42,
    ),
    (
        9,
        "加强饮用水水源地保护。",
        ("市水务局",),
        (("市生态环境局",), (DISTRICTS,)),
        43,
        43,
    ),
    (
        10,
        "提高固废集中处置和综合利用能力。",
        ("市城管执法委",),
        (("市发展改革委", "市生态环境局", "市城乡建设局", "市卫生健康委"), (DISTRICTS,)),
        44,
        45,
    ),
    (
        11,
        "积极开展污染地块治理修复。",
        ("市生态环境局",),
        (
            ("市科技局", "市经济和信息化局", "市自然资源和规划局", "市城管执法委", "市农业农村局"),
            (DISTRICTS,),
        ),
        46,
        46,
    ),
    (
        12,
        "深入开展、互联网金融、非法校园贷等领域风险排查与分类处置。",
        (JINRONG,),
        (("市教育局", "市公安局", "市市场监管局"), (DISTRICTS,)),
        48,
        48,
    ),
    (
        13,
        "全力推进陈案、新发案件持续下降,全面出清P2P网贷风险。",
        (JINRONG,),
        (("市公安局", "市市场监管局"), (DISTRICTS,)),
        49,
        49,
    ),
    (
        14,
        "坚决守住不发生系统性、区域性金融风险的底线。",
        (JINRONG,),
        (("市公安局",), (DISTRICTS,)),
        50,
        51,
    ),
    (
        15,
        "大力培育引进总部机构,建设一批总部经济示范产业园,培育引进各类500强企业总部和“第二总部”。",
        ("市发展改革委",),
        (("市经济和信息化局", "市商务局"), ("各中心城区人民政府",), ("各开发区管委会",)),
        54,
        54,
    ),
    (
        16,
        "积极举办国际性赛会节展活动,搭建商业、科技、文化等领域高层次交流合作平台,办好第二届世界大健康博览会,"
        "推动大健康博览会交易平台建设,扩大国际影响力,举办全球供应商大会、国际性学术论坛等100场以上重点赛会节展活动。",
        ("市商务局",),
        (("市发展改革委", "市科技局", "市文化和旅游局", "市卫生健康委", "市体育局"),),
        55,
        55,
    ),
    (
        17,
        "完善武汉国博中心功能配套。",
        ("市城投公司",),
        (("市发展改革委", "市自然资源和规划局"), ("汉阳区人民政府",)),
        56,
        56,
    ),
    (
        18,
        "建设武汉空港国际商务会展新城。",
        ("市自然资源和规划局",),
        (
            ("市发展改革委", "市城乡建设局", "市商务局"),
            ("黄陂区人民政府",),
            ("市城投公司", "武汉航发集团", "湖北机场集团"),
        ),
        57,
        57,
    ),
    (
        19,
        "深化供应链创新与应用试点。",
        ("市商务局",),
        (("市科技局", "市经济和信息化局", "市生态环境局", "市交通运输局", "市农业农村局", "市地方金融工作局"),),
        58,
        58,
    ),
    (
        20,
        "争创国家物流枢纽城市。",
        ("市发展改革委",),
        (("市交通运输局",),),
        59,
        59,
    ),
    (
        21,
        "大力推动要素市场建设,提升农村综合产权、航运、金融资产、城市矿产等交易所能级,重塑新时代“货到汉”。",
        (JINRONG,),
        (("市发展改革委", "市农业农村局"), ("武汉新港管委会",), ("武汉金融控股集团",)),
        60,
        60,
    ),
]


def test_tasks_numbered_one_to_twenty_one_in_order(doc: govtasks.Plan) -> None:
    assert [t.number for t in doc.tasks] == list(range(1, 22))
    assert [t.marker for t in doc.tasks] == [f"{n}." for n in range(1, 22)]
    assert doc.items == (*doc.targets, *doc.tasks)
    assert [i.id for i in doc.items] == list(range(1, 26))


@pytest.mark.parametrize("row", TASKS, ids=[f"task{row[0]}" for row in TASKS])
def test_task(doc: govtasks.Plan, row: TaskRow) -> None:
    number, text, leads, groups, first_line, last_line = row
    task = doc.tasks[number - 1]
    assert task.number == number
    assert doc.task(number) == task
    check_item(task, text, leads, groups, (first_line, last_line))


def test_every_item_text_is_a_sentence_without_its_responsibility_list(doc: govtasks.Plan) -> None:
    items: list[govtasks.Item] = [*doc.targets, *doc.tasks]
    assert len(items) == 25
    for item in items:
        assert item.text.endswith("。")
        assert "牵头单位" not in item.text
        assert "责任单位" not in item.text
        assert "\n" not in item.text
        assert len(item.leads) == 1


def test_task_18_responsibility_groups(doc: govtasks.Plan) -> None:
    task = doc.task(18)
    assert names(task.leads) == ("市自然资源和规划局",)
    assert len(task.responsible) == 7
    assert names(task.responsible)[-1] == "湖北机场集团"
    groups: dict[int, list[str]] = {}
    for a in task.assignments:
        if a.role is Role.RESPONSIBLE:
            groups.setdefault(a.group, []).append(a.printed)
    assert groups == {
        1: ["市发展改革委", "市城乡建设局", "市商务局"],
        2: ["黄陂区人民政府"],
        3: ["市城投公司", "武汉航发集团", "湖北机场集团"],
    }
    assert [a.position for a in task.assignments if a.role is Role.RESPONSIBLE] == [1, 2, 3, 4, 5, 6, 7]


def test_task_10_unit_joined_across_the_wrap(doc: govtasks.Plan) -> None:
    assert LINES[43].endswith("市发展")
    assert LINES[44].startswith("改革委")
    task = doc.task(10)
    assert names(task.responsible)[0] == "市发展改革委"
    assert "市发展" not in names(task.responsible)
    assert "改革委" not in names(task.responsible)
    assert (task.first_line, task.last_line) == (44, 45)


def test_task_12_keeps_the_copys_defect(doc: govtasks.Plan) -> None:
    assert doc.task(12).text.startswith("深入开展、互联网金融、")


def test_qualifier_is_kept_in_printed_name(doc: govtasks.Plan) -> None:
    last = doc.task(1).assignments[-1]
    assert last.printed == DISTRICTS
    assert last.unit.name == DISTRICTS
    assert "〈含开发区、风景区管委会〉" in last.printed


def test_qualifier_comma_does_not_split_units(doc: govtasks.Plan) -> None:
    for task in doc.tasks:
        assert "风景区管委会〉" not in names(task.responsible)
        assert "各区人民政府〈含开发区" not in names(task.responsible)


# -- residue ----------------------------------------------------------------------


def test_residue_is_exactly_two_items(doc: govtasks.Plan) -> None:
    assert [(r.text, r.line) for r in doc.residue] == [("武汉汽车网", 41), ("发布评论", 61)]


def test_residue_after_task_7(doc: govtasks.Plan) -> None:
    line = LINES[40]
    assert line.endswith(")武汉汽车网")
    column = line.index("武汉汽车网") + 1
    assert column == len(line) - len("武汉汽车网") + 1
    residue = doc.residue[0]
    assert (residue.text, residue.line, residue.column) == ("武汉汽车网", 41, column)
    assert "武汉汽车网" not in doc.task(7).text
    assert all("武汉汽车网" not in a.printed for a in doc.task(7).assignments)


def test_residue_trailing_comment_link(doc: govtasks.Plan) -> None:
    residue = doc.residue[1]
    assert (residue.text, residue.line, residue.column) == ("发布评论", 61, 1)


# -- task lookup ------------------------------------------------------------------


def test_task_lookup(doc: govtasks.Plan) -> None:
    assert doc.task(7).number == 7
    assert names(doc.task(7).leads) == ("市生态环境局",)
    assert names(doc.task(21).leads) == (JINRONG,)


def test_declared_but_absent_task_raises(doc: govtasks.Plan) -> None:
    with pytest.raises(govtasks.TaskNotFound) as caught:
        doc.task(22)
    assert isinstance(caught.value, LookupError)
    message = str(caught.value)
    assert "declared" in message
    assert "absent" in message
    assert "268" in message
    assert "21" in message


@pytest.mark.parametrize("number", [22, 100, 268])
def test_declared_numbers_past_the_copy_are_absent(doc: govtasks.Plan, number: int) -> None:
    with pytest.raises(govtasks.TaskNotFound, match="declared"):
        doc.task(number)


@pytest.mark.parametrize("number", [0, 269, -1])
def test_undeclared_task_number_raises_differently(doc: govtasks.Plan, number: int) -> None:
    with pytest.raises(LookupError) as caught:
        doc.task(number)
    assert isinstance(caught.value, govtasks.TaskNotFound)
    message = str(caught.value)
    assert "declared" not in message
    assert "absent" not in message
    assert str(number) in message
