"""The exports: the shipped Frictionless data package, its round trip, and the other formats."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import govtasks
from govtasks import bundled
from govtasks._version import RELEASE_DATE
from govtasks.cli import main
from govtasks.datapackage import read_datapackage
from govtasks.docpages import data_dictionary_markdown
from govtasks.tables import TABLES, columns_of, key_problem, plan_from_rows
from tests import strategies

REPO = Path(__file__).resolve().parent.parent
SHIPPED = bundled.data_file(bundled.DATAPACKAGE_DIR)
RELEASED = dt.datetime.fromisoformat(RELEASE_DATE).replace(tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped package on disk (the package data may live in a zip)."""
    folder = tmp_path_factory.mktemp("shipped")
    for name in [*(f"{t}.csv" for t in TABLES), "datapackage.json"]:
        (folder / name).write_bytes(SHIPPED.joinpath(name).read_bytes())
    return folder


def test_shipped_package_is_what_export_makes(plan: govtasks.Plan, shipped: Path, tmp_path: Path) -> None:
    written = govtasks.export(plan, tmp_path, name=bundled.DATAPACKAGE_NAME, created=RELEASED)
    assert sorted(p.name for p in written) == sorted(p.name for p in shipped.iterdir())
    for path in written:
        assert path.read_bytes() == (shipped / path.name).read_bytes(), f"{path.name}: run scripts/regenerate_data.py"


