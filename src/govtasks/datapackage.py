"""The Frictionless data package, the one home of a plan's tables on disk: CSV files and
``datapackage.json`` written, and read back by :func:`read_datapackage`.

CSV files are UTF-8 and RFC 4180 (comma, double quotes, CRLF). An empty cell is a
missing value; an empty text is written as a quoted empty cell (``""``), as
PostgreSQL's CSV format does, so a package tells ``None`` from ``''``. ``datapackage.json``
follows the Frictionless Data Package and Table Schema specs: typed fields with
constraints, primary and foreign keys, and the size and sha256 of every file, which
:func:`read_datapackage` checks before it trusts a byte.

The CSV files of the ``csv`` export are for spreadsheets: a text cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return, which a spreadsheet would run as a formula, is
written with a ``'`` before it (OWASP's rule against CSV injection). The data package is for
programs and is written byte-faithful, without that quote. For Excel, which reads CSV files
without a byte-order mark in the system's code page, ``bom=True`` starts each file with the
UTF-8 mark.

The tables' rows come from, and go back to, their definitions in :mod:`govtasks.tables`
(``rows(plan)`` and :func:`~govtasks.tables.plan_from_rows`); this module turns them into
text and back, every cell typed by its column.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

import attrs

from govtasks._json import Refusal, Refused, deeper_than, loads
from govtasks._text import place, plural
from govtasks._version import __version__
from govtasks.columns import Column, Row
from govtasks.errors import DataError
from govtasks.model import DocumentInfo, Plan
from govtasks.tables import TABLES, Table, key_problem, plan_from_rows

DESCRIPTOR = "datapackage.json"
PACKAGE_NAME = "govtasks-plan"
"""The ``name`` of a data package, unless :func:`govtasks.export` is given one."""
MAX_FILE_BYTES = 64 * 2**20
"""The largest file of a package :func:`read_datapackage` reads, and so the largest :func:`govtasks.export` writes."""


# -- writing ----------------------------------------------------------------------


def package_files(plan: Plan, *, name: str, created: dt.datetime | None) -> dict[str, bytes]:
    """The data package of ``plan``, by file name: a CSV file per table and ``datapackage.json``.

    Refuses, with a ValueError, a package that :func:`read_datapackage` would refuse: one that
    breaks the keys it declares (the model lets two residues stand at one place), or a file beyond
    the size it reads.
    """
    rows = {table.name: list(table.rows(plan)) for table in TABLES.values()}
    problem = key_problem(rows)
    if problem is not None:
        raise ValueError(f"the plan breaks a key its data package would declare: {problem}")
    contents = {table.name: table_csv(table, rows[table.name]) for table in TABLES.values()}
    files = {TABLES[table].file: content for table, content in contents.items()}
    files[DESCRIPTOR] = descriptor_bytes(datapackage_descriptor(plan, contents, name=name, created=created))
    for file, content in files.items():
        if len(content) > MAX_FILE_BYTES:
            raise ValueError(f"{file} would be {len(content)} bytes; a package's files are at most {MAX_FILE_BYTES}")
    return files


def spreadsheet_files(plan: Plan, *, bom: bool = False) -> dict[str, bytes]:
    """The tables of ``plan`` as CSV files for spreadsheets, by file name: a text that would start a
    formula gets a ``'`` before it; ``bom`` starts each file with a UTF-8 byte-order mark, for Excel."""
    mark = codecs.BOM_UTF8 if bom else b""
    return {table.file: mark + table_csv(table, table.rows(plan), spreadsheet=True) for table in TABLES.values()}


_QUOTED = re.compile('[,"\r\n]')
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What OWASP lists as starting a spreadsheet formula; full-width ＝ and the like are not formulas."""


def _cell(value: object, *, spreadsheet: bool) -> str:
    """A value as a CSV cell: missing is empty, an empty text is quoted, a text that needs it is quoted;
    for a spreadsheet, a text that would start a formula gets a ``'`` before it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if spreadsheet and isinstance(value, str) and text.startswith(_FORMULA_STARTS):
        text = "'" + text
    return '"' + text.replace('"', '""') + '"' if text == "" or _QUOTED.search(text) else text


