"""Broken inputs: where the parser stops it says where and what it expected;
where the text is merely wrong (numbering, missing units) it still parses."""

from __future__ import annotations

import pytest

import govtasks
from tests.conftest import edit_line, names


def parse_error(text: str) -> govtasks.ParseError:
    with pytest.raises(govtasks.ParseError) as caught:
        govtasks.parse(text)
    return caught.value


def test_parse_error_is_a_value_error_with_place() -> None:
    error = parse_error("")
    assert isinstance(error, ValueError)
    assert (error.line, error.column) == (1, 1)
    assert "parenthesis, labels, prose and table" in error.message
    assert str(error).startswith("line 1, column 1: ")


def test_a_notice_whose_plan_is_missing_parses_with_no_items_and_a_finding(source: str) -> None:
    plan = govtasks.parse("\n".join(source.split("\n")[:21]))
    assert (plan.items, plan.layout) == ((), govtasks.Layout.NONE)
    assert plan.notice is not None
    assert len(plan.notice.clauses) == 4
    assert "no-items" in govtasks.validate(plan).codes()


def test_an_unclosed_list_keeps_its_units_and_marks_the_item_incomplete(source: str) -> None:
    # Task 9 (line 43) loses its closing parenthesis; task 10 follows on the next line.
    broken = edit_line(source, 43, "风景区管委会〉)", "风景区管委会〉")
    plan = govtasks.parse(broken)
    assert (plan.task(9).complete, plan.task(10).complete) == (False, True)
    assert names(plan.task(9).units()) == ("市水务局", "市生态环境局", "各区人民政府〈含开发区、风景区管委会〉")
    finding = next(f for f in govtasks.validate(plan).findings if f.code == "item-incomplete")
    assert finding.line == 43


def test_an_unclosed_list_that_wraps_keeps_both_lines(source: str) -> None:
    # Task 14's list opens on line 50 and closes on line 51; without the close the item is cut there.
    plan = govtasks.parse(edit_line(source, 51, "风景区管委会〉)", "风景区管委会〉"))
    task = plan.task(14)
    assert (task.first_line, task.last_line, task.complete) == (50, 51, False)
    assert task.assignments[-1].printed == "各区人民政府〈含开发区、风景区管委会〉"


def test_a_label_the_grammar_does_not_know_goes_to_residue_with_its_place(source: str) -> None:
    broken = edit_line(source, 59, ";责任单位:", ";协调单位:")
    plan = govtasks.parse(broken)
    assert names(plan.task(20).units()) == ("市发展改革委",)
    column = source.split("\n")[58].index(";责任单位:") + 2
    assert (59, column, "协调单位:市交通运输局") in residue_of(broken)


def test_an_empty_unit_name_is_punctuation_not_a_unit(source: str) -> None:
    broken = edit_line(source, 59, "市发展改革委;", "市发展改革委、;")
    assert govtasks.parse(broken).task(20).assignments == govtasks.parse(source).task(20).assignments


def test_impossible_publication_date_is_reported(source: str) -> None:
    broken = edit_line(source, 3, "2020.01.17", "2020.13.17")
    error = parse_error(broken)
    assert (error.line, error.column) == (3, source.split("\n")[2].index("2020") + 1)


def test_unreadable_publication_date_is_reported(source: str) -> None:
    error = parse_error(edit_line(source, 3, "2020.01.17", "一月十七日"))
    assert error.line == 3
    assert "2020.01.17" in error.message


def test_tasks_before_any_area_sit_in_their_theme_and_numbering_says_so(source: str) -> None:
    plan = govtasks.parse(edit_line(source, 30, "(一)坚决打赢三大攻坚战", ""))
    theme = plan.division(plan.task(1).division)
    assert theme is not None
    assert (theme.kind, theme.title) == (govtasks.DivisionKind.THEME, "坚决完成脱贫攻坚任务")
    assert plan.division(theme.parent) == plan.divisions_of(govtasks.DivisionKind.PART)[1]
    assert "section-numbering" in govtasks.validate(plan).codes()  # area (二) now comes first


def test_without_the_key_work_heading_every_item_is_a_target_and_the_count_says_so(source: str) -> None:
    plan = govtasks.parse(edit_line(source, 29, "二、九个方面重点工作(共268项)", ""))
    assert (len(plan.targets), len(plan.tasks)) == (25, 0)
    assert "target-count" in [f.code for f in govtasks.validate(plan).errors]


def test_a_third_part_is_a_division_with_its_declared_count(source: str) -> None:
    plan = govtasks.parse(source + "\n三、其他(共1项)\n")
    part = plan.divisions[-1]
    assert (part.kind, part.number, part.title, part.declared, part.line) == (
        govtasks.DivisionKind.PART, 3, "其他", 1, 62
    )  # fmt: skip
    assert plan.items_in(part) == ()


def test_a_repeated_part_is_a_numbering_error(source: str) -> None:
    plan = govtasks.parse(source + "\n二、九个方面重点工作(共268项)\n")
    finding = next(f for f in govtasks.validate(plan).errors if f.code == "part-numbering")
    assert finding.line == 62


