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
from govtasks.model import Layout, Role
from govtasks.text import grammar, lists
from govtasks.text.writer import render

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


TABLE_HEADER = (
    grammar.NUMBER_HEADERS[0],
    grammar.TASK_HEADERS[0],
    grammar.LEAD_LABELS[0],
    grammar.RESPONSIBLE_LABELS[0],
)
"""序号 / 重点工作 / 牵头单位 / 责任单位."""
ROWS_PER_THEME = 20
"""A table numbers its rows afresh under each theme heading, so that a row number stays within three digits."""


def synthetic_table_text(tasks: int, seed: int = 2020, *, pipes: bool = False) -> str:
    """A table of ``tasks`` rows as a web page flattens it: one cell per line with blank lines between, or one
    row per line with '|' between cells (``pipes``). Rows are the bundled plan's tasks, drawn at random, with
    their unit cells as printed (市发展改革委、市财政局,各区人民政府), under area and theme heading rows."""
    real = govtasks.load()
    rng = random.Random(seed)
    rows: list[tuple[str, ...]] = [TABLE_HEADER]
    per_area, extra = divmod(tasks, AREAS)
    for area in range(1, AREAS + 1):
        count = per_area + (area <= extra)
        rows.append((f"({int_to_cn(area)})第{area}方面重点工作",))
        for first in range(0, count, ROWS_PER_THEME):
            rows.append((f"——主题{area}-{first // ROWS_PER_THEME + 1}",))
            for number in range(1, min(ROWS_PER_THEME, count - first) + 1):
                drawn = rng.choice(real.tasks)
                cells = [[a for a in drawn.assignments if a.role is role] for role in (Role.LEAD, Role.RESPONSIBLE)]
                rows.append((str(number), drawn.text, *(lists.names(cell) if cell else "/" for cell in cells)))
    if pipes:
        return "".join(" | ".join(row) + " |\n" for row in rows)
    return "".join(cell + "\n\n" for row in rows for cell in row)


def synthetic_texts(tasks: int, seed: int = 2020) -> dict[Layout, str]:
    """The synthetic plan of ``tasks`` tasks in the parenthesis and labels layouts, and a table of as many rows."""
    plan = synthetic_plan(tasks, seed)
    return {
        Layout.PARENTHESIS: render(plan, Layout.PARENTHESIS),
        Layout.LABELS: render(plan, Layout.LABELS),
        Layout.TABLE: synthetic_table_text(tasks, seed),
    }
