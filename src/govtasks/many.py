"""Many plans read as one corpus: each file once, in a stable order, with its own identity.

``iter_plans`` reads files one at a time and yields a :class:`Read` for each, so memory does
not grow with the number of files; an error in one file is that file's alone. ``read_many``
collects them into :class:`Plans`: every distinct text once, the failures, the duplicates and
what is worth knowing about the corpus as a whole, with the tables of :mod:`govtasks.tables`
across plans (each keyed by ``plan_id``) and the workload of every unit over all plans.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from attrs import frozen

from govtasks.columns import Column
from govtasks.errors import ParseError
from govtasks.frames import as_columns, pandas_frame, polars_frame
from govtasks.model import Plan, Role, RoleCode
from govtasks.parsing import parse
from govtasks.results import Cell, RowTable, TabularRow, fields_of
from govtasks.units import UnitRegistry

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from govtasks.columns import Row
    from govtasks.tables import Table

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]
"""A folder (every regular file in it, sorted by name), a glob pattern, or a list of files."""


@frozen(kw_only=True)
class Read:
    """What reading one file gave: a plan with its id, or the error that stopped it."""

    path: Path
    sha256: str
    """sha256 of the file's bytes: the same text read twice has the same digest."""
    plan_id: str | None
    """``<document number or file stem>@<first 12 hex digits of sha256>``; None when the file failed."""
    plan: Plan | None
    error: ParseError | OSError | None


def plan_id(plan: Plan, path: Path, sha256: str) -> str:
    """The plan's stable id: its document number (字号) where the text gives one, else the file's stem,
    with the first 12 hex digits of the file's sha256."""
    name = _doc_number(plan) or path.stem
    return f"{name}@{sha256[:12]}"


def _doc_number(plan: Plan) -> str | None:
    return plan.info.doc_number or (plan.notice.doc_number if plan.notice else None)


def read_file(path: Path, units: UnitRegistry | None = None) -> Read:
    """One file as a :class:`Read`; never raises for the file's content or an I/O error."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return Read(path=path, sha256="", plan_id=None, plan=None, error=error)
    digest = hashlib.sha256(data).hexdigest()
    try:
        plan = parse(data, units)
    except ParseError as error:
        return Read(path=path, sha256=digest, plan_id=None, plan=None, error=error)
    return Read(path=path, sha256=digest, plan_id=plan_id(plan, path, digest), plan=plan, error=None)


def files(paths: Paths) -> list[Path]:
    """The files ``paths`` names, in a stable order."""
    if isinstance(paths, (str, os.PathLike)):
        root = Path(paths)
        if root.is_dir():
            return sorted(p for p in root.iterdir() if p.is_file())
        if root.exists():
            return [root]
        return sorted(Path(p) for p in glob.glob(os.fspath(paths), recursive=True) if Path(p).is_file())
    return [Path(p) for p in paths]


# -- reading, in this process or in workers -------------------------------------

T = TypeVar("T")

_worker_units: UnitRegistry | None = None
"""The registry of a worker process, set once as it starts (never in the process that made the pool)."""


def _start_worker(units_json: str | None) -> None:
    global _worker_units
    if units_json is not None:
        from govtasks.serialize import units_from_json

        _worker_units = units_from_json(units_json)


def _run_chunk(work: Callable[[Path, UnitRegistry | None], T], names: list[str]) -> list[T]:
    return [work(Path(name), _worker_units) for name in names]


def map_files(
    work: Callable[[Path, UnitRegistry | None], T],
    paths: Paths,
    *,
    units: UnitRegistry | None = None,
    jobs: int = 1,
    chunksize: int = 4,
) -> Iterator[T]:
    """``work(path, units)`` for each file of ``paths``, yielded in the order of :func:`files`
    whatever ``jobs`` is.

    With ``jobs`` above 1 the files are worked on in that many worker processes, ``chunksize``
    files a task, with at most two tasks a worker in flight, so memory stays bounded however many
    files there are. ``work`` and what it returns then cross between processes, so ``work`` must
    be a module-level function (or a :func:`functools.partial` of one) and its result picklable;
    each worker gets ``units`` once, as JSON, when it starts.
    """
    names = files(paths)
    if jobs <= 1:
        for path in names:
            yield work(path, units)
        return
    from govtasks.serialize import units_to_json

    chunks = [[os.fspath(p) for p in names[i : i + chunksize]] for i in range(0, len(names), chunksize)]
    units_json = units_to_json(units) if units is not None else None
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(units_json,)) as pool:
        pending: deque[Future[list[T]]] = deque()
        todo = iter(chunks)
        for chunk in todo:
            pending.append(pool.submit(_run_chunk, work, chunk))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            done = pending.popleft().result()
            following = next(todo, None)
            if following is not None:
                pending.append(pool.submit(_run_chunk, work, following))
            yield from done


_Wire = tuple[str, str, str | None, str | None, ParseError | OSError | None]
"""A :class:`Read` as it crosses from a worker: path, sha256, plan id, the plan's JSON, error."""


