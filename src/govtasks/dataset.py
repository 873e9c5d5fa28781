"""Many plans as one dataset: every table of every plan, each row keyed by its plan's ``plan_id``.

:func:`write_dataset` takes the :class:`~govtasks.many.Read` s that :func:`govtasks.many.iter_plans`
yields and writes them as they arrive, so memory does not grow with the number of plans:

* ``parquet``: ``<out>/<table>/<NNNNNN>-<sha256[:12]>.parquet``, one file per table per plan that
  has rows in it (a table without rows in any plan gets one empty ``000000-empty.parquet``), every
  file of a table with the same Arrow schema (``plan_id`` first, then the table's columns, typed
  from the table definition), so that ``duckdb.sql("select * from read_parquet('out/items/*.parquet')")``
  or ``pandas.read_parquet('out/items')`` read a table's files as one table; and
  ``<out>/files.parquet``, one row per file read.
* ``datapackage``: one Frictionless data package, ``<out>/<table>.csv`` and
  ``<out>/files.csv`` with ``<out>/datapackage.json``; ``plan_id`` is the first column of every
  plan table and the first field of every primary and foreign key.

The ``files`` table names every file read, in order: its path, sha256, ``plan_id``, and whether it
was written (``ok``), failed to read (``failed``, with the error's message, line and column) or
repeated a plan already written (``duplicate``). Failed and repeated files add no rows elsewhere.

The dataset is written into a new folder beside ``out_dir`` and renamed into place only when
complete, as :func:`govtasks.export` does: an interrupted run leaves ``out_dir`` as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

import attrs
from attrs import frozen

from govtasks._version import __version__
from govtasks.errors import DataError, ParseError
from govtasks.exports import (
    _cell,
    _check_keys,
    _check_target,
    _dialect,
    _new_folder,
    _schema,
    _swap,
    _tables_of,
    _target,
)
from govtasks.many import Read
from govtasks.model import Plan
from govtasks.tables import TABLES, Column, Table, with_plan_id

if TYPE_CHECKING:
    import pyarrow as pa

DatasetFormat = Literal["parquet", "datapackage"]
DATASET_FORMATS: tuple[DatasetFormat, ...] = ("parquet", "datapackage")
FILES = "files"
"""The table that names every file read and what became of it."""


def _keyed(table: Table, plan_id: str = "") -> Table:
    """``table`` with ``plan_id`` as its first column and the first field of every key, its rows led by ``plan_id``."""
    return with_plan_id(table, lambda _plan: plan_id)


def _files_table() -> Table:
    def column(name: str, type_: Any, required: bool, description: str) -> Column:
        return Column(name=name, type=type_, required=required, description=description)

    return Table(
        name=FILES,
        description="every file read, in order, and what became of it",
        columns=(
            column("position", "integer", True, "1-based place of the file in the order read"),
            column("path", "string", True, "the file's path as given"),
            column("sha256", "string", False, "sha256 of the file's bytes; missing when it could not be read"),
            column("plan_id", "string", False, "the plan's id; missing when the file failed"),
            column("status", "string", True, "ok (written), failed (not read as a plan) or duplicate (skipped)"),
            column("message", "string", False, "why the file failed or was skipped"),
            column("line", "integer", False, "1-based line of the fault, where the error names one"),
            column("column", "integer", False, "1-based column of the fault, where the error names one"),
        ),
        primary_key=("position",),
        foreign_keys=(),
        make=lambda plan: iter(()),
    )


@frozen(kw_only=True)
class Summary:
    """What :func:`write_dataset` wrote."""

    out_dir: Path
    format: DatasetFormat
    files: int
    """Files read (every :class:`Read` given)."""
    plans: int
    """Plans written."""
    failed: int
    """Files that failed to read as a plan, or whose plan breaks a key of its tables."""
    duplicates: int
    """Files whose ``plan_id`` was already written, skipped."""
    rows: dict[str, int]
    """Rows written per table."""
    bytes: int
    """Bytes written, every file of the dataset together."""
    seconds: float


def _fault(read: Read) -> tuple[str, int | None, int | None]:
    error = read.error
    if isinstance(error, ParseError):
        return error.message, error.line, error.column
    if isinstance(error, OSError):
        return f"cannot read: {error.strerror or error}", None, None
    return str(error), None, None


class _Sink:
    """Where rows go: one file per table per plan (Parquet) or one growing CSV file per table."""

    def start(self, folder: Path) -> None:
        raise NotImplementedError

    def plan(self, number: int, read: Read, plan: Plan, plan_id: str) -> dict[str, int]:
        raise NotImplementedError

    def finish(self, files: list[tuple[Any, ...]], summary: dict[str, Any]) -> None:
        raise NotImplementedError


class _Parquet(_Sink):
    def __init__(self) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise ImportError("the parquet format needs pyarrow: pip install 'govtasks[parquet]'") from None
        self.pa, self.pq = pa, pq
        self.types = {"integer": pa.int64(), "string": pa.string(), "date": pa.date32(), "boolean": pa.bool_()}
        self.schemas = {name: self.schema(_keyed(table)) for name, table in TABLES.items()}
        self.folder = Path()

    def schema(self, table: Table, *, required: tuple[str, ...] = ("plan_id",)) -> pa.Schema:
        """The table's Arrow schema, one for all its files; only the ``required`` columns are not nullable."""
        return self.pa.schema(
            [self.pa.field(c.name, self.types[c.type], nullable=c.name not in required) for c in table.columns]
        )

    def start(self, folder: Path) -> None:
        self.folder = folder
        for name in TABLES:
            (folder / name).mkdir()

    def write(self, path: Path, schema: pa.Schema, rows: list[tuple[Any, ...]]) -> None:
        arrays = [self.pa.array([row[i] for row in rows], type=field.type) for i, field in enumerate(schema)]
        self.pq.write_table(self.pa.Table.from_arrays(arrays, schema=schema), path)

    def plan(self, number: int, read: Read, plan: Plan, plan_id: str) -> dict[str, int]:
        counts = {}
        for name, table in TABLES.items():
            rows = list(_keyed(table, plan_id).rows(plan))
            if rows:  # most plans leave some tables empty: a file per empty table would be most of the files
                self.write(self.folder / name / f"{number:06d}-{read.sha256[:12]}.parquet", self.schemas[name], rows)
            counts[name] = len(rows)
        return counts

    def finish(self, files: list[tuple[Any, ...]], summary: dict[str, Any]) -> None:
        for name, count in summary["rows"].items():
            if not count:  # one empty file, so that a glob over the table's folder finds its schema
                self.write(self.folder / name / "000000-empty.parquet", self.schemas[name], [])
        self.write(
            self.folder / f"{FILES}.parquet",
            self.schema(_files_table(), required=("position", "path", "status")),
            files,
        )


