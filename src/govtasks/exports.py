"""Exports for people without Python: a Frictionless data package (CSV files and
``datapackage.json``), plain CSV, JSON and Parquet; and reading a package back.

CSV files are UTF-8 and RFC 4180 (comma, double quotes, CRLF). An empty cell is a
missing value; an empty text is written as a quoted empty cell (``""``), as
PostgreSQL's CSV format does, so a package tells ``None`` from ``''``. ``datapackage.json``
follows the Frictionless Data Package and Table Schema specs: typed fields with
constraints, primary and foreign keys, and the size and sha256 of every file, which
:func:`read_datapackage` checks before it trusts a byte.

The ``csv`` format is for spreadsheets: a text cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return, which a spreadsheet would run as a formula, is written with a
``'`` before it (OWASP's rule against CSV injection). The data package is for programs and
is written byte-faithful, without that quote. For Excel, which reads CSV files without a
byte-order mark in the system's code page, ``bom=True`` starts each file of the ``csv`` format
with the UTF-8 mark.

An export is deterministic: the same plan makes the same bytes, unless ``created`` asks for a
time in ``datapackage.json``.

Every export is written whole into a new folder beside ``out_dir`` and then renamed into
place, so ``out_dir`` holds either what it held before or the whole export, never a part.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from govtasks._text import plural
from govtasks._version import __version__
from govtasks.columns import TYPES, Column, Row
from govtasks.errors import DataError
from govtasks.model import (
    Assignment,
    Clause,
    Convention,
    Deadline,
    Detail,
    Division,
    DocumentInfo,
    Item,
    Leader,
    Notice,
    Plan,
    Residue,
)
from govtasks.query import coverage
from govtasks.serialize import to_json
from govtasks.tables import TABLES, ForeignKey, Table
from govtasks.units import Alias, Membership, Relation, Unit, UnitRegistry

if TYPE_CHECKING:
    import pyarrow as pa

Format = Literal["datapackage", "csv", "json", "parquet"]
FORMATS: tuple[Format, ...] = ("datapackage", "csv", "json", "parquet")
DESCRIPTOR = "datapackage.json"
PACKAGE_NAME = "govtasks-plan"
"""The ``name`` of a data package, unless :func:`export` is given one."""
MAX_FILE_BYTES = 64 * 2**20
"""The largest file of a package :func:`read_datapackage` reads, and so the largest :func:`export` writes."""


def export(
    plan: Plan,
    out_dir: str | os.PathLike[str],
    format: Format = "datapackage",
    *,
    name: str = PACKAGE_NAME,
    created: dt.datetime | None = None,
    force: bool = False,
    bom: bool = False,
) -> list[Path]:
    """Write ``plan`` as the folder ``out_dir``; returns the files written.

    ``datapackage`` writes one CSV file per table and ``datapackage.json``;
    ``csv`` the CSV files alone, for spreadsheets (text that would run as a formula
    gets a leading ``'``); ``json`` the plan as ``plan.json``; ``parquet`` one Parquet
    file per table (needs the ``parquet`` extra). ``name`` and ``created`` go into
    ``datapackage.json``; without ``created`` it records no time, so that one plan always
    makes the same bytes. ``bom`` starts each file of the ``csv`` format with a UTF-8
    byte-order mark, for Excel.

    The folder is written beside ``out_dir`` and renamed into place: ``out_dir`` is
    created (with its parents), or replaced if it is an empty folder, or, with
    ``force=True``, if it holds files; it is never followed if it is a symbolic link.

    Raises, before anything is written: ``ValueError`` for an unknown format, ``bom``
    with a format other than ``csv``, an ``out_dir`` that names no folder (``''``, ``.``,
    ``..``, a root) or a plan the format cannot hold; ``ImportError`` for ``parquet``
    without pyarrow; ``FileExistsError`` or ``NotADirectoryError`` for an ``out_dir`` that
    is a symbolic link, a file, or (without ``force``) a folder with files in it. Any other
    ``OSError`` is the system's, raised as it comes (a full disk, a file-size limit, a folder
    without write permission); the half-written new folder is then removed and ``out_dir``
    is as it was.
    """
    target = _target(out_dir, format)
    files = _files(plan, format, name=name, created=created, bom=bom)
    _check_target(target, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_folder(target, files, replace=force)
    return [target / file for file in files]


def _target(out_dir: str | os.PathLike[str], format: str) -> Path:
    """The folder to write, once the arguments are known to be good."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: expected datapackage, csv, json or parquet")
    target = Path(os.fspath(out_dir))
    if target.name in ("", ".."):  # '' and '.' both become Path('.'), whose name is ''
        raise ValueError(f"out_dir {os.fspath(out_dir)!r} names no folder to write: give the folder's own name")
    return target


