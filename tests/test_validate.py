"""Each rule of the document, broken on purpose in an edited copy of the real source."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import govtasks
from govtasks import Role, Severity
from govtasks.cli import main
from govtasks.validation import CODES
from tests.conftest import edit_line

EXPECTED_WARNINGS = [  # by line, the finding without one last
    ("residue", 41, "could not place '武汉汽车网' (column 161)"),
    ("tasks-incomplete", 60, "21 of 268 tasks present; the source ends after task 21"),
    ("residue", 61, "could not place '发布评论' (column 1)"),
    ("sections-incomplete", None, "2 of 9 areas present"),
]


def test_bundled_plan_has_no_errors_and_exactly_these_warnings(plan: govtasks.Plan) -> None:
    report = govtasks.validate(plan)
    assert report.ok
    assert report.errors == ()
    assert [(f.code, f.line, f.message) for f in report.warnings] == EXPECTED_WARNINGS
    assert str(report).splitlines()[0] == "0 errors, 4 warnings"
    assert govtasks.validate(plan, strict=True) == report  # warnings do not make strict fail


def delete_line(text: str, number: int) -> str:
    lines = text.split("\n")
    return "\n".join(lines[: number - 1] + lines[number:])


def findings(text: str, code: str) -> list[govtasks.Finding]:
    report = govtasks.validate(govtasks.parse(text))
    found = [f for f in report.findings if f.code == code]
    assert found, f"{code} not reported; got {report.codes()}"
    assert all(f.severity is CODES[code].severity for f in found)
    return found


def test_target_count(source: str) -> None:
    (finding,) = findings(delete_line(source, 26), "target-count")
    assert finding.message == "3 targets present, 4 declared"
    assert finding.severity is Severity.ERROR


def test_target_numbering(source: str) -> None:
    (finding,) = findings(edit_line(source, 27, "(三)", "(五)"), "target-numbering")
    assert (finding.item, finding.line, finding.message) == ("target (五)", 27, "expected target 3")


def test_section_numbering(source: str) -> None:
    (finding,) = findings(edit_line(source, 52, "(二)", "(三)"), "section-numbering")
    assert (finding.line, finding.message) == (52, "expected area 2")


def test_section_count(source: str) -> None:
    (finding,) = findings(edit_line(source, 29, "九个方面", "一个方面"), "section-count")
    assert finding.message == "2 areas present, 1 declared"


def test_task_duplicate(source: str) -> None:
    (finding,) = findings(edit_line(source, 46, "11.", "10."), "task-duplicate")
    assert (finding.item, finding.line) == ("task 10", 46)


def test_task_gap(source: str) -> None:
    (finding,) = findings(delete_line(source, 46), "task-gap")
    assert (finding.item, finding.line, finding.message) == ("task 12", 47, "task 11 is missing before it")


def test_task_order(source: str) -> None:
    lines = source.split("\n")
    lines[41], lines[42] = lines[42], lines[41]  # task 9 before task 8
    found = findings("\n".join(lines), "task-order")
    assert [(f.item, f.line) for f in found] == [("task 8", 43)]


def test_task_start(source: str) -> None:
    (finding,) = findings(edit_line(source, 32, "1.严格", "2.严格"), "task-start")
    assert (finding.item, finding.line, finding.message) == ("task 2", 32, "the first task is numbered 2")


def test_numbering_may_restart_in_each_area(source: str) -> None:
    """Tasks numbered 1, 2, … afresh in area (二) form a sequence of their own: no finding."""
    text = source
    for line, number in zip(range(54, 61), range(15, 22), strict=True):
        text = edit_line(text, line, f"{number}.", f"{number - 14}.")
    report = govtasks.validate(govtasks.parse(text))
    assert [f.code for f in report.errors] == []
    gapped = edit_line(text, 56, "3.", "4.")
    assert [(f.code, f.item, f.line) for f in govtasks.validate(govtasks.parse(gapped)).errors] == [
        ("task-gap", "task 4", 56),
        ("task-duplicate", "task 4", 57),
    ]


def test_task_count(source: str) -> None:
    (finding,) = findings(edit_line(source, 29, "共268项", "共20项"), "task-count")
    assert finding.message == "21 tasks present, 20 declared"


def test_a_shortfall_is_an_error_where_the_text_goes_on(plan: govtasks.Plan) -> None:
    """Area (一) declaring 15 tasks holds 14, and area (二) follows: a fault of the text. Area (二)
    declaring 8 holds 7, but the copy ends there: it may have broken off, so only a warning."""
    declared = {3: 15, 7: 8}
    divisions = tuple(attrs.evolve(d, declared=declared.get(d.id, d.declared)) for d in plan.divisions)
    report = govtasks.validate(attrs.evolve(plan, divisions=divisions))
    found = [
        (f.code, f.severity, f.item, f.line, f.message)
        for f in report.findings
        if "count" in f.code or "incomplete" in f.code
    ]
    assert found == [
        ("task-count", Severity.ERROR, "tasks in area 1", 30, "14 tasks present, 15 declared"),
        ("tasks-incomplete", Severity.WARNING, "tasks", 60, "21 of 268 tasks present; the source ends after task 21"),
        (
            "tasks-incomplete",
            Severity.WARNING,
            "tasks in area 2",
            60,
            "7 of 8 tasks present; the source ends after task 21",
        ),
        ("sections-incomplete", Severity.WARNING, "areas", None, "2 of 9 areas present"),
    ]


def test_the_plans_own_declarations_are_checked(plan: govtasks.Plan) -> None:
    report = govtasks.validate(attrs.evolve(plan, declared_items=20, declared_areas=1))
    assert [(f.code, f.item, f.message) for f in report.errors] == [
        ("section-count", "areas", "2 areas present, 1 declared"),
        ("task-count", "tasks", "25 tasks present, 20 declared"),
    ]


def test_targets_incomplete(source: str) -> None:
    """The copy breaks off after target (二): a partial copy, not a fault of the text."""
    truncated = "\n".join(source.split("\n")[:26])
    (finding,) = findings(truncated, "targets-incomplete")
    assert (finding.item, finding.line) == ("targets", 26)
    assert finding.message == "2 of 4 targets present; the source ends after target (二)"


def test_item_incomplete(source: str) -> None:
    truncated = source[: source.index("重塑新时代")]
    (finding,) = findings(truncated, "item-incomplete")
    assert (finding.item, finding.line, finding.message) == ("task 21", 60, "the text stops inside it, at line 60")
    assert "no-units" not in govtasks.validate(govtasks.parse(truncated)).codes()  # its list was cut off


def test_no_items(source: str) -> None:
    """The notice without its plan: lines 1–22 end with the plan's title."""
    (finding,) = findings("\n".join(source.split("\n")[:22]), "no-items")
    assert (finding.item, finding.line, finding.message) == ("plan", None, "the text holds no target or task")


