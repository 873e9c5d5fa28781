"""Exports for people without Python: a Frictionless data package (CSV files and
``datapackage.json``), plain CSV, JSON and Parquet; and reading a package back.

CSV files are UTF-8 and RFC 4180 (comma, double quotes, CRLF). ``datapackage.json``
follows the Frictionless Data Package and Table Schema specs: typed fields with
constraints, primary and foreign keys, and the sha256 of every file, which
:func:`read_datapackage` checks before it trusts a byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from govtasks._version import __version__
from govtasks.errors import DataError
from govtasks.model import (
    Assignment,
    Clause,
    Deadline,
    DocumentInfo,
    Notice,
    Plan,
    Residue,
    Role,
    Section,
    Target,
    Task,
    Theme,
)
from govtasks.query import coverage
from govtasks.serialize import to_json
from govtasks.tables import TABLES, Column, Row, Table
from govtasks.units import Alias, Certainty, Membership, NameStatus, Unit, UnitKind, UnitRegistry

Format = Literal["datapackage", "csv", "json", "parquet"]
DESCRIPTOR = "datapackage.json"
_DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}


def export(
    plan: Plan,
    out_dir: str | Path,
    format: Format = "datapackage",
    *,
    name: str = "govtasks-plan",
    created: dt.datetime | None = None,
) -> list[Path]:
    """Write ``plan`` to ``out_dir`` (created if need be); returns the files written.

    ``datapackage`` writes one CSV file per table and ``datapackage.json``;
    ``csv`` the CSV files alone; ``json`` the plan as ``plan.json``; ``parquet``
    one Parquet file per table (needs the ``parquet`` extra). ``name`` and
    ``created`` (default: now, UTC) go into ``datapackage.json``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if format == "json":
        path = out / "plan.json"
        path.write_text(to_json(plan), encoding="utf-8", newline="\n")
        return [path]
    if format == "parquet":
        return [_write_parquet(plan, table, out) for table in TABLES.values()]
    if format not in ("datapackage", "csv"):
        raise ValueError(f"unknown format {format!r}: expected datapackage, csv, json or parquet")
    contents = {table.name: _csv_bytes(table, table.rows(plan)) for table in TABLES.values()}
    written = []
    for table_name, content in contents.items():
        (out / f"{table_name}.csv").write_bytes(content)
        written.append(out / f"{table_name}.csv")
    if format == "datapackage":
        stamp = created or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        descriptor = datapackage_descriptor(plan, contents, name=name, created=stamp)
        (out / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(out / DESCRIPTOR)
    return written


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv_bytes(table: Table, rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column.name for column in table.columns)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _field(column: Column, table: Table) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if column.required or column.name in table.primary_key:
        constraints["required"] = True
    if table.primary_key == (column.name,):
        constraints["unique"] = True
    if column.enum is not None:
        constraints["enum"] = list(column.enum)
    field: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
    return field | ({"constraints": constraints} if constraints else {})


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


def datapackage_descriptor(
    plan: Plan, contents: Mapping[str, bytes], *, name: str, created: dt.datetime
) -> dict[str, Any]:
    """The ``datapackage.json`` for CSV files with ``contents`` (table name → bytes)."""
    info, cover = plan.info, coverage(plan)
    source = " ".join(part for part in (info.title, info.doc_number, info.issuer, str(info.published or "")) if part)
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
        "created": created.isoformat().replace("+00:00", "Z"),
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
            "document": {
                "title": info.title,
                "doc_number": info.doc_number,
                "issuer": info.issuer,
                "published": info.published.isoformat() if info.published else None,
            },
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
                "dialect": _DIALECT,
                "schema": _schema(table),
            }
            for table in TABLES.values()
        ],
    }


def _write_parquet(plan: Plan, table: Table, out: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"integer": pa.int64(), "string": pa.string(), "date": pa.date32(), "boolean": pa.bool_()}
    rows = list(table.rows(plan))
    arrays = [pa.array([row[i] for row in rows], type=types[c.type]) for i, c in enumerate(table.columns)]
    path = out / f"{table.name}.parquet"
    pq.write_table(pa.Table.from_arrays(arrays, names=[c.name for c in table.columns]), path)
    return path


# -- reading a data package back ------------------------------------------------

Records = list[dict[str, Any]]


