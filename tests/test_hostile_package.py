"""Hostile data packages (issue 13): ``read_datapackage`` returns the plan a package holds, or raises
``DataError`` naming the file, row and column of the fault. It reads nothing outside the package's
folder, opens no link, FIFO or device, reads no file beyond its declared size, builds in linear time,
and drops nothing it read."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govtasks as g
from govtasks.datapackage import MAX_FILE_BYTES, read_datapackage
from govtasks.tables import TABLES
from govtasks.text.writer import WRITABLE, render
from tests import test_text_roundtrip
from tests.fuzz import cases
from tests.test_corpus import DOCUMENTS, excerpt
from tests.test_hostile_export import without_permission_overrides

PACKAGE_FILES = [*(f"{name}.csv" for name in TABLES), "datapackage.json"]
ITEMS = list(TABLES).index("items")
"""Where the items table stands among the package's resources."""


@pytest.fixture(scope="module")
def rich() -> g.Plan:
    """The bundled plan with a row in every table (a convention, leaders of a group and of an item, a detail)."""
    plan = g.load()
    group = attrs.evolve(plan.divisions[0], leaders=(g.Leader(name="王纲市长", label="主抓"),))
    item = attrs.evolve(
        plan.items[0],
        leaders=(g.Leader(name="张伟", label="责任领导"),),
        details=(g.Detail(label="指标要求", text="增长6%左右"),),
    )
    convention = g.Convention(kind=g.ConventionKind.FIRST_LISTED_LEADS, text="列第一位者为牵头单位", line=14, column=3)
    return attrs.evolve(
        plan, divisions=(group, *plan.divisions[1:]), items=(item, *plan.items[1:]), conventions=(convention,)
    )


@pytest.fixture
def package(rich: g.Plan, tmp_path: Path) -> Path:
    folder = tmp_path / "package"
    g.export(rich, folder)
    assert all(len(list(table.make(rich))) > 0 for table in TABLES.values())
    return folder


def refused(folder: Path, pattern: str) -> str:
    """The DataError's message for the package in ``folder``, which must match ``pattern``."""
    with pytest.raises(g.DataError, match=pattern) as caught:
        read_datapackage(folder)
    assert caught.value.source == "data package"
    assert str(caught.value).startswith("invalid data package:\n  ")
    return str(caught.value)