def test_impossible_deadline_date_is_reported(source: str) -> None:
    error = parse_error(edit_line(source, 19, "10月15日", "10月35日"))
    assert error.line == 19
    assert error.column == source.split("\n")[18].index("10月15日") + 1


# -- faults of content, not of form: the text still parses --------------------


def test_skipped_and_duplicated_numbers_still_parse(source: str) -> None:
    text = edit_line(edit_line(source, 44, "10.", "12."), 46, "11.", "12.")
    plan = govtasks.parse(text)
    assert [t.number for t in plan.tasks][8:12] == [9, 12, 12, 12]
    assert plan.task(12).first_line == 44  # the first task printed with the number
    with pytest.raises(govtasks.TaskNotFound):
        plan.task(10)


def test_task_without_lead_still_parses(source: str) -> None:
    text = edit_line(source, 43, "(牵头单位:市水务局;责任单位:", "(责任单位:")
    task = govtasks.parse(text).task(9)
    assert task.leads == ()
    assert names(task.responsible) == ("市生态环境局", "各区人民政府〈含开发区、风景区管委会〉")


def test_task_without_responsibility_list_keeps_its_whole_text(source: str) -> None:
    text = edit_line(source, 59, "(牵头单位:市发展改革委;责任单位:市交通运输局)", "")
    task = govtasks.parse(text).task(20)
    assert (task.text, task.assignments) == ("争创国家物流枢纽城市。", ())


def test_missing_target_still_parses(source: str) -> None:
    lines = source.split("\n")
    plan = govtasks.parse("\n".join(lines[:25] + lines[26:]))
    assert [t.number for t in plan.targets] == [1, 3, 4]
    assert plan.declared_targets == 4


def test_plan_without_notice_or_attributes(source: str) -> None:
    plan = govtasks.parse("\n".join(source.split("\n")[21:]))
    assert plan.notice is None
    assert plan.deadlines == ()
    assert plan.info.doc_number is None
    assert plan.title == "2020年市《政府工作报告》确定的主要目标任务责任分解方案"
    assert len(plan.tasks) == 21
    assert plan.targets[0].first_line == 3


def test_full_width_punctuation_and_indentation_parse_alike(source: str) -> None:
    table = str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；", ",": "，"})
    lines = source.split("\n")
    wide = "\n".join(["\u3000\u3000" + line.translate(table) if i >= 21 else line for i, line in enumerate(lines)])
    plan, original = govtasks.parse(wide), govtasks.parse(source)
    assert [t.units() for t in plan.tasks] == [t.units() for t in original.tasks]
    assert [[a.group for a in t.assignments] for t in plan.tasks] == [
        [a.group for a in t.assignments] for t in original.tasks
    ]
    assert plan.task(18).assignments[-1].printed == "湖北机场集团"
    assert plan.residue[0].column == original.residue[0].column + 2


def test_crlf_line_endings_parse_alike(source: str) -> None:
    plan = govtasks.parse(source.replace("\n", "\r\n"))
    original = govtasks.parse(source)
    assert plan.tasks == original.tasks
    assert plan.targets == original.targets
    assert plan.residue == original.residue


# -- what the parser cannot place is kept, with its place ---------------------


def residue_of(text: str) -> list[tuple[int, int, str]]:
    return [(r.line, r.column, r.text) for r in govtasks.parse(text).residue]


def test_unknown_attribute_goes_to_residue(source: str) -> None:
    text = edit_line(source, 8, "∙【主题分类】机关工作", "∙【主题分类】机关工作\n∙【发文字号】另一个")
    assert residue_of(text)[0] == (9, 1, "∙【发文字号】另一个")


def test_repeated_attribute_goes_to_residue_and_the_first_value_stays(source: str) -> None:
    text = edit_line(source, 7, "∙【时效性】现行有效", "∙【时效性】现行有效\n∙【时效性】已废止")
    assert residue_of(text)[0] == (8, 1, "∙【时效性】已废止")
    assert govtasks.parse(text).info.status == "现行有效"


def test_stray_line_after_a_finished_task_goes_to_residue(source: str) -> None:
    text = edit_line(source, 43, "风景区管委会〉)", "风景区管委会〉)\n  广告")
    assert (44, 3, "广告") in residue_of(text)
    assert govtasks.parse(text).task(9).text == "加强饮用水水源地保护。"


def test_stray_line_after_a_finished_clause_goes_to_residue(source: str) -> None:
    text = edit_line(source, 18, "予以通报。", "予以通报。\n相关链接")
    plan = govtasks.parse(text)
    assert residue_of(text)[0] == (19, 1, "相关链接")
    assert plan.notice is not None
    assert plan.notice.clauses[2].text.endswith("予以通报。")


def test_line_before_the_first_target_goes_to_residue(source: str) -> None:
    text = edit_line(source, 23, "(共4项)", "(共4项)\n说明文字")
    assert residue_of(text)[0] == (24, 1, "说明文字")