def csv_lines(rows: Iterable[Row], *, spreadsheet: bool = False) -> bytes:
    """``rows`` as CSV lines, each ended by CRLF (:func:`table_csv` without the header)."""
    return "".join(",".join(_cell(value, spreadsheet=spreadsheet) for value in row) + "\r\n" for row in rows).encode(
        "utf-8"
    )


def table_csv(table: Table, rows: Iterable[Row], *, spreadsheet: bool = False) -> bytes:
    """The CSV file of ``table``: its header, then ``rows``."""
    return csv_lines([table.names, *rows], spreadsheet=spreadsheet)


def descriptor_bytes(descriptor: Mapping[str, Any]) -> bytes:
    """``datapackage.json`` as it is written: UTF-8, one space an indent, a final newline."""
    return (json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def created_field(created: dt.datetime | None) -> dict[str, str]:
    """The descriptor's ``created``, an ISO time in UTC as ``…Z``, where a time is given."""
    return {"created": created.isoformat().replace("+00:00", "Z")} if created else {}


def resource(table: Table, *, size: int, sha256: str) -> dict[str, Any]:
    """The descriptor's entry for ``table``, whose CSV file has ``size`` bytes and the hex digest ``sha256``."""
    return {
        "name": table.name,
        "path": table.file,
        "profile": "tabular-data-resource",
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": size,
        "hash": "sha256:" + sha256,
        "dialect": _dialect(),
        "schema": _schema(table),
    }


def _dialect() -> dict[str, Any]:
    return {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}


def _field(column: Column, table: Table) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if _required(column, table):
        constraints["required"] = True
    if table.primary_key == (column.name,):
        constraints["unique"] = True
    if column.values is not None:
        constraints["enum"] = list(column.values)
    field: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
    return field | ({"constraints": constraints} if constraints else {})


def _required(column: Column, table: Table) -> bool:
    """Table Schema requires a value in every column of a primary key."""
    return column.required or column.name in table.primary_key


def _schema(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(column, table) for column in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(key.fields),
                "reference": {"resource": "" if key.table == table.name else key.table, "fields": list(key.reference)},
            }
            for key in table.foreign_keys
        ]
    return schema


def document_facts(info: DocumentInfo) -> dict[str, str | None]:
    """The document's identity as the package's descriptor and ``govtasks summary --json`` give it:
    title, 字号, issuer and each date under its own label (ISO dates)."""

    def day(date: dt.date | None) -> str | None:
        return date.isoformat() if date else None

    return {
        "title": info.title,
        "doc_number": info.doc_number,
        "issuer": info.issuer,
        "promulgated": day(info.promulgated),
        "released": day(info.released),
        "written": day(info.written),
    }


def datapackage_descriptor(
    plan: Plan, contents: Mapping[str, bytes], *, name: str, created: dt.datetime | None
) -> dict[str, Any]:
    """The ``datapackage.json`` for CSV files with ``contents`` (table name → bytes); it records
    the time ``created`` only where it is given.

    Made afresh on every call: changing one result changes no other.
    """
    info, cover = plan.info, plan.coverage
    dated = info.written or info.promulgated or info.released
    source = " ".join(part for part in (info.title, info.doc_number, info.issuer, str(dated or "")) if part)
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": plan.title or info.title or "a responsibility plan",
        "description": (
            f"{plan.title or 'The plan'} ({info.doc_number or 'no document number'}) as tables: who leads (牵头单位) "
            f"and who shares (责任单位) each target and task. This copy holds {cover}. "
            "Unit full names, English names and collective membership are the project's added facts, "
            "each with its basis."
        ),
        "version": __version__,
        **created_field(created),
        "licenses": [
            {
                "name": "MIT",
                "path": "https://opensource.org/licenses/MIT",
                "title": "MIT License, for the structure and the added facts; the official text itself is not "
                "subject to copyright (Art. 5, PRC Copyright Law)",
            }
        ],
        "sources": [{"title": source or "the text the plan was parsed from"}],
        "contributors": [{"title": "govtasks developers", "role": "author"}],
        "govtasks": {
            "version": __version__,
            "source_sha256": plan.source_sha256,
            "document": document_facts(info),
            "coverage": attrs.asdict(cover),
        },
        "resources": [
            resource(table, size=len(contents[table.name]), sha256=hashlib.sha256(contents[table.name]).hexdigest())
            for table in TABLES.values()
        ],
    }


