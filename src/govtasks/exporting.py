"""Exports for people without Python: :func:`export` writes a plan as a folder in one of four formats.

``datapackage`` is the Frictionless data package (:mod:`govtasks.datapackage`, which also reads it
back); ``csv`` its CSV files alone, for spreadsheets; ``json`` the plan's JSON
(:mod:`govtasks.serialize`); ``parquet`` a Parquet file per table (:mod:`govtasks.parquet`).

An export is deterministic: the same plan makes the same bytes, unless ``created`` asks for a
time in ``datapackage.json``.

Every export is made whole in memory, written into a new folder beside ``out_dir`` and then
renamed into place, so ``out_dir`` holds either what it held before or the whole export, never a
part.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Literal

from govtasks._files import folder_path, write_folder
from govtasks.datapackage import PACKAGE_NAME, package_files, spreadsheet_files
from govtasks.model import Plan
from govtasks.parquet import parquet_files
from govtasks.serialize import to_json

Format = Literal["datapackage", "csv", "json", "parquet"]
FORMATS: tuple[Format, ...] = ("datapackage", "csv", "json", "parquet")


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
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: expected datapackage, csv, json or parquet")
    target = folder_path(out_dir)
    files = _contents(plan, format, name=name, created=created, bom=bom)
    write_folder(target, files, force=force)
    return [target / file for file in files]


def _contents(plan: Plan, format: Format, *, name: str, created: dt.datetime | None, bom: bool) -> dict[str, bytes]:
    """Every file of the export, by name, made in memory so that a failure writes nothing."""
    if bom and format != "csv":
        raise ValueError(f"a byte-order mark (bom=True, --excel) is for the csv format, not {format}")
    if format == "json":
        return {"plan.json": to_json(plan).encode("utf-8")}
    if format == "parquet":
        return parquet_files(plan)
    if format == "csv":
        return spreadsheet_files(plan, bom=bom)
    return package_files(plan, name=name, created=created)