def test_frictionless_finds_the_shipped_package_valid(shipped: Path) -> None:
    from frictionless import validate

    report = validate(shipped / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.stats["tasks"] == len(TABLES)


def test_frictionless_checks_the_declared_foreign_keys(shipped: Path, tmp_path: Path) -> None:
    from frictionless import validate

    broken = tmp_path / "broken"
    shutil.copytree(shipped, broken)
    rewrite(broken, "assignments", lambda text: text.replace(",commerce,", ",city-commerce-bureau,", 1))
    report = validate(broken / "datapackage.json")
    assert not report.valid
    assert [error[0] for error in report.flatten(["type"])] == ["foreign-key"]


def test_descriptor_states_source_coverage_version_and_hashes(shipped: Path) -> None:
    descriptor = json.loads((shipped / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == "wuhan-2020-responsibility-plan"
    assert descriptor["version"] == govtasks.__version__
    assert descriptor["created"] == f"{RELEASE_DATE}T00:00:00Z"
    assert "武政办〔2020〕1号" in descriptor["sources"][0]["title"]
    assert descriptor["govtasks"]["source_sha256"] == govtasks.__data_version__
    assert descriptor["govtasks"]["coverage"]["tasks"] == 21
    assert descriptor["govtasks"]["coverage"]["declared_tasks"] == 268
    assert "21 of 268 tasks" in descriptor["description"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert list(resources) == list(TABLES)
    assert resources["items"]["schema"]["primaryKey"] == ["item_id"]
    assert resources["items"]["schema"]["foreignKeys"] == [
        {"fields": ["division_id"], "reference": {"resource": "divisions", "fields": ["division_id"]}}
    ]
    assert resources["assignments"]["schema"]["primaryKey"] == ["item_id", "role", "position"]
    assert resources["units"]["schema"]["foreignKeys"][0]["reference"]["resource"] == ""  # parent_id: the same table
    assert resources["divisions"]["schema"]["foreignKeys"][0]["reference"] == {
        "resource": "",
        "fields": ["division_id"],
    }
    fields = {f["name"]: f for f in resources["assignments"]["schema"]["fields"]}
    assert fields["role"]["constraints"] == {"required": True, "enum": ["lead", "responsible"]}
    assert fields["basis"]["constraints"]["enum"] == ["printed", "marker", "convention", "unlabelled"]
    assert "group" not in fields  # a reserved word in SQL: the column is group_number
    kinds = next(f for f in resources["divisions"]["schema"]["fields"] if f["name"] == "kind")
    assert kinds["constraints"]["enum"] == [kind.value for kind in govtasks.DivisionKind]
    for name, resource in resources.items():
        content = (shipped / f"{name}.csv").read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        assert resource["bytes"] == len(content)


def test_csv_files_are_utf8_rfc4180_with_ascii_headers(shipped: Path) -> None:
    for name, table in TABLES.items():
        content = (shipped / f"{name}.csv").read_bytes()
        assert not content.startswith(b"\xef\xbb\xbf")
        text = content.decode("utf-8")
        assert text.endswith("\r\n")
        assert "\n" not in text.replace("\r\n", "")
        header = text.split("\r\n", 1)[0]
        assert header == ",".join(c.name for c in table.columns)
        assert header.isascii()
        assert header == header.lower()
    items = list(csv.reader(io.StringIO((shipped / "items.csv").read_text(encoding="utf-8"), newline="")))
    task_1 = govtasks.load().task(1)
    assert items[5] == ["5", "task", "1", "1.", "4", task_1.text, "", "", "false", "true", "32", "33"]
    assert '"严格落实' in (shipped / "items.csv").read_text(encoding="utf-8")  # a comma in the text: quoted


def test_tables_hold_the_documents_facts(shipped: Path) -> None:
    def rows(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO((shipped / f"{name}.csv").read_text(encoding="utf-8"), newline="")))

    assert [(r["date"], r["due"]) for r in rows("deadlines")][2:] == [
        ("2020-04-15", "第一季度责任事项完成情况"),
        ("2020-07-15", "第二季度责任事项完成情况"),
        ("2020-10-15", "第三季度责任事项完成情况"),
        ("2021-01-15", "全年责任事项完成情况"),
    ]
    scenic = [r["collective_id"] for r in rows("collective_members") if r["member_id"] == "east-lake-scenic-area"]
    assert scenic == ["districts-with-development-zones-and-scenic-area"]
    (item_18,) = [r["item_id"] for r in rows("items") if (r["kind"], r["number"]) == ("task", "18")]
    task_18 = [r for r in rows("assignments") if r["item_id"] == item_18]
    assert [(r["role"], r["group_number"], r["printed_name"]) for r in task_18][-1] == (
        "responsible",
        "3",
        "湖北机场集团",
    )
    assert {(r["label"], r["basis"], r["convention_line"]) for r in task_18} == {
        ("牵头单位", "printed", ""),
        ("责任单位", "printed", ""),
    }
    assert [(r["division_id"], r["kind"], r["parent_id"], r["marker"], r["title"]) for r in rows("divisions")][5:] == [
        ("6", "theme", "3", "——", "有效防范金融风险"),
        ("7", "area", "2", "(二)", "着力增强中心城市功能"),
        ("8", "theme", "7", "——", "提高资源配置能力"),
    ]
    assert [(r["line"], r["text"]) for r in rows("residue")] == [("41", "武汉汽车网"), ("61", "发布评论")]
    (document,) = rows("document")
    assert (document["doc_number"], document["declared_tasks"], document["has_notice"], document["layout"]) == (
        "武政办〔2020〕1号", "268", "true", "parenthesis"
    )  # fmt: skip


def test_shipped_package_reads_back_as_the_plan(plan: govtasks.Plan, shipped: Path) -> None:
    restored = read_datapackage(shipped)
    assert restored == plan
    assert restored.task(18).leads[0] is restored.units.lookup("市自然资源和规划局")
    assert read_datapackage(shipped / "datapackage.json") == plan


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(generated=strategies.plans())
def test_any_plan_survives_the_data_package_or_is_refused_for_a_repeated_key(
    generated: govtasks.Plan, tmp_path: Path
) -> None:
    """A plan may hold two rows the package would key alike (two residues at one place); its primary
    keys do not allow that, so export refuses such a plan before writing, and writes every other one faithfully."""
    folder = tmp_path / "package"
    shutil.rmtree(folder, ignore_errors=True)
    repeated = [name for name, table in TABLES.items() if table.primary_key and _repeats_a_key(generated, name)]
    if repeated:
        with pytest.raises(ValueError, match=rf"breaks a key .*: {repeated[0]}\.csv, row \d+, column"):
            govtasks.export(generated, folder)
        assert not folder.exists()
    else:
        govtasks.export(generated, folder)
        assert read_datapackage(folder) == generated


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(generated=strategies.plans())
def test_the_table_definitions_read_back_the_rows_they_make(generated: govtasks.Plan) -> None:
    """Each table's reader is the inverse of its rows, with no file between: plan_from_rows gives the
    plan again, or refuses (as the package does) rows that break a key."""
    rows = {name: list(table.make(generated)) for name, table in TABLES.items()}
    problem = key_problem(rows)
    if problem is None:
        assert plan_from_rows(rows) == generated
    else:
        with pytest.raises(govtasks.DataError, match=re.escape(problem)):
            plan_from_rows(rows)


def test_every_table_has_a_reader_and_reads_the_bundled_plan_back(plan: govtasks.Plan) -> None:
    assert [name for name, table in TABLES.items() if table.from_rows is None] == []
    restored = plan_from_rows({name: table.make(plan) for name, table in TABLES.items()})
    assert restored == plan
    assert restored.task(18).leads[0] is restored.units.lookup("市自然资源和规划局")  # one registry, read once


def test_rows_that_lose_a_row_or_change_a_derived_column_are_refused(plan: govtasks.Plan) -> None:
    rows = {name: list(table.make(plan)) for name, table in TABLES.items()}

    def document_with(**changes: object) -> dict[str, list[tuple[object, ...]]]:
        cells = dict(zip(TABLES["document"].names, rows["document"][0], strict=True)) | changes
        return {**rows, "document": [tuple(cells.values())]}

    without_notice = document_with(
        has_notice=False, notice_doc_number=None, preamble=None, signed_by=None, signed_on=None
    )
    with pytest.raises(govtasks.DataError, match=r"clauses\.csv, row 2: the plan the tables make holds no such row"):
        plan_from_rows(without_notice)
    with pytest.raises(govtasks.DataError, match=r"document\.csv, row 2, column declared_tasks: 9 is not what"):
        plan_from_rows(document_with(declared_tasks=9))


def test_no_module_is_named_as_a_name_the_package_gives() -> None:
    """``govtasks.export`` is the function: a module ``govtasks/export.py``, once imported, would put
    itself in the function's place (the module holding it is ``exporting``, as ``parsing`` holds ``parse``)."""
    package = REPO / "src" / "govtasks"
    modules = {path.stem for path in package.glob("*.py")} | {
        path.parent.name for path in package.glob("*/__init__.py")
    }
    assert modules & set(govtasks.__all__) == set()


@pytest.mark.parametrize("module", ["dataset", "exporting", "datapackage", "parquet", "tables"])
def test_the_table_writers_and_readers_import_only_public_names(module: str) -> None:
    tree = ast.parse((REPO / "src" / "govtasks" / f"{module}.py").read_text(encoding="utf-8"))
    private = [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("govtasks")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert private == []


def _repeats_a_key(plan: govtasks.Plan, name: str) -> bool:
    key = [column.name for column in TABLES[name].columns if column.name in TABLES[name].primary_key]
    rows = list(zip(*(columns_of(plan, name)[column] for column in key), strict=True))
    return len(set(rows)) < len(rows)


def test_missing_and_empty_texts_stay_apart(plan: govtasks.Plan, tmp_path: Path) -> None:
    info = attrs.evolve(plan.info, level="", topic=None)
    first = attrs.evolve(plan.items[0], due="", source=None)
    edited = attrs.evolve(plan, info=info, items=(first, *plan.items[1:]))
    govtasks.export(edited, tmp_path)
    restored = read_datapackage(tmp_path)
    assert (restored.info.level, restored.info.topic) == ("", None)
    assert (restored.items[0].due, restored.items[0].source) == ("", None)
    assert (tmp_path / "items.csv").read_text(encoding="utf-8").splitlines()[1].endswith(',"",,false,true,24,25')


def test_tables_that_do_not_make_a_plan_are_refused(shipped: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(shipped, broken)
    rewrite(broken, "items", lambda text: text.replace("\r\n5,task,1,1.,4,", "\r\n6,task,1,1.,4,", 1))
    with pytest.raises(govtasks.DataError, match=r"items\.csv, row 7, column item_id: the primary key repeats row 6"):
        read_datapackage(broken)
    rewrite(broken, "items", lambda text: text.replace("\r\n6,task,1,1.,4,", "\r\n5,task,1,1.,4,", 1))
    rewrite(broken, "items", lambda text: text.replace("\r\n9,task,5,5.,4,", "\r\n9,task,5,5.,9,", 1))
    with pytest.raises(
        govtasks.DataError, match=r"items\.csv, row 10, column division_id: no row of divisions\.csv has division_id 9"
    ):
        read_datapackage(broken)
    rewrite(broken, "items", lambda text: text.replace("\r\n9,task,5,5.,9,", "\r\n9,task,5,5.,4,", 1))
    rewrite(broken, "items", lambda text: text.replace("\r\n5,task,1,1.,4,", "\r\n5,chore,1,1.,4,", 1))
    with pytest.raises(govtasks.DataError, match=r"items\.csv, row 6, column kind: 'chore' is not one of target, task"):
        read_datapackage(broken)
    rewrite(broken, "items", lambda text: text.replace("\r\n5,chore,1,1.,4,", '\r\n5,task,1,1.,4"x",', 1))
    with pytest.raises(govtasks.DataError, match=r"items\.csv, row 6, column division_id: a cell is malformed"):
        read_datapackage(broken)


def rewrite(folder: Path, table: str, change: Callable[[str], str]) -> None:
    """Change one CSV file of a package and record its new size and hash, so only the content is wrong."""
    path = folder / f"{table}.csv"
    path.write_bytes(change(path.read_bytes().decode("utf-8")).encode("utf-8"))
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == table:
            content = path.read_bytes()
            resource["bytes"] = len(content)
            resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def test_a_changed_file_is_refused(shipped: Path, tmp_path: Path) -> None:
    changed = tmp_path / "changed"
    shutil.copytree(shipped, changed)
    with (changed / "items.csv").open("ab") as stream:
        stream.write(b"26,task,22,22.,8,extra,,,false,true,61,61\r\n")
    with pytest.raises(govtasks.DataError, match=r"items\.csv: its size is not the \d+ bytes datapackage\.json gives"):
        read_datapackage(changed)
    (changed / "items.csv").write_bytes((shipped / "items.csv").read_bytes().replace(b"5,task,1,", b"5,task,2,", 1))
    with pytest.raises(govtasks.DataError, match=r"items\.csv: its sha256 does not match"):
        read_datapackage(changed)


def test_a_missing_file_and_a_missing_package_are_reported(shipped: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    shutil.copytree(shipped, missing)
    (missing / "residue.csv").unlink()
    with pytest.raises(govtasks.DataError, match=r"cannot read residue\.csv"):
        read_datapackage(missing)
    with pytest.raises(govtasks.DataError, match="cannot read"):
        read_datapackage(tmp_path / "nowhere")


def test_csv_format_writes_the_tables_alone(plan: govtasks.Plan, tmp_path: Path) -> None:
    written = govtasks.export(plan, tmp_path, "csv")
    assert sorted(p.name for p in written) == sorted(f"{name}.csv" for name in TABLES)


def test_json_format_writes_the_plan(plan: govtasks.Plan, tmp_path: Path) -> None:
    (path,) = govtasks.export(plan, tmp_path, "json")
    assert govtasks.from_json(path.read_text(encoding="utf-8")) == plan


def test_parquet_format_holds_the_same_tables(plan: govtasks.Plan, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    written = govtasks.export(plan, tmp_path, "parquet")
    assert len(written) == len(TABLES)
    for name in TABLES:
        assert pq.read_table(tmp_path / f"{name}.parquet").to_pydict() == columns_of(plan, name)
    assert str(pq.read_table(tmp_path / "deadlines.parquet").schema.field("date").type) == "date32[day]"


def test_unknown_format_is_refused(plan: govtasks.Plan, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="expected datapackage, csv, json or parquet"):
        govtasks.export(plan, tmp_path, "xlsx")  # type: ignore[arg-type]


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "datapackage", "--out", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {len(TABLES) + 1} files to ")
    assert read_datapackage(tmp_path / "out") == govtasks.load()
    assert main(["export", "--format", "json", "--out", str(tmp_path / "json")]) == 0
    assert (
        capsys.readouterr().out
        == f"wrote 1 file to {tmp_path / 'json'} (4 of 4 targets, 2 of 9 areas, 21 of 268 tasks)\n"
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def test_cli_export_is_deterministic_and_stamps_no_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("first", "second"):
        assert main(["export", "--out", str(tmp_path / name)]) == 0
    assert files_of(tmp_path / "first") == files_of(tmp_path / "second")
    descriptor = json.loads((tmp_path / "first" / "datapackage.json").read_bytes())
    assert "created" not in descriptor
    assert descriptor["name"] == bundled.DATAPACKAGE_NAME


def test_cli_export_created_on_the_release_date_is_the_shipped_package(
    shipped: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--out", str(tmp_path / "out"), "--created", RELEASE_DATE]) == 0
    assert files_of(tmp_path / "out") == files_of(shipped)


def test_cli_export_created_now_is_a_time_in_utc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    assert main(["export", "--out", str(tmp_path / "out"), "--created", "now"]) == 0
    created = json.loads((tmp_path / "out" / "datapackage.json").read_bytes())["created"]
    assert created.endswith("Z")
    assert before <= dt.datetime.fromisoformat(created) <= dt.datetime.now(dt.timezone.utc)


def test_export_stamps_a_time_only_when_given_one(plan: govtasks.Plan, tmp_path: Path) -> None:
    govtasks.export(plan, tmp_path / "plain")
    govtasks.export(plan, tmp_path / "stamped", created=RELEASED)
    assert "created" not in json.loads((tmp_path / "plain" / "datapackage.json").read_bytes())
    assert (
        json.loads((tmp_path / "stamped" / "datapackage.json").read_bytes())["created"] == f"{RELEASE_DATE}T00:00:00Z"
    )
    assert read_datapackage(tmp_path / "plain") == plan


def test_cli_export_refuses_a_folder_with_files_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["export", "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"govtasks: {out} is not empty: export replaces the whole folder, so it needs force=True (--force) for that\n"
    )
    assert files_of(out) == {"notes.txt": b"mine"}
    assert main(["export", "--out", str(out), "--force"]) == 0
    assert "notes.txt" not in files_of(out)


def test_cli_export_for_excel_starts_each_csv_file_with_a_byte_order_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--out", str(tmp_path / "excel"), "--excel"]) == 0
    assert main(["export", "--out", str(tmp_path / "plain"), "--format", "csv"]) == 0
    excel, plain = files_of(tmp_path / "excel"), files_of(tmp_path / "plain")
    assert sorted(excel) == sorted(f"{name}.csv" for name in TABLES)
    assert all(excel[name] == b"\xef\xbb\xbf" + plain[name] for name in plain)
    rows = list(csv.reader(io.StringIO(excel["units.csv"].decode("utf-8-sig"), newline="")))
    assert rows[0][0] == "unit_id"
    assert rows[1][:2] == ["development-reform", "市发展改革委"]


def test_a_byte_order_mark_is_for_the_csv_format_only(
    plan: govtasks.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ValueError, match="is for the csv format, not datapackage"):
        govtasks.export(plan, tmp_path / "out", bom=True)
    assert main(["export", "--out", str(tmp_path / "out"), "--excel", "--format", "json"]) == 2
    assert (
        capsys.readouterr().err == "govtasks: a byte-order mark (bom=True, --excel) is for the csv format, not json\n"
    )
    assert main(["export", "--out", str(tmp_path / "out"), "--format", "csv", "--created", "now"]) == 2
    assert capsys.readouterr().err == "govtasks: --created is for --format datapackage: a csv export records no time\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("a-file", "govtasks: {out} exists and is not a folder\n"),
        ("a-file/x", "govtasks: cannot write {out}: Not a directory\n"),
        ("x" * 300, "govtasks: cannot write {out}: File name too long\n"),
    ],
    ids=["an existing file", "a folder inside a file", "a name too long"],
)
@pytest.mark.parametrize("force", [[], ["--force"]], ids=["", "forced"])
def test_cli_export_to_a_place_it_cannot_write_is_one_line_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: str, message: str, force: list[str]
) -> None:
    (tmp_path / "a-file").write_text("kept", encoding="utf-8")
    target = tmp_path / out
    assert main(["export", "--out", str(target), *force]) == 2
    assert capsys.readouterr() == ("", message.format(out=target))
    assert [path.name for path in tmp_path.iterdir()] == ["a-file"]
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "kept"


def test_data_dictionary_is_generated_and_covers_every_column() -> None:
    page = (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert page == data_dictionary_markdown() + "\n", "run: python scripts/regenerate_data.py"
    for name, table in TABLES.items():
        assert f"## {name}\n" in page
        for column in table.columns:
            assert f"| `{column.name}` | {column.type} |" in page
    assert "frictionless" in page
    assert 'charset("utf8")' in page