def _read_wire(path: Path, units: UnitRegistry | None) -> _Wire:
    """Read a file in a worker; its plan travels as JSON (a :class:`Plan` does not pickle)."""
    from govtasks.serialize import to_json

    read = read_file(path, units)
    text = to_json(read.plan) if read.plan is not None else None
    return (os.fspath(path), read.sha256, read.plan_id, text, read.error)


def _unwire(wire: _Wire) -> Read:
    from govtasks.serialize import from_json

    name, digest, pid, text, error = wire
    plan = from_json(text) if text is not None else None
    return Read(path=Path(name), sha256=digest, plan_id=pid, plan=plan, error=error)


def iter_plans(paths: Paths, *, units: UnitRegistry | None = None, jobs: int = 1, chunksize: int = 4) -> Iterator[Read]:
    """Read each file of ``paths`` in turn, yielding its :class:`Read` as soon as it is read.

    Results come in the order of :func:`files`, whatever ``jobs`` is; ``jobs`` and ``chunksize``
    as for :func:`map_files`. A :class:`Plan` does not pickle (its registry holds mapping proxies),
    so a worker sends each plan as :func:`govtasks.to_json` text and this process reads it back with
    :func:`govtasks.from_json` (a :class:`ParseError` pickles whole, line and column kept). Writing
    and reading the JSON costs about as much as parsing, and the reading is done here, alone, so
    workers do not make ``iter_plans`` faster: they pay where a worker can do all its work on a
    plan and send back something small, as :func:`govtasks.dataset.outcomes` does for a dataset.
    """
    if jobs <= 1:
        yield from map_files(read_file, paths, units=units)
        return
    for wire in map_files(_read_wire, paths, units=units, jobs=jobs, chunksize=chunksize):
        yield _unwire(wire)


# -- many plans as one ------------------------------------------------------------


@frozen(kw_only=True)
class PlansFinding:
    """Something worth knowing about the corpus as a whole, not about one plan."""

    code: str
    """``same-doc-number``: different texts claim one document number."""
    plan_ids: tuple[str, ...]
    message: str


_ENTRY_COLUMNS = (
    Column.optional(
        "name", "string", "the unit's name as the plans print it (the registry's short name for a registered unit)"
    ),
    Column.optional("unit_id", "string", "the registry id, when counted by unit"),
    Column.optional("items", "integer", "items counted over all plans"),
    Column.optional("plans", "integer", "plans in which the unit is counted at all"),
)


@frozen(kw_only=True)
class WorkloadEntry(TabularRow):
    """One unit's count of items across plans."""

    _fields = fields_of(_ENTRY_COLUMNS)

    name: str
    """The unit's name as the plans print it (the registry's short name for a registered unit)."""
    unit_id: str | None
    """The registry id, when counted ``by="unit"``."""
    items: int
    plans: int
    """In how many plans the unit is counted at all."""

    def row(self) -> tuple[Cell, ...]:
        return (self.name, self.unit_id, self.items, self.plans)