def test_missing_lead(source: str) -> None:
    (finding,) = findings(edit_line(source, 43, "(牵头单位:市水务局;责任单位:", "(责任单位:"), "missing-lead")
    assert (finding.item, finding.line) == ("task 9", 43)


def test_no_lead_anywhere_is_not_a_missing_lead(plan: govtasks.Plan) -> None:
    """A plan that names no lead at all (an unlabelled layout) is not missing one on every item."""
    responsible = tuple(
        attrs.evolve(
            i,
            assignments=tuple(
                attrs.evolve(a, role=Role.RESPONSIBLE, position=n) for n, a in enumerate(i.assignments, start=1)
            ),
        )
        for i in plan.items
    )
    unlabelled = attrs.evolve(plan, items=responsible)
    assert not any(item.leads for item in unlabelled.items)
    assert "missing-lead" not in govtasks.validate(unlabelled).codes()


def test_no_units(source: str) -> None:
    (finding,) = findings(edit_line(source, 59, "(牵头单位:市发展改革委;责任单位:市交通运输局)", ""), "no-units")
    assert (finding.item, finding.line, finding.message) == ("task 20", 59, "no unit is named")


def test_lead_and_responsible(source: str) -> None:
    text = edit_line(source, 59, "责任单位:市交通运输局", "责任单位:市发展改革委")
    (finding,) = findings(text, "lead-and-responsible")
    assert (finding.item, finding.message) == ("task 20", "市发展改革委 is both 牵头单位 and 责任单位")


def test_duplicate_unit(source: str) -> None:
    text = edit_line(source, 59, "责任单位:市交通运输局", "责任单位:市交通运输局、市交通运输局")
    (finding,) = findings(text, "duplicate-unit")
    assert finding.message == "市交通运输局 is listed 2 times as 责任单位"


def test_unregistered_unit(source: str) -> None:
    text = edit_line(source, 59, "责任单位:市交通运输局", "责任单位:市交通运输局、市交通局")
    (finding,) = findings(text, "unregistered-unit")
    assert finding.message.startswith("市交通局 is not in the unit registry; close: 市交通运输局")


def test_empty_text(source: str) -> None:
    (finding,) = findings(edit_line(source, 59, "争创国家物流枢纽城市。", ""), "empty-text")
    assert (finding.item, finding.line) == ("task 20", 59)