def _check_target(target: Path, *, force: bool) -> None:
    """Refuse a target that is a link or a file, or a folder with files in it unless ``force``."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise FileExistsError(f"{target} is a symbolic link: export writes a real folder and follows no link")
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(f"{target} exists and is not a folder")
    with os.scandir(target) as entries:
        if not force and next(entries, None) is not None:
            raise FileExistsError(
                f"{target} is not empty: export replaces the whole folder, so it needs force=True (--force) for that"
            )


def _files(plan: Plan, format: Format, *, name: str, created: dt.datetime | None, bom: bool) -> dict[str, bytes]:
    """Every file of the export, by name, made in memory so that a failure writes nothing."""
    if bom and format != "csv":
        raise ValueError(f"a byte-order mark (bom=True, --excel) is for the csv format, not {format}")
    if format == "json":
        return {"plan.json": to_json(plan).encode("utf-8")}
    if format == "parquet":
        return _parquet_files(plan)
    contents = {
        table.name: _csv_bytes(table, table.rows(plan), spreadsheet=format == "csv") for table in TABLES.values()
    }
    mark = codecs.BOM_UTF8 if bom else b""
    files = {f"{table_name}.csv": mark + content for table_name, content in contents.items()}
    if format == "datapackage":
        descriptor = datapackage_descriptor(plan, contents, name=name, created=created)
        files[DESCRIPTOR] = (json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        _check_readable(plan, files)
    return files


def _check_readable(plan: Plan, files: Mapping[str, bytes]) -> None:
    """Refuse to write a package that :func:`read_datapackage` would refuse: one that breaks the keys
    it declares (the model lets two residues stand at one place), or a file beyond the size it reads."""
    try:
        _check_keys(_tables_of(plan))
    except DataError as exc:
        raise ValueError(f"the plan breaks a key its data package would declare: {exc.problems[0]}") from None
    for file, content in files.items():
        if len(content) > MAX_FILE_BYTES:
            raise ValueError(f"{file} would be {len(content)} bytes; a package's files are at most {MAX_FILE_BYTES}")


def _write_folder(target: Path, files: Mapping[str, bytes], *, replace: bool) -> None:
    """Write ``files`` into a new folder beside ``target`` and swap it in; on any failure remove it."""
    new = _new_folder(target, "new")
    try:
        for file, content in files.items():
            with open(new / file, "xb") as stream:
                stream.write(content)
        _swap(new, target, replace=replace)
    except BaseException:  # KeyboardInterrupt too: never leave the half-written folder behind
        shutil.rmtree(new, ignore_errors=True)
        raise


def _new_folder(target: Path, role: str) -> Path:
    """A new, empty folder beside ``target``; mkdir refuses any existing name, a planted link included.

    Made with the usual permissions (``tempfile.mkdtemp`` would make it private, and the
    folder becomes the export).
    """
    folder = target.parent / f".{target.name}.{role}-{secrets.token_hex(8)}"
    folder.mkdir()
    return folder


def _swap(new: Path, target: Path, *, replace: bool) -> None:
    """Rename ``new`` to ``target``. An old ``target`` is moved aside first, moved back if the
    rename fails, and removed last: whole where ``replace``, else only while still empty."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    aside = _new_folder(target, "old")
    old = aside / target.name
    try:
        os.rename(target, old)
        os.rename(new, target)
    except BaseException:
        if os.path.lexists(old):
            os.rename(old, target)
        aside.rmdir()
        raise
    if replace:
        shutil.rmtree(aside)  # removes links inside, never what they point to
    else:
        old.rmdir()
        aside.rmdir()


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


