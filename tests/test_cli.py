"""The command line: ``govtasks summary`` and ``python -m govtasks``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import govtasks
from govtasks import cli


def test_summary_states_document_coverage_and_top_leads(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summary"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2020年市《政府工作报告》确定的主要目标任务责任分解方案\n")
    assert "武政办〔2020〕1号 by 武汉市人民政府办公厅 on 2020-01-17" in out
    assert "main targets (主要预期目标)  4 of 4" in out
    assert "areas of key work (方面)    2 of 9" in out
    assert "key-work tasks (重点工作)    21 of 268" in out
    assert "this copy of the text ends after task 21" in out
    leads = out.split("Top lead units")[1].split("\n\n")[0].splitlines()[1:]
    assert leads[:2] == ["    6  市扶贫开发办", "    4  市地方金融工作局"]
    assert "  line 41, column 161: 武汉汽车网" in out
    assert "  line 61, column 1: 发布评论" in out


def test_no_command_means_summary(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main([])
    default = capsys.readouterr().out
    cli.main(["summary"])
    assert capsys.readouterr().out == default


def test_python_dash_m_runs_the_cli() -> None:
    run = subprocess.run([sys.executable, "-m", "govtasks"], capture_output=True, check=True, encoding="utf-8")
    assert "21 of 268" in run.stdout


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["summarize"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


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
    assert page.count("\n## ") == len(govtasks.load_units())
    section = page.split("## 各开发区管委会 (`development-zone-committees`)")[1].split("\n## ")[0]
    assert section.count("- member: ") == 3
    assert "东湖高新区管委会 (`east-lake-high-tech-zone`, probable); basis: " in section
    assert "- part of: 市公安局 (`public-security`)" in page


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_tasks_by_unit_and_role(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "tasks", "--unit", "市发改委", "--role", "lead")
    assert status == 0
    lines = out.splitlines()
    assert (
        lines[0] == "2 tasks name 市发展改革委 as lead; the plan holds 4 of 4 targets, 2 of 9 areas, 21 of 268 tasks:"
    )
    assert [line.split(".")[0].strip() for line in lines[1:]] == ["15", "20"]


def test_tasks_expanded_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "tasks", "--unit", "黄陂区人民政府", "--expand", "--json")
    data = json.loads(out)
    assert status == 0
    assert data["unit"] == "huangpi-district"
    assert [t["number"] for t in data["tasks"]] == [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 18]
    assert data["coverage"] == "4 of 4 targets, 2 of 9 areas, 21 of 268 tasks"


def test_unknown_unit_exits_2_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "tasks", "--unit", "江岸区")
    assert (status, out) == (2, "")
    assert "did you mean 江岸区人民政府" in err


def test_workload(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "workload")
    assert status == 0
    lines = out.splitlines()
    assert "21 of 268 tasks" in lines[0]
    assert lines[2] == "    2   7   9  市发展改革委"
    data = json.loads(run_cli(capsys, "workload", "--targets", "--json")[1])
    ndrc = next(row for row in data["units"] if row["unit"] == "development-reform")
    assert (ndrc["lead"], ndrc["responsible"], ndrc["total"]) == (5, 7, 12)


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
