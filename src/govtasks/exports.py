"""Exports for people without Python: a Frictionless data package (CSV files and
``datapackage.json``), plain CSV, JSON and Parquet; and reading a package back.

CSV files are UTF-8 and RFC 4180 (comma, double quotes, CRLF). An empty cell is a
missing value; an empty text is written as a quoted empty cell (``""``), as
PostgreSQL's CSV format does, so a package tells ``None`` from ``''``. ``datapackage.json``
follows the Frictionless Data Package and Table Schema specs: typed fields with
constraints, primary and foreign keys, and the sha256 of every file, which
:func:`read_datapackage` checks before it trusts a byte.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from govtasks._version import __version__
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
from govtasks.tables import TABLES, Column, Row, Table
from govtasks.units import Alias, Membership, Unit, UnitRegistry

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


_QUOTED = re.compile('[,"\r\n]')


def _cell(value: object) -> str:
    """A value as a CSV cell: missing is empty, an empty text is quoted, a text that needs it is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if text == "" or _QUOTED.search(text) else text


def _csv_bytes(table: Table, rows: Iterable[Row]) -> bytes:
    lines = [",".join(column.name for column in table.columns)]
    lines += [",".join(_cell(value) for value in row) for row in rows]
    return "".join(line + "\r\n" for line in lines).encode("utf-8")


