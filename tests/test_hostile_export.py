"""Hostile places to export to (issue 13): ``export`` checks its arguments before it touches the disk,
writes the whole folder beside its target and renames it into place, follows no link, and on any
failure (a file-size limit, a read-only folder, Ctrl-C) leaves the target as it was and nothing beside
it. The ``csv`` format defuses spreadsheet formulas; the data package keeps every byte. A descriptor
returned to a caller is the caller's own."""

from __future__ import annotations

import copy
import csv
import ctypes
import datetime as dt
import errno
import json
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import govtasks as g
from govtasks import _files
from govtasks.cli import main
from govtasks.datapackage import datapackage_descriptor, read_datapackage
from govtasks.exporting import FORMATS, Format
from govtasks.tables import TABLES

OLD = {"items.csv": b"old items\r\n", "notes.txt": b"a user's own notes\n"}


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: a file's bytes, a link's target, a folder as 'folder'."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = "link to " + os.readlink(path)
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = path.read_bytes()
    return found


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """A folder that holds files of its own, beside nothing else."""
    folder = tmp_path / "out"
    folder.mkdir()
    for name, content in OLD.items():
        (folder / name).write_bytes(content)
    return folder


def nothing_beside(target: Path) -> None:
    """No temporary folder is left next to the target."""
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []


# -- issue 13.14: arguments first, then the disk


@pytest.mark.parametrize("format", ["xlsx", "", "CSV", "datapackage "])
def test_an_unknown_format_touches_nothing(plan: g.Plan, tmp_path: Path, format: str) -> None:
    with pytest.raises(ValueError, match="expected datapackage, csv, json or parquet"):
        g.export(plan, tmp_path / "a" / "b", format)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out", ["", ".", "..", "a/..", "/", "./"])
def test_an_out_dir_that_names_no_folder_is_refused(
    plan: g.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, out: str
) -> None:
    """``--out ""`` wrote into the current folder."""
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="names no folder to write"):
        g.export(plan, out)
    assert snapshot(tmp_path) == {"a": "folder"}


def test_a_folder_with_files_is_kept_unless_forced(plan: g.Plan, old: Path) -> None:
    for format in FORMATS:
        with pytest.raises(FileExistsError, match=r"is not empty: .* force=True \(--force\)"):
            g.export(plan, old, format)
    assert snapshot(old) == OLD
    nothing_beside(old)


def test_forced_the_folder_is_replaced_whole(plan: g.Plan, old: Path) -> None:
    written = g.export(plan, old, force=True)
    assert sorted(path.name for path in old.iterdir()) == sorted(path.name for path in written)
    assert "notes.txt" not in snapshot(old)
    assert read_datapackage(old) == plan
    nothing_beside(old)


