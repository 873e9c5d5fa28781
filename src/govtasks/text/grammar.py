"""The grammar of responsibility plans: every marker, label, role word and column header, once.

The reader matches on a *matching copy* of each line (:func:`matching`): full-width
ASCII folded to ASCII and the traditional characters of these words folded to
simplified, character for character, so offsets carry over and printed text is
kept as printed. The writer prints the canonical spelling of the same words.
"""

from __future__ import annotations

import re

from govtasks.model import ConventionKind, Role

_TRADITIONAL = (
    "牽頭單責協與參領導門時務間節點號個項級預標職負為無們發內來統計劃據關於報總體類別"
    "進應處辦區縣鎮會廳屬責經濟貿區長書記廣電業農廳衛環範圍劃實驗單組織覽瀏閱讀數時間"
)
_SIMPLIFIED = (
    "牵头单责协与参领导门时务间节点号个项级预标职负为无们发内来统计划据关于报总体类别"
    "进应处办区县镇会厅属责经济贸区长书记广电业农厅卫环范围划实验单组织览浏阅读数时间"
)
_MATCHING = (
    str.maketrans(_TRADITIONAL, _SIMPLIFIED) | {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
)


_TO_MATCH = re.compile("[" + re.escape("".join(map(chr, _MATCHING))) + "]")


def matching(text: str) -> str:
    """The copy of ``text`` that markers and labels are matched on; same length as ``text``.

    Full-width ASCII variants are folded as :func:`govtasks._text.fold` folds them."""
    return text.translate(_MATCHING) if _TO_MATCH.search(text) else text


# -- roles --------------------------------------------------------------------------------

LEAD_LABELS = ("牵头单位", "牵头责任单位", "第一责任单位", "牵头部门", "牵头责任部门")
"""Labels and column headers that name lead units (牵头单位)."""
RESPONSIBLE_LABELS = (
    "责任单位", "主要责任单位", "协同责任单位", "协同单位", "配合单位", "配合部门", "参与单位", "参与部门",
    "协办单位", "责任部门", "协同部门",
)  # fmt: skip
"""Labels and column headers that name the other responsible units (责任单位, 配合单位, …)."""
LEADER_LABELS = ("牵头负责领导", "责任领导", "分管领导", "牵头领导", "责任市领导", "分管市领导", "联系领导", "负责领导")
"""Labels and column headers that name responsible leaders (责任领导)."""
DUE_LABELS = ("完成时限", "时间节点", "完成时间", "时限要求", "时限")
"""Labels and column headers that give an item's deadline (完成时限)."""
SOURCE_LABELS = ("任务来源",)
"""Labels and column headers that give where an item comes from (任务来源)."""
NUMBER_HEADERS = ("序号", "编号")
"""Column headers of a table's row numbers (序号)."""
TASK_HEADERS = (
    "重点工作", "工作任务", "目标与任务", "目标任务", "重点工作目标任务", "主要工作任务", "任务名称", "预期目标",
    "工作内容", "重点任务", "主要任务", "具体任务", "任务内容", "工作目标", "主要目标", "指标名称", "项目名称",
)  # fmt: skip
"""Column headers of a table's task text; a short prefix may stand before them (2022年预期目标)."""
GROUP_HEADERS = ("项目", "类别", "工作重点", "名称", "分类")
"""Column headers of a table's group column (项目), whose cell heads the rows beside it."""

ROLE_OF_LABEL = dict.fromkeys(LEAD_LABELS, Role.LEAD) | dict.fromkeys(RESPONSIBLE_LABELS, Role.RESPONSIBLE)

LEAD_PHRASES = ("牵头",)
"""Words after a unit list that make its units leads: 省发展改革委牵头."""
RESPONSIBLE_PHRASES = ("按职责分工负责", "按职责负责", "分工负责", "配合", "参与", "协同", "负责")
"""Words after a unit list that make its units responsible: 各地、各部门配合."""
LEAD_MARK = "★"
"""A mark before a unit in a unit cell that makes it the lead."""
OPEN_ENDED = "等"
"""等 after a unit list: "and others"; the list is not exhaustive."""

UNIT_ENDINGS = frozenset("门委局办府会区司行院室位组队所心社团厅处部站馆校业联园港场圈镇街道")
"""Characters a unit name ends in (市财政局, 各区政府, 荆州开发区): where one glued name ends."""
NAME_STARTS = ("各", "市", "区", "县", "省")
"""Characters a unit name often starts with: where the next glued name begins."""

LEADER_TITLES = (
    "副市长",
    "市长",
    "副县长",
    "县长",
    "副区长",
    "区长",
    "副省长",
    "省长",
    "秘书长",
    "副秘书长",
    "书记",
    "主任",
)
"""Titles that make a name a leader, not a unit."""

_LABEL_WORDS = sorted(
    LEAD_LABELS + RESPONSIBLE_LABELS + LEADER_LABELS + DUE_LABELS + SOURCE_LABELS, key=len, reverse=True
)
LABEL = re.compile(
    "(?=[" + "".join(sorted({word[0] for word in _LABEL_WORDS})) + "])"  # a cheap test before the alternation
    r"(?P<label>" + "|".join(r"\s*".join(map(re.escape, word)) for word in _LABEL_WORDS) + r")\s*[:：]\s*"
)
"""A label and its colon (牵头单位:), on the matching copy; its letters may be spaced out."""


def label_word(printed: str) -> str:
    """A label as matched (spaces removed, simplified), to look its meaning up."""
    return "".join(matching(printed).split())


# -- conventions ------------------------------------------------------------------------

CONVENTIONS = (
    (
        ConventionKind.FIRST_LISTED_LEADS,
        re.compile(r"列(?:第一位|首位|在首位)[^,;。)]{0,6}?为[^,;。)]{0,4}牵头[^;。)]{0,12}"),
    ),
    (ConventionKind.RESPONSIBLE_LEADS, re.compile(r"无牵头单位的?,?\s*责任单位即为牵头单位")),
)
"""Statements by which a document says how to read its own lists."""

# -- structure ------------------------------------------------------------------------

CN = "[零〇一二两三四五六七八九十百]+"
WHOLE_CN = "(?<![零〇一二两三四五六七八九十百])" + CN
"""A Chinese numeral that starts where its run starts: a search tries one place per run, not every
place in it, which keeps a search over a long run of numerals linear."""
PART = re.compile(rf"(?P<num>{CN})\s*、")
AREA = re.compile(rf"\(\s*(?P<num>{CN})\s*\)")
ARABIC = re.compile(r"(?P<num>\d{1,6})\s*[.、](?!\d)")
PAREN_ARABIC = re.compile(r"\(\s*(?P<num>\d{1,6})\s*\)")
CIRCLED = re.compile(r"(?P<num>[①-⑳])")
THEME = re.compile(r"[—―─]{2}|-{2,}")
BULLET = re.compile(r"[▲●◆■]")
MARKERS = ((PART, 0), (AREA, 1), (THEME, 2), (ARABIC, 3), (PAREN_ARABIC, 4), (CIRCLED, 5), (BULLET, 6))
"""Markers at the start of a block, with their rank: a lower rank encloses a higher one
(一、 > (一) > —— > 1. > (1) > ① > ▲), as official documents number their levels."""
MARKER_STARTS = frozenset("零〇一二两三四五六七八九十百(0123456789—―─-▲●◆■" + "".join(map(chr, range(0x2460, 0x2474))))
"""The characters a marker can begin with: a line beginning otherwise has none."""
RUN_ON_MARKER = re.compile(rf"(?<=\s)(?:{CN}、|\({CN}\)|\d{{1,3}}、|\d{{1,3}}\.(?!\d))")
"""A marker after a space in the middle of a line: texts run into one paragraph start items there."""

TARGET_TITLES = re.compile(r"预期目标|主要目标|发展指标|预期指标|主要指标|工作目标|约束性指标")
"""Headings whose items are targets (主要预期目标)."""
LEADER_GROUP = re.compile(
    r"(?P<name>\S{1,6}?(?:" + "|".join(LEADER_TITLES) + r"))\s*(?P<label>主抓|分管|负责|牵头|领衔)(?:的)?\S*工作"
)
"""A heading that names a leader for its items: 于会游市长主抓重点工作."""
DECLARED = re.compile(r"\(\s*共?\s*(?P<count>\d{1,9})\s*项\s*\)\s*$")
"""A count of items a heading declares at its end: (共268项), (11项)."""
DECLARED_AREAS = re.compile(rf"(?P<num>{WHOLE_CN}|(?<!\d)\d{{1,9}})\s*(?:个|大)\s*方面")
"""A count of areas: 九个方面, 7大方面."""
PLAN_COUNT = re.compile(r"(?:共|分解为|细分出|确定了?)[^。]{0,20}?(?<!\d)(?P<num>\d{1,9})\s*项")
"""A count of items the plan as a whole declares (共细分出171项, 分解为7大方面、80项)."""

# -- web copies -----------------------------------------------------------------------

FURNITURE = re.compile(
    r"^\s*(?:[-•·]\s*)?(?:设为首页|加入收藏|无障碍|长者版|打印|关闭|朗读|首页\s*>|编辑\s*:|来源\s*:|信息来源|日期\s*:"
    r"|时间\s*:|主办单位|承办单位|全文$|[-|\s]{3,}$|法搜网)"
    r"|【\s*字体|字体\s*:|分享到|浏览量|浏览次数|阅读次数|发布评论|发布时间\s*:"
)
"""Lines a web page adds around a document (navigation, counters, share buttons, table rules)."""
TITLE_END = re.compile(r"(?:通知|意见|决定|方案|分工|分解|安排|要点|清单|通报|函)》?\s*$")
"""How a document's title ends (…责任分解方案的通知)."""
DOCUMENT_END = re.compile(r"(?:通知|意见|决定|通报|函)》?\s*$")
"""How the title of a notice ends: a line ending so is a whole title, not the first line of a wrapped one."""
DATE_LINE = re.compile(
    r"\(?\s*(?:\d{4}|[〇零一二三四五六七八九O○]{4})\s*年\s*[\d〇零一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d〇零一二三四五六七八九十]{1,3}\s*日\s*\)?|\d{6,8}日"
)
"""A line that is only a date, as a signature ends (2020年1月17日, 二〇一二年三月六日, a garbled 2022121日)."""