def _csv_bytes(table: Table, rows: Iterable[Row], *, spreadsheet: bool = False) -> bytes:
    lines = [",".join(column.name for column in table.columns)]
    lines += [",".join(_cell(value, spreadsheet=spreadsheet) for value in row) for row in rows]
    return "".join(line + "\r\n" for line in lines).encode("utf-8")


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
    info, cover = plan.info, coverage(plan)
    dated = info.written or info.promulgated or info.released
    source = " ".join(part for part in (info.title, info.doc_number, info.issuer, str(dated or "")) if part)
    stamp = {"created": created.isoformat().replace("+00:00", "Z")} if created else {}
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
        **stamp,
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
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(contents[table.name]),
                "hash": "sha256:" + hashlib.sha256(contents[table.name]).hexdigest(),
                "dialect": _dialect(),
                "schema": _schema(table),
            }
            for table in TABLES.values()
        ],
    }


def pyarrow_modules() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or an ImportError that says which extra to install."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError("the parquet format needs pyarrow: pip install 'govtasks[parquet]'") from None
    return pa, pq


def arrow_schema(table: Table, *, required: tuple[str, ...] = ()) -> pa.Schema:
    """The table's Arrow schema, one for all its files; only the ``required`` columns are not nullable."""
    arrow, _ = pyarrow_modules()
    fields = [
        arrow.field(c.name, getattr(arrow, TYPES[c.type].arrow)(), nullable=c.name not in required)
        for c in table.columns
    ]
    schema: pa.Schema = arrow.schema(fields)
    return schema


def parquet_bytes(schema: pa.Schema, rows: list[tuple[Any, ...]]) -> bytes:
    """``rows`` as one Parquet file in memory, typed by ``schema``."""
    arrow, parquet = pyarrow_modules()
    arrays = [arrow.array([row[i] for row in rows], type=field.type) for i, field in enumerate(schema)]
    buffer = arrow.BufferOutputStream()
    parquet.write_table(arrow.Table.from_arrays(arrays, schema=schema), buffer)
    return bytes(buffer.getvalue().to_pybytes())


def _parquet_files(plan: Plan) -> dict[str, bytes]:
    """One Parquet file per table, made in memory."""
    return {f"{t.name}.parquet": parquet_bytes(arrow_schema(t), list(t.rows(plan))) for t in TABLES.values()}


# -- reading a data package back ------------------------------------------------

T = TypeVar("T")


def read_datapackage(path: str | os.PathLike[str]) -> Plan:
    """The plan a data package written by :func:`export` holds.

    ``path`` is the package's folder or its ``datapackage.json``. Raises
    :class:`DataError`, and nothing else, for anything wrong with the package: a
    file missing or unreadable, or a link, a FIFO or a device in place of a file;
    a descriptor that is not strict JSON (duplicate keys, NaN, nesting deeper than
    32, integers of over 19 digits) or is not the one :func:`export` writes (each
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
    tables = {name: _read_table(folder, table, resources[name]) for name, table in TABLES.items()}
    _check_keys(tables)
    plan = _plan(tables)
    _check_nothing_lost(tables, plan)
    return plan


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
_MAX_JSON_DIGITS = 19
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _descriptor(content: bytes, file: str) -> dict[str, Any]:
    """The descriptor as strict JSON: UTF-8, no repeated key, no NaN, bounded nesting and integers."""
    if len(content) > MAX_FILE_BYTES:
        raise _fault(f"{file}: larger than {MAX_FILE_BYTES} bytes")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise _fault(f"{file}, line {line}: byte {exc.start + 1} is not UTF-8") from None
    if _nesting(text) > _MAX_NESTING:  # before json.loads, which would recurse as deep as the text goes
        raise _fault(f"{file}: nested more than {_MAX_NESTING} deep")
    try:
        descriptor = json.loads(text, object_pairs_hook=_json_object, parse_constant=_no_constant, parse_int=_json_int)
    except ValueError as exc:
        raise _fault(f"{file}: {exc}") from None
    if not isinstance(descriptor, dict):
        raise _fault(f"{file}: expected an object, found {_json_type(descriptor)}")
    return descriptor


def _nesting(text: str) -> int:
    """How deep arrays and objects nest in JSON ``text`` (brackets in strings skipped), in one pass."""
    depth = deepest = 0
    for token in _JSON_TOKEN.finditer(text):
        mark = token.group()
        if mark in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif mark in ("]", "}"):
            depth -= 1
    return deepest


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys differ: of a repeated key, json would keep the last in silence."""
    made: dict[str, Any] = {}
    for key, value in pairs:
        if key in made:
            raise ValueError(f"the key {key!r} appears twice in one object")
        made[key] = value
    return made


