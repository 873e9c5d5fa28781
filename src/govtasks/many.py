"""Many plans read as one corpus: each file once, in a stable order, with its own identity.

``iter_plans`` reads files one at a time and yields a :class:`Read` for each, so memory does
not grow with the number of files; an error in one file is that file's alone.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from attrs import frozen

from govtasks.errors import ParseError
from govtasks.model import Plan
from govtasks.parsing import parse
from govtasks.units import UnitRegistry

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
    name = plan.info.doc_number or (plan.notice.doc_number if plan.notice else None) or path.stem
    return f"{name}@{sha256[:12]}"


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
        return sorted(Path().glob(str(paths)))
    return [Path(p) for p in paths]


def iter_plans(paths: Paths, *, units: UnitRegistry | None = None) -> Iterator[Read]:
    """Read each file of ``paths`` in turn, yielding its :class:`Read` as soon as it is read."""
    for path in files(paths):
        yield read_file(path, units)
