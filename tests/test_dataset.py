"""Many plans as one dataset: Parquet files per table per plan and one data package, keyed by plan_id."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from govtasks import dataset
from govtasks.cli import main
from govtasks.dataset import write_dataset
from govtasks.many import Read, iter_plans
from govtasks.tables import TABLES

REPO = Path(__file__).resolve().parent.parent
EXCERPTS = REPO / "tests" / "corpus" / "excerpts"
BROKEN = "zz-broken.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 27 excerpts and one file that is no plan at all."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(EXCERPTS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    (folder / BROKEN).write_text("这不是方案\n第二行\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reads(corpus: Path) -> list[Read]:
    return list(iter_plans(corpus))


@pytest.fixture(scope="module")
def expected(reads: list[Read]) -> dict[str, int]:
    """Rows per table: the sum over the plans read of each table's rows."""
    return {
        name: sum(len(list(table.rows(r.plan))) for r in reads if r.plan is not None) for name, table in TABLES.items()
    }


@pytest.fixture(scope="module")
def parquet(reads: list[Read], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet") / "out"
    write_dataset(reads, out, "parquet")
    return out


@pytest.fixture(scope="module")
def package(reads: list[Read], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package") / "out"
    write_dataset(reads, out, "datapackage")
    return out


def test_the_corpus_has_plans_and_failures(reads: list[Read]) -> None:
    assert len(reads) == 28
    assert sum(r.plan is not None for r in reads) >= 20
    assert any(r.path.name == BROKEN and r.error is not None for r in reads)


def test_duckdb_reads_each_table_as_one(parquet: Path, expected: dict[str, int]) -> None:
    import duckdb

    for name in TABLES:
        files = f"{parquet / name}/*.parquet"
        counts = duckdb.sql(f"select count(*), count(*) - count(plan_id) from read_parquet('{files}')")
        assert counts is not None
        assert counts.fetchall() == [(expected[name], 0)], name
    columns = duckdb.sql(f"select * from read_parquet('{parquet}/assignments/*.parquet') limit 0")
    assert columns is not None
    assert columns.columns[0] == "plan_id"


def test_pandas_reads_each_table_folder_as_one(parquet: Path, expected: dict[str, int]) -> None:
    import pandas as pd

    for name in TABLES:
        frame = pd.read_parquet(parquet / name)
        assert len(frame) == expected[name], name
        assert frame.columns[0] == "plan_id"
        assert frame["plan_id"].notna().all()


def test_every_file_of_a_table_has_one_schema(parquet: Path) -> None:
    import pyarrow.parquet as pq

    for name in TABLES:
        schemas = {pq.read_schema(path) for path in (parquet / name).iterdir()}
        assert len(schemas) == 1, name


def test_files_table_names_every_file_and_the_failures(parquet: Path, reads: list[Read]) -> None:
    import pandas as pd

    files = pd.read_parquet(parquet / "files.parquet")
    assert len(files) == len(reads)
    broken = files[files["path"].str.endswith(BROKEN)].iloc[0]
    assert broken["status"] == "failed"
    assert (broken["line"], broken["column_number"]) == (1, 1)
    assert set(files["status"]) <= {"ok", "failed", "duplicate"}
    assert (files["status"] == "ok").sum() == sum(r.plan is not None for r in reads)


def test_package_holds_every_row_with_its_plan_id(package: Path, expected: dict[str, int]) -> None:
    import pandas as pd

    for name in TABLES:
        frame = pd.read_csv(package / f"{name}.csv", keep_default_na=False, dtype=str)
        assert len(frame) == expected[name], name
        assert frame.columns[0] == "plan_id"
        assert (frame["plan_id"] != "").all()


def test_package_keys_all_start_with_plan_id(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == {*TABLES, "files"}
    for name in TABLES:
        schema = resources[name]["schema"]
        assert schema["fields"][0]["name"] == "plan_id"
        assert schema["primaryKey"][0] == "plan_id", name
        for key in schema.get("foreignKeys", []):
            assert key["fields"][0] == key["reference"]["fields"][0] == "plan_id", name


def test_frictionless_finds_the_package_valid(package: Path) -> None:
    """Valid but for two things frictionless 5 reads otherwise than the package means:

    * a composite foreign key with one empty field (a unit without a parent: plan_id and no
      parent_id) is checked as a missing reference; SQL's MATCH SIMPLE, which DuckDB and
      PostgreSQL follow, skips such a row;
    * an empty text, written ``""``, is read as missing, so a required one fails; a single plan's
      export (govtasks.export) of such a plan fails the same way.

    Every other error is a real one."""
    from frictionless import validate

    report = validate(package / "datapackage.json", limit_errors=100_000)
    assert report.stats["tasks"] == len(TABLES) + 1
    real = [
        (task.name, error.type, error.note)
        for task in report.tasks
        for error in task.errors
        if not (error.type == "foreign-key" and "" in error.field_cells)
        and not (error.type == "constraint-error" and error.cell == "")
    ]
    assert real == []


def test_an_interrupted_write_leaves_nothing(reads: list[Read], tmp_path: Path) -> None:
    def failing() -> Iterator[Read]:
        yield from reads[:5]
        raise RuntimeError("interrupted")

    for format in dataset.DATASET_FORMATS:
        out = tmp_path / format
        with pytest.raises(RuntimeError, match="interrupted"):
            write_dataset(failing(), out, format)
        assert os.listdir(tmp_path) == [], format


def test_an_interrupted_replace_keeps_the_old_dataset(reads: list[Read], tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_dataset(reads[:3], out, "datapackage")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def failing() -> Iterator[Read]:
        yield from reads
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_dataset(failing(), out, "datapackage", force=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert os.listdir(tmp_path) == ["out"]


def test_a_failing_disk_mid_stream_leaves_nothing(
    reads: list[Read], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real = dataset._Parquet.place

    def place(self: Any, *args: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 10:
            raise OSError(28, "No space left on device")
        real(self, *args)

    monkeypatch.setattr(dataset._Parquet, "place", place)
    with pytest.raises(OSError, match="No space"):
        write_dataset(reads, tmp_path / "out", "parquet")
    assert os.listdir(tmp_path) == []


def test_write_refuses_before_reading(reads: list[Read], tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("keep")

    def untouched() -> Iterator[Read]:
        raise AssertionError("read before the target was checked")
        yield  # pragma: no cover

    with pytest.raises(FileExistsError, match="not empty"):
        write_dataset(untouched(), tmp_path / "out", "parquet")
    with pytest.raises(ValueError, match="unknown dataset format"):
        write_dataset(untouched(), tmp_path / "new", "csv")  # type: ignore[arg-type]
    assert sorted(os.listdir(tmp_path)) == ["out"]


def test_a_repeated_plan_is_written_once(reads: list[Read], tmp_path: Path) -> None:
    plans = [r for r in reads if r.plan is not None][:2]
    summary = write_dataset([*plans, plans[0]], tmp_path / "out", "parquet")
    assert (summary.plans, summary.duplicates, summary.failed) == (2, 1, 0)
    items = sum(len(list(TABLES["items"].rows(r.plan))) for r in plans if r.plan is not None)
    assert summary.rows["items"] == items


def test_a_table_empty_in_every_plan_still_reads(reads: list[Read], tmp_path: Path) -> None:
    import duckdb

    itemless = [r for r in reads if r.plan is not None and not r.plan.items]
    assert itemless
    write_dataset(itemless, tmp_path / "out", "parquet")
    assert os.listdir(tmp_path / "out" / "items") == ["000000-empty.parquet"]
    relation = duckdb.sql(f"select count(*) from read_parquet('{tmp_path}/out/items/*.parquet')")
    assert relation is not None
    assert relation.fetchall() == [(0,)]


def test_the_parquet_format_needs_pyarrow_before_touching_disk(
    reads: list[Read], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"govtasks\[parquet\]"):
        write_dataset(reads, tmp_path / "out", "parquet")
    assert os.listdir(tmp_path) == []


def _contents(folder: Path) -> dict[str, bytes]:
    return {os.fspath(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("format", dataset.DATASET_FORMATS)
def test_outcomes_from_workers_write_the_same_dataset(
    corpus: Path, reads: list[Read], tmp_path: Path, format: dataset.DatasetFormat
) -> None:
    """Tables encoded in two worker processes, and placed here, are the bytes of the tables encoded here
    (a data package records no time unless asked, so two runs make the same bytes)."""
    here = write_dataset(reads, tmp_path / "here", format)
    there = write_dataset(dataset.outcomes(corpus, format, jobs=2, chunksize=3), tmp_path / "there", format)
    assert attrs.evolve(here, out_dir=Path(), seconds=0) == attrs.evolve(there, out_dir=Path(), seconds=0)
    assert _contents(tmp_path / "here") == _contents(tmp_path / "there")


def test_created_is_recorded_only_when_given(reads: list[Read], tmp_path: Path) -> None:
    when = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    write_dataset(reads[:3], tmp_path / "stamped", "datapackage", created=when)
    write_dataset(reads[:3], tmp_path / "plain", "datapackage")
    stamped = json.loads((tmp_path / "stamped" / "datapackage.json").read_text(encoding="utf-8"))
    plain = json.loads((tmp_path / "plain" / "datapackage.json").read_text(encoding="utf-8"))
    assert stamped.pop("created") == "2026-01-01T00:00:00Z"
    assert "created" not in plain
    assert stamped == plain


def test_an_outcome_is_written_only_in_its_format(corpus: Path, tmp_path: Path) -> None:
    got = list(dataset.outcomes(corpus / "0*.txt", "datapackage"))
    assert {o.format for o in got} == {"datapackage"}
    with pytest.raises(ValueError, match="encoded for datapackage, not parquet"):
        write_dataset(got, tmp_path / "out", "parquet")
    assert os.listdir(tmp_path) == []
    listed = list(dataset.outcomes(corpus / "0*.txt"))  # facts only: nothing encoded, keys not checked
    assert all(o.tables == () and o.problem is None for o in listed)
    assert [o.items for o in listed] == [o.items for o in got]


def test_outcomes_refuse_a_format_before_reading(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="unknown dataset format"):
        dataset.outcomes(corpus, "csv")  # type: ignore[arg-type]
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"govtasks\[parquet\]"):
        dataset.outcomes(corpus, "parquet")


def test_an_outcome_holds_what_the_listing_shows(reads: list[Read]) -> None:
    from govtasks.validation import validate

    for read in reads:
        got = dataset.outcome(read, "parquet")
        if read.plan is None:
            assert (got.plan_id, got.layout, got.items, got.tables) == (None, None, None, ())
            assert got.error is read.error
            continue
        report = validate(read.plan)
        assert (got.layout, got.items, got.errors, got.warnings) == (
            read.plan.layout.value,
            len(read.plan.items),
            len(report.errors),
            len(report.warnings),
        )
        assert [name for name, _, _ in got.tables] == list(TABLES)
        assert all(bool(data) == bool(rows) for _, rows, data in got.tables)


def test_cli_lists_each_file_and_writes(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    status = main(["read", str(corpus), "--out", str(out), "--format", "datapackage"])
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert status == 1  # a file failed
    assert len(lines) == 28 + 1
    assert lines[0].startswith("01-wuhan-2018-hubei-report-tasks.txt: parenthesis, ")
    assert "errors" in lines[0]
    assert "warnings" in lines[0]
    assert lines[27].startswith(f"{BROKEN}: error at line 1, column 1: ")
    assert lines[28].startswith("wrote 26 plans")
    assert captured.err == ""
    assert (out / "datapackage.json").is_file()


def test_cli_without_out_only_lists(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", str(corpus / "1*.txt")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10
    assert all(line.startswith("1") for line in lines)


def test_cli_errors_are_one_line_with_status_2(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["read", str(tmp_path / "nothing-here")]) == 2
    assert capsys.readouterr().err == f"govtasks: no files found: {tmp_path / 'nothing-here'}\n"
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "f").write_text("x")
    assert main(["read", str(corpus), "--out", str(tmp_path / "full")]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert "not empty" in captured.err
    assert captured.out == ""  # refused before reading a file
    assert main(["read", str(corpus), "--jobs", "0"]) == 2
    assert capsys.readouterr().err == "govtasks: --jobs must be at least 1, not 0\n"


def test_cli_piped_shows_no_progress(corpus: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "govtasks", "read", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "2"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 29
    assert (tmp_path / "out" / "assignments").is_dir()


def test_cli_on_a_terminal_shows_progress(corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    main(["read", str(corpus / "0*.txt")])
    err = capsys.readouterr().err
    assert "[##......................] 1/9 files, 0 failed: 01-" in err
    assert "[########################] 9/9 files, 1 failed: 09-" in err
    assert err.endswith("\r\x1b[K")
