"""The bundled plan: the source text as published, the unit registry, and the plan parsed from them.

Files are read from the package's ``data/`` folder where the package is a folder on disk, and through
``importlib.resources`` where it is not (a zip archive, a loader of its own), so they load alike from
a source tree, an installed wheel or a zip. The JSON is parsed once, under a lock, and every caller
receives the same immutable :class:`Plan`. The plan's JSON does not hold the registry: it refers to
``units.json`` by its sha256, and :func:`load` reads it with :func:`load_units`' registry, which it
then shares.

Integrity: ``MANIFEST.sha256`` lists the sha256 of every data file, and the
manifest's own sha256 is pinned in code (``_manifest_sha256.py``, written with
it), so data and manifest edited together still fail. Every file served
(:func:`load`, :func:`load_units`, :func:`source_text`) is checked against the
manifest as it is read; :func:`verify` checks them all.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import threading
from typing import TYPE_CHECKING

from govtasks._manifest_sha256 import MANIFEST_SHA256
from govtasks.errors import IntegrityError
from govtasks.model import Plan
from govtasks.serialize import UNITS_FILE as UNITS_FILE  # the unit registry: the project's added facts about each unit
from govtasks.serialize import _plan_from_json, units_from_json
from govtasks.units import UnitRegistry

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover - the backport, for Python 3.10
        from importlib_resources.abc import Traversable

SOURCE_FILE = "000_8660fcbe30035db3.txt"
"""The published text as a legal-database web page carried it, byte for byte."""
PLAN_FILE = "wuhan-2020.json"
"""The plan parsed from :data:`SOURCE_FILE` (regenerate: ``python scripts/regenerate_data.py``); it refers
to the registry in :data:`UNITS_FILE` by that file's sha256."""
DATAPACKAGE_DIR = "datapackage"
"""The bundled plan as a Frictionless data package (CSV + datapackage.json), for use without Python."""
DATAPACKAGE_NAME = "wuhan-2020-responsibility-plan"
MANIFEST_FILE = "MANIFEST.sha256"
"""sha256 of every other bundled data file, in ``sha256sum`` format (``sha256sum -c`` checks it);
its own sha256 is ``MANIFEST_SHA256``, pinned in ``_manifest_sha256.py``."""
SOURCE_SHA256 = "100d1a87dce2cce767975ada51c6ee96718ed58d401f696cce93f0beb4e8dc6c"
"""sha256 of :data:`SOURCE_FILE`: the version of the bundled data."""

_lock = threading.Lock()


_ON_DISK = os.path.join(os.path.dirname(__file__), "data")


def _data_root() -> Traversable | str:
    """The package's ``data/`` folder: its path, as text, where the package is a folder on disk (the path
    ``importlib.resources`` would give; :func:`load` reads it with ``open``, without importing
    ``importlib.resources``, its zip support or ``pathlib``, which took a fifth of a cold start); else
    ``importlib.resources``' view of it."""
    if os.path.isdir(_ON_DISK):
        return _ON_DISK
    if sys.version_info >= (3, 11):
        from importlib.resources import files
    else:  # pragma: no cover - the backport, for Python 3.10
        from importlib_resources import files
    return files("govtasks").joinpath("data")


def _folder() -> Traversable:
    """The ``data/`` folder as a path or ``importlib.resources`` view, to walk or to hand out."""
    root = _data_root()
    if isinstance(root, str):
        from pathlib import Path

        return Path(root)
    return root


def data_file(name: str) -> Traversable:
    """A file in the package's ``data/`` folder."""
    return _folder().joinpath(name)


def data_files() -> list[str]:
    """Every bundled data file but the manifest, as a path under ``data/``, sorted."""
    found: list[str] = []

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name != MANIFEST_FILE and not entry.name.endswith((".py", ".pyc")):
                found.append(prefix + entry.name)

    walk(_folder(), "")
    return sorted(found)


def manifest_text() -> str:
    """The manifest the bundled data files call for: ``<sha256>  <path>`` per line."""
    return "".join(f"{_digest(name)}  {name}\n" for name in data_files())