# -- reading ------------------------------------------------------------------------


def read_datapackage(path: str | os.PathLike[str]) -> Plan:
    """The plan a data package written by :func:`govtasks.export` holds.

    ``path`` is the package's folder or its ``datapackage.json``. Raises
    :class:`DataError`, and nothing else, for anything wrong with the package: a
    file missing or unreadable, or a link, a FIFO or a device in place of a file;
    a descriptor that is not strict JSON (duplicate keys, NaN, nesting deeper than
    32, integers of over 19 digits) or is not the one :func:`govtasks.export` writes (each
    table once, by its own file name in the package's folder, with the schema,
    dialect, size and sha256 export gives it); a file whose size or sha256 differs;
    a cell that is not of its column's type (integers ``-?[0-9]{1,19}``, dates
    ``YYYY-MM-DD``, booleans ``true``/``false``); a repeated primary key, a foreign
    key that names no row, a row the plan would not hold (an orphan), or tables the
    model refuses. Each message names the file, and where it can the row and column.
    No file is read beyond its declared size, or :data:`MAX_FILE_BYTES`.
    """
    root = Path(path)
    folder, file = (root, DESCRIPTOR) if os.path.isdir(root) else (root.parent, root.name)  # isdir raises nothing
    resources = _resources(_descriptor(_read_file(folder, file, MAX_FILE_BYTES), file), file)
    return plan_from_rows({name: _read_table(folder, table, resources[name]) for name, table in TABLES.items()})


def _fault(problem: str) -> DataError:
    return DataError([problem], source="data package")


class _Unsafe(Exception):
    """A path in a package that must not be opened."""


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
"""No link followed, no wait on a FIFO swapped in after the check, no newline translation (Windows)."""


def _read_file(folder: Path, file: str, limit: int) -> bytes:
    """At most ``limit`` + 1 bytes of the regular file ``file`` in ``folder``.

    A link could lead outside the package, a FIFO would block and a device could do
    anything, so the file is checked before it is opened, and what was opened after.
    """
    try:
        _check_regular(os.lstat(folder / file))
        with open(os.open(folder / file, _OPEN_FLAGS), "rb") as stream:
            opened = os.fstat(stream.fileno())
            _check_regular(opened)
            return stream.read(min(limit, opened.st_size) + 1)  # read(n) sets aside n bytes before it reads
    except OSError as exc:
        raise _fault(f"cannot read {file}: {exc.strerror or exc}") from None
    except (ValueError, _Unsafe) as exc:  # ValueError: a path with a NUL in it
        raise _fault(f"cannot read {file}: {exc}") from None


def _check_regular(info: os.stat_result) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise _Unsafe("it is a symbolic link, which could lead outside the package")
    if not stat.S_ISREG(info.st_mode):
        raise _Unsafe("it is not a regular file (a folder, a device or a FIFO)")


# -- the descriptor

_MAX_NESTING = 32


def _descriptor(content: bytes, file: str) -> dict[str, Any]:
    """The descriptor as strict JSON (:mod:`govtasks._json`): UTF-8, no repeated key, no NaN, bounded
    nesting and integers."""
    if len(content) > MAX_FILE_BYTES:
        raise _fault(f"{file}: larger than {MAX_FILE_BYTES} bytes")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, _ = place(content, exc.start)
        raise _fault(f"{file}, line {line}: byte {exc.start + 1} is not UTF-8") from None
    if deeper_than(text, _MAX_NESTING):  # before reading, which would recurse as deep as the text goes
        raise _fault(f"{file}: nested more than {_MAX_NESTING} deep")
    try:
        descriptor = loads(text, refuse=_refused, max_depth=_MAX_NESTING)
    except ValueError as exc:  # the text's own faults (JsonError) and what _refused raises
        raise _fault(f"{file}: {exc}") from None
    if not isinstance(descriptor, dict):
        raise _fault(f"{file}: expected an object, found {_json_type(descriptor)}")
    return descriptor


