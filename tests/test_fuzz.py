"""Mutation fuzzing of the real source and of the corpus' plans: every input gives a Plan or a ParseError
with its place, and every plan renders to text that reads back as itself, or raises a RenderError.

The normal run tries GOVTASKS_FUZZ_CASES cases (default 1,000); CI runs 10,000 (and 400 of each corpus excerpt).
The hostile target (GOVTASKS_HOSTILE_CASES, default 100; CI 1,000) grows inputs up to 1 MB and gives some as
bytes; each case has a limit of CPU time, and a case over it fails as a hang.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

import govtasks
from tests.fuzz import cases, cpu_limit, damaged, hostile_cases, json_cases, no_limit
from tests.test_corpus import DOCUMENTS, excerpt

CASES = int(os.environ.get("GOVTASKS_FUZZ_CASES", "1000"))
HOSTILE_CASES = int(os.environ.get("GOVTASKS_HOSTILE_CASES", "100"))


def attempt(text: str | bytes) -> govtasks.Plan | govtasks.ParseError:
    """The plan, or the ParseError; any other exception escapes."""
    try:
        return govtasks.parse(text)
    except govtasks.ParseError as error:
        return error


def renders_faithfully(plan: govtasks.Plan, name: str) -> bool:
    """Render the plan: the text reads back as the plan (render checks it) or a RenderError says why."""
    try:
        govtasks.render(plan)
    except govtasks.RenderError:
        return False
    except Exception as error:
        raise AssertionError(f"{name}: render raised {type(error).__name__}: {error}") from error
    return True


def test_mutated_sources_parse_or_fail_with_a_place(source: str) -> None:
    outcomes = _outcomes(cases(source, CASES))
    assert outcomes["plan"] + outcomes["parse error"] == CASES
    assert outcomes["rendered"] > 0
    assert outcomes["plan"] > 0  # both outcomes are exercised
    assert outcomes["parse error"] > 0


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_mutated_corpus_plans_parse_or_fail_with_a_place(name: str) -> None:
    """Every layout of the family, mutated: a plan that validates, round-trips and renders, or a ParseError."""
    count = max(CASES // 25, 20)
    outcomes = _outcomes((f"{name}, {case}", text) for case, text in cases(excerpt(name), count))
    assert outcomes["plan"] + outcomes["parse error"] == count


def test_hostile_inputs_finish_and_parse_or_fail_with_a_place(source: str) -> None:
    """Inputs up to 1 MB, in any encoding, with any line separator: each finishes within its CPU limit."""
    outcomes = _outcomes(hostile_cases(source, HOSTILE_CASES), limit=cpu_limit)
    assert outcomes["plan"] + outcomes["parse error"] == HOSTILE_CASES
    assert outcomes["plan"] > 0
    assert outcomes["parse error"] > 0


def test_plans_the_parser_makes_survive_export_and_damaged_copies_fail_cleanly(source: str, tmp_path: Path) -> None:
    """Every plan a mutated text gives goes through a data package and back unchanged, also into a folder
    with a planted link; damaged copies of its JSON and of its package give a plan or a DataError."""
    victim = tmp_path / "victim.txt"
    victim.write_text("outside the export")
    plans = [
        plan for _, text in cases(source, HOSTILE_CASES, seed=13) if isinstance(plan := attempt(text), govtasks.Plan)
    ]
    assert plans
    for k, plan in enumerate(plans):
        folder = tmp_path / f"package-{k}"
        folder.mkdir()
        (folder / "tasks.csv").symlink_to(victim)
        govtasks.export(plan, folder, force=True)
        assert govtasks.read_datapackage(folder) == plan, f"plan {k}"
        assert victim.read_text() == "outside the export"
        for damaged_json in json_cases(govtasks.to_json(plan), 3, seed=k):
            _usable(_read_or_refuse(govtasks.from_json, damaged_json))
        _usable(_read_or_refuse(govtasks.read_datapackage, _damage_package(folder, k)))


def _read_or_refuse(reader: Callable[[Any], govtasks.Plan], data: object) -> govtasks.Plan | None:
    """What the reader makes of damaged data: a plan, or None for a DataError; anything else fails."""
    try:
        return reader(data)
    except govtasks.DataError as error:
        problems = error.problems
    assert problems, "a DataError names its faults"
    return None


def _usable(plan: govtasks.Plan | None) -> None:
    """A plan that was read keeps the model's rules: every view of it works."""
    if plan is not None:
        assert str(plan)
        assert plan._repr_html_()
        govtasks.validate(plan)
        assert govtasks.from_json(govtasks.to_json(plan)) == plan


def _damage_package(folder: Path, seed: int) -> Path:
    """The package with one CSV file damaged and its size and sha256 restated, so the reader gets past them."""
    rng = random.Random(seed)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resource = rng.choice(descriptor["resources"])
    data = damaged(rng, (folder / resource["path"]).read_bytes(), [",", '"', "\r\n", "=1", "1_000", " 7 ", "-1", ""])
    (folder / resource["path"]).write_bytes(data)
    resource["bytes"], resource["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def _line_count(text: str | bytes) -> int:
    """Lines as parse counts them: they end with LF, CRLF or CR (bytes decoded one to one to count them)."""
    return len(re.split(r"\r\n|\r|\n", text if isinstance(text, str) else text.decode("latin-1")))


def _outcomes(
    named: Iterable[tuple[str, str | bytes]], limit: Callable[[str, int], AbstractContextManager[None]] = no_limit
) -> dict[str, int]:
    outcomes = {"plan": 0, "parse error": 0, "rendered": 0}
    for name, text in named:
        with limit(name, len(text)):
            try:
                result = attempt(text)
            except Exception as error:  # anything but a ParseError is a bug: name the case that finds it
                raise AssertionError(f"{name}: {type(error).__name__}: {error}") from error
            if isinstance(result, govtasks.ParseError):
                assert 1 <= result.line <= _line_count(text), name
                assert result.column >= 1, name
                assert result.message, name
                outcomes["parse error"] += 1
            else:
                govtasks.validate(result)
                assert govtasks.from_json(govtasks.to_json(result)) == result, name
                outcomes["plan"] += 1
                outcomes["rendered"] += renders_faithfully(result, name)
    return outcomes
