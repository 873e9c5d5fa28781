"""The core (model, units) holds no state made after construction, and shows itself (reprs, HTML,
coverage) without importing anything above it (issue 17)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import govtasks
from govtasks.model import Coverage, Plan
from govtasks.units import UnitRegistry, _Mistyped, unregistered

PACKAGE = Path(govtasks.__file__).parent
CORE = ("model", "units", "results", "columns", "frames", "_text", "_html")
"""The data classes and what they stand on (layers 0 and 1)."""


def slots(record: object) -> dict[str, Any]:
    """Every slot of a record, along its class's bases, read from the slot itself (so that nothing a
    class computes on first access is computed here): its value, or ``<unset>``."""
    held: dict[str, Any] = {}
    for cls in type(record).__mro__:
        for name in set(getattr(cls, "__slots__", ())) - {"__weakref__"}:
            try:
                held[name] = vars(cls)[name].__get__(record, cls)
            except AttributeError:
                held[name] = "<unset>"
    return held


def test_nothing_changes_a_frozen_object_or_caches_inside_one() -> None:
    """No object.__setattr__ and no cached_property in the core: a frozen object's fields are all made with it."""
    found = []
    for path in (PACKAGE / f"{name}.py" for name in CORE):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and (
                node.attr == "cached_property" or (node.attr == "__setattr__" and ast.unparse(node.value) == "object")
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {ast.unparse(node)}")
            if isinstance(node, ast.ImportFrom) and any(alias.name == "cached_property" for alias in node.names):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} imports cached_property")
    assert found == []


def test_using_a_plan_and_its_registry_sets_nothing_in_them() -> None:
    plan = govtasks.parse(govtasks.source_text().replace("市发展改革委", "市发展改革委员", 1))
    registry = plan.units
    before = (slots(plan), slots(registry))
    assert "<unset>" not in (*before[0].values(), *before[1].values())
    repr(plan), plan._repr_html_(), plan.coverage, plan.task(5), plan.workload(), registry._repr_html_()
    for unit in registry:
        repr(unit), unit._repr_html_(), registry.collectives_containing(unit), registry.same_administration(unit)
    for item in plan.items:
        repr(item), str(item), item._repr_html_()
    assert registry.suggestions("市发展改革")[0] == "市发展改革委"
    with pytest.raises(govtasks.UnitNotFound):
        registry.lookup("市发改委员会办公室")
    after = (slots(plan), slots(registry))
    assert after == before
    assert all(after[0][name] is value for name, value in before[0].items())
    assert all(after[1][name] is value for name, value in before[1].items())


def test_the_suggestion_table_is_shared_by_registries_of_the_same_names() -> None:
    bundled = govtasks.load_units()
    with_stand_in = bundled.including((unregistered("某单位"),))
    assert with_stand_in._close_names is bundled._close_names
    assert with_stand_in.suggestions("某单") == bundled.suggestions("某单") == ()
    fewer = UnitRegistry(units=bundled.units[:10])
    assert fewer._close_names is not bundled._close_names
    assert len(fewer._close_names.keys) < len(bundled._close_names.keys)


@pytest.mark.parametrize("units", [("x",), [None], None, (govtasks.load().items[0],)])
def test_a_registry_of_what_is_not_a_tuple_of_units_is_refused_by_its_check(units: Any) -> None:
    """The indexes are made before attrs runs the checks: bad input still meets the check, not a crash."""
    with pytest.raises(_Mistyped, match=r"units must (be a tuple|hold Units)"):
        UnitRegistry(units=units)


@pytest.mark.parametrize("items", [("x",), [None], None, (govtasks.load().units.units[0],)])
def test_a_plan_of_what_is_not_a_tuple_of_items_is_refused_by_its_check(items: Any) -> None:
    plan = govtasks.load()
    fields = {f.name: getattr(plan, f.name) for f in attrs.fields(Plan) if f.init}
    with pytest.raises(_Mistyped, match=r"items must (be a tuple|hold Items)"):
        Plan(**{**fields, "items": items})


def test_coverage_is_the_models_arithmetic() -> None:
    plan = govtasks.load()
    assert type(plan.coverage) is Coverage
    assert plan.coverage == Coverage(
        targets=4, declared_targets=4, sections=2, declared_sections=9, tasks=21, declared_tasks=268
    )
    with pytest.raises(_Mistyped):
        Coverage(targets="4", declared_targets=4, sections=2, declared_sections=9, tasks=21, declared_tasks=268)  # type: ignore[arg-type]


def test_reprs_and_html_import_nothing_above_the_core() -> None:
    """A plan, its items, units and registry show themselves, and say their coverage, from their own data."""
    code = (
        "import sys, govtasks\n"
        "plan = govtasks.load()\n"
        "loaded = set(sys.modules)\n"
        "shown = [repr(plan), plan._repr_html_(), str(plan.coverage), plan.units._repr_html_()]\n"
        "shown += [text for item in plan.items for text in (repr(item), item._repr_html_())]\n"
        "shown += [text for unit in plan.units for text in (repr(unit), unit._repr_html_())]\n"
        "print(sorted(name for name in set(sys.modules) - loaded if name.startswith('govtasks')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
