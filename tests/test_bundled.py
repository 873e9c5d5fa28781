"""The bundled data: the source as published, the JSON generated from it, and loading."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs
import pytest

import govtasks
from govtasks import bundled, serialize
from govtasks._manifest_sha256 import MANIFEST_SHA256
from govtasks.docpages import unit_sources_markdown

REPO = Path(__file__).resolve().parent.parent
SHARED_SOURCE = REPO.parent / "shared" / "source" / bundled.SOURCE_FILE


def test_source_is_shipped_byte_for_byte() -> None:
    shipped = bundled.data_file(bundled.SOURCE_FILE).read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == bundled.SOURCE_SHA256
    assert shipped.decode("utf-8") == govtasks.source_text()
    if SHARED_SOURCE.exists():  # the project's copy of the published page, beside the repository
        assert shipped == SHARED_SOURCE.read_bytes()


def test_data_version_is_the_source_sha256(plan: govtasks.Plan) -> None:
    assert govtasks.__data_version__ == bundled.SOURCE_SHA256 == plan.source_sha256
    assert re.fullmatch(r"\d+\.\d+\.\d+", govtasks.__version__)


def test_committed_json_is_what_the_parser_makes_of_the_source() -> None:
    regenerated = govtasks.to_json(govtasks.parse(govtasks.source_text()), units=govtasks.load_units())
    committed = bundled.data_file(bundled.PLAN_FILE).read_text(encoding="utf-8")
    assert regenerated == committed, "run: python scripts/regenerate_data.py"


def test_committed_manifest_digest_is_pinned_in_code() -> None:
    """The regenerate-and-compare check of the pinned digest: the module the script writes for the manifest
    the data calls for is the committed one, and it names the committed manifest."""
    module = Path(bundled.__file__).with_name("_manifest_sha256.py")
    assert module.read_text(encoding="utf-8") == bundled.pinned_manifest_module(bundled.manifest_text()), (
        "run: python scripts/regenerate_data.py"
    )
    manifest = bundled.data_file(bundled.MANIFEST_FILE).read_bytes()
    assert hashlib.sha256(manifest).hexdigest() == MANIFEST_SHA256


def test_committed_units_page_is_what_the_registry_makes() -> None:
    committed = (REPO / "docs" / "units.md").read_text(encoding="utf-8")
    assert committed == unit_sources_markdown(govtasks.load_units()) + "\n", "run: python scripts/regenerate_data.py"


def test_parsing_the_source_gives_the_loaded_plan(source: str, plan: govtasks.Plan) -> None:
    assert govtasks.parse(source) == plan


def test_load_returns_one_object() -> None:
    assert govtasks.load() is govtasks.load()


def test_first_load_from_many_threads_yields_one_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    bundled._load_once.cache_clear()
    calls = 0
    real_from_json = serialize._plan_from_json

    def counting_from_json(text: str | bytes, units: govtasks.UnitRegistry | None, sha256: str | None) -> govtasks.Plan:
        nonlocal calls
        calls += 1
        return real_from_json(text, units, sha256)

    monkeypatch.setattr(bundled, "_plan_from_json", counting_from_json)
    start = threading.Barrier(16)

    def load_together() -> govtasks.Plan:
        start.wait()
        return govtasks.load()

    with ThreadPoolExecutor(max_workers=16) as pool:
        plans = list(pool.map(lambda _: load_together(), range(16)))
    assert calls == 1
    assert all(p is plans[0] for p in plans)


def test_loaded_objects_cannot_be_changed(plan: govtasks.Plan) -> None:
    task = plan.task(18)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        task.text = "changed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        plan.tasks = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        task.note = "added"  # type: ignore[attr-defined]
    assert isinstance(plan.tasks, tuple)
    assert isinstance(task.assignments, tuple)
    assert isinstance(plan.info.addressees, tuple)
    with pytest.raises(TypeError):
        plan._task_index[99] = task  # type: ignore[index]


def test_plan_loads_from_a_zip(tmp_path: Path) -> None:
    package = Path(govtasks.__file__).parent
    archive = tmp_path / "govtasks.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in package.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                zipped.write(path, Path("govtasks") / path.relative_to(package))
    code = (
        f"import sys; sys.path.insert(0, {str(archive)!r}); import govtasks; "
        "assert govtasks.__file__.startswith(sys.path[0]), govtasks.__file__; "
        "p = govtasks.load(); print(len(p.targets), len(p.tasks), p.declared_tasks, len(govtasks.verify()))"
    )
    run = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert run.stdout.split() == ["4", "21", "268", "20"]