def _no_constant(token: str) -> Any:
    raise ValueError(f"{token} is not JSON")


def _json_int(digits: str) -> int:
    """An integer of at most 19 digits: int() of a long one is slow, and one of over 4,300 raises."""
    if len(digits.lstrip("-")) > _MAX_JSON_DIGITS:
        raise ValueError(f"an integer of {len(digits)} characters is beyond what a package holds")
    return int(digits)


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _resources(descriptor: Mapping[str, Any], file: str) -> dict[str, Mapping[str, Any]]:
    """The descriptor's resources by table name: every table once, each as export describes it."""
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        raise _fault(f"{file}: resources is {_json_type(resources)}, expected an array")
    found: dict[str, Mapping[str, Any]] = {}
    for place, resource in enumerate(resources):
        where = f"{file}, resources[{place}]"
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
    path = f"{table.name}.csv"
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


@attrs.frozen
class _Row:
    """A row's typed cells and where it was read, so that a fault found later can name its place."""

    file: str
    number: int
    cells: dict[str, Any]

    def __getitem__(self, column: str) -> Any:
        return self.cells[column]

    def key(self, columns: Iterable[str]) -> tuple[Any, ...]:
        return tuple(self.cells[column] for column in columns)

    def at(self, *columns: str) -> str:
        """The row's place: file, row and column(s)."""
        named = f", column {columns[0]}" if len(columns) == 1 else f", columns {', '.join(columns)}"
        return f"{self.file}, row {self.number}" + (named if columns else "")

    def build(self, make: Callable[..., T], /, **fields: Any) -> T:
        """``make(**fields)``, a model class's refusal (a ValueError) reported at this row."""
        return _made(self.at(), make, **fields)


def _tables_of(plan: Plan) -> dict[str, list[_Row]]:
    """The plan's tables as the rows a package of it would hold."""
    return _package_rows({table.name: table.make(plan) for table in TABLES.values()})


def _package_rows(tables: Mapping[str, Iterable[Row]]) -> dict[str, list[_Row]]:
    """Each table's rows as its CSV file numbers them (the header is row 1), cells by column name."""
    rows = {}
    for table in TABLES.values():
        names, file = _names(table), f"{table.name}.csv"
        rows[table.name] = [
            _Row(file=file, number=number, cells=dict(zip(names, values, strict=True)))
            for number, values in enumerate(tables[table.name], start=2)
        ]
    return rows


def _names(table: Table) -> tuple[str, ...]:
    return tuple(column.name for column in table.columns)


def _made(where: str, make: Callable[..., T], /, **fields: Any) -> T:
    try:
        return make(**fields)
    except ValueError as exc:
        raise _fault(f"{where}: {exc}") from None


def _read_table(folder: Path, table: Table, resource: Mapping[str, Any]) -> list[_Row]:
    """The table's rows, typed: size and sha256 checked before a byte is parsed."""
    file, size = f"{table.name}.csv", resource["bytes"]
    content = _read_file(folder, file, size)
    if len(content) != size:
        raise _fault(f"{file}: its size is not the {size} bytes {DESCRIPTOR} gives (the file was changed)")
    if "sha256:" + hashlib.sha256(content).hexdigest() != resource["hash"]:
        raise _fault(f"{file}: its sha256 does not match {DESCRIPTOR} (the file was changed)")
    header = _names(table)
    rows = _decoded(content, file, header)
    if next(rows, None) != list(header):
        raise _fault(f"{file}: expected the header {','.join(header)}")
    typed = []
    for number, row in enumerate(rows, start=2):  # each row checked as it is read: a bad one stops the reading
        if len(row) != len(header):
            raise _fault(f"{file}, row {number}: expected {plural(len(header), 'cell')}, found {len(row)}")
        where = f"{file}, row {number}"
        cells = {
            c.name: _value(cell, c, _required(c, table), where) for c, cell in zip(table.columns, row, strict=True)
        }
        typed.append(_Row(file=file, number=number, cells=cells))
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


# -- keys

_NUMBERED = {"divisions": "division_id", "items": "item_id"}
"""Tables whose ids the model requires to count their rows, 1, 2, 3, …"""