def read_datapackage(path: str | Path) -> Plan:
    """The plan a data package written by :func:`export` holds.

    ``path`` is the package's folder or its ``datapackage.json``. Every file's
    sha256 is checked against the descriptor first; a changed, missing or
    malformed file raises :class:`DataError` naming the file, row and column.
    The tables key areas, targets and tasks by their numbers, so a plan that
    prints a number twice (a validation error) is read back with those merged.
    """
    root = Path(path)
    descriptor_path = root / DESCRIPTOR if root.is_dir() else root
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        resources = {r["name"]: r for r in descriptor["resources"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError([f"cannot read {descriptor_path}: {exc}"]) from None
    records = {name: _read_table(descriptor_path.parent, table, resources.get(name)) for name, table in TABLES.items()}
    return _plan(records)


def _read_table(folder: Path, table: Table, resource: Mapping[str, Any] | None) -> Records:
    if resource is None:
        raise DataError([f"datapackage.json has no resource {table.name!r}"])
    path = folder / str(resource["path"])
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise DataError([f"cannot read {path.name}: {exc.strerror}"]) from None
    if "sha256:" + hashlib.sha256(content).hexdigest() != resource.get("hash"):
        raise DataError([f"{path.name}: its sha256 does not match datapackage.json (the file was changed)"])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
    header = [column.name for column in table.columns]
    if not rows or rows[0] != header:
        raise DataError([f"{path.name}: expected the header {','.join(header)}"])
    return [
        {column.name: _value(cell, column, path.name, number) for column, cell in zip(table.columns, row, strict=True)}
        for number, row in enumerate(rows[1:], start=2)
    ]


def _value(cell: str, column: Column, file: str, row: int) -> Any:
    if cell == "" and not (column.required and column.type == "string"):
        if column.required:
            raise DataError([f"{file}, row {row}, column {column.name}: a value is required"])
        return None
    try:
        if column.type == "integer":
            return int(cell)
        if column.type == "date":
            return dt.date.fromisoformat(cell)
        if column.type == "boolean":
            return {"true": True, "false": False}[cell]
    except (ValueError, KeyError):
        raise DataError([f"{file}, row {row}, column {column.name}: {cell!r} is not a {column.type}"]) from None
    return cell


def _grouped(records: Records, *keys: str) -> dict[tuple[Any, ...], Records]:
    groups: dict[tuple[Any, ...], Records] = {}
    for record in records:
        groups.setdefault(tuple(record[key] for key in keys), []).append(record)
    return groups


def _registry(records: Mapping[str, Records]) -> UnitRegistry:
    aliases = _grouped(records["unit_aliases"], "unit_id")
    members = _grouped(records["collective_members"], "collective_id")
    return UnitRegistry(
        units=tuple(
            Unit(
                id=u["unit_id"],
                name=u["name"],
                full_name=u["full_name"],
                full_name_basis=u["full_name_basis"],
                full_name_certainty=Certainty(u["full_name_certainty"]) if u["full_name_certainty"] else None,
                name_en=u["name_en"],
                name_en_status=NameStatus(u["name_en_status"]) if u["name_en_status"] else None,
                name_en_basis=u["name_en_basis"],
                kind=UnitKind(u["kind"]),
                parent=u["parent_id"],
                aliases=tuple(Alias(name=a["alias"], basis=a["basis"]) for a in aliases.get((u["unit_id"],), ())),
                members=tuple(
                    Membership(unit=m["member_id"], basis=m["basis"], certainty=Certainty(m["certainty"]))
                    for m in members.get((u["unit_id"],), ())
                ),
                note=u["note"],
            )
            for u in records["units"]
        )
    )


def _plan(records: Mapping[str, Records]) -> Plan:
    if len(records["document"]) != 1:
        raise DataError([f"document.csv: expected one row, found {len(records['document'])}"])
    doc = records["document"][0]
    units = _registry(records)
    roles = {role.code: role for role in Role}
    assigned = {
        key: tuple(
            Assignment(
                unit=_unit(units, a["unit_id"]),
                role=roles[a["role"]],
                position=a["position"],
                group=a["group"],
                printed=a["printed_name"],
            )
            for a in rows
        )
        for key, rows in _grouped(records["assignments"], "item_kind", "item_number").items()
    }
    tasks = _grouped(records["tasks"], "section_ordinal", "theme_ordinal")
    themes = _grouped(records["themes"], "section_ordinal")

    def item(kind: str, number: int, record: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "text": record["text"],
            "assignments": assigned.get((kind, number), ()),
            "first_line": record["first_line"],
            "last_line": record["last_line"],
        }

    sections = tuple(
        Section(
            ordinal=s["section_ordinal"],
            title=s["title"],
            line=s["line"],
            themes=tuple(
                Theme(
                    title=t["title"],
                    line=t["line"],
                    tasks=tuple(
                        Task(number=k["task_number"], **item("task", k["task_number"], k))
                        for k in tasks.get((s["section_ordinal"], t["theme_ordinal"]), ())
                    ),
                )
                for t in themes.get((s["section_ordinal"],), ())
            ),
        )
        for s in records["sections"]
    )
    notice = (
        Notice(
            doc_number=doc["notice_doc_number"],
            preamble=doc["preamble"],
            clauses=tuple(
                Clause(
                    ordinal=c["clause_ordinal"], text=c["text"], first_line=c["first_line"], last_line=c["last_line"]
                )
                for c in records["clauses"]
            ),
            deadlines=tuple(
                Deadline(
                    date=d["date"],
                    due=d["due"],
                    submitter=d["submitter"],
                    recipient=d["recipient"],
                    clause=d["clause_ordinal"],
                    line=d["line"],
                )
                for d in records["deadlines"]
            ),
            signed_by=doc["signed_by"],
            signed_on=doc["signed_on"],
        )
        if doc["has_notice"]
        else None
    )
    return Plan(
        source_sha256=doc["source_sha256"],
        info=DocumentInfo(
            title=doc["title"],
            issuer=doc["issuer"],
            doc_number=doc["doc_number"],
            published=doc["published"],
            effective=doc["effective"],
            level=doc["level"],
            status=doc["status"],
            topic=doc["topic"],
            addressees=tuple(a["name"] for a in records["addressees"]),
        ),
        notice=notice,
        title=doc["plan_title"],
        targets_title=doc["targets_title"],
        declared_targets=doc["declared_targets"],
        targets=tuple(
            Target(ordinal=t["target_ordinal"], **item("target", t["target_ordinal"], t)) for t in records["targets"]
        ),
        work_title=doc["work_title"],
        declared_sections=doc["declared_sections"],
        declared_tasks=doc["declared_tasks"],
        sections=sections,
        residue=tuple(Residue(text=r["text"], line=r["line"], column=r["column"]) for r in records["residue"]),
        units=units,
    )


def _unit(units: UnitRegistry, unit_id: str) -> Unit:
    unit = units.by_id(unit_id)
    if unit is None:
        raise DataError([f"assignments.csv: unit {unit_id!r} is not in units.csv"])
    return unit
