"""The command line on the user's own plan: ``--file PATH``, as text or as JSON, for every command on one plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govtasks
from govtasks.cli import main
from govtasks.datapackage import PACKAGE_NAME, read_datapackage

EXCERPTS = Path(__file__).resolve().parent / "corpus" / "excerpts"
HUOSHAN = str(EXCERPTS / "21-huoshan-devzone-2025-pipe-leader.txt")
"""Three tasks in a table, each with a leader (责任领导), responsible units and a deadline (全年)."""
WUJIANG = str(EXCERPTS / "17-suzhou-wujiang-2024-star-lead.txt")
"""Twelve targets, a ★ marking each lead."""
HOLDS = "the plan holds 0 targets, 0 areas, 3 tasks"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_summary_of_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "summary", "--file", HUOSHAN)
    assert status == 0
    assert "  layout: table\n" in out
    assert "  key-work tasks (重点工作)    3 (no count declared)\n" in out
    assert "Top lead units" not in out  # the table names responsible units (责任单位) only
    data = json.loads(run(capsys, "summary", "--file", HUOSHAN, "--json")[1])
    assert data["source_sha256"] == govtasks.parse(Path(HUOSHAN)).source_sha256
    assert data["top_leads"]["units"] == []


def test_task_of_a_file_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "task", "2", "--file", HUOSHAN)
    assert status == 0
    assert out.splitlines() == [
        f"task 2; {HOLDS}:",
        "  全力推进开发区“空间再造”,推动工业用地“腾笼换鸟”,力争 全年盘活僵尸企业10家,盘活存量土地400亩。",
        "  table: 2025年开发区重点工作及责任清单",
        "  lead (牵头单位): (none)",
        "  responsible (责任单位): 改革办",
        "  leaders: 马振明 (责任领导)",
        "  deadline (完成时限): 全年",
        "  source (任务来源): (not given)",
        "  lines 14-18 of the source",
    ]
    task = json.loads(run(capsys, "task", "1", "--file", HUOSHAN, "--json")[1])["task"]
    assert (task["leaders"], task["due"]) == ([{"name": "叶林", "label": "责任领导"}], "全年")
    assert [unit["name"] for unit in task["responsible"]] == ["招商工作部", "安商工作部"]


def test_no_task_4_in_a_file_of_three(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "task", "4", "--file", HUOSHAN) == (
        2,
        "",
        "govtasks: no task 4 in this plan (3 tasks present)\n",
    )


def test_tasks_workload_counts_and_units_of_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "tasks", "--unit", "规划建设局", "--file", HUOSHAN)[1].splitlines() == [
        f"1 task for 规划建设局; {HOLDS}:",
        "    3. 持续提升园区承载能力,加快推进开发区污水处理厂及污水管 网提升项目,"
        "全面做好纬六路以北、中沟以北地块水电气路网 等基础设施配套。",
    ]
    assert run(capsys, "workload", "--file", HUOSHAN)[1].splitlines()[1:] == [
        "    0   1   1  招商工作部",
        "    0   1   1  安商工作部",
        "    0   1   1  改革办",
        "    0   1   1  规划建设局",
    ]
    assert json.loads(run(capsys, "counts", "--by", "unit_kind", "--file", HUOSHAN, "--json")[1])["counts"] == {
        "unregistered": 3
    }
    units = json.loads(run(capsys, "units", "--file", HUOSHAN, "--json")[1])
    unregistered = [unit["name"] for unit in units if unit["kind"] == "unregistered"]
    assert unregistered == ["招商工作部", "安商工作部", "改革办", "规划建设局"]


def test_targets_of_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "targets", "--file", WUJIANG)
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == "12 targets (2024年全区经济社会发展主要预期目标); the plan holds 12 targets, 0 areas, 0 tasks:"
    assert lines[1:3] == [
        "  1. 地区生产总值增长5%以上。",
        "      lead (牵头单位): 区发改委; responsible (责任单位): 统计局",
    ]


def test_a_plan_as_json_reads_as_its_text_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.json"
    path.write_text(govtasks.to_json(govtasks.parse(Path(HUOSHAN))), encoding="utf-8")
    for command in (["summary"], ["task", "3"], ["workload", "--json"], ["validate"]):
        assert run(capsys, *command, "--file", str(path)) == run(capsys, *command, "--file", HUOSHAN), command


def test_the_bundled_json_reads_with_the_bundled_registry_it_refers_to(capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped wuhan-2020.json names units.json rather than holding it; --file reads it as load() does."""
    shipped = govtasks.bundled.data_file(govtasks.bundled.PLAN_FILE)
    assert b'"file": "units.json"' in shipped.read_bytes()
    assert run(capsys, "summary", "--file", str(shipped)) == run(capsys, "summary")


def test_validate_takes_its_file_either_way(capsys: pytest.CaptureFixture[str]) -> None:
    """``validate FILE``, as before ``--file`` existed, and ``validate --file FILE`` are the same."""
    positional = run(capsys, "validate", HUOSHAN)
    assert positional == run(capsys, "validate", "--file", HUOSHAN)
    assert positional[0] == 1
    assert positional[1].startswith("7 errors, 0 warnings\n")
    assert run(capsys, "validate", HUOSHAN, "--file", WUJIANG) == (
        2,
        "",
        f"govtasks: give the plan once: {HUOSHAN} or --file {WUJIANG}, not both\n",
    )


def test_export_of_a_file_reads_back_under_the_default_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert run(capsys, "export", "--file", HUOSHAN, "--out", str(out))[:2] == (
        0,
        f"wrote 17 files to {out} (0 targets, 0 areas, 3 tasks)\n",
    )
    assert read_datapackage(out) == govtasks.parse(Path(HUOSHAN))
    assert json.loads((out / "datapackage.json").read_bytes())["name"] == PACKAGE_NAME


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read {path}: No such file or directory"),
        (b"\xe6\x96\x87\n\xff\xfe", "{path}: line 2, column 1: the bytes are neither UTF-8"),
        (b'{"info": 1}', "{path}: invalid plan JSON: "),
    ],
    ids=["missing", "not text", "not a plan"],
)
@pytest.mark.parametrize("command", [["summary"], ["task", "1"], ["tasks", "--unit", "x"], ["export", "--out", "o"]])
def test_an_unreadable_file_is_one_line_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str, command: list[str]
) -> None:
    path = tmp_path / "plan"
    if content is not None:
        path.write_bytes(content)
    status, out, err = run(capsys, *command, "--file", str(path))
    assert (status, out) == (2, "")
    assert err.startswith("govtasks: " + message.format(path=path))
    assert err.count("\n") == 1


def test_json_with_many_faults_is_still_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(govtasks.DataError) as raised:
        govtasks.from_json("{}")
    problems = raised.value.problems
    assert len(problems) > 2
    assert run(capsys, "summary", "--file", str(path)) == (
        2,
        "",
        f"govtasks: {path}: invalid plan JSON: {problems[0]} (and {len(problems) - 1} more problems)\n",
    )