def _check_keys(tables: Mapping[str, list[_Row]]) -> None:
    """Primary keys unique, ids counting rows, foreign keys naming a row: checked before any object
    is made, so that a repeated key cannot multiply what is built, nor an orphan row vanish."""
    for table in TABLES.values():
        if table.primary_key:
            _check_unique(tables[table.name], table.primary_key)
    for name, column in _NUMBERED.items():
        for place, row in enumerate(tables[name], start=1):
            if row[column] != place:
                raise _fault(f"{row.at(column)}: {row[column]} should be {place}: ids count the rows 1, 2, 3, …")
    for table in TABLES.values():
        for key in table.foreign_keys:
            _check_reference(tables[table.name], key, tables[key.table])


def _check_unique(rows: list[_Row], key: tuple[str, ...]) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        first = seen.setdefault(row.key(key), row.number)
        if first != row.number:
            raise _fault(f"{row.at(*key)}: the primary key repeats row {first}'s")


def _check_reference(rows: list[_Row], key: ForeignKey, targets: list[_Row]) -> None:
    known = {target.key(key.reference) for target in targets}
    for row in rows:
        values = row.key(key.fields)
        if None not in values and values not in known:
            shown = ", ".join(map(repr, values))
            raise _fault(f"{row.at(*key.fields)}: no row of {key.table}.csv has {', '.join(key.reference)} {shown}")


def _check_nothing_lost(tables: Mapping[str, list[_Row]], plan: Plan) -> None:
    """The plan's own tables must be the tables read, so that nothing read is dropped or changed in
    silence: an orphan row, a clause of a document without a notice, a derived column that disagrees."""
    own = _tables_of(plan)
    for table in TABLES.values():
        rows, made = tables[table.name], own[table.name]
        for row, twin in zip(rows, made, strict=False):
            if row.cells != twin.cells:
                column = next(name for name, value in row.cells.items() if value != twin[name])
                read, held = row[column], twin[column]
                raise _fault(f"{row.at(column)}: {read!r} is not what the plan the tables make holds ({held!r})")
        if len(rows) > len(made):  # never fewer: every row read makes its part of the plan
            raise _fault(f"{rows[len(made)].at()}: the plan the tables make holds no such row (an orphan)")


# -- building the plan