def descriptor(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((folder / "datapackage.json").read_bytes())
    return loaded


def resource(data: dict[str, Any], table: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in data["resources"] if r["name"] == table)
    return found


def write_descriptor(folder: Path, data: object) -> None:
    (folder / "datapackage.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def put(folder: Path, table: str, content: bytes) -> None:
    """Replace a table's file and record its new size and sha256, so that only the content is at fault."""
    (folder / f"{table}.csv").write_bytes(content)
    data = descriptor(folder)
    resource(data, table).update(bytes=len(content), hash="sha256:" + hashlib.sha256(content).hexdigest())
    write_descriptor(folder, data)


def edit_row(folder: Path, table: str, row: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` once in CSV row ``row`` (1 is the header) of a table without line breaks in cells."""
    lines = (folder / f"{table}.csv").read_bytes().decode("utf-8").split("\r\n")
    assert old in lines[row - 1], f"{old!r} is not in {table}.csv row {row}: {lines[row - 1]!r}"
    lines[row - 1] = lines[row - 1].replace(old, new, 1)
    put(folder, table, "\r\n".join(lines).encode("utf-8"))


def add_rows(folder: Path, table: str, *rows: str) -> None:
    put(folder, table, (folder / f"{table}.csv").read_bytes() + "".join(row + "\r\n" for row in rows).encode("utf-8"))


# -- issue 13.4: keys that repeat cannot multiply what is built


@pytest.mark.parametrize("table", [name for name, table in TABLES.items() if table.primary_key])
def test_a_repeated_primary_key_is_refused_at_its_row(package: Path, table: str) -> None:
    lines = (package / f"{table}.csv").read_bytes().decode("utf-8").split("\r\n")
    add_rows(package, table, lines[1])
    key = TABLES[table].primary_key
    named = f"column {key[0]}" if len(key) == 1 else f"columns {', '.join(key)}"
    refused(package, rf"{table}\.csv, row {len(lines)}, {named}: the primary key repeats row 2's")


def test_thousands_of_repeated_items_and_assignments_are_refused_before_anything_is_built(package: Path) -> None:
    """The old reader built every repeated item with every assignment of its number: k² assignments
    from k rows of each (k³ with areas). The keys are checked first, in one pass, and the first
    repeat is the one fault reported."""
    k = 3000
    item = (package / "items.csv").read_bytes().decode("utf-8").split("\r\n")[1]
    assignment = (package / "assignments.csv").read_bytes().decode("utf-8").split("\r\n")[1]
    assert item.startswith("1,")
    assert assignment.startswith("1,lead,1,")
    add_rows(package, "assignments", *[assignment.replace(",1,", f",{n},", 1) for n in range(2, k + 2)])
    add_rows(package, "items", *[item] * k)
    message = refused(package, r"items\.csv, row 27, column item_id: the primary key repeats row 2's")
    assert message.count("\n") == 1


def test_a_file_of_empty_rows_is_refused_at_its_first_without_holding_the_others(package: Path) -> None:
    """Five million empty rows in 10 MB: read whole before any was checked, they took some 400 MB."""
    header = (package / "units.csv").read_bytes().split(b"\r\n", 1)[0]
    put(package, "units", header + b"\r\n" * 5_000_001)
    tracemalloc.start()
    try:
        refused(package, rf"units\.csv, row 2: expected {len(TABLES['units'].columns)} cells, found 1")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 2**20  # the file and its text, 10 MB each


def test_the_ids_must_count_the_rows(package: Path) -> None:
    edit_row(package, "items", 26, "25,task,21,", "26,task,21,")
    refused(package, r"items\.csv, row 26, column item_id: 26 should be 25: ids count the rows 1, 2, 3, …")


# -- issue 13.9: every fault is a DataError


def test_a_resource_without_a_path_is_refused(package: Path) -> None:
    data = descriptor(package)
    del resource(data, "items")["path"]
    write_descriptor(package, data)
    refused(package, rf"datapackage\.json, resources\[{ITEMS}\]: path None is not 'items\.csv'")


@pytest.mark.parametrize(
    ("table", "row", "old", "new", "pattern"),
    [
        ("assignments", 2, ",lead,", ",boss,", r"assignments\.csv, row 2, column role: 'boss' is not one of lead, "),
        ("items", 6, "5,task,", "5,chore,", r"items\.csv, row 6, column kind: 'chore' is not one of target, task"),
        ("items", 6, "5,task,", "5,", r"items\.csv, row 6: expected 12 cells, found 11"),
        ("items", 6, "5,task,", "5,task,,", r"items\.csv, row 6: expected 12 cells, found 13"),
    ],
)
def test_a_bad_cell_or_row_is_named(package: Path, table: str, row: int, old: str, new: str, pattern: str) -> None:
    edit_row(package, table, row, old, new)
    refused(package, pattern)


def test_a_duplicate_unit_is_refused(package: Path) -> None:
    lines = (package / "units.csv").read_bytes().decode("utf-8").split("\r\n")
    add_rows(package, "units", lines[5])
    refused(package, r"units\.csv, row 57, column unit_id: the primary key repeats row 6's")


def test_bytes_that_are_not_utf8_are_named_by_row_and_column(package: Path) -> None:
    content = (package / "items.csv").read_bytes()
    at = content.index("严格落实".encode())
    put(package, "items", content[:at] + b"\xff" + content[at + 1 :])
    refused(package, r"items\.csv, row 6, column text: not UTF-8")
    (package / "datapackage.json").write_bytes(b'{"name":\n "\xc3\x28"}')
    refused(package, r"datapackage\.json, line 2: byte 12 is not UTF-8")


def test_a_deeply_nested_descriptor_is_refused_without_recursion(package: Path) -> None:
    (package / "datapackage.json").write_text('{"resources": ' + "[" * 200_000 + "]" * 200_000 + "}")
    refused(package, r"datapackage\.json: nested more than 32 deep")


def test_nesting_is_bounded_at_32_levels_where_it_would_not_recurse_either(package: Path) -> None:
    """The bound holds below Python's own recursion limit: 33 levels in a key the reader ignores."""

    def nested(levels: int) -> list[Any]:
        return [] if levels == 1 else [nested(levels - 1)]

    data = descriptor(package)
    data["extra"] = nested(31)  # 32 levels with the descriptor's own object
    write_descriptor(package, data)
    assert read_datapackage(package).title == g.load().title
    data["extra"] = nested(32)
    write_descriptor(package, data)
    refused(package, r"datapackage\.json: nested more than 32 deep")


def test_a_byte_order_mark_before_the_descriptor_is_ignored(package: Path) -> None:
    """As RFC 8259 allows a reader to, and as every JSON govtasks reads (the shared strict reader)."""
    (package / "datapackage.json").write_bytes(b"\xef\xbb\xbf" + (package / "datapackage.json").read_bytes())
    assert read_datapackage(package).title == g.load().title


def test_brackets_inside_strings_are_not_nesting(package: Path) -> None:
    data = descriptor(package)
    data["description"] = "[[[[{{{{" * 40 + '\\"[[['
    write_descriptor(package, data)
    assert read_datapackage(package).title == g.load().title


def test_a_cell_of_140000_characters_reads_back(rich: g.Plan, tmp_path: Path) -> None:
    """The csv module refuses a field over 131,072 characters; the library's own export wrote one."""
    long = attrs.evolve(rich.items[5], text='推进"产业"升级,加强保护;' * 10_000)
    plan = attrs.evolve(rich, items=(*rich.items[:5], long, *rich.items[6:]))
    g.export(plan, tmp_path / "long")
    assert read_datapackage(tmp_path / "long").items[5].text == long.text
    assert len(long.text) == 140_000


@pytest.mark.parametrize(
    ("table", "row", "old", "new", "pattern"),
    [
        ("assignments", 2, "市发展改革委", " 市发展改革委 ", r"assignments\.csv, row 2: printed must "),
        ("divisions", 4, "3,area,2,", "3,area,4,", r"divisions\.csv, row 4: division 3: its parent 4 must come before"),
        ("items", 6, ",false,true,32,33", ",false,true,32,31", r"items\.csv, row 6: item 5: last_line 31 is before"),
        ("units", 3, "市人力资源社会保障局", "市发展改革委", r"units\.csv: the name '市发展改革委' stands for both"),
        (
            "divisions",
            3,
            ",29,268,",
            ",29,1000000001,",
            r"divisions\.csv, row 3: declared must be a .* to 1000000000, not 1000000001",
        ),
        ("leaders", 2, "张伟", "张伟 ", r"leaders\.csv, row 2: name must .*'张伟 '"),
        ("details", 2, "指标要求", '""', r"details\.csv, row 2: label must "),
    ],
)
def test_what_the_model_refuses_is_a_data_error_at_its_row(
    package: Path, table: str, row: int, old: str, new: str, pattern: str
) -> None:
    edit_row(package, table, row, old, new)
    refused(package, pattern)


def test_a_bad_document_fact_is_named_at_the_document_row(package: Path) -> None:
    digest = g.load().source_sha256
    assert digest is not None
    edit_row(package, "document", 2, digest, digest.upper())
    refused(package, r"document\.csv, row 2: source_sha256 must be 64 lowercase hex digits")


@pytest.mark.parametrize("content", ["[]", '"datapackage"', "42", "null", "true", ""])
def test_a_descriptor_that_is_not_an_object_is_refused(package: Path, content: str) -> None:
    (package / "datapackage.json").write_text(content)
    refused(package, r"datapackage\.json: (expected an object, found|Expecting value)")


def _set(path: tuple[object, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = resource(target, step) if isinstance(step, str) and step in TABLES else target[step]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        (_set(("resources",), {"items": {}}), r"resources is an object, expected an array"),
        (_set(("resources", 0), "document.csv"), r"resources\[0\]: a string, expected an object"),
        (_set(("resources", 0, "name"), 7), r"resources\[0\]: name 7 is not a table govtasks writes"),
        (_set(("resources", 0, "name"), ["document"]), r"resources\[0\]: name \['document'\] is not a table"),
        (_set(("resources", 1, "name"), "document"), r"resources\[1\]: a second resource 'document'"),
        (_set(("resources", 1, "name"), "tasks"), r"resources\[1\]: name 'tasks' is not a table"),
        (_set(("items", "bytes"), "3072"), rf"resources\[{ITEMS}\]: bytes is '3072', not a size"),
        (_set(("items", "bytes"), True), rf"resources\[{ITEMS}\]: bytes is True, not a size"),
        (_set(("items", "bytes"), 3072.0), rf"resources\[{ITEMS}\]: bytes is 3072\.0, not a size"),
        (_set(("items", "bytes"), -1), rf"resources\[{ITEMS}\]: bytes is -1, not a size"),
        (_set(("items", "bytes"), MAX_FILE_BYTES + 1), rf"resources\[{ITEMS}\]: bytes is \d+, not a size"),
        (_set(("items", "hash"), 7), rf"resources\[{ITEMS}\]: hash is not 'sha256:'"),
        (_set(("items", "hash"), "md5:0"), rf"resources\[{ITEMS}\]: hash is not 'sha256:'"),
        (_set(("items", "encoding"), "gbk"), rf"resources\[{ITEMS}\]: encoding is not the one govtasks writes"),
        (_set(("items", "format"), None), rf"resources\[{ITEMS}\]: format is not the one govtasks writes"),
        (_set(("items", "dialect", "header"), 1), rf"resources\[{ITEMS}\]: dialect is not the one govtasks writes"),
        (_set(("items", "dialect", "delimiter"), ";"), rf"resources\[{ITEMS}\]: dialect is not the one"),
        (_set(("items", "schema", "primaryKey"), []), rf"resources\[{ITEMS}\]: schema is not the one govtasks writes"),
        (_set(("items", "schema", "fields"), "all"), rf"resources\[{ITEMS}\]: schema is not the one"),
        (_set(("items", "schema"), None), rf"resources\[{ITEMS}\]: schema is not the one"),
    ],
)
def test_wrong_json_types_in_the_descriptor_are_refused(
    package: Path, change: Callable[[dict[str, Any]], None], pattern: str
) -> None:
    data = descriptor(package)
    change(data)
    write_descriptor(package, data)
    refused(package, rf"datapackage\.json(, )?.*{pattern}")


def test_a_missing_resource_is_refused(package: Path) -> None:
    data = descriptor(package)
    data["resources"] = [r for r in data["resources"] if r["name"] != "residue"]
    write_descriptor(package, data)
    refused(package, r"datapackage\.json: no resource 'residue'")


@pytest.mark.parametrize(
    ("token", "pattern"),
    [
        ("NaN", "NaN is not JSON"),
        ("Infinity", "Infinity is not JSON"),
        ("-Infinity", "-Infinity is not JSON"),
        ("9" * 5000, "an integer of 5000 characters is beyond"),
        ("-" + "9" * 20, "an integer of 21 characters is beyond"),
    ],
)
def test_json_numbers_beyond_a_package_are_refused(package: Path, token: str, pattern: str) -> None:
    text = (package / "datapackage.json").read_text(encoding="utf-8")
    size = str(resource(descriptor(package), "residue")["bytes"])
    (package / "datapackage.json").write_text(text.replace(f'"bytes": {size},', f'"bytes": {token},', 1))
    refused(package, rf"datapackage\.json: {pattern}")


def test_a_key_twice_in_one_descriptor_object_is_refused(package: Path) -> None:
    text = (package / "datapackage.json").read_text(encoding="utf-8")
    (package / "datapackage.json").write_text(text.replace('"name": "items",', '"name": "items", "name": "units",'))
    refused(package, r"datapackage\.json: the key 'name' appears twice in one object")


# -- issue 13.11: nothing is read from outside the package, no link, FIFO or device is opened


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd", "../outside/items.csv", "./items.csv", "sub/items.csv", "items.csv/", "https://example.org/items.csv",
     "items.csv\x00", "ITEMS.csv", "/dev/zero", "..\\outside\\items.csv", "C:items.csv", ""],
)  # fmt: skip
def test_a_resource_path_other_than_its_own_file_is_refused(package: Path, path: str) -> None:
    """A copy of the right file, with the right size and hash, waits outside: following the path would succeed."""
    outside = package.parent / "outside"
    outside.mkdir()
    shutil.copy(package / "items.csv", outside / "items.csv")
    (package / "sub").mkdir()
    shutil.copy(package / "items.csv", package / "sub" / "items.csv")
    (package / "items.csv").unlink()
    data = descriptor(package)
    resource(data, "items")["path"] = path
    write_descriptor(package, data)
    refused(
        package, rf"resources\[{ITEMS}\]: path .* is not 'items\.csv': .* absolute path, '\.\.', a URL or a subfolder"
    )


def _link(package: Path, file: str, to: Path) -> None:
    (package / file).unlink()
    (package / file).symlink_to(to)


def test_a_table_reached_through_a_link_is_refused(package: Path) -> None:
    elsewhere = package.parent / "elsewhere.csv"
    shutil.copy(package / "items.csv", elsewhere)
    _link(package, "items.csv", elsewhere)
    refused(package, r"cannot read items\.csv: it is a symbolic link, which could lead outside the package")
    _link(package, "items.csv", Path(os.path.relpath(elsewhere, package)))
    refused(package, r"cannot read items\.csv: it is a symbolic link")


def test_a_link_to_a_device_is_refused(package: Path) -> None:
    _link(package, "items.csv", Path("/dev/zero"))
    refused(package, r"cannot read items\.csv: it is a symbolic link")


def test_a_descriptor_reached_through_a_link_is_refused(package: Path) -> None:
    shutil.copy(package / "datapackage.json", package.parent / "real.json")
    _link(package, "datapackage.json", package.parent / "real.json")
    refused(package, r"cannot read datapackage\.json: it is a symbolic link")


def test_a_folder_in_place_of_a_table_is_refused(package: Path) -> None:
    (package / "items.csv").unlink()
    (package / "items.csv").mkdir()
    refused(package, r"cannot read items\.csv: it is not a regular file \(a folder, a device or a FIFO\)")


def test_a_missing_table_and_a_missing_package_are_refused(package: Path) -> None:
    (package / "residue.csv").unlink()
    refused(package, r"cannot read residue\.csv: No such file or directory")
    refused(package.parent / "nowhere", r"cannot read nowhere: No such file or directory")
    refused(package / "datapackage.json\x00", r"cannot read datapackage\.json\x00: embedded null")


@pytest.mark.parametrize("file", ["items.csv", "datapackage.json"])
def test_a_fifo_in_a_package_is_refused_without_waiting(package: Path, file: str) -> None:
    """Opened, a FIFO with no writer would block for ever: the check runs in a child with a time limit."""
    (package / file).unlink()
    os.mkfifo(package / file)
    code = f"""
        import govtasks
        try:
            govtasks.read_datapackage({str(package)!r})
        except govtasks.DataError as error:
            print(error.problems[0])
    """
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60, check=True
    )
    assert child.stdout == f"cannot read {file}: it is not a regular file (a folder, a device or a FIFO)\n"


def test_a_package_behind_a_folder_without_permission_is_a_data_error(package: Path) -> None:
    """pathlib's is_dir() raises PermissionError where os.path.isdir() says no."""
    package.parent.chmod(0o000)
    code = f"""
        import govtasks
        try:
            govtasks.read_datapackage({str(package)!r})
        except govtasks.DataError as error:
            print(error.problems[0])
    """
    try:
        child = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
            preexec_fn=without_permission_overrides if os.geteuid() == 0 else None,
        )
    finally:
        package.parent.chmod(0o755)
    assert child.stdout == "cannot read package: Permission denied\n"


def test_a_file_longer_than_declared_is_read_no_further(package: Path) -> None:
    """A sparse file of 1 GiB where the descriptor declares a few KB: at most one byte more is read."""
    os.truncate(package / "units.csv", 2**30)
    refused(package, r"units\.csv: its size is not the \d+ bytes datapackage\.json gives")
    os.truncate(package / "datapackage.json", 2**30)
    refused(package, rf"datapackage\.json: larger than {MAX_FILE_BYTES} bytes")


# -- issue 13.12: the keys and types the descriptor declares


@pytest.mark.parametrize(
    ("table", "row", "old", "new", "column", "wanted"),
    [
        ("items", 10, "9,task,5,5.,4,", "9,task,5,5.,99,", "division_id", "divisions.csv has division_id 99"),
        ("assignments", 2, "1,lead,", "99,lead,", "item_id", "items.csv has item_id 99"),
        ("assignments", 2, ",development-reform,", ",nobody,", "unit_id", "units.csv has unit_id 'nobody'"),
        ("divisions", 4, "3,area,2,", "3,area,99,", "parent_id", "divisions.csv has division_id 99"),
        ("leaders", 2, "1,1,张伟", "99,1,张伟", "item_id", "items.csv has item_id 99"),
        ("details", 2, "1,1,指标", "99,1,指标", "item_id", "items.csv has item_id 99"),
        ("division_leaders", 2, "1,1,王纲", "99,1,王纲", "division_id", "divisions.csv has division_id 99"),
        ("unit_aliases", 2, "development-reform,", "nobody,", "unit_id", "units.csv has unit_id 'nobody'"),
        ("collective_members", 2, "districts-with-development-zones,", "nobody,", "collective_id",
         "units.csv has unit_id 'nobody'"),
        ("collective_members", 2, ",jiangan-district,", ",nobody,", "member_id", "units.csv has unit_id 'nobody'"),
        ("units", 20, ",public-security,", ",nobody,", "parent_id", "units.csv has unit_id 'nobody'"),
    ],
)  # fmt: skip
def test_a_row_whose_foreign_key_names_no_row_is_refused(
    package: Path, table: str, row: int, old: str, new: str, column: str, wanted: str
) -> None:
    """An orphan was dropped in silence: an item in no division, assignments of no item."""
    edit_row(package, table, row, old, new)
    refused(package, rf"{table}\.csv, row {row}, column {column}: no row of {re.escape(wanted)}")


def test_an_orphan_clause_of_a_document_without_a_notice_is_refused(rich: g.Plan, tmp_path: Path) -> None:
    g.export(attrs.evolve(rich, notice=None), tmp_path / "package")
    add_rows(tmp_path / "package", "clauses", "1,1,一、认真抓好落实。,15,15")
    refused(tmp_path / "package", r"clauses\.csv, row 2: the plan the tables make holds no such row \(an orphan\)")


def test_a_notice_fact_of_a_document_without_a_notice_is_refused(package: Path) -> None:
    edit_row(package, "document", 2, ",true,", ",false,")
    refused(package, r"document\.csv, row 2, column notice_doc_number: '武政办〔2020〕1号' is not what the plan")


def test_a_derived_document_fact_must_agree_with_the_divisions(package: Path) -> None:
    edit_row(package, "document", 2, ",268", ",267")
    refused(
        package, r"document\.csv, row 2, column declared_tasks: 267 is not what the plan the tables make holds \(268\)"
    )


def test_a_position_out_of_place_is_refused(package: Path) -> None:
    edit_row(package, "addressees", 2, "1,", "2,")
    edit_row(package, "addressees", 3, "2,", "1,")
    refused(package, r"addressees\.csv, row 2, column position: 2 is not what the plan the tables make holds \(1\)")


@pytest.mark.parametrize(
    "bad",
    ["1_0", " 7", "7 ", "+7", "١٢", "７", "0x1F", "1e3", "7.0", "", "-", "1" * 20, "9223372036854775808", "٣"],
)
def test_an_integer_is_ascii_digits_only(package: Path, bad: str) -> None:
    edit_row(package, "items", 6, "5,task,1,", f'5,task,"{bad}",')
    refused(package, r"items\.csv, row 6, column number: .* is not an integer \(ASCII digits, at most 19\)")


def test_int_would_have_taken_every_refused_integer_but_the_empty_and_the_long() -> None:
    """The cases above are not straw men: Python's int() reads most of them as numbers."""
    readable = [text for text in ["1_0", " 7", "7 ", "+7", "١٢", "７", "٣"] if int(text) > 0]
    assert len(readable) == 7


@pytest.mark.parametrize("bad", ["True", "TRUE", "1", "yes", "t", " true"])
def test_a_boolean_is_true_or_false(package: Path, bad: str) -> None:
    edit_row(package, "items", 6, ",false,true,32,33", f',"{bad}",true,32,33')
    refused(package, r"items\.csv, row 6, column open_ended: .* is not true or false")


@pytest.mark.parametrize(
    "bad", ["20200117", "2020-W03-5", "2020-1-17", "2020-01-17T00:00", "２０２０-01-17", "2020-02-30"]
)
def test_a_date_is_iso_yyyy_mm_dd(package: Path, bad: str) -> None:
    edit_row(package, "deadlines", 2, "1,2,2020-02-03,", f'1,2,"{bad}",')
    refused(package, r"deadlines\.csv, row 2, column date: .* is not a date \(YYYY-MM-DD\)")


# -- issue 13.13: nothing is lost on the way through a package


def _through_a_package(plan: g.Plan, folder: Path) -> g.Plan:
    shutil.rmtree(folder, ignore_errors=True)
    g.export(plan, folder)
    return read_datapackage(folder)


def _rendered(plan: g.Plan, layout: g.Layout | None = None) -> str | type[g.RenderError]:
    try:
        return render(plan, layout)
    except g.RenderError:
        return g.RenderError


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_corpus_plan_and_its_mutations_survive_a_package_and_render_alike(name: str, tmp_path: Path) -> None:
    texts = [excerpt(name), *(text for _, text in cases(excerpt(name), 12))]
    survived = 0
    for text in texts:
        try:
            plan = g.parse(text)
        except g.ParseError:
            continue
        back = _through_a_package(plan, tmp_path / "package")
        assert back == plan
        assert _rendered(back) == _rendered(plan)
        survived += 1
    assert survived > 0


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_parsed_plan_survives_a_package_and_renders_alike(data: st.DataObject, tmp_path: Path) -> None:
    layout = data.draw(st.sampled_from(WRITABLE))
    written = data.draw(test_text_roundtrip.plans(layout))
    plan = g.parse(render(written, layout), units=written.units)
    back = _through_a_package(plan, tmp_path / "package")
    assert back == plan
    assert _rendered(back, layout) == _rendered(plan, layout)


def test_empty_and_missing_texts_stay_apart_in_every_text_column(rich: g.Plan, tmp_path: Path) -> None:
    """A parsed plan's empty division title made targets_title '' where the package gave None."""
    part = attrs.evolve(rich.divisions[0], title="")
    plan = attrs.evolve(rich, divisions=(part, *rich.divisions[1:]), title="")
    back = _through_a_package(plan, tmp_path / "package")
    assert (back.targets_title, back.title, back.divisions[0].title) == ("", "", "")
    assert back == plan


# -- a fuzz harness: any bytes in any file give a plan or a DataError


@pytest.fixture(scope="module")
def small_package(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("small") / "package"
    g.export(g.parse(excerpt("10-tongxiang-2020-leader-groups.txt")), folder)
    return {file: (folder / file).read_bytes() for file in PACKAGE_FILES}


@st.composite
def mutated(draw: st.DrawFn, content: bytes) -> bytes:
    """``content`` with bytes flipped, inserted, deleted, a line repeated or the end cut off."""
    lines = content.split(b"\n")
    kind = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "cut", "swap"]))
    at = draw(st.integers(0, len(content)))
    if kind == "flip" and content:
        at = min(at, len(content) - 1)
        return content[:at] + bytes([content[at] ^ draw(st.integers(1, 255))]) + content[at + 1 :]
    if kind == "insert":
        junk = draw(st.binary(max_size=8) | st.sampled_from([b'"', b",", b"\r", b"\n", b"\x00", b"1_0", b"[" * 40]))
        return content[:at] + junk + content[at:]
    if kind == "delete":
        return content[:at] + content[at + draw(st.integers(1, 40)) :]
    if kind == "repeat":
        line = draw(st.integers(0, len(lines) - 1))
        return b"\n".join(lines[: line + 1] + [lines[line]] * draw(st.integers(1, 2000)) + lines[line + 1 :])
    if kind == "swap" and len(lines) > 2:
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)
    return content[:at]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_bytes_in_any_file_give_a_plan_or_a_data_error(
    data: st.DataObject, small_package: dict[str, bytes], tmp_path: Path
) -> None:
    folder = tmp_path / "fuzzed"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for file, content in small_package.items():
        (folder / file).write_bytes(content)
    file = data.draw(st.sampled_from(PACKAGE_FILES))
    content = data.draw(mutated(small_package[file]))
    (folder / file).write_bytes(content)
    if file != "datapackage.json" and data.draw(st.booleans(), label="past the digest"):
        put(folder, file.removesuffix(".csv"), content)
    outcome: g.Plan | g.DataError
    try:
        outcome = read_datapackage(folder)
    except g.DataError as error:
        outcome = error
    if isinstance(outcome, g.DataError):
        assert outcome.source == "data package"
        assert len(outcome.problems) == 1
    else:  # what was read is a plan the package format holds: it goes round again unchanged
        assert _through_a_package(outcome, tmp_path / "again") == outcome