@frozen(kw_only=True, eq=False)
class PlansWorkload(RowTable[WorkloadEntry]):
    """Items per unit across plans, most first; says which role and whether targets are counted.
    A table (see :mod:`govtasks.results`)."""

    COLUMNS = _ENTRY_COLUMNS
    kind: str
    """``lead``, ``responsible`` or ``all``."""
    by: str
    include_targets: bool
    rows: tuple[WorkloadEntry, ...]

    def _rows(self) -> tuple[WorkloadEntry, ...]:
        return self.rows

    def get(self, name: str) -> WorkloadEntry | None:
        """The entry for the unit printed (or registered) as ``name``, if it is counted."""
        return next((row for row in self.rows if row.name == name or row.unit_id == name), None)

    def caption(self) -> str:
        counted = "tasks and targets" if self.include_targets else "tasks (targets not counted)"
        return f"Workload across plans: {counted}, role {self.kind}, units joined by {self.by}"


WorkloadKind = RoleCode | Literal["all"]
"""A role by its code (:attr:`Role.code`), or ``all`` for both."""
_YEAR = re.compile(r"[〔\[(（]((?:19|20)\d\d)[〕\])）]")


def _kind(kind: str | Role) -> WorkloadKind:
    """A role in any spelling :meth:`Role.parse` reads, as its code; or ``all`` (``total``) for both."""
    if kind in ("all", "total"):
        return "all"
    try:
        return Role.parse(kind).code
    except ValueError:
        raise ValueError(f"no workload kind {kind!r}; give all (or total), {Role.spellings()}") from None