def _refused(refused: Refused) -> NoReturn:
    """Every thing the strict reader refuses ends the reading: a package's descriptor is export's own."""
    if refused.kind is Refusal.KEY_TWICE:
        raise ValueError(f"the key {refused.text!r} appears twice in one object")
    if refused.kind is Refusal.CONSTANT:
        raise ValueError(f"{refused.text} is not JSON")
    raise ValueError(f"an integer of {len(refused.text)} characters is beyond what a package holds")


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _resources(descriptor: Mapping[str, Any], file: str) -> dict[str, Mapping[str, Any]]:
    """The descriptor's resources by table name: every table once, each as export describes it."""
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        raise _fault(f"{file}: resources is {_json_type(resources)}, expected an array")
    found: dict[str, Mapping[str, Any]] = {}
    for number, resource in enumerate(resources):
        where = f"{file}, resources[{number}]"
        if not isinstance(resource, dict):
            raise _fault(f"{where}: {_json_type(resource)}, expected an object")
        name = resource.get("name")
        if not isinstance(name, str) or name not in TABLES:
            raise _fault(f"{where}: name {name!r} is not a table govtasks writes ({', '.join(TABLES)})")
        if name in found:
            raise _fault(f"{where}: a second resource {name!r}")
        _check_resource(resource, TABLES[name], where)
        found[name] = resource
    missing = [name for name in TABLES if name not in found]
    if missing:
        raise _fault(f"{file}: no resource {missing[0]!r}")
    return found


_HASH = re.compile("sha256:[0-9a-f]{64}")


def _check_resource(resource: Mapping[str, Any], table: Table, where: str) -> None:
    """A resource as export writes it. Its path is the table's own file name: an absolute path,
    ``..``, a URL or a subfolder (the first two the Data Package spec forbids) would lead elsewhere."""
    path = table.file
    if resource.get("path") != path:
        raise _fault(
            f"{where}: path {resource.get('path')!r} is not {path!r}: a package's tables are read from its own "
            "folder by their own names, so an absolute path, '..', a URL or a subfolder is refused"
        )
    expected = {
        "format": "csv",
        "encoding": "utf-8",
        "dialect": _dialect(),
        "schema": _schema(table),
    }
    for key, value in expected.items():
        if _canonical(resource.get(key)) != _canonical(value):
            raise _fault(f"{where}: {key} is not the one govtasks writes for the table {table.name}")
    size = resource.get("bytes")
    if type(size) is not int or not 0 <= size <= MAX_FILE_BYTES:
        raise _fault(f"{where}: bytes is {size!r}, not a size from 0 to {MAX_FILE_BYTES}")
    if not isinstance(resource.get("hash"), str) or not _HASH.fullmatch(resource["hash"]):
        raise _fault(f"{where}: hash is not 'sha256:' and 64 lowercase hex digits")


def _canonical(value: object) -> str:
    """JSON text that tells apart what == would not (true and 1)."""
    return json.dumps(value, sort_keys=True)


# -- the tables


def _read_table(folder: Path, table: Table, resource: Mapping[str, Any]) -> list[Row]:
    """The table's rows, each cell typed by its column: size and sha256 checked before a byte is parsed."""
    file, size = table.file, resource["bytes"]
    content = _read_file(folder, file, size)
    if len(content) != size:
        raise _fault(f"{file}: its size is not the {size} bytes {DESCRIPTOR} gives (the file was changed)")
    if "sha256:" + hashlib.sha256(content).hexdigest() != resource["hash"]:
        raise _fault(f"{file}: its sha256 does not match {DESCRIPTOR} (the file was changed)")
    header = table.names
    rows = _decoded(content, file, header)
    if next(rows, None) != list(header):
        raise _fault(f"{file}: expected the header {','.join(header)}")
    typed = []
    for number, row in enumerate(rows, start=2):  # each row checked as it is read: a bad one stops the reading
        if len(row) != len(header):
            raise _fault(f"{file}, row {number}: expected {plural(len(header), 'cell')}, found {len(row)}")
        where = f"{file}, row {number}"
        typed.append(
            tuple(_value(cell, c, _required(c, table), where) for c, cell in zip(table.columns, row, strict=True))
        )
    return typed


