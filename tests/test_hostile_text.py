"""Hostile text: every text reader runs in linear time and fails only with ParseError.

Speed is never asserted here (benchmarks/ measures the scaling ratios); these
tests pin what the linear readers must still read, and that the inputs which
once hung the reader now finish and fail with a place.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govtasks
from govtasks._text import Joined, Line
from govtasks.text.deadlines import _Sentence, _sentences, deadlines_in
from tests.fuzz import cpu_limit

# The single regular expression the deadline scanner replaced. It backtracks without
# bound on long inputs, but on short ones it is the specification the scanner must meet.
_DATE = r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日"
_REFERENCE = re.compile(
    rf"(?P<submitter>[^。;,]+?)要(?P<respectively>分别)?于(?P<dates>{_DATE}(?:[、,及和]{_DATE})*)前,?"
    r"将(?P<due>[^。;]+?),?经[^。;]*?报送(?P<recipient>[^,;。(]+)"
    r"(?:[^。]*?同时,?一并(?:上报|报送)(?P<also>[^(;。]+))?"
)
_SENTENCE = [
    "甲", "要", "分别", "于", "2020年", "1月", "15日", "、4月15日", "前", ",", "将", "第一、第二季度", "情况", ",",
    "经", "审核后", "报送", "市督查室", "(电话)", ",", "同时", ",", "一并", "上报", "电子版", "。",
]  # fmt: skip
"""A deadline sentence in pieces; the strategy keeps, drops, doubles or swaps each one."""
_PIECE = st.sampled_from(sorted(set(_SENTENCE) | {";", " ", "要", "经"}))


@st.composite
def _near_sentences(draw: st.DrawFn) -> str:
    """Deadline sentences, whole or broken: most pieces kept, some dropped, doubled or swapped."""
    text = ""
    for piece in _SENTENCE * draw(st.integers(1, 3)):
        edit = draw(st.integers(0, 12))
        text += "" if edit == 0 else piece * 2 if edit == 1 else draw(_PIECE) if edit == 2 else piece
    return text


def _clause(text: str) -> Joined:
    joined = Joined()
    joined.add(Line(number=1, content=text, column=1))
    return joined


def _spans(match: re.Match[str]) -> tuple[object, ...]:
    also = match.span("also") if match["also"] is not None else None
    parts = ("submitter", "dates", "due", "recipient")
    return (*(match.span(part) for part in parts), match["respectively"] is not None, also, match.end())


def _scanned(sentence: _Sentence) -> tuple[object, ...]:
    s = sentence
    return (s.submitter, s.dates, s.due, s.recipient, s.respectively, s.also, s.end)


@settings(max_examples=1000)
@given(_near_sentences())
def test_the_deadline_scanner_reads_what_the_reference_pattern_reads(text: str) -> None:
    assert [_scanned(s) for s in _sentences(text)] == [_spans(m) for m in _REFERENCE.finditer(text)]


def test_a_deadline_sentence_with_every_part() -> None:
    text = (
        "各责任单位要分别于2020年4月15日、7月15日前,将第一、第二季度工作进展情况,"
        "经分管领导审核后报送市政府督查室(联系人:张三),同时一并上报电子版。"
    )
    found = deadlines_in(2, _clause(text))
    assert [(d.date.isoformat(), d.due) for d in found] == [
        ("2020-04-15", "第一季度工作进展情况"),
        ("2020-07-15", "第二季度工作进展情况"),
        ("2020-04-15", "电子版"),
        ("2020-07-15", "电子版"),
    ]
    assert {(d.submitter, d.recipient, d.clause) for d in found} == {("各责任单位", "市政府督查室", 2)}


HUNG = {
    "deadline sentence, many 经": "通知\n一、" + "甲要于1月1日前将" * 32 + "经" * 1000 + "\n方案\n一、目标(共0项)\n",
    "a clause of 要": "通知\n一、" + "要" * 16000 + "\n方案\n一、目标(共0项)\n",
    "wrapped notice lines": "通知\n一、" + "甲要于1月1日前将乙\n" * 20000 + "\n方案\n一、目标(共0项)\n",
    "a part heading of spaces": "一、a" + " " * 64000 + "b",
    "an area count of numerals": "二、" + "一" * 32000 + "(共1项)",
    "sentences with no full stop": "通知\n一、" + "甲要于1月1日前将乙经丙报送丁;" * 5000 + "\n方案\n一、目标(共0项)\n",
    "同时 with no 一并": "通知\n一、" + "甲要于1月1日前将乙经丙报送丁同时" * 5000 + "\n方案\n一、目标(共0项)\n",
    "many openings, one far 经": "通知\n一、"
    + "甲要于1月1日前将" * 3000
    + "乙" * 30000
    + "经\n方案\n一、目标(共0项)\n",
    "报送 with no recipient": "通知\n一、"
    + "甲要于1月1日前将乙经" * 3000
    + "报送," * 10000
    + "\n方案\n一、目标(共0项)\n",
}


@pytest.mark.parametrize("text", HUNG.values(), ids=HUNG.keys())
def test_inputs_that_once_hung_the_reader_fail_with_a_place(text: str) -> None:
    with cpu_limit("a hostile text", len(text)), pytest.raises(govtasks.ParseError) as error:
        govtasks.parse(text)
    assert (error.value.line, error.value.column) >= (1, 1)


def test_a_list_of_sixteen_thousand_labels_is_read_in_one_pass() -> None:
    """Each label once searched the list from its start for brackets: 16,000 took a minute."""
    text = "一、任务\n1. 做事。" + "牵头单位:" * 16000 + "市财政局\n"
    with cpu_limit("sixteen thousand labels", len(text)):
        plan = govtasks.parse(text)
    (item,) = plan.items
    assert [(a.printed, a.role) for a in item.assignments] == [("市财政局", govtasks.Role.LEAD)]


@pytest.mark.parametrize("numeral", ["1", "一", "十"])
def test_a_run_of_numerals_before_the_plan_is_searched_once(numeral: str) -> None:
    """A count of areas (N个方面) was sought from every place in a run of numerals: 48,000 took a minute."""
    text = numeral * 48000 + "\n一、任务\n1. 做事(牵头单位:市财政局)\n"
    with cpu_limit("a run of numerals", len(text)):
        plan = govtasks.parse(text)
    assert [item.text for item in plan.items] == ["做事"]
    assert plan.declared_areas is None


_PLAN = "一、重点任务\n1. 推进项目建设(牵头单位:市发改委;责任单位:市财政局)\n"


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_any_bytes_like_source_reads_as_its_bytes(kind: type) -> None:
    plan = govtasks.parse(kind(_PLAN.encode("gb18030")))
    assert plan == govtasks.parse(_PLAN.encode("gb18030"))
    assert [(a.printed, a.role) for a in plan.items[0].assignments] == [
        ("市发改委", govtasks.Role.LEAD),
        ("市财政局", govtasks.Role.RESPONSIBLE),
    ]


@pytest.mark.parametrize("source", [None, 3, ["一、任务"]])
def test_a_source_of_another_type_is_a_type_error(source: object) -> None:
    with pytest.raises(TypeError, match="text, bytes or a path"):
        govtasks.parse(source)  # type: ignore[arg-type]


def test_a_number_too_long_for_int_stays_text() -> None:
    """More than 4,300 digits as a task number or a 共N项 count: read as text, never a bare ValueError."""
    digits = "9" * 5000
    plan = govtasks.parse(f"一、目标(共{digits}项)\n{digits}. 甲(牵头单位:市财政局)\n")
    assert plan.divisions[0].declared is None
    assert plan.divisions[0].title == f"目标(共{digits}项)"
    assert plan.items[0].number is None
    assert plan.items[0].text.startswith(digits[:30])