@frozen(kw_only=True, eq=False)
class Plans(Sequence[Read]):
    """The plans of many files: each distinct text once, in the order of the files.

    Iterating gives the :class:`Read` of every plan kept; ``failed`` holds the files that
    gave no plan, ``duplicates`` the files whose bytes repeat an earlier file's.
    """

    reads: tuple[Read, ...]
    failed: tuple[tuple[Path, ParseError | OSError], ...]
    duplicates: tuple[tuple[Path, Path], ...]
    """(path, path of the first copy) for every file whose sha256 was read before."""
    findings: tuple[PlansFinding, ...]

    @overload
    def __getitem__(self, index: int) -> Read: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Read]: ...
    def __getitem__(self, index: int | slice) -> Read | Sequence[Read]:
        return self.reads[index]

    def __len__(self) -> int:
        return len(self.reads)

    @property
    def plans(self) -> tuple[Plan, ...]:
        return tuple(read.plan for read in self.reads if read.plan is not None)

    def by_id(self, key: str) -> Plan:
        """The plan with ``plan_id`` ``key``; a LookupError if there is none."""
        for read in self.reads:
            if read.plan_id == key and read.plan is not None:
                return read.plan
        raise LookupError(f"no plan {key!r}")

    # -- tables --

    def table_spec(self, name: str) -> Table:
        """Table ``name``'s definition across plans: :func:`govtasks.tables.with_plan_id` of the one-plan
        table, or one of the corpus tables ``plans``, ``findings`` and ``failed``."""
        from govtasks import tables

        if name in _OWN:
            return _own_tables()[name]
        ids = {id(read.plan): read.plan_id for read in self.reads}
        return tables.with_plan_id(tables.table(name), lambda plan: ids[id(plan)] or "")

    def table(self, name: str) -> list[Row]:
        """Table ``name`` over every plan, in plan order, ``plan_id`` first on every row."""
        if name == "plans":
            return [_plan_row(read) for read in self.reads]
        if name == "findings":
            return self._finding_rows()
        if name == "failed":
            return [_failed_row(path, error) for path, error in self.failed]
        spec = self.table_spec(name)
        return [row for read in self.reads if read.plan is not None for row in spec.rows(read.plan)]

    def _finding_rows(self) -> list[Row]:
        from govtasks.validation import validate

        rows: list[Row] = []
        for read in self.reads:
            if read.plan is not None:
                for f in validate(read.plan).findings:
                    rows.append((read.plan_id, f.code, f.severity.value, f.item, f.line, f.message))
        for finding in self.findings:
            for key in finding.plan_ids:
                rows.append((key, finding.code, "warning", "plans", None, finding.message))
        return rows

    def columns(self, name: str) -> dict[str, list[Any]]:
        """Table ``name`` as columns: header → values, in row order."""
        return as_columns(self.table_spec(name).columns, self.table(name))

    def to_pandas(self, name: str) -> pd.DataFrame:
        """Table ``name`` across plans as a pandas DataFrame with nullable dtypes (needs ``pandas``)."""
        return pandas_frame(self.table_spec(name).columns, self.table(name))

    def to_polars(self, name: str) -> pl.DataFrame:
        """Table ``name`` across plans as a polars DataFrame (needs the ``polars`` extra)."""
        return polars_frame(self.table_spec(name).columns, self.table(name))

    # -- workload --

    def workload(
        self, kind: str | Role = "lead", *, by: Literal["printed", "unit"] = "printed", include_targets: bool = False
    ) -> PlansWorkload:
        """Items per unit across plans: led (``lead``), shared (``responsible``) or both (``all``).

        Built from each plan's :func:`govtasks.query.workload` (tasks only unless
        ``include_targets``; units named directly, never through a collective), so it is the
        sum of the per-plan workloads. ``by="printed"`` joins units across plans by name,
        ``by="unit"`` by registry id (meaningful across plans read with one shared registry).
        """
        from govtasks.query import workload

        which = _kind(kind)
        role = None if which == "all" else Role.parse(which)
        if by not in ("printed", "unit"):
            raise ValueError(f"workload by {by!r}: give 'printed' or 'unit'")
        items: dict[str, int] = {}
        plans: dict[str, int] = {}
        names: dict[str, str] = {}
        for plan in self.plans:
            for row in workload(plan, include_targets=include_targets):
                count = row.in_role(role)
                key = row.unit.name if by == "printed" else row.unit.id
                if count:
                    names.setdefault(key, row.unit.name)
                    items[key] = items.get(key, 0) + count
                    plans[key] = plans.get(key, 0) + 1
        entries = [
            WorkloadEntry(name=names[k], unit_id=k if by == "unit" else None, items=n, plans=plans[k])
            for k, n in items.items()
        ]
        entries.sort(key=lambda e: (-e.items, e.name))
        return PlansWorkload(kind=which, by=by, include_targets=include_targets, rows=tuple(entries))


def read_many(paths: Paths, *, units: UnitRegistry | None = None, jobs: int = 1, chunksize: int = 4) -> Plans:
    """Read every file of ``paths`` (a folder, a glob or a list) as one :class:`Plans`.

    A file that fails is in ``failed`` and the rest still read; bytes read before are in
    ``duplicates`` and counted once; different texts claiming one document number all stay,
    with a ``same-doc-number`` finding. ``jobs`` as for :func:`iter_plans`.
    """
    kept: list[Read] = []
    failed: list[tuple[Path, ParseError | OSError]] = []
    duplicates: list[tuple[Path, Path]] = []
    first: dict[str, Path] = {}
    numbers: dict[str, list[str]] = {}
    for read in iter_plans(paths, units=units, jobs=jobs, chunksize=chunksize):
        if read.error is not None:
            failed.append((read.path, read.error))
            continue
        if read.sha256 in first:
            duplicates.append((read.path, first[read.sha256]))
            continue
        first[read.sha256] = read.path
        kept.append(read)
        number = _doc_number(read.plan) if read.plan is not None else None
        if number and read.plan_id:
            numbers.setdefault(number, []).append(read.plan_id)
    findings = tuple(
        PlansFinding(
            code="same-doc-number",
            plan_ids=tuple(ids),
            message=f"{len(ids)} different texts claim the document number {number}",
        )
        for number, ids in numbers.items()
        if len(ids) > 1
    )
    return Plans(reads=tuple(kept), failed=tuple(failed), duplicates=tuple(duplicates), findings=findings)