_ESCAPED = re.compile("[\udc80-\udcff]")
"""Where ``surrogateescape`` decoding put a byte that is not UTF-8."""


def _decoded(content: bytes, file: str, header: tuple[str, ...]) -> Iterator[list[str | None]]:
    """The CSV rows of UTF-8 ``content``; a byte that is not UTF-8 is reported at its row and column."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        rows = _csv_rows(content.decode("utf-8", "surrogateescape"), file, header)
        number, index = next(
            (number, index)
            for number, row in enumerate(rows, start=1)
            for index, cell in enumerate(row)
            if cell and _ESCAPED.search(cell)
        )
        raise _fault(f"{file}, row {number}, column {_column_name(header, index)}: not UTF-8") from None
    return _csv_rows(text, file, header)


_CSV_CELL = re.compile(r'"([^"]*(?:""[^"]*)*)"|([^,"\r\n]*)')
_ROW_END = re.compile(r"\r?\n")


def _csv_rows(text: str, file: str, header: tuple[str, ...]) -> Iterator[list[str | None]]:
    """RFC 4180 rows (CRLF or LF between them), each cell its text, or None where the cell is
    empty and unquoted: a missing value. The csv module reads ``""`` and an empty cell alike
    (and refuses a cell over 131,072 characters); the package needs them apart, and any length."""
    number, at = 1, 0
    row: list[str | None] = []
    while at < len(text):
        cell = _CSV_CELL.match(text, at)
        assert cell is not None  # the pattern matches the empty string
        quoted, plain = cell.groups()
        row.append(quoted.replace('""', '"') if quoted is not None else plain or None)
        at = cell.end()
        if text.startswith(",", at):
            at += 1
        elif end := _ROW_END.match(text, at):
            yield row
            number, row, at = number + 1, [], end.end()
        elif at < len(text):
            where = f"{file}, row {number}, column {_column_name(header, len(row) - 1)}"
            raise _fault(f"{where}: a cell is malformed at character {at + 1}")
    if row:
        yield row


def _column_name(header: tuple[str, ...], index: int) -> str:
    return header[index] if index < len(header) else str(index + 1)


_INT64 = range(-(2**63), 2**63)
"""The integers a package is read with: those R, Stata, pandas and Parquet all hold as 64-bit integers."""
_INTEGER = re.compile("-?[0-9]{1,19}")
"""Table Schema's integer: ASCII digits only, no sign but '-', no spaces, no '_' (all of which int() takes),
and no more digits than a 64-bit integer has (int() of a long string takes time quadratic in its length)."""
_DATE = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""Table Schema's date: YYYY-MM-DD only (Python 3.11's fromisoformat also takes 20200117 and 2020-W03)."""
_BOOLEANS = {"true": True, "false": False}
_EXPECTED = {
    "integer": "an integer (ASCII digits, at most 19)",
    "date": "a date (YYYY-MM-DD)",
    "boolean": "true or false",
}


def _value(cell: str | None, column: Column, required: bool, row: str) -> Any:
    """A cell as its column's type; a DataError names the row and column of a cell that is not."""
    if cell is None:
        if required:
            raise _fault(f"{row}, column {column.name}: a value is required")
        return None
    try:
        return _typed(cell, column)
    except (ValueError, KeyError):
        expected = f"one of {', '.join(column.values)}" if column.values else _EXPECTED[column.type]
        shown = repr(cell) if len(cell) <= 40 else repr(cell[:40]) + "…"
        raise _fault(f"{row}, column {column.name}: {shown} is not {expected}") from None


def _typed(cell: str, column: Column) -> Any:
    if column.type == "integer":
        if not _INTEGER.fullmatch(cell) or int(cell) not in _INT64:
            raise ValueError(cell)
        return int(cell)
    if column.type == "date":
        if not _DATE.fullmatch(cell):
            raise ValueError(cell)
        return dt.date.fromisoformat(cell)
    if column.type == "boolean":
        return _BOOLEANS[cell]
    return column.member(cell) if column.enum is not None else cell