def pinned_manifest_module(manifest: str) -> str:
    """The source of ``_manifest_sha256.py`` for ``manifest``: written beside it, so the code names its data."""
    digest = _sha256(manifest.encode("utf-8"))
    return (
        '"""The sha256 of ``data/MANIFEST.sha256``: a manifest regenerated over edited data does not match it.\n\n'
        'Written by ``scripts/regenerate_data.py`` with the manifest; never edit it by hand.\n"""\n\n'
        f'MANIFEST_SHA256 = "{digest}"\n'
    )


_MANIFEST_NOT_PINNED = f"{MANIFEST_FILE}: its sha256 is not the one this version of govtasks pins"


def verify() -> list[str]:
    """Check every bundled data file against the manifest, and the manifest against the digest the code
    pins; returns the files checked.

    Raises :class:`IntegrityError` naming each file that is changed, missing or unlisted, a manifest
    that is not the pinned one, and a source text that is not the one the data's version names.
    """
    manifest = _data_path(MANIFEST_FILE).read_bytes()
    problems = [] if _sha256(manifest) == MANIFEST_SHA256 else [_MANIFEST_NOT_PINNED]
    listed = _listed(manifest)
    present = data_files()
    problems += [f"{name}: listed in the manifest but missing" for name in sorted(set(listed) - set(present))]
    problems += [f"{name}: not in the manifest" for name in present if name not in listed]
    for name in present:
        if name in listed and _digest(name) != listed[name]:
            problems.append(f"{name}: its sha256 differs from the manifest's")
    if listed.get(SOURCE_FILE) != SOURCE_SHA256:
        problems.append(f"{SOURCE_FILE}: the manifest does not give the data version {SOURCE_SHA256}")
    if problems:
        raise IntegrityError(problems)
    return present


def _listed(manifest: bytes) -> dict[str, str]:
    """The manifest's digests, by file."""
    listed = {}
    for line in manifest.decode("utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    return listed


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest(name: str) -> str:
    """The sha256 of bundled data file ``name``."""
    return _sha256(_data_path(name).read_bytes())


def _data_path(name: str) -> Traversable:
    path = _folder()
    for part in name.split("/"):
        path = path.joinpath(part)
    return path


def _read(name: str) -> bytes:
    """The bytes of bundled data file ``name``."""
    root = _data_root()
    if isinstance(root, str):
        with open(os.path.join(root, *name.split("/")), "rb") as file:
            return file.read()
    return _data_path(name).read_bytes()


def _checked(name: str) -> bytes:
    """The bytes of bundled data file ``name``, once they match the manifest and the manifest matches the
    pinned digest: a file is served only as shipped. (Hashing the registry's 95 KB costs about 0.1 ms.)"""
    manifest = _read(MANIFEST_FILE)
    data = _read(name)
    if _sha256(manifest) != MANIFEST_SHA256:
        raise IntegrityError([_MANIFEST_NOT_PINNED])
    if _listed(manifest).get(name) != _sha256(data):
        raise IntegrityError([f"{name}: its sha256 differs from the manifest's"])
    return data


def source_text() -> str:
    """The bundled source text (武政办〔2020〕1号 as published), exactly as shipped."""
    return _checked(SOURCE_FILE).decode("utf-8")


def load() -> Plan:
    """The bundled Wuhan 2020 plan, parsed once; the same object on every call."""
    with _lock:
        return _load_once()


def load_units() -> UnitRegistry:
    """The bundled unit registry, read once; the same object on every call."""
    with _lock:
        return _load_units_once()[0]


@functools.cache
def _load_once() -> Plan:
    units, units_sha256 = _load_units_once()
    return _plan_from_json(_checked(PLAN_FILE), units, units_sha256)


@functools.cache
def _load_units_once() -> tuple[UnitRegistry, str]:
    """The registry, and the sha256 of the file it is read from: the plan's reference names it, and so
    the registry need not be written out again to be compared."""
    data = _checked(UNITS_FILE)
    return units_from_json(data), _sha256(data)
