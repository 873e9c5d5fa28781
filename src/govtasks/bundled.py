"""The bundled plan: the source text as published, and the JSON parsed from it.

Files are read with ``importlib.resources`` so they load from a wheel, a zip
or a source tree alike. The JSON is parsed once, under a lock, and every
caller receives the same immutable :class:`Plan`.
"""

from __future__ import annotations

import functools
import sys
import threading

if sys.version_info >= (3, 11):
    from importlib.resources import files
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - the backport, for Python 3.10
    from importlib_resources import files
    from importlib_resources.abc import Traversable

from govtasks.errors import IntegrityError
from govtasks.model import Plan
from govtasks.serialize import from_json, units_from_json
from govtasks.units import UnitRegistry

SOURCE_FILE = "000_8660fcbe30035db3.txt"
"""The published text as a legal-database web page carried it, byte for byte."""
PLAN_FILE = "wuhan-2020.json"
"""The plan parsed from :data:`SOURCE_FILE` (regenerate: ``python scripts/regenerate_data.py``)."""
DATAPACKAGE_DIR = "datapackage"
"""The bundled plan as a Frictionless data package (CSV + datapackage.json), for use without Python."""
DATAPACKAGE_NAME = "wuhan-2020-responsibility-plan"
UNITS_FILE = "units.json"
"""The unit registry: the project's added facts about each unit, with their bases."""
MANIFEST_FILE = "MANIFEST.sha256"
"""sha256 of every other bundled data file, in ``sha256sum`` format (``sha256sum -c`` checks it)."""
SOURCE_SHA256 = "100d1a87dce2cce767975ada51c6ee96718ed58d401f696cce93f0beb4e8dc6c"
"""sha256 of :data:`SOURCE_FILE`: the version of the bundled data."""

_lock = threading.Lock()


def data_file(name: str) -> Traversable:
    """A file in the package's ``data/`` folder."""
    return files("govtasks").joinpath("data").joinpath(name)


def data_files() -> list[str]:
    """Every bundled data file but the manifest, as a path under ``data/``, sorted."""
    found: list[str] = []

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name != MANIFEST_FILE and not entry.name.endswith((".py", ".pyc")):
                found.append(prefix + entry.name)

    walk(files("govtasks").joinpath("data"), "")
    return sorted(found)


def manifest_text() -> str:
    """The manifest the bundled data files call for: ``<sha256>  <path>`` per line."""
    return "".join(f"{_digest(name)}  {name}\n" for name in data_files())


def verify() -> list[str]:
    """Check every bundled data file against the manifest; returns the files checked.

    Raises :class:`IntegrityError` naming each file that is changed, missing or unlisted,
    and if the source text is not the one the data's version names.
    """
    listed = {}
    for line in data_file(MANIFEST_FILE).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    present = data_files()
    problems = [f"{name}: listed in the manifest but missing" for name in sorted(set(listed) - set(present))]
    problems += [f"{name}: not in the manifest" for name in present if name not in listed]
    for name in present:
        if name in listed and _digest(name) != listed[name]:
            problems.append(f"{name}: its sha256 differs from the manifest's")
    if listed.get(SOURCE_FILE) != SOURCE_SHA256:
        problems.append(f"{SOURCE_FILE}: the manifest does not give the data version {SOURCE_SHA256}")
    if problems:
        raise IntegrityError(problems)
    return present


def _digest(name: str) -> str:
    """The sha256 of bundled data file ``name``."""
    import hashlib

    return hashlib.sha256(_data_path(name).read_bytes()).hexdigest()


def _data_path(name: str) -> Traversable:
    path = files("govtasks").joinpath("data")
    for part in name.split("/"):
        path = path.joinpath(part)
    return path


def source_text() -> str:
    """The bundled source text (武政办〔2020〕1号 as published), exactly as shipped."""
    with data_file(SOURCE_FILE).open("rb") as stream:
        return stream.read().decode("utf-8")


def load() -> Plan:
    """The bundled Wuhan 2020 plan, parsed once; the same object on every call."""
    with _lock:
        return _load_once()


def load_units() -> UnitRegistry:
    """The bundled unit registry, read once; the same object on every call."""
    with _lock:
        return _load_units_once()


@functools.cache
def _load_once() -> Plan:
    with data_file(PLAN_FILE).open("rb") as stream:
        return from_json(stream.read())


@functools.cache
def _load_units_once() -> UnitRegistry:
    with data_file(UNITS_FILE).open("rb") as stream:
        return units_from_json(stream.read())