# -- the corpus tables -------------------------------------------------------------

_OWN = ("plans", "findings", "failed")


def _own_tables() -> dict[str, Table]:
    from govtasks.tables import PLAN_ID, Table

    def col(name: str, type_: Literal["integer", "string"], description: str, required: bool = False) -> Column:
        return Column(name=name, type=type_, required=required, description=description)

    def none(_: Plan) -> Iterator[Row]:
        return iter(())

    return {
        "plans": Table(
            name="plans",
            description="one row per plan read: where it came from and what it holds",
            columns=(
                PLAN_ID,
                col("path", "string", "the file's name", True),
                col("sha256", "string", "sha256 of the file's bytes", True),
                col("layout", "string", "the layout family the text was read as", True),
                col("title", "string", "the notice's title, else the plan's own"),
                col("doc_number", "string", "字号, from the header, else under the notice's title"),
                col("issuer", "string", "制定机关, else the office in the notice's signature"),
                col("place", "string", "the place the metadata states (never guessed)"),
                col("level", "string", "效力等级, legal force level"),
                col(
                    "year",
                    "integer",
                    "the year of the document number 〔2020〕, else of 成文日期, else 公布日期, else 发布日期",
                ),
                col("items", "integer", "items (targets and tasks)", True),
                col("tasks", "integer", "tasks", True),
                col("targets", "integer", "targets", True),
                col("units", "integer", "distinct units named in the plan's assignments", True),
                col("findings", "integer", "validation errors and warnings", True),
            ),
            primary_key=("plan_id",),
            foreign_keys=(),
            make=none,
        ),
        "findings": Table(
            name="findings",
            description="validation findings of every plan, and the corpus's own (same-doc-number)",
            columns=(
                PLAN_ID,
                col("code", "string", "the finding's code", True),
                col("severity", "string", "error or warning", True),
                col("item", "string", "what it concerns: task 12, plan, plans", True),
                col("line", "integer", "the source line, where there is one"),
                col("message", "string", "what was found", True),
            ),
            primary_key=(),
            foreign_keys=(),
            make=none,
        ),
        "failed": Table(
            name="failed",
            description="files that gave no plan, with where and why",
            columns=(
                col("path", "string", "the file", True),
                col("line", "integer", "1-based line of the fault (empty for an I/O error)"),
                col("column_number", "integer", "1-based column of the fault (empty for an I/O error)"),
                col("message", "string", "what went wrong", True),
            ),
            primary_key=("path",),
            foreign_keys=(),
            make=none,
        ),
    }


def _year(plan: Plan) -> int | None:
    number = _doc_number(plan)
    if number and (match := _YEAR.search(number)):
        return int(match.group(1))
    date = plan.info.written or plan.info.promulgated or plan.info.released  # a site may post it the next year
    return date.year if date else None


def _plan_row(read: Read) -> Row:
    plan = read.plan
    assert plan is not None
    from govtasks.validation import validate

    info, notice = plan.info, plan.notice
    return (
        read.plan_id,
        read.path.name,
        read.sha256,
        plan.layout.value,
        info.title or plan.title,
        _doc_number(plan),
        info.issuer or (notice.signed_by if notice else None),
        None,
        info.level,
        _year(plan),
        len(plan.items),
        len(plan.tasks),
        len(plan.targets),
        len({a.unit.id for item in plan.items for a in item.assignments}),
        len(validate(plan).findings),
    )


def _failed_row(path: Path, error: ParseError | OSError) -> Row:
    if isinstance(error, ParseError):
        return (os.fspath(path), error.line, error.column, error.message)
    return (os.fspath(path), None, None, str(error))
