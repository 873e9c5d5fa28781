"""Shared fixtures: the bundled source text and the plan parsed from it."""

from __future__ import annotations

import pytest
from hypothesis import settings

import govtasks

# Speed is measured in benchmarks/, never asserted in tests: no per-example time limit.
settings.register_profile("govtasks", deadline=None)
settings.load_profile("govtasks")


@pytest.fixture(scope="session")
def source() -> str:
    """The bundled source text, as shipped."""
    return govtasks.source_text()


@pytest.fixture(scope="session")
def plan() -> govtasks.Plan:
    """The bundled plan, as :func:`govtasks.load` returns it."""
    return govtasks.load()


def edit_line(text: str, number: int, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new`` once, on 1-based line ``number``; fails loudly if absent."""
    lines = text.split("\n")
    assert old in lines[number - 1], f"{old!r} is not on line {number}: {lines[number - 1]!r}"
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return "\n".join(lines)


def names(units: tuple[govtasks.Unit, ...]) -> tuple[str, ...]:
    """The printed-style names of ``units``, for comparing with the text."""
    return tuple(unit.name for unit in units)