def _grouped(rows: list[_Row], key: str) -> dict[Any, list[_Row]]:
    groups: dict[Any, list[_Row]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def _registry(tables: Mapping[str, list[_Row]]) -> UnitRegistry:
    aliases = _grouped(tables["unit_aliases"], "unit_id")
    members = _grouped(tables["collective_members"], "collective_id")
    relations = _grouped(tables["unit_relations"], "unit_id")
    units = tuple(
        u.build(
            Unit,
            id=u["unit_id"],
            name=u["name"],
            full_name=u["full_name"],
            full_name_basis=u["full_name_basis"],
            full_name_certainty=u["full_name_certainty"],
            name_en=u["name_en"],
            name_en_status=u["name_en_status"],
            name_en_basis=u["name_en_basis"],
            kind=u["kind"],
            kind_basis=u["kind_basis"],
            kind_certainty=u["kind_certainty"],
            parent=u["parent_id"],
            parent_basis=u["parent_basis"],
            parent_certainty=u["parent_certainty"],
            aliases=tuple(
                a.build(Alias, name=a["alias"], basis=a["basis"], certainty=a["certainty"])
                for a in aliases.get(u["unit_id"], ())
            ),
            members=tuple(
                m.build(Membership, unit=m["member_id"], basis=m["basis"], certainty=m["certainty"])
                for m in members.get(u["unit_id"], ())
            ),
            relations=tuple(
                r.build(Relation, kind=r["kind"], unit=r["other_id"], basis=r["basis"], certainty=r["certainty"])
                for r in relations.get(u["unit_id"], ())
            ),
            note=u["note"],
            note_certainty=u["note_certainty"],
        )
        for u in tables["units"]
    )
    return _made("units.csv", UnitRegistry, units=units)


def _leaders(rows: list[_Row]) -> tuple[Leader, ...]:
    return tuple(r.build(Leader, name=r["name"], label=r["label"]) for r in rows)


def _divisions(tables: Mapping[str, list[_Row]]) -> tuple[Division, ...]:
    leaders = _grouped(tables["division_leaders"], "division_id")
    return tuple(
        d.build(
            Division,
            id=d["division_id"],
            kind=d["kind"],
            parent=d["parent_id"],
            number=d["number"],
            marker=d["marker"],
            title=d["title"],
            line=d["line"],
            declared=d["declared"],
            declared_areas=d["declared_areas"],
            leaders=_leaders(leaders.get(d["division_id"], [])),
        )
        for d in tables["divisions"]
    )


def _assignments(rows: list[_Row], units: UnitRegistry) -> tuple[Assignment, ...]:
    return tuple(
        a.build(
            Assignment,
            unit=units.by_id(a["unit_id"]),  # the foreign key is checked: never None
            role=a["role"],
            position=a["position"],
            group=a["group_number"],
            printed=a["printed_name"],
            label=a["label"],
            basis=a["basis"],
            convention_line=a["convention_line"],
        )
        for a in rows
    )


def _items(tables: Mapping[str, list[_Row]], units: UnitRegistry) -> tuple[Item, ...]:
    assignments = _grouped(tables["assignments"], "item_id")
    leaders = _grouped(tables["leaders"], "item_id")
    details = _grouped(tables["details"], "item_id")
    return tuple(
        i.build(
            Item,
            id=i["item_id"],
            kind=i["kind"],
            number=i["number"],
            marker=i["marker"],
            division=i["division_id"],
            text=i["text"],
            assignments=_assignments(assignments.get(i["item_id"], []), units),
            leaders=_leaders(leaders.get(i["item_id"], [])),
            due=i["due"],
            source=i["source"],
            details=tuple(d.build(Detail, label=d["label"], text=d["text"]) for d in details.get(i["item_id"], ())),
            open_ended=i["open_ended"],
            complete=i["complete"],
            first_line=i["first_line"],
            last_line=i["last_line"],
        )
        for i in tables["items"]
    )


def _notice(doc: _Row, tables: Mapping[str, list[_Row]]) -> Notice | None:
    if not doc["has_notice"]:
        return None
    return doc.build(
        Notice,
        doc_number=doc["notice_doc_number"],
        preamble=doc["preamble"],
        clauses=tuple(
            c.build(
                Clause,
                ordinal=c["clause_ordinal"],
                text=c["text"],
                first_line=c["first_line"],
                last_line=c["last_line"],
            )
            for c in tables["clauses"]
        ),
        deadlines=tuple(
            d.build(
                Deadline,
                date=d["date"],
                due=d["due"],
                submitter=d["submitter"],
                recipient=d["recipient"],
                clause=d["clause_ordinal"],
                line=d["line"],
            )
            for d in tables["deadlines"]
        ),
        signed_by=doc["signed_by"],
        signed_on=doc["signed_on"],
    )


def _plan(tables: Mapping[str, list[_Row]]) -> Plan:
    """The plan the tables hold; the document's derived columns (targets_title, …) are checked afterwards."""
    if len(tables["document"]) != 1:
        raise _fault(f"document.csv: expected one row, found {len(tables['document'])}")
    doc = tables["document"][0]
    units = _registry(tables)
    return doc.build(
        Plan,
        source_sha256=doc["source_sha256"],
        layout=doc["layout"],
        info=doc.build(
            DocumentInfo,
            title=doc["title"],
            issuer=doc["issuer"],
            doc_number=doc["doc_number"],
            promulgated=doc["promulgated"],
            released=doc["released"],
            written=doc["written"],
            index_number=doc["index_number"],
            effective=doc["effective"],
            level=doc["level"],
            status=doc["status"],
            topic=doc["topic"],
            addressees=tuple(a["name"] for a in tables["addressees"]),
        ),
        notice=_notice(doc, tables),
        title=doc["plan_title"],
        declared_items=doc["declared_items"],
        declared_areas=doc["declared_areas"],
        divisions=_divisions(tables),
        items=_items(tables, units),
        conventions=tuple(
            c.build(Convention, kind=c["kind"], text=c["text"], line=c["line"], column=c["column_number"])
            for c in tables["conventions"]
        ),
        residue=tuple(
            r.build(Residue, text=r["text"], line=r["line"], column=r["column_number"]) for r in tables["residue"]
        ),
        units=units,
    )