class _HashedFile:
    """A file written in pieces, its size and sha256 kept as it grows."""

    def __init__(self, path: Path) -> None:
        self.stream: IO[bytes] = open(path, "xb")  # noqa: SIM115  (closed in close())
        self.hash = hashlib.sha256()
        self.bytes = 0

    def write(self, data: bytes) -> None:
        self.stream.write(data)
        self.hash.update(data)
        self.bytes += len(data)

    def close(self) -> None:
        self.stream.close()


def _csv_lines(rows: Iterable[tuple[Any, ...]]) -> bytes:
    return "".join(",".join(_cell(value, spreadsheet=False) for value in row) + "\r\n" for row in rows).encode()


class _Package(_Sink):
    def __init__(self, name: str, created: dt.datetime | None) -> None:
        self.name, self.created = name, created
        self.files: dict[str, _HashedFile] = {}
        self.folder = Path()

    def start(self, folder: Path) -> None:
        self.folder = folder
        for name, table in TABLES.items():
            self.files[name] = _HashedFile(folder / f"{name}.csv")
            self.files[name].write(_csv_lines([tuple(c.name for c in _keyed(table).columns)]))

    def plan(self, number: int, read: Read, plan: Plan, plan_id: str) -> dict[str, int]:
        counts = {}
        for name, table in TABLES.items():
            rows = list(_keyed(table, plan_id).rows(plan))
            self.files[name].write(_csv_lines(rows))
            counts[name] = len(rows)
        return counts

    def close(self) -> None:
        for file in self.files.values():
            file.close()

    def finish(self, files: list[tuple[Any, ...]], summary: dict[str, Any]) -> None:
        table = _files_table()
        self.files[FILES] = _HashedFile(self.folder / f"{FILES}.csv")
        self.files[FILES].write(_csv_lines([tuple(c.name for c in table.columns), *files]))
        self.close()
        tables = [*(_keyed(t) for t in TABLES.values()), table]
        stamp = self.created or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        descriptor = {
            "profile": "tabular-data-package",
            "name": self.name,
            "title": "responsibility plans (责任分解方案) as one dataset",
            "description": (
                f"{summary['plans']} plans as tables, each row keyed by its plan's plan_id: who leads (牵头单位) "
                "and who shares (责任单位) each target and task. The files table names every file read and "
                "what became of it."
            ),
            "version": __version__,
            "created": stamp.isoformat().replace("+00:00", "Z"),
            "licenses": [{"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}],
            "contributors": [{"title": "govtasks developers", "role": "author"}],
            "govtasks": {"version": __version__, **summary},
            "resources": [
                {
                    "name": t.name,
                    "path": f"{t.name}.csv",
                    "profile": "tabular-data-resource",
                    "description": t.description,
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "bytes": self.files[t.name].bytes,
                    "hash": "sha256:" + self.files[t.name].hash.hexdigest(),
                    "dialect": _dialect(),
                    "schema": _schema(t),
                }
                for t in tables
            ],
        }
        text = json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n"
        (self.folder / "datapackage.json").write_text(text, encoding="utf-8")


def _size(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in folder.rglob("*") if entry.is_file())


def write_dataset(
    reads: Iterable[Read],
    out_dir: str | os.PathLike[str],
    format: DatasetFormat = "parquet",
    *,
    force: bool = False,
    name: str = "govtasks-dataset",
    created: dt.datetime | None = None,
) -> Summary:
    """Write the plans of ``reads`` as one dataset in the folder ``out_dir``; see the module's description.

    Each plan is written as it arrives and then dropped. A file that failed to read, or whose plan
    breaks a key of its tables (which a data package would declare), is skipped and named in the
    ``files`` table, as is a repeat of a ``plan_id`` already written. ``name`` and ``created``
    (default: now, UTC) go into ``datapackage.json``.

    ``out_dir`` is treated as by :func:`govtasks.export`: created, or replaced if empty, or with
    ``force=True`` if it holds files; never followed if it is a symbolic link. Raises, before anything
    is written: ``ValueError`` for an unknown format or an ``out_dir`` that names no folder;
    ``ImportError`` for ``parquet`` without pyarrow; ``FileExistsError`` or ``NotADirectoryError``
    for an ``out_dir`` in the way. Whatever is raised while writing (by the system or by ``reads``
    itself) removes the new folder and leaves ``out_dir`` as it was.
    """
    if format not in DATASET_FORMATS:
        raise ValueError(f"unknown dataset format {format!r}: expected parquet or datapackage")
    target = _target(out_dir, format)
    sink: _Sink = _Parquet() if format == "parquet" else _Package(name, created)
    _check_target(target, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    new = _new_folder(target, "new")
    try:
        summary = _write(reads, sink, new, target, format)
        _swap(new, target, replace=force)
    except BaseException:  # KeyboardInterrupt too: never leave the half-written folder behind
        if isinstance(sink, _Package):
            sink.close()
        shutil.rmtree(new, ignore_errors=True)
        raise
    return attrs.evolve(summary, seconds=time.perf_counter() - began)


def _write(reads: Iterable[Read], sink: _Sink, new: Path, target: Path, format: DatasetFormat) -> Summary:
    sink.start(new)
    rows = dict.fromkeys(TABLES, 0)
    files: list[tuple[Any, ...]] = []
    written: set[str] = set()
    failed = duplicates = 0
    for number, read in enumerate(reads, start=1):
        status, message, line, column = "ok", None, None, None
        if read.plan is None or read.plan_id is None:
            status, (message, line, column) = "failed", _fault(read)
        elif read.plan_id in written:
            status, message = "duplicate", "the same plan_id as a file before it"
        else:
            try:
                _check_keys(_tables_of(read.plan))
            except DataError as exc:
                status, message = "failed", f"the plan breaks a key of its tables: {exc.problems[0]}"
        if status == "ok" and read.plan is not None and read.plan_id is not None:
            for table, count in sink.plan(number, read, read.plan, read.plan_id).items():
                rows[table] += count
            written.add(read.plan_id)
        failed += status == "failed"
        duplicates += status == "duplicate"
        files.append((number, str(read.path), read.sha256 or None, read.plan_id, status, message, line, column))
    counts = {"files": len(files), "plans": len(written), "failed": failed, "duplicates": duplicates}
    sink.finish(files, {**counts, "rows": rows})
    return Summary(out_dir=target, format=format, rows=rows, bytes=_size(new), seconds=0.0, **counts)