def test_web_noise_in_a_text(source: str) -> None:
    (finding,) = findings(edit_line(source, 43, "保护。", "保护。发布评论"), "text-noise")
    assert (finding.item, finding.message) == ("task 9", "unexpected '发布评论' in the text")


def test_wrap_joined_with_a_space(source: str) -> None:
    (finding,) = findings(edit_line(source, 43, "饮用水水源地", "饮用水 水源地"), "text-noise")
    assert finding.message == "unexpected '水 水' in the text"


def test_deadline_before_publication(source: str) -> None:
    found = findings(edit_line(source, 17, "2020年2月3日", "2019年2月3日"), "deadline-before-publication")
    # both things due that day: the 办理方案 and the staff list
    assert [(f.line, f.message) for f in found] == [
        (17, "2019-02-03 is before the document's date 2020-01-17 (公布日期)")
    ] * 2


def test_deadline_order(source: str) -> None:
    (finding,) = findings(edit_line(source, 19, "2020年4月15日、7月15日", "2020年8月15日、7月15日"), "deadline-order")
    assert finding.message == "2020-07-15 follows 2020-08-15"


def test_part_numbering(source: str) -> None:
    (finding,) = findings(edit_line(source, 29, "二、九个方面", "三、九个方面"), "part-numbering")
    assert (finding.item, finding.line, finding.message) == ("part 3", 29, "expected part 2")


def test_clause_numbering(source: str) -> None:
    (finding,) = findings(edit_line(source, 18, "三、精准", "五、精准"), "clause-numbering")
    assert (finding.item, finding.line) == ("notice clause 5", 18)


def test_doc_number_mismatch(source: str) -> None:
    (finding,) = findings(edit_line(source, 12, "1号", "2号"), "doc-number-mismatch")
    assert finding.message == "武政办〔2020〕1号 in the attributes, 武政办〔2020〕2号 in the notice"


def test_residue_is_reported(source: str) -> None:
    found = findings(edit_line(source, 43, "管委会〉)", "管委会〉)广告"), "residue")
    assert ("residue", 43) in [(f.item, f.line) for f in found]


def test_every_code_has_a_test() -> None:
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
    aliases = {"text-noise": "web-noise-in-a-text", "residue": "residue-is-reported"}
    missing = [code for code in CODES if aliases.get(code, code) not in tested and code not in tested]
    assert missing == ["sections-incomplete", "tasks-incomplete"]  # both covered by the bundled plan's warnings


def test_strict_raises_with_every_error(source: str) -> None:
    text = delete_line(edit_line(source, 59, "责任单位:市交通运输局", "责任单位:市发展改革委"), 46)
    with pytest.raises(govtasks.ValidationError) as caught:
        govtasks.validate(govtasks.parse(text), strict=True)
    error = caught.value
    assert isinstance(error, ValueError)
    assert [f.code for f in error.report.errors] == ["task-gap", "lead-and-responsible"]
    assert "line 47, task 12" in str(error)
    assert "line 58, task 20" in str(error)


# -- the command line ---------------------------------------------------------


def test_cli_validates_the_bundled_plan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "warning tasks-incomplete (line 60, tasks): 21 of 268 tasks present; the source ends after task 21" in out
    assert main(["validate", "--strict"]) == 1
    capsys.readouterr()


def test_cli_validates_a_text_file_with_errors(tmp_path: Path, source: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(delete_line(source, 46), encoding="utf-8")
    assert main(["validate", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["ok"], data["errors"], data["warnings"]) == (False, 1, 4)
    (gap,) = [finding for finding in data["findings"] if finding["severity"] == "error"]
    assert gap == {
        "code": "task-gap",
        "severity": "error",
        "message": "task 11 is missing before it",
        "item": "task 12",
        "line": 47,
    }


def test_cli_validates_a_json_file(tmp_path: Path, plan: govtasks.Plan, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.json"
    path.write_text(govtasks.to_json(plan), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.startswith("0 errors, 4 warnings")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xe6\x96\x87\n\xff\xfe", "line 2, column 1: the bytes are neither UTF-8"),
        ("文章属性\n没有任何部分".encode(), "line 1, column 1: expected a responsibility plan"),
        (b'{"info": 1}', "required field missing @ $.source_sha256"),
    ],
)
def test_cli_unreadable_input_exits_2(
    tmp_path: Path, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "input"
    path.write_bytes(content)
    assert main(["validate", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_cli_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "absent.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_docs_list_every_code_and_the_bundled_report(plan: govtasks.Plan) -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "validation.md").read_text(encoding="utf-8")
    for code, meaning in CODES.items():
        assert f"| `{code}` | {meaning.severity.value} | {meaning.meaning} |" in page
    assert f"```\n{govtasks.validate(plan)}\n```" in page
