"""Synthetic plans for scale testing, in the bundled source's own format. Never shipped as data.

The generator reuses the real task sentences and responsibility lists and spreads them over
nine areas of five themes each, seeded so that every run writes the same text. Each theme
numbers its tasks afresh from 1, as some plans of the family do: the reader takes a marker
of up to four digits, and a 100 MB text holds some 400,000 tasks.
"""

from __future__ import annotations

import random

import attrs

import govtasks
from govtasks._text import int_to_cn

AREAS = 9
THEMES_PER_AREA = 5


def synthetic_plan(tasks: int, seed: int = 2020) -> govtasks.Plan:
    """A plan with ``tasks`` tasks drawn from the bundled plan's, declared as 共``tasks``项."""
    real = govtasks.load()
    rng = random.Random(seed)
    targets_part, work_part = real.divisions_of(govtasks.DivisionKind.PART)
    divisions = [targets_part, attrs.evolve(work_part, declared=tasks)]
    items = list(real.targets)
    per_area, extra = divmod(tasks, AREAS)
    for area in range(1, AREAS + 1):
        count = per_area + (area <= extra)
        area_id = len(divisions) + 1
        marker, title = f"({int_to_cn(area)})", f"第{area}方面重点工作"
        divisions.append(
            attrs.evolve(real.sections[0], id=area_id, parent=work_part.id, number=area, marker=marker, title=title)
        )
        for theme in range(THEMES_PER_AREA):
            share = count // THEMES_PER_AREA + (theme < count % THEMES_PER_AREA)
            divisions.append(
                attrs.evolve(real.themes[0], id=len(divisions) + 1, parent=area_id, title=f"主题{area}-{theme + 1}")
            )
            for number in range(1, share + 1):
                drawn = rng.choice(real.tasks)
                items.append(
                    attrs.evolve(drawn, id=len(items) + 1, number=number, marker=f"{number}.", division=len(divisions))
                )
    return attrs.evolve(real, divisions=tuple(divisions), items=tuple(items), residue=())


def synthetic_text(tasks: int, seed: int = 2020) -> str:
    """The text of :func:`synthetic_plan`, as :func:`govtasks.render` writes it."""
    return govtasks.render(synthetic_plan(tasks, seed))
