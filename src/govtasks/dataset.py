"""Many plans as one dataset: every table of every plan, each row keyed by its plan's ``plan_id``.

:func:`write_dataset` takes the :class:`~govtasks.many.Read` s that :func:`govtasks.many.iter_plans`
yields, or the :class:`Outcome` s of :func:`outcomes`, and writes them as they arrive, so memory
does not grow with the number of plans. An outcome is a file's tables already encoded where the
file was read, in a worker process with ``jobs`` above 1, so that writing scales with the workers:

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
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import IO, Any, Literal

import attrs
from attrs import frozen

from govtasks._files import folder_path, replacing
from govtasks._version import __version__
from govtasks.columns import Column, Row
from govtasks.datapackage import DESCRIPTOR, created_field, csv_lines, descriptor_bytes, resource
from govtasks.errors import ParseError
from govtasks.many import Paths, Read, map_files, read_file
from govtasks.parquet import arrow_schema, parquet_bytes, pyarrow_modules
from govtasks.tables import TABLES, Table, key_problem, keyed, with_plan_id
from govtasks.units import UnitRegistry
from govtasks.validation import validate

DatasetFormat = Literal["parquet", "datapackage"]
DATASET_FORMATS: tuple[DatasetFormat, ...] = ("parquet", "datapackage")
FILES = "files"
"""The table that names every file read and what became of it."""
_KEY = ("plan_id",)
"""The one column every plan table's rows must fill: the rest may be empty, as in a single plan's files."""


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
            column("column_number", "integer", False, "1-based column of the fault, where the error names one"),
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


Encoded = tuple[tuple[str, int, bytes], ...]
"""A plan's tables as a dataset's format holds them: (table, rows, bytes) for each table."""


@frozen(kw_only=True)
class Outcome:
    """One file as a dataset takes it: which file, what it held, and its tables already encoded.

    Made where the file was read (by :func:`outcomes`, in a worker process when ``jobs`` is above
    1), so that the process writing the dataset only places bytes: a plan itself never has to
    cross between processes. ``layout`` and the counts are None for a file that gave no plan.
    """

    path: Path
    sha256: str
    plan_id: str | None
    error: ParseError | OSError | None
    layout: str | None
    items: int | None
    units: int | None
    """Distinct units the plan's items name."""
    errors: int | None
    """Validation errors (:func:`govtasks.validate`)."""
    warnings: int | None
    problem: str | None
    """How the plan breaks a key of its tables, which a data package would declare; None if it does
    not, and None unchecked when ``format`` is None."""
    format: DatasetFormat | None
    """The format ``tables`` is encoded for; None when only the file's facts were wanted."""
    tables: Encoded


def outcome(read: Read, format: DatasetFormat | None = None) -> Outcome:
    """What ``read`` gives a dataset of ``format`` (or, with None, only the facts a listing shows)."""
    plan, plan_id = read.plan, read.plan_id
    if plan is None or plan_id is None:
        return Outcome(
            path=read.path,
            sha256=read.sha256,
            plan_id=None,
            error=read.error,
            layout=None,
            items=None,
            units=None,
            errors=None,
            warnings=None,
            problem=None,
            format=format,
            tables=(),
        )
    report = validate(plan)
    rows = {name: list(table.rows(plan)) for name, table in TABLES.items()} if format is not None else {}
    problem = key_problem(rows) if format is not None else None
    return Outcome(
        path=read.path,
        sha256=read.sha256,
        plan_id=plan_id,
        error=None,
        layout=plan.layout.value,
        items=len(plan.items),
        units=len({a.unit.id for item in plan.items for a in item.assignments}),
        errors=len(report.errors),
        warnings=len(report.warnings),
        problem=problem,
        format=format,
        tables=_ENCODERS[format](rows, plan_id) if format is not None and problem is None else (),
    )


def _file_outcome(path: Path, units: UnitRegistry | None, *, format: DatasetFormat | None) -> Outcome:
    return outcome(read_file(path, units), format)


def outcomes(
    paths: Paths,
    format: DatasetFormat | None = None,
    *,
    units: UnitRegistry | None = None,
    jobs: int = 1,
    chunksize: int = 4,
) -> Iterator[Outcome]:
    """The :class:`Outcome` of each file of ``paths``, in the order of :func:`govtasks.many.files`.

    With ``jobs`` above 1 each file is read, checked and encoded in a worker process
    (:func:`govtasks.many.map_files`), and only its facts and encoded tables come back: this is the
    way to write a large dataset on many CPUs, ``write_dataset(outcomes(paths, "parquet", jobs=4), out)``.
    Raises ``ValueError`` for an unknown format and ``ImportError`` for ``parquet`` without pyarrow,
    before any file is read.
    """
    if format is not None:
        _check_format(format)
    work = partial(_file_outcome, format=format)
    return map_files(work, paths, units=units, jobs=jobs, chunksize=chunksize)


