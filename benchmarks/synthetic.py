"""Synthetic plans for scale testing, in the bundled source's own format. Never shipped as data.

The generator reuses the real task sentences and responsibility lists, renumbers them and
spreads them over nine areas and their themes, seeded so that every run writes the same text.
"""

from __future__ import annotations

import random

import attrs

import govtasks

AREAS = 9
THEMES_PER_AREA = 5


def synthetic_plan(tasks: int, seed: int = 2020) -> govtasks.Plan:
    """A plan with ``tasks`` tasks drawn from the bundled plan's, declared as 共``tasks``项."""
    real = govtasks.load()
    rng = random.Random(seed)
    per_area, extra = divmod(tasks, AREAS)
    number = 0
    sections = []
    for area in range(1, AREAS + 1):
        count = per_area + (area <= extra)
        themes = []
        for theme in range(THEMES_PER_AREA):
            share = count // THEMES_PER_AREA + (theme < count % THEMES_PER_AREA)
            drawn = []
            for _ in range(share):
                number += 1
                drawn.append(attrs.evolve(rng.choice(real.tasks), number=number))
            themes.append(govtasks.Theme(title=f"主题{area}-{theme + 1}", line=0, tasks=tuple(drawn)))
        sections.append(govtasks.Section(ordinal=area, title=f"第{area}方面重点工作", line=0, themes=tuple(themes)))
    return attrs.evolve(real, sections=tuple(sections), declared_tasks=tasks, declared_sections=AREAS, residue=())


def synthetic_text(tasks: int, seed: int = 2020) -> str:
    """The text of :func:`synthetic_plan`, as :func:`govtasks.render` writes it."""
    return govtasks.render(synthetic_plan(tasks, seed))