def _field(column: Column, table: Table) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if column.required or column.name in table.primary_key:
        constraints["required"] = True
    if table.primary_key == (column.name,):
        constraints["unique"] = True
    if column.values is not None:
        constraints["enum"] = list(column.values)
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
    malformed file raises :class:`DataError` naming the file, row and column;
    a package whose tables do not make a plan (an item in no listed division)
    raises it with the model's reason.
    """
    root = Path(path)
    descriptor_path = root / DESCRIPTOR if root.is_dir() else root
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        resources = {r["name"]: r for r in descriptor["resources"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError([f"cannot read {descriptor_path}: {exc}"]) from None
    records = {name: _read_table(descriptor_path.parent, table, resources.get(name)) for name, table in TABLES.items()}
    try:
        return _plan(records)
    except DataError:
        raise
    except ValueError as exc:  # the model's own checks: ids in order, parents before children, …
        raise DataError([f"the tables do not make a plan: {exc}"]) from None


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
    rows = _csv_rows(content.decode("utf-8"), path.name)
    header = [column.name for column in table.columns]
    if not rows or rows[0] != header:
        raise DataError([f"{path.name}: expected the header {','.join(header)}"])
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise DataError([f"{path.name}, row {number}: expected {len(header)} cells, found {len(row)}"])
    return [
        {column.name: _value(cell, column, path.name, number) for column, cell in zip(table.columns, row, strict=True)}
        for number, row in enumerate(rows[1:], start=2)
    ]


_CSV_CELL = re.compile(r'"((?:[^"]|"")*)"|([^,"\r\n]*)')
_ROW_END = re.compile(r"\r?\n")


def _csv_rows(text: str, file: str) -> list[list[str | None]]:
    """RFC 4180 rows (CRLF or LF between them), each cell its text, or None where the cell is
    empty and unquoted: a missing value. The csv module reads ``""`` and an empty cell alike;
    the package needs them apart."""
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    at = 0
    while at < len(text):
        cell = _CSV_CELL.match(text, at)
        assert cell is not None  # the pattern matches the empty string
        quoted, plain = cell.groups()
        row.append(quoted.replace('""', '"') if quoted is not None else plain or None)
        at = cell.end()
        if text.startswith(",", at):
            at += 1
        elif end := _ROW_END.match(text, at):
            rows.append(row)
            row, at = [], end.end()
        elif at < len(text):
            raise DataError([f"{file}, row {len(rows) + 1}: a cell is malformed at character {at + 1}"])
    if row:
        rows.append(row)
    return rows


def _value(cell: str | None, column: Column, file: str, row: int) -> Any:
    if cell is None:
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
        if column.enum is not None:
            return column.member(cell)
    except (ValueError, KeyError):
        expected = f"one of {', '.join(column.values)}" if column.values else f"a {column.type}"
        raise DataError([f"{file}, row {row}, column {column.name}: {cell!r} is not {expected}"]) from None
    return cell


def _grouped(records: Records, key: str) -> dict[Any, Records]:
    groups: dict[Any, Records] = {}
    for record in records:
        groups.setdefault(record[key], []).append(record)
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
                full_name_certainty=u["full_name_certainty"],
                name_en=u["name_en"],
                name_en_status=u["name_en_status"],
                name_en_basis=u["name_en_basis"],
                kind=u["kind"],
                parent=u["parent_id"],
                aliases=tuple(Alias(name=a["alias"], basis=a["basis"]) for a in aliases.get(u["unit_id"], ())),
                members=tuple(
                    Membership(unit=m["member_id"], basis=m["basis"], certainty=m["certainty"])
                    for m in members.get(u["unit_id"], ())
                ),
                note=u["note"],
            )
            for u in records["units"]
        )
    )


def _leaders(records: Records) -> tuple[Leader, ...]:
    return tuple(Leader(name=r["name"], label=r["label"]) for r in records)


def _divisions(records: Mapping[str, Records]) -> tuple[Division, ...]:
    leaders = _grouped(records["division_leaders"], "division_id")
    return tuple(
        Division(
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
        for d in records["divisions"]
    )


def _items(records: Mapping[str, Records], units: UnitRegistry) -> tuple[Item, ...]:
    assignments = _grouped(records["assignments"], "item_id")
    leaders = _grouped(records["leaders"], "item_id")
    details = _grouped(records["details"], "item_id")
    return tuple(
        Item(
            id=i["item_id"],
            kind=i["kind"],
            number=i["number"],
            marker=i["marker"],
            division=i["division_id"],
            text=i["text"],
            assignments=tuple(
                Assignment(
                    unit=_unit(units, a["unit_id"]),
                    role=a["role"],
                    position=a["position"],
                    group=a["group_number"],
                    printed=a["printed_name"],
                    label=a["label"],
                    basis=a["basis"],
                    convention_line=a["convention_line"],
                )
                for a in assignments.get(i["item_id"], ())
            ),
            leaders=_leaders(leaders.get(i["item_id"], [])),
            due=i["due"],
            source=i["source"],
            details=tuple(Detail(label=d["label"], text=d["text"]) for d in details.get(i["item_id"], ())),
            open_ended=i["open_ended"],
            complete=i["complete"],
            first_line=i["first_line"],
            last_line=i["last_line"],
        )
        for i in records["items"]
    )


def _notice(doc: Mapping[str, Any], records: Mapping[str, Records]) -> Notice | None:
    if not doc["has_notice"]:
        return None
    return Notice(
        doc_number=doc["notice_doc_number"],
        preamble=doc["preamble"],
        clauses=tuple(
            Clause(ordinal=c["clause_ordinal"], text=c["text"], first_line=c["first_line"], last_line=c["last_line"])
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


def _plan(records: Mapping[str, Records]) -> Plan:
    """The plan the tables hold; the document's derived columns (targets_title, …) are not read back."""
    if len(records["document"]) != 1:
        raise DataError([f"document.csv: expected one row, found {len(records['document'])}"])
    doc = records["document"][0]
    units = _registry(records)
    return Plan(
        source_sha256=doc["source_sha256"],
        layout=doc["layout"],
        info=DocumentInfo(
            title=doc["title"],
            issuer=doc["issuer"],
            doc_number=doc["doc_number"],
            published=doc["published"],
            written=doc["written"],
            index_number=doc["index_number"],
            effective=doc["effective"],
            level=doc["level"],
            status=doc["status"],
            topic=doc["topic"],
            addressees=tuple(a["name"] for a in records["addressees"]),
        ),
        notice=_notice(doc, records),
        title=doc["plan_title"],
        declared_items=doc["declared_items"],
        declared_areas=doc["declared_areas"],
        divisions=_divisions(records),
        items=_items(records, units),
        conventions=tuple(
            Convention(kind=c["kind"], text=c["text"], line=c["line"], column=c["column"])
            for c in records["conventions"]
        ),
        residue=tuple(Residue(text=r["text"], line=r["line"], column=r["column"]) for r in records["residue"]),
        units=units,
    )


def _unit(units: UnitRegistry, unit_id: str) -> Unit:
    unit = units.by_id(unit_id)
    if unit is None:
        raise DataError([f"assignments.csv: unit {unit_id!r} is not in units.csv"])
    return unit