def test_an_empty_folder_is_replaced(plan: g.Plan, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (path,) = g.export(plan, tmp_path / "empty", "json")
    assert g.from_json(path.read_text(encoding="utf-8")) == plan
    nothing_beside(tmp_path / "empty")


def test_missing_parents_are_made(plan: g.Plan, tmp_path: Path) -> None:
    written = g.export(plan, tmp_path / "a" / "b" / "c", "csv")
    assert {path.parent for path in written} == {tmp_path / "a" / "b" / "c"}


def test_a_plan_that_breaks_a_declared_key_is_refused_before_writing(plan: g.Plan, tmp_path: Path) -> None:
    """The model lets two residues stand at one place; the package's key (line, column) does not."""
    residue = (g.Residue(text="武汉汽车网", line=41, column=161), g.Residue(text="网", line=41, column=161))
    with pytest.raises(
        ValueError, match=r"residue\.csv, row 3, columns line, column_number: the primary key repeats row 2"
    ):
        g.export(attrs.evolve(plan, residue=residue), tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_parquet_without_pyarrow_says_so_before_writing(
    plan: g.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"the parquet format needs pyarrow: pip install 'govtasks\[parquet\]'"):
        g.export(plan, tmp_path / "out", "parquet")
    assert list(tmp_path.iterdir()) == []


# -- issue 13.14: links


def test_a_link_inside_the_target_is_not_followed(plan: g.Plan, tmp_path: Path) -> None:
    """With sd/tasks.csv -> ../victim.txt, export overwrote victim.txt."""
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    (tmp_path / "sd").mkdir()
    for name in ("tasks.csv", "items.csv", "datapackage.json"):
        (tmp_path / "sd" / name).symlink_to(Path("..") / "victim.txt")
    with pytest.raises(FileExistsError):
        g.export(plan, tmp_path / "sd")
    g.export(plan, tmp_path / "sd", force=True)
    assert victim.read_bytes() == b"precious\n"
    assert not any(path.is_symlink() for path in (tmp_path / "sd").iterdir())
    assert read_datapackage(tmp_path / "sd") == plan


def test_a_target_that_is_a_link_is_refused_even_forced(plan: g.Plan, old: Path) -> None:
    (old.parent / "link").symlink_to(old, target_is_directory=True)
    with pytest.raises(FileExistsError, match="is a symbolic link: export writes a real folder and follows no link"):
        g.export(plan, old.parent / "link", force=True)
    assert snapshot(old) == OLD
    assert (old.parent / "link").is_symlink()


def test_a_target_that_is_a_file_is_refused(plan: g.Plan, tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"mine")
    with pytest.raises(NotADirectoryError, match="exists and is not a folder"):
        g.export(plan, tmp_path / "file", force=True)
    assert (tmp_path / "file").read_bytes() == b"mine"


def test_a_fifo_in_a_forced_target_is_removed_unopened(old: Path) -> None:
    """A FIFO opened for writing would block: the export runs in a child with a time limit."""
    os.mkfifo(old / "items.csv.fifo")
    child = run(f"import govtasks; govtasks.export(govtasks.load(), {str(old)!r}, force=True)")
    assert child.returncode == 0, child.stderr
    assert "items.csv.fifo" not in snapshot(old)


# -- issue 13.14: failures leave the target as it was


def run(code: str, **options: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, **options
    )


@pytest.mark.parametrize("format", FORMATS)
def test_a_file_size_limit_leaves_the_old_export_whole(tmp_path: Path, format: Format) -> None:
    """Under RLIMIT_FSIZE the old export left a cut units.csv in place of the old package."""
    target = tmp_path / "out"
    g.export(g.load(), target, format)
    before = snapshot(target)
    child = run(f"""
        import errno, resource, signal
        import govtasks
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
        try:
            govtasks.export(govtasks.load(), {str(target)!r}, {format!r}, force=True)
        except OSError as error:
            print(errno.errorcode[error.errno])
    """)
    assert child.stdout == "EFBIG\n", child.stderr
    assert snapshot(target) == before
    nothing_beside(target)


def without_permission_overrides() -> None:
    """Root passes every permission check; without these two capabilities (dropped from the bounding
    set, so the exec that follows loses them) it meets read-only folders as anyone does. Linux only."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_read_only_folder_leaves_everything_as_it_was(tmp_path: Path) -> None:
    """A read-only parent cannot take the new folder; a read-only target cannot be moved aside."""
    parent, target = tmp_path / "parent", tmp_path / "parent" / "out"
    g.export(g.load(), target)
    before = snapshot(parent)
    outcomes = []
    for locked in (parent, target):
        locked.chmod(0o555)
        child = run(
            f"import govtasks; govtasks.export(govtasks.load(), {str(target)!r}, 'csv', force=True)",
            preexec_fn=without_permission_overrides if os.geteuid() == 0 else None,
        )
        locked.chmod(0o755)
        outcomes.append(child.stderr.strip().splitlines()[-1])
    assert [outcome.split(":")[0] for outcome in outcomes] == ["PermissionError", "PermissionError"]
    assert snapshot(parent) == before


@pytest.fixture
def failing(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, int, BaseException], None]:
    """Make the ``n``-th call of ``os.rename`` or of ``open`` in govtasks._files (which writes every folder)
    raise ``error``."""

    def arm(name: str, n: int, error: BaseException) -> None:
        real = getattr(os, name) if name == "rename" else open
        calls = iter(range(1, 1000))

        def fake(*args: Any, **kwargs: Any) -> Any:
            if next(calls) == n:
                raise error
            return real(*args, **kwargs)

        if name == "rename":
            monkeypatch.setattr(os, "rename", fake)
        else:
            monkeypatch.setattr(_files, "open", fake, raising=False)

    return arm


@pytest.mark.parametrize(
    ("name", "n", "error"),
    [
        ("open", 3, KeyboardInterrupt()),
        ("open", len(TABLES) + 1, OSError(errno.ENOSPC, "No space left on device")),  # the descriptor, last
        ("rename", 1, KeyboardInterrupt()),  # moving the old folder aside
        ("rename", 2, OSError(errno.EXDEV, "Invalid cross-device link")),  # moving the new one in
    ],
)
def test_an_interrupted_export_leaves_the_old_folder_and_nothing_else(
    plan: g.Plan, old: Path, failing: Callable[[str, int, BaseException], None], name: str, n: int, error: BaseException
) -> None:
    failing(name, n, error)
    with pytest.raises(type(error)):
        g.export(plan, old, force=True)
    assert snapshot(old) == OLD
    nothing_beside(old)


def test_the_json_format_never_empties_the_old_plan_json(
    plan: g.Plan, tmp_path: Path, failing: Callable[[str, int, BaseException], None]
) -> None:
    """The json format opened plan.json for writing, emptying it, before the write could fail."""
    g.export(plan, tmp_path / "out", "json")
    before = snapshot(tmp_path / "out")
    failing("open", 1, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OSError, match="No space left on device"):
        g.export(plan, tmp_path / "out", "json", force=True)
    assert snapshot(tmp_path / "out") == before
    nothing_beside(tmp_path / "out")


# -- issue 13.15: formulas in the spreadsheet format, bytes in the package

FORMULAS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://x")']
HARMLESS = ["＝1+1", "a=1", " =1", "1-2", "'=already"]


@pytest.fixture
def formulas(plan: g.Plan) -> g.Plan:
    """The bundled plan with formula-like texts in items, printed names and residue."""
    texts = FORMULAS + HARMLESS
    items = tuple(attrs.evolve(item, text=texts[i]) if i < len(texts) else item for i, item in enumerate(plan.items))
    residue = tuple(g.Residue(text=text, line=100 + i, column=1) for i, text in enumerate(texts))
    return attrs.evolve(plan, items=items, residue=residue)


def cells(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [row[column] for row in csv.DictReader(stream)]


def test_the_csv_format_puts_a_quote_before_a_formula(formulas: g.Plan, tmp_path: Path) -> None:
    g.export(formulas, tmp_path / "sheet", "csv")
    expected = ["'" + text for text in FORMULAS] + HARMLESS
    assert cells(tmp_path / "sheet" / "items.csv", "text")[: len(expected)] == expected
    assert cells(tmp_path / "sheet" / "residue.csv", "text") == expected
    assert cells(tmp_path / "sheet" / "residue.csv", "line")[:2] == ["100", "101"]  # numbers are not texts


def test_the_package_keeps_every_byte_and_reads_back_exactly(formulas: g.Plan, tmp_path: Path) -> None:
    g.export(formulas, tmp_path / "package")
    expected = FORMULAS + HARMLESS
    assert cells(tmp_path / "package" / "items.csv", "text")[: len(expected)] == expected
    assert read_datapackage(tmp_path / "package") == formulas


def test_the_docs_state_the_choice() -> None:
    for page in ("data-dictionary.md", "quickstart.md"):
        text = (Path(__file__).resolve().parent.parent / "docs" / page).read_text(encoding="utf-8")
        assert "OWASP" in text
        assert "`csv` format" in text


# -- issue 13.16: a descriptor is the caller's own


def test_changing_a_returned_descriptor_changes_no_later_one(plan: g.Plan, tmp_path: Path) -> None:
    contents = dict.fromkeys(TABLES, b"")
    when = dt.datetime(2020, 1, 17, tzinfo=dt.timezone.utc)
    first = datapackage_descriptor(plan, contents, name="p", created=when)
    pristine = copy.deepcopy(first)
    first["resources"][0]["dialect"]["delimiter"] = ";"
    first["resources"][0]["schema"]["fields"].clear()
    first["resources"][0]["schema"]["missingValues"].append("NA")
    first["licenses"][0]["name"] = "none"
    first["govtasks"]["coverage"]["tasks"] = 0
    assert first["resources"][1]["dialect"]["delimiter"] == ","  # resources share nothing either
    assert datapackage_descriptor(plan, contents, name="p", created=when) == pristine
    g.export(plan, tmp_path / "package", created=when)
    written = json.loads((tmp_path / "package" / "datapackage.json").read_bytes())
    assert all(resource["dialect"]["delimiter"] == "," for resource in written["resources"])


# -- the command line: one line on stderr and status 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--out", ""], "govtasks: out_dir '' names no folder to write: give the folder's own name\n"),
        (["--out", "out"], "is not empty: export replaces the whole folder, so it needs force=True (--force)"),
        (["--out", "out/items.csv/x"], "Not a directory"),
        (["--out", "link", "--force"], "is a symbolic link: export writes a real folder and follows no link\n"),
    ],
)
def test_cli_export_faults_are_one_line_and_status_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    old: Path,
    arguments: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link").symlink_to(old, target_is_directory=True)
    before = snapshot(tmp_path)
    assert main(["export", *arguments]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("govtasks: ")
    assert err.count("\n") == 1
    assert message in err
    assert snapshot(tmp_path) == before


def test_cli_export_with_force_replaces_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], old: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--out", "out", "--force", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {len(TABLES)} files to out ")
    assert sorted(snapshot(old)) == sorted(f"{name}.csv" for name in TABLES)


def test_cli_refuses_an_unknown_format_before_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(["export", "--format", "xlsx", "--out", "a/b"])
    assert stopped.value.code == 2
    assert "invalid choice: 'xlsx'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_export_folder_gets_the_usual_permissions(plan: g.Plan, tmp_path: Path) -> None:
    """mkdtemp's folders are private to their owner; an export is for sharing, like any folder mkdir makes."""
    (tmp_path / "usual").mkdir()
    g.export(plan, tmp_path / "fresh", "json")
    assert stat.S_IMODE((tmp_path / "fresh").stat().st_mode) == stat.S_IMODE((tmp_path / "usual").stat().st_mode)
