"""A folder written whole: made beside its target and renamed into place, so that the target holds
either what it held before or the whole new folder, never a part, and no link is followed.

:func:`govtasks.export` and :func:`govtasks.dataset.write_dataset` write their folders this way.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


def folder_path(out_dir: str | os.PathLike[str]) -> Path:
    """``out_dir`` as the folder to write; a ValueError where it names none (``''``, ``.``, ``..``, a root)."""
    target = Path(os.fspath(out_dir))
    if target.name in ("", ".."):  # '' and '.' both become Path('.'), whose name is ''
        raise ValueError(f"out_dir {os.fspath(out_dir)!r} names no folder to write: give the folder's own name")
    return target


def check_target(target: Path, *, force: bool) -> None:
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


@contextmanager
def replacing(target: Path, *, force: bool) -> Iterator[Path]:
    """A new, empty folder beside ``target`` to write into, swapped into place when the block ends.

    ``target`` is checked first (:func:`check_target`) and its parents made. Whatever the block
    raises, KeyboardInterrupt too, removes the new folder and leaves ``target`` as it was.
    """
    check_target(target, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    new = _new_folder(target, "new")
    try:
        yield new
        _swap(new, target, replace=force)
    except BaseException:  # never leave the half-written folder behind
        shutil.rmtree(new, ignore_errors=True)
        raise


def write_folder(target: Path, files: Mapping[str, bytes], *, force: bool) -> None:
    """Write ``files`` (name → bytes) as the folder ``target``, whole or not at all (:func:`replacing`)."""
    with replacing(target, force=force) as new:
        for file, content in files.items():
            with open(new / file, "xb") as stream:
                stream.write(content)


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
