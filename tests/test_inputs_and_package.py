"""What parse takes (a str that names a file, UTF-16 with a BOM), the data package's column names and
dtypes in pandas, unit suggestions and registries extended by hand, and what dir(govtasks) lists."""

from __future__ import annotations

import codecs
import doctest
import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govtasks
from govtasks import UnitKind
from govtasks.bundled import data_file
from govtasks.tables import TABLES

DOCS = Path(__file__).resolve().parent.parent / "docs"

# -- a str is the text, never a file name; one shaped like a path says how to read the file


@pytest.mark.parametrize(
    "name", ["plans/wuhan-2020.txt", "wuhan-2020.txt", "plan.json", "page.html", r"C:\plans\wuhan", "plans/wuhan"]
)
def test_a_str_shaped_like_a_path_says_to_pass_a_path(name: str) -> None:
    with pytest.raises(govtasks.ParseError) as caught:
        govtasks.parse(name)
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.line, error.column) == (1, 1)
    assert repr(name) in error.message
    assert f"pathlib.Path({name!r})" in error.message


def test_an_existing_file_named_by_a_str_is_not_read(source: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(govtasks.ParseError, match=r"pass pathlib\.Path\("):
        govtasks.parse(f"{path}\n")
    assert govtasks.parse(path).tasks == govtasks.load().tasks


def test_other_text_that_is_no_plan_keeps_its_message() -> None:
    with pytest.raises(govtasks.ParseError) as caught:
        govtasks.parse("# README\nThis is not a plan.")
    assert "pathlib" not in caught.value.message
    assert caught.value.message.startswith("expected a responsibility plan; tried the parenthesis")


# -- UTF-16 with a byte order mark, as Windows Notepad saves "Unicode"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF8, "utf-8")],
)
def test_text_with_a_byte_order_mark_parses_as_bytes_and_from_a_file(
    plan: govtasks.Plan, source: str, tmp_path: Path, bom: bytes, encoding: str
) -> None:
    data = bom + source.replace("\n", "\r\n").encode(encoding)
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    for given_as in (data, bytearray(data), path):
        parsed = govtasks.parse(given_as)
        assert (parsed.tasks, parsed.info, parsed.residue) == (plan.tasks, plan.info, plan.residue)
        assert parsed.source_sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("data", "wanted"),
    [
        (
            codecs.BOM_UTF16_LE + "一、目标\n第二行".encode("utf-16-le") + b"\x00",
            "UTF-16-LE (truncated data at byte 18)",
        ),
        (
            codecs.BOM_UTF16_BE + "一、目标\n第二行".encode("utf-16-be") + b"\xdc\x00",
            "UTF-16-BE (illegal encoding at byte 18)",
        ),
    ],
)
def test_bytes_that_stop_being_utf16_name_the_place(data: bytes, wanted: str) -> None:
    with pytest.raises(govtasks.ParseError) as caught:
        govtasks.parse(data)
    assert wanted in caught.value.message
    assert (caught.value.line, caught.value.column) == (2, 4)


def _outcome(data: bytes) -> object:
    """What parse makes of ``data``: the plan but for its digest, or the error's place and message."""
    try:
        return attrs.evolve(govtasks.parse(data), source_sha256="0" * 64)
    except govtasks.ParseError as error:
        return (error.line, error.column, error.message)