def _check_format(format: str) -> None:
    if format not in DATASET_FORMATS:
        raise ValueError(f"unknown dataset format {format!r}: expected parquet or datapackage")
    if format == "parquet":
        pyarrow_modules()


# -- encoding a plan's tables (where it was read) ---------------------------------


def _encode_parquet(rows: Mapping[str, list[Row]], plan_id: str) -> Encoded:
    """A Parquet file for each table with rows: most plans leave some tables empty, and a file
    per empty table would be most of the dataset's files."""
    encoded = []
    for name, table in TABLES.items():
        data = (
            parquet_bytes(arrow_schema(_keyed(table), required=_KEY), list(keyed(plan_id, rows[name])))
            if rows[name]
            else b""
        )
        encoded.append((name, len(rows[name]), data))
    return tuple(encoded)


def _encode_csv(rows: Mapping[str, list[Row]], plan_id: str) -> Encoded:
    """Each table's rows as CSV lines, to be added to the package's one file for the table."""
    return tuple((name, len(rows[name]), csv_lines(keyed(plan_id, rows[name]))) for name in TABLES)


_ENCODERS = {"parquet": _encode_parquet, "datapackage": _encode_csv}


# -- placing them (where the dataset is written) ------------------------------------


class _Sink:
    """Where a plan's encoded tables go: their own files (Parquet) or one growing CSV file per table."""

    def start(self, folder: Path) -> None:
        raise NotImplementedError

    def place(self, number: int, outcome: Outcome) -> None:
        raise NotImplementedError

    def finish(self, files: list[tuple[Any, ...]], summary: dict[str, Any]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Close any file still open, so that a failed dataset's folder can be removed (on Windows too)."""


class _Parquet(_Sink):
    def __init__(self) -> None:
        pyarrow_modules()
        self.folder = Path()

    def start(self, folder: Path) -> None:
        self.folder = folder
        for name in TABLES:
            (folder / name).mkdir()

    def place(self, number: int, outcome: Outcome) -> None:
        for name, _rows, data in outcome.tables:
            if data:
                (self.folder / name / f"{number:06d}-{outcome.sha256[:12]}.parquet").write_bytes(data)

    def finish(self, files: list[tuple[Any, ...]], summary: dict[str, Any]) -> None:
        for name, count in summary["rows"].items():
            if not count:  # one empty file, so that a glob over the table's folder finds its schema
                schema = arrow_schema(_keyed(TABLES[name]), required=_KEY)
                (self.folder / name / "000000-empty.parquet").write_bytes(parquet_bytes(schema, []))
        schema = arrow_schema(_files_table(), required=("position", "path", "status"))
        (self.folder / f"{FILES}.parquet").write_bytes(parquet_bytes(schema, files))


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


class _Package(_Sink):
    def __init__(self, name: str, created: dt.datetime | None) -> None:
        self.name, self.created = name, created
        self.files: dict[str, _HashedFile] = {}
        self.folder = Path()

    def start(self, folder: Path) -> None:
        self.folder = folder
        for name, table in TABLES.items():
            self.files[name] = _HashedFile(folder / table.file)
            self.files[name].write(csv_lines([_keyed(table).names]))

    def place(self, number: int, outcome: Outcome) -> None:
        for name, _rows, data in outcome.tables:
            self.files[name].write(data)

    def close(self) -> None:
        for file in self.files.values():
            file.close()

    def finish(self, files: list[tuple[Any, ...]], summary: dict[str, Any]) -> None:
        table = _files_table()
        self.files[FILES] = _HashedFile(self.folder / table.file)
        self.files[FILES].write(csv_lines([table.names, *files]))
        self.close()
        tables = [*(_keyed(t) for t in TABLES.values()), table]
        descriptor: dict[str, Any] = {
            "profile": "tabular-data-package",
            "name": self.name,
            "title": "responsibility plans (责任分解方案) as one dataset",
            "description": (
                f"{summary['plans']} plans as tables, each row keyed by its plan's plan_id: who leads (牵头单位) "
                "and who shares (责任单位) each target and task. The files table names every file read and "
                "what became of it."
            ),
            "version": __version__,
            **created_field(self.created),
            "licenses": [{"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}],
            "contributors": [{"title": "govtasks developers", "role": "author"}],
            "govtasks": {"version": __version__, **summary},
            "resources": [
                resource(t, size=self.files[t.name].bytes, sha256=self.files[t.name].hash.hexdigest()) for t in tables
            ],
        }
        (self.folder / DESCRIPTOR).write_bytes(descriptor_bytes(descriptor))


def _size(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in folder.rglob("*") if entry.is_file())


def write_dataset(
    source: Iterable[Read | Outcome],
    out_dir: str | os.PathLike[str],
    format: DatasetFormat = "parquet",
    *,
    force: bool = False,
    name: str = "govtasks-dataset",
    created: dt.datetime | None = None,
) -> Summary:
    """Write the plans of ``source`` as one dataset in the folder ``out_dir``; see the module's description.

    ``source`` gives a :class:`Read` (from :func:`govtasks.iter_plans`) or an :class:`Outcome` (from
    :func:`outcomes`, which can read in worker processes) for each file. Each plan is written as it
    arrives and then dropped. A file that failed to read, or whose plan breaks a key of its tables
    (which a data package would declare), is skipped and named in the ``files`` table, as is a repeat
    of a ``plan_id`` already written. ``name`` and ``created`` go into ``datapackage.json``; without
    ``created`` it records no time, so that the same files always make the same bytes.

    ``out_dir`` is treated as by :func:`govtasks.export`: created, or replaced if empty, or with
    ``force=True`` if it holds files; never followed if it is a symbolic link. Raises, before anything
    is written: ``ValueError`` for an unknown format or an ``out_dir`` that names no folder;
    ``ImportError`` for ``parquet`` without pyarrow; ``FileExistsError`` or ``NotADirectoryError``
    for an ``out_dir`` in the way. While writing, ``ValueError`` for an :class:`Outcome` encoded for
    another format. Whatever is raised while writing (by the system or by ``source`` itself) removes
    the new folder and leaves ``out_dir`` as it was.
    """
    _check_format(format)
    target = folder_path(out_dir)
    sink: _Sink = _Parquet() if format == "parquet" else _Package(name, created)
    began = time.perf_counter()
    with replacing(target, force=force) as new:
        try:
            summary = _write(source, sink, new, target, format)
        finally:
            sink.close()
    return attrs.evolve(summary, seconds=time.perf_counter() - began)


def _encoded(item: Read | Outcome, format: DatasetFormat) -> Outcome:
    if isinstance(item, Read):
        return outcome(item, format)
    if item.plan_id is not None and item.problem is None and item.format != format:
        raise ValueError(f"{item.path}: its outcome is encoded for {item.format}, not {format}")
    return item


def _fault(item: Outcome) -> tuple[str, int | None, int | None]:
    error = item.error
    if isinstance(error, ParseError):
        return error.message, error.line, error.column
    if isinstance(error, OSError):
        return f"cannot read: {error.strerror or error}", None, None
    return str(error), None, None


def _write(source: Iterable[Read | Outcome], sink: _Sink, new: Path, target: Path, format: DatasetFormat) -> Summary:
    sink.start(new)
    rows = dict.fromkeys(TABLES, 0)
    files: list[tuple[Any, ...]] = []
    written: set[str] = set()
    failed = duplicates = 0
    for number, item in enumerate(source, start=1):
        got = _encoded(item, format)
        status, message, line, column = "ok", None, None, None
        if got.plan_id is None:
            status, (message, line, column) = "failed", _fault(got)
        elif got.plan_id in written:
            status, message = "duplicate", "the same plan_id as a file before it"
        elif got.problem is not None:
            status, message = "failed", f"the plan breaks a key of its tables: {got.problem}"
        else:
            sink.place(number, got)
            for table, count, _data in got.tables:
                rows[table] += count
            written.add(got.plan_id)
        failed += status == "failed"
        duplicates += status == "duplicate"
        files.append((number, str(got.path), got.sha256 or None, got.plan_id, status, message, line, column))
    counts = {"files": len(files), "plans": len(written), "failed": failed, "duplicates": duplicates}
    sink.finish(files, {**counts, "rows": rows})
    return Summary(out_dir=target, format=format, rows=rows, bytes=_size(new), seconds=0.0, **counts)
