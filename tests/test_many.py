"""Many plans as one dataset: read_many over the corpus excerpts, a broken file, copies and clashes."""

from __future__ import annotations

import pickle
import shutil
from collections import Counter
from pathlib import Path

import pytest

import govtasks
from govtasks import tables
from govtasks.errors import ParseError
from govtasks.many import Plans, files, iter_plans, read_many

EXCERPTS = Path(__file__).parent / "corpus" / "excerpts"
UNREADABLE = "02-wuhan-2019-preamble.txt"
"""The one excerpt that holds no responsibility list: a ParseError, not a plan."""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plans")
    for path in EXCERPTS.glob("*.txt"):
        shutil.copyfile(path, root / path.name)
    (root / "90-broken.txt").write_bytes(bytes(range(128, 256)) * 3)
    (root / "91-not-a-plan.txt").write_text("not a plan\n", encoding="utf-8")
    shutil.copyfile(EXCERPTS / "15-wuhu-2025-pipe-table.txt", root / "92-copy-of-15.txt")
    jianghan = (EXCERPTS / "04-wuhan-jianghan-2020-preamble.txt").read_text(encoding="utf-8")
    (root / "93-jianghan-edited.txt").write_text(jianghan + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def plans(folder: Path) -> Plans:
    return read_many(folder)


def test_every_good_file_is_read_and_the_broken_ones_fail_alone(plans: Plans, folder: Path) -> None:
    good = {p.name for p in EXCERPTS.glob("*.txt")} - {UNREADABLE}
    assert {read.path.name for read in plans} == good | {"93-jianghan-edited.txt"}
    failed = {path.name: error for path, error in plans.failed}
    assert set(failed) == {UNREADABLE, "90-broken.txt", "91-not-a-plan.txt"}
    for error in failed.values():
        assert isinstance(error, ParseError)
        assert error.line >= 1
        assert error.column >= 1
    broken = failed["90-broken.txt"]
    assert isinstance(broken, ParseError)
    assert broken.line == 1
    rows = {row[0]: row for row in plans.table("failed")}
    assert rows[str(folder / "90-broken.txt")][1:] == (broken.line, broken.column, broken.message)


def test_a_copy_is_counted_once(plans: Plans) -> None:
    assert [(a.name, b.name) for a, b in plans.duplicates] == [("92-copy-of-15.txt", "15-wuhu-2025-pipe-table.txt")]
    assert len({read.sha256 for read in plans}) == len(plans)
    assert len({read.plan_id for read in plans}) == len(plans)


def test_different_texts_with_one_doc_number_both_stay_with_a_finding(plans: Plans) -> None:
    ids = [read.plan_id for read in plans if read.path.name.startswith(("04-", "93-"))]
    assert len(ids) == 2
    assert all(i and i.startswith("江政办〔2020〕2 号@") for i in ids)
    assert [(f.code, f.plan_ids) for f in plans.findings] == [("same-doc-number", tuple(ids))]
    rows = [row for row in plans.table("findings") if row[1] == "same-doc-number"]
    assert [row[0] for row in rows] == ids


def test_order_is_deterministic_and_the_same_in_worker_processes(plans: Plans, folder: Path) -> None:
    names = [p.name for p in files(folder)]
    assert names == sorted(names)
    sequential = list(iter_plans(folder))
    parallel = list(iter_plans(folder, jobs=2, chunksize=3))
    assert [r.path for r in sequential] == [r.path for r in parallel] == [folder / n for n in names]
    assert [r.plan_id for r in sequential] == [r.plan_id for r in parallel]
    assert [r.plan for r in sequential] == [r.plan for r in parallel]
    assert [str(r.error) for r in sequential] == [str(r.error) for r in parallel]
    again = read_many(folder, jobs=2)
    assert [r.plan_id for r in again] == [r.plan_id for r in plans]
    assert again.duplicates == plans.duplicates
    assert again.findings == plans.findings


def test_a_glob_and_a_list_read_the_same_files(folder: Path) -> None:
    assert files(str(folder / "0*.txt")) == sorted(folder.glob("0*.txt"))
    listed = [folder / "15-wuhu-2025-pipe-table.txt", folder / "01-wuhan-2018-hubei-report-tasks.txt"]
    assert [r.path for r in read_many(listed)] == listed


def test_a_parse_error_crosses_processes_whole() -> None:
    error = pickle.loads(pickle.dumps(ParseError("expected a plan", line=3, column=7)))
    assert (error.message, error.line, error.column) == ("expected a plan", 3, 7)
    assert str(error) == "line 3, column 7: expected a plan"


@pytest.mark.parametrize("name", list(tables.TABLES))
def test_every_table_is_keyed_by_plan_id_and_sums_over_plans(plans: Plans, name: str) -> None:
    spec = plans.table_spec(name)
    assert spec.columns[0].name == "plan_id"
    assert spec.columns[1:] == tables.table(name).columns
    assert spec.primary_key[0] == "plan_id"
    assert all(fk.fields[0] == fk.reference[0] == "plan_id" for fk in spec.foreign_keys)
    rows = plans.table(name)
    per_plan = Counter({read.plan_id: len(list(tables.table(name).rows(read.plan))) for read in plans if read.plan})
    assert Counter(row[0] for row in rows) == +per_plan
    assert len(rows) == sum(per_plan.values())
    assert all(len(row) == len(spec.columns) for row in rows)


def test_the_plans_table(plans: Plans) -> None:
    rows = {
        row[1]: dict(zip((c.name for c in plans.table_spec("plans").columns), row, strict=True))
        for row in plans.table("plans")
    }
    assert len(rows) == len(plans)
    jianghan = rows["04-wuhan-jianghan-2020-preamble.txt"]
    assert (jianghan["doc_number"], jianghan["year"], jianghan["place"]) == ("江政办〔2020〕2 号", 2020, None)
    for read in plans:
        assert read.plan is not None
        row = rows[read.path.name]
        assert (row["plan_id"], row["sha256"]) == (read.plan_id, read.sha256)
        assert (row["items"], row["tasks"], row["targets"]) == (
            len(read.plan.items),
            len(read.plan.tasks),
            len(read.plan.targets),
        )


@pytest.mark.parametrize("name", ["plans", "assignments", "items", "findings", "failed", "document"])
def test_pandas_and_polars_frames_agree(plans: Plans, name: str) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("polars")
    frame, other = plans.to_pandas(name), plans.to_polars(name)
    assert list(frame.columns) == other.columns
    assert len(frame) == other.height == len(plans.table(name))
    for column in frame.columns:
        if frame[column].dtype.kind != "M":
            left = [None if pd.isna(v) else v for v in frame[column].astype(object).tolist()]
            assert left == other[column].to_list(), column


def test_workload_across_plans_is_the_sum_of_the_plans(plans: Plans) -> None:
    lead = plans.workload("lead")
    assert (lead.kind, lead.by, lead.include_targets) == ("lead", "printed", False)
    environment = lead.get("市生态环境局")
    assert environment is not None
    assert (environment.items, environment.plans) == (2, 2)
    assert plans.workload(govtasks.Role.LEAD).rows == plans.workload("牵头单位").rows == lead.rows
    for kind in ("lead", "responsible", "all"):
        for include_targets in (False, True):
            summed: Counter[str] = Counter()
            for plan in plans.plans:
                for row in plan.workload(include_targets=include_targets):
                    n = {"lead": row.lead, "responsible": row.responsible, "all": row.total}[kind]
                    summed[row.unit.id] += n
            by_unit = plans.workload(kind, by="unit", include_targets=include_targets)
            assert {e.unit_id: e.items for e in by_unit} == {k: n for k, n in summed.items() if n}
    with pytest.raises(ValueError, match="no workload kind"):
        plans.workload("chair")


def test_import_loads_no_frame_library() -> None:
    import subprocess
    import sys

    code = "import govtasks, sys; govtasks.read_many; print(sorted({'pandas','polars','pyarrow'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