@given(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
    | st.sampled_from(["一、目标\n1.某项。(牵头单位:市甲局)"])
)
def test_utf16_with_a_bom_reads_as_utf8_does(text: str) -> None:
    expected = _outcome(text.encode("utf-8"))
    assert _outcome(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == expected
    assert _outcome(codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == expected


# -- the data package: no SQL reserved word as a column; integer columns read back as integers


def test_no_column_is_a_reserved_word_in_sql() -> None:
    duckdb = pytest.importorskip("duckdb")
    reserved = {
        row[0]
        for row in duckdb.sql(
            "select keyword_name from duckdb_keywords() where keyword_category = 'reserved'"
        ).fetchall()
    }
    columns = {column.name for table in TABLES.values() for column in table.columns}
    assert columns.isdisjoint(reserved)
    assert {"column_number", "group_number"} <= columns


def test_the_shipped_package_names_the_column_number(plan: govtasks.Plan) -> None:
    folder = data_file("datapackage")
    assert (folder / "residue.csv").read_bytes().startswith(b"line,column_number,text\r\n")
    assert (folder / "conventions.csv").read_bytes().startswith(b"position,kind,text,line,column_number\r\n")
    read = govtasks.read_datapackage(str(folder))
    assert [(r.line, r.column) for r in read.residue] == [(r.line, r.column) for r in plan.residue]


def _documented_reader() -> Callable[[str], Any]:
    """The ``read`` function the data dictionary defines, run as its reader would run it."""
    page = DOCS / "data-dictionary.md"
    test = doctest.DocTestParser().get_doctest(page.read_text(encoding="utf-8"), {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, clear_globs=False)
    assert runner.failures == 0
    read: Callable[[str], Any] = test.globs["read"]
    return read


def test_the_documented_way_reads_each_table_as_to_pandas_gives_it(plan: govtasks.Plan) -> None:
    pd = pytest.importorskip("pandas")
    read = _documented_reader()
    for name, table in TABLES.items():
        frame, expected = read(name), plan.to_pandas(name)
        integers = [column.name for column in table.columns if column.type == "integer"]
        assert all(isinstance(frame[c].dtype, pd.Int64Dtype) for c in integers), name
        assert all(isinstance(expected[c].dtype, pd.Int64Dtype) for c in integers), name
        dates = {column.name: expected[column.name].dtype for column in table.columns if column.type == "date"}
        pd.testing.assert_frame_equal(frame.astype(dates), expected, obj=name)


def test_a_plain_read_csv_would_read_integers_as_floats() -> None:
    """Why the data dictionary gives the types: an integer column with an empty cell reads as floats."""
    pd = pytest.importorskip("pandas")
    assert pd.read_csv(data_file("datapackage") / "divisions.csv")["parent_id"].dtype.kind == "f"


# -- unit suggestions and registries extended by hand


def test_a_name_without_its_qualifier_suggests_the_collectives_first(plan: govtasks.Plan) -> None:
    with pytest.raises(govtasks.UnitNotFound) as caught:
        plan.units.lookup("各区人民政府")
    assert caught.value.suggestions[:2] == ("各区人民政府〈含开发区管委会〉", "各区人民政府〈含开发区、风景区管委会〉")
    assert len(caught.value.suggestions) == 5
    assert "各区人民政府〈含开发区、风景区管委会〉" in str(caught.value)
    assert plan.units.suggestions("各区人民政府", limit=1) == ("各区人民政府〈含开发区管委会〉",)


def test_with_unit_adds_one_unit_to_a_new_registry(source: str) -> None:
    bundled = govtasks.load_units()
    units = bundled.with_unit("长江新城管委会", id="changjiang-new-city-committee", kind=UnitKind.ZONE_COMMITTEE)
    assert len(units) == len(bundled) + 1
    assert bundled.get("长江新城管委会") is None
    added = units.lookup("长江新城管委会")
    assert (added.kind, added.full_name, added.full_name_certainty, added.parent) == (
        UnitKind.ZONE_COMMITTEE,
        None,
        None,
        None,
    )
    text = source.replace("责任单位:市交通运输局", "责任单位:市交通运输局、长江新城管委会")
    assert govtasks.parse(text, units=units).task(20).responsible[-1] is added


def test_with_unit_keeps_a_full_name_with_its_basis_and_certainty() -> None:
    units = govtasks.load_units()
    added = units.with_unit(
        "长江新城管委会",
        id="cj",
        kind=UnitKind.ZONE_COMMITTEE,
        full_name="武汉长江新城管理委员会",
        basis="a user's note",
    ).lookup("武汉长江新城管理委员会")
    assert (added.full_name_basis, added.full_name_certainty) == ("a user's note", govtasks.Certainty.UNCERTAIN)
    sure = units.with_unit(
        "某管委会",
        id="x",
        kind=UnitKind.ZONE_COMMITTEE,
        full_name="某管理委员会",
        basis="https://example.org",
        certainty=govtasks.Certainty.CONFIRMED,
    ).lookup("某管委会")
    assert sure.full_name_certainty is govtasks.Certainty.CONFIRMED


@pytest.mark.parametrize(
    ("changes", "wanted"),
    [
        ({"full_name": "武汉某管理委员会"}, "a full name and its basis go together"),
        ({"basis": "somewhere"}, "a full name and its basis go together"),
        ({"id": "development-reform"}, "two units have the id 'development-reform'"),
        ({"name": "市发改委"}, "stands for both 'development-reform' and 'x'"),
        ({"parent": "nobody"}, "names a parent 'nobody'"),
        ({"id": "not a slug"}, "printable ASCII"),
    ],
)
def test_with_unit_refuses_what_the_registry_cannot_hold(changes: dict[str, Any], wanted: str) -> None:
    arguments: dict[str, Any] = {"name": "某管委会", "id": "x", "kind": UnitKind.ZONE_COMMITTEE, **changes}
    with pytest.raises(ValueError, match=wanted):
        govtasks.load_units().with_unit(arguments.pop("name"), **arguments)


# -- dir(govtasks) lists what the package offers, loaded or not


def test_dir_lists_the_lazy_names_without_loading_them() -> None:
    code = (
        "import sys, govtasks; names = dir(govtasks);"
        "print(set(govtasks.__all__) <= set(names), 'govtasks.parsing' in sys.modules, names == sorted(names))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False", "True"]
    assert {"parse", "read_many", "validate", "export"} <= set(dir(govtasks))
