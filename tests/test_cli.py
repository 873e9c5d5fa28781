"""The command line on the bundled plan: ``govtasks summary`` and the other commands, and ``python -m govtasks``."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import govtasks
from govtasks import cli
from govtasks._text import plural

CORPUS = Path(__file__).resolve().parent / "corpus" / "excerpts"
COVERAGE = "4 of 4 targets, 2 of 9 areas, 21 of 268 tasks"


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one line a usage error writes, after checking that argparse exits with status 2."""
    with pytest.raises(SystemExit) as exited:
        cli.main(list(argv))
    captured = capsys.readouterr()
    assert (exited.value.code, captured.out) == (2, "")
    assert captured.err.startswith("govtasks: ")
    assert captured.err.count("\n") == 1
    return captured.err


def run_module(*argv: str, encoding: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m govtasks`` in a new process, its output read as UTF-8; ``encoding`` is its PYTHONIOENCODING."""
    env = {**os.environ, "PYTHONIOENCODING": encoding} if encoding else None
    return subprocess.run(
        [sys.executable, "-m", "govtasks", *argv], capture_output=True, encoding="utf-8", env=env, check=False
    )


# -- summary


def test_summary_states_document_coverage_and_top_leads(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summary"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2020年市《政府工作报告》确定的主要目标任务责任分解方案\n")
    assert "武政办〔2020〕1号 by 武汉市人民政府办公厅 on 2020-01-17" in out
    assert "main targets (主要预期目标)  4 of 4" in out
    assert "areas of key work (方面)    2 of 9" in out
    assert "key-work tasks (重点工作)    21 of 268" in out
    assert "this copy of the text ends after task 21" in out
    assert "  line 41, column 161: 武汉汽车网" in out
    assert "  line 61, column 1: 发布评论" in out


def top_leads(out: str) -> list[str]:
    return out.split("Top lead units")[1].split("\n\n")[0].splitlines()


def test_summary_shows_every_unit_tied_with_the_last_top_lead(capsys: pytest.CaptureFixture[str]) -> None:
    """Four units lead 2 tasks each; the fifth place is a tie, so all four are shown (市商务局 was once cut)."""
    cli.main(["summary"])
    assert top_leads(capsys.readouterr().out) == [
        " (牵头单位), by tasks led of the 21 present (targets not counted):",
        "    6  市扶贫开发办",
        "    4  市地方金融工作局",
        "    2  市发展改革委",
        "    2  市商务局",
        "    2  市生态环境局",
        "    2  市水务局",
    ]


def test_summary_says_how_many_tied_units_it_leaves_out(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "MOST_SHOWN", 3)
    cli.main(["summary"])
    assert top_leads(capsys.readouterr().out)[1:] == [
        "    6  市扶贫开发办",
        "    4  市地方金融工作局",
        "    2  市发展改革委",
        "  and 3 more with 2 each",
    ]


def test_summary_top_leads_are_the_workload_api_s(plan: govtasks.Plan) -> None:
    shown, more = cli.top_leads(plan)
    assert more == 0
    assert all(row in plan.workload() for row in shown)
    top = [(row.unit.name, row.lead) for row in shown]
    assert top[2:] == [("市发展改革委", 2), ("市商务局", 2), ("市生态环境局", 2), ("市水务局", 2)]


def test_summary_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run_cli(capsys, "summary", "--json")[1])
    assert data["document"]["doc_number"] == "武政办〔2020〕1号"
    assert data["counts"]["tasks"] == {"present": 21, "declared": 268}
    assert data["coverage"] == COVERAGE
    assert data["deadlines"][2] == {
        "date": "2020-04-15",
        "due": "第一季度责任事项完成情况",
        "recipient": "市人民政府督查室",
    }
    assert data["top_leads"]["targets_counted"] is False
    assert [unit["name"] for unit in data["top_leads"]["units"]][-1] == "市水务局"
    assert data["residue"][1] == {"text": "发布评论", "line": 61, "column": 1}


def test_no_command_means_summary(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main([])
    default = capsys.readouterr().out
    cli.main(["summary"])
    assert capsys.readouterr().out == default


def test_python_dash_m_runs_the_cli() -> None:
    run = run_module()
    assert run.returncode == 0
    assert "21 of 268" in run.stdout


# -- output the terminal cannot encode, and errors


def test_an_ascii_terminal_gets_escapes_not_a_traceback() -> None:
    run = run_module("summary", encoding="ascii")
    assert (run.returncode, run.stderr) == (0, "")
    assert "issued as \\u6b66\\u653f\\u529e\\u30142020\\u30151\\u53f7 by" in run.stdout  # 武政办〔2020〕1号


def test_an_ascii_terminal_reads_json_as_the_same_characters() -> None:
    run = run_module("summary", "--json", encoding="ascii")
    assert run.returncode == 0
    assert json.loads(run.stdout)["document"]["doc_number"] == "武政办〔2020〕1号"


def test_an_ascii_terminal_gets_errors_in_one_line() -> None:
    run = run_module("tasks", "--unit", "江岸区", encoding="ascii")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        "govtasks: no unit named '\\u6c5f\\u5cb8\\u533a' in the registry; did you mean "
        "\\u6c5f\\u5cb8\\u533a\\u4eba\\u6c11\\u653f\\u5e9c, \\u6c5f\\u6c49\\u533a\\u4eba\\u6c11\\u653f\\u5e9c, "
        "\\u6c5f\\u590f\\u533a\\u4eba\\u6c11\\u653f\\u5e9c?\n"
    )


def test_main_leaves_the_streams_as_it_found_them(capsys: pytest.CaptureFixture[str]) -> None:
    before = (sys.stdout.errors, sys.stderr.errors)
    assert before[0] != "backslashreplace"
    cli.main(["summary"])
    with pytest.raises(SystemExit):
        cli.main(["summarize"])
    assert (sys.stdout.errors, sys.stderr.errors) == before


def test_unknown_command_is_one_line_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "summarize")
    assert "invalid choice: 'summarize'" in err
    assert err.endswith("(see govtasks --help)\n")


def test_a_missing_option_is_one_line_naming_the_command_s_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_error(capsys, "tasks") == (
        "govtasks: the following arguments are required: --unit (see govtasks tasks --help)\n"
    )
    assert "invalid int value: 'eighteen'" in usage_error(capsys, "task", "eighteen")


def test_plural_counts() -> None:
    assert [plural(n, "error") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]


# -- help


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(commands.choices)


def test_every_option_of_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for name, command in subcommands().items():
        with pytest.raises(SystemExit):
            cli.main([name, "--help"])
        shown = capsys.readouterr().out
        for action in command._actions:
            assert action.help, f"govtasks {name} {action.dest}: no help"
            named = action.option_strings[-1] if action.option_strings else action.metavar
            assert isinstance(named, str)
            assert named in shown


def test_every_command_on_one_plan_reads_a_file_and_prints_json() -> None:
    commands = subcommands()
    one_plan = {"summary", "units", "task", "tasks", "targets", "workload", "counts", "export", "validate"}
    assert set(commands) == one_plan | {"read"}
    for name, command in commands.items():
        options = {option for action in command._actions for option in action.option_strings}
        assert ("--file" in options) == (name != "read"), name
        assert ("--json" in options) == (name not in ("export", "read")), name


# -- units


def test_units_lists_kind_full_name_and_english_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["units"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == len(govtasks.load_units())
    first = rows[0].split()
    assert first[:3] == ["development-reform", "municipal_department", "市发展改革委"]
    assert (
        "| 武汉市发展和改革委员会 | Wuhan Municipal Development and Reform Commission [project translation]" in rows[0]
    )
    office = next(row for row in rows if row.startswith("performance-evaluation-office"))
    assert "武汉市绩效考评办公室" in office


def test_units_json_is_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["units", "--json"]) == 0
    printed = capsys.readouterr().out
    assert govtasks.units_from_json(printed) == govtasks.load_units()
    assert json.loads(printed)[0]["full_name"] == "武汉市发展和改革委员会"


def test_units_markdown_gives_every_basis(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["units", "--markdown"]) == 0
    page = capsys.readouterr().out
    assert page.count("\n## ") == len(govtasks.load_units()) + 1  # and the unsourced remarks
    section = page.split("## 各开发区管委会 (`development-zone-committees`)")[1].split("\n## ")[0]
    assert section.count("- member: ") == 3
    assert "东湖高新区管委会 (`east-lake-high-tech-zone`, probable); basis: " in section
    assert "- part of: 市公安局 (`public-security`, probable); basis: rule: " in page


# -- one task, the targets, the tasks of a unit


def test_task_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "task", "18")
    assert status == 0
    assert out.splitlines() == [
        f"task 18; the plan holds {COVERAGE}:",
        "  建设武汉空港国际商务会展新城。",
        "  part: 二、 九个方面重点工作",
        "  area: (二) 着力增强中心城市功能",
        "  theme: —— 提高资源配置能力",
        "  lead (牵头单位): 市自然资源和规划局",
        "  responsible (责任单位): 市发展改革委、市城乡建设局、市商务局、黄陂区人民政府、"
        "市城投公司、武汉航发集团、湖北机场集团",
        "  leaders: (not given)",
        "  deadline (完成时限): (not given)",
        "  source (任务来源): (not given)",
        "  line 57 of the source",
    ]


def test_task_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    task = json.loads(run_cli(capsys, "task", "18", "--json")[1])["task"]
    assert (task["number"], task["marker"], task["text"]) == (18, "18.", "建设武汉空港国际商务会展新城。")
    assert task["lead"] == [
        {"unit": "natural-resources-planning", "name": "市自然资源和规划局", "printed": "市自然资源和规划局"}
    ]
    assert [unit["printed"] for unit in task["responsible"]][-1] == "湖北机场集团"
    assert [d["title"] for d in task["divisions"]] == ["九个方面重点工作", "着力增强中心城市功能", "提高资源配置能力"]
    assert (task["lines"], task["complete"], task["due"]) == ([57, 57], True, None)


def test_a_task_absent_from_this_copy_is_one_line_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "task", "99") == (
        2,
        "",
        "govtasks: task 99 is declared (共268项) but absent from this copy, which contains 21 of 268 tasks\n",
    )


def test_targets_with_their_units(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "targets")
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == f"4 targets (经济社会发展的主要预期目标); the plan holds {COVERAGE}:"
    assert lines[3:5] == [
        "  (二) 城镇新增就业22万人。",
        "      lead (牵头单位): 市人力资源社会保障局; responsible (责任单位): 各区人民政府〈含开发区、风景区管委会〉",
    ]
    data = json.loads(run_cli(capsys, "targets", "--json")[1])
    assert [t["marker"] for t in data["targets"]] == ["(一)", "(二)", "(三)", "(四)"]
    assert [u["name"] for u in data["targets"][2]["responsible"]][:2] == ["市科技局", "市经济和信息化局"]


def test_tasks_by_unit_and_role(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "tasks", "--unit", "市发改委", "--role", "lead")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"2 tasks for 市发展改革委 as lead (牵头单位); the plan holds {COVERAGE}:"
    assert [line.split(".")[0].strip() for line in lines[1:3]] == ["15", "20"]
    assert lines[3] == "市发改委 is another name of 市发展改革委 (confirmed; its source: govtasks units --markdown)"


def test_a_role_is_given_by_its_code_or_its_label(capsys: pytest.CaptureFixture[str]) -> None:
    by_code = run_cli(capsys, "tasks", "--unit", "黄陂区人民政府", "--role", "responsible")
    assert run_cli(capsys, "tasks", "--unit", "黄陂区人民政府", "--role", "责任单位") == by_code
    assert by_code[1].startswith("1 task for 黄陂区人民政府 as responsible (责任单位); ")
    err = usage_error(capsys, "tasks", "--unit", "黄陂区人民政府", "--role", "boss")
    assert "'boss'" in err
    assert all(word in err for role in govtasks.Role for word in (role.code, role.value))


def test_tasks_expanded_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "tasks", "--unit", "黄陂区人民政府", "--expand", "--json")
    data = json.loads(out)
    assert status == 0
    assert data["unit"] == "huangpi-district"
    assert [t["number"] for t in data["tasks"]] == [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 18]
    assert data["coverage"] == COVERAGE


def test_a_unit_named_only_through_a_collective_is_told_of_expand(
    plan: govtasks.Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    """东湖风景区管委会 is named on no task itself; 各区人民政府〈含开发区、风景区管委会〉 names it on 13."""
    expanded = plan.tasks_for("东湖风景区管委会", expand=True)
    assert (len(plan.tasks_for("东湖风景区管委会")), len(expanded)) == (0, 13)
    status, out, _ = run_cli(capsys, "tasks", "--unit", "东湖风景区管委会")
    assert status == 0
    assert out.splitlines() == [
        f"0 tasks for 东湖风景区管委会; the plan holds {COVERAGE}.",
        "--expand finds 13 tasks, with those of the collectives that contain it",
    ]
    data = json.loads(run_cli(capsys, "tasks", "--unit", "东湖风景区管委会", "--json")[1])
    assert (data["tasks"], data["with_expand"]) == ([], 13)
    out = run_cli(capsys, "tasks", "--unit", "东湖风景区管委会", "--expand")[1]
    assert [int(line.split(".")[0]) for line in out.splitlines()[1:]] == [t.number for t in expanded]


def test_unknown_unit_exits_2_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "tasks", "--unit", "江岸区")
    assert (status, out) == (2, "")
    assert "did you mean 江岸区人民政府" in err


# -- workload and counts


def test_workload(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "workload")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"tasks per unit (lead, responsible, total); the plan holds {COVERAGE}:"
    assert lines[2] == "    2   7   9  市发展改革委"
    data = json.loads(run_cli(capsys, "workload", "--targets", "--json")[1])
    assert (data["include_targets"], data["expand"]) == (True, False)
    ndrc = next(row for row in data["units"] if row["unit"] == "development-reform")
    assert (ndrc["lead"], ndrc["responsible"], ndrc["total"]) == (5, 7, 12)


def test_workload_expanded_credits_members_of_collectives(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "workload", "--expand")
    assert status == 0
    assert out.startswith("tasks per unit, counting those of the collectives that contain it (lead, responsible")
    assert "    0  13  13  东湖风景区管委会 (membership probable)\n" in out
    assert "    2   7   9  市发展改革委\n" in out
    data = json.loads(run_cli(capsys, "workload", "--expand", "--json")[1])
    scenic = next(row for row in data["units"] if row["name"] == "东湖风景区管委会")
    assert (scenic["total"], scenic["certainty"], data["expand"]) == (13, "probable", True)


def test_counts_by_theme(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "counts", "--by", "theme")
    assert status == 0
    assert out.splitlines()[1:] == [
        "    6  坚决完成脱贫攻坚任务",
        "    5  强力推进污染防治",
        "    3  有效防范金融风险",
        "    7  提高资源配置能力",
    ]
    data = json.loads(run_cli(capsys, "counts", "--json")[1])
    assert data["counts"] == {"坚决打赢三大攻坚战": 14, "着力增强中心城市功能": 7}


# -- validate and read: counts in the right number


def test_validate_counts_one_error_as_one(source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = source.split("\n")
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines[:45] + lines[46:]), encoding="utf-8")  # task 11 gone
    status, out, _ = run_cli(capsys, "validate", str(path))
    assert status == 1
    assert out.startswith("1 error, 4 warnings\n")
    assert "  error task-gap (line 47, task 12): task 11 is missing before it\n" in out


def test_read_counts_one_item_and_one_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(CORPUS / "22-changsha-2012-lead-column.txt")
    status, out, _ = run_cli(capsys, "read", path, "--out", str(tmp_path / "out"), "--format", "datapackage")
    assert status == 0
    assert out.splitlines() == [
        "22-changsha-2012-lead-column.txt: table, 1 item, 2 units, 2 errors, 5 warnings",
        f"wrote 1 plan (0 failed, 0 duplicates) as datapackage to {tmp_path / 'out'}",
    ]
