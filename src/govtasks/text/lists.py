"""Writing an item's responsibility list: the writer's half of :mod:`govtasks.text.unitlists`.

A list is written as segments in the grammar's words: leaders under their label, each run of
units given one role by one label under that label (or before its phrase, 牵头 / 配合), a list
printed without labels without them, ★ before a unit it marks, then 完成时限 and 任务来源.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby, pairwise

from govtasks.model import Assignment, Item, Leader, RoleBasis
from govtasks.text import grammar


def names(assignments: Sequence[Assignment], *, open_ended: bool = False) -> str:
    """Printed names, 、 within a comma group and a comma between groups, as texts list them."""
    out = _name(assignments[0])
    for before, assignment in pairwise(assignments):
        out += ("," if assignment.group != before.group else "、") + _name(assignment)
    return out + (grammar.OPEN_ENDED if open_ended else "")


def _name(assignment: Assignment) -> str:
    return (grammar.LEAD_MARK if assignment.basis is RoleBasis.MARKER else "") + assignment.printed


def segments(item: Item, inherited: tuple[Leader, ...] = ()) -> Iterator[str]:
    """The list's segments in the order a reader takes them back: units named without a label
    (or before a phrase) first, as a label's segment runs to the next label; then leaders (those a
    heading gave are not repeated), the labelled runs, 完成时限 and 任务来源."""
    runs = [list(run) for _, run in groupby(item.assignments, key=_run_key)]
    written = [_units(run, open_ended=item.open_ended and i == len(runs) - 1) for i, run in enumerate(runs)]
    bare = next((i for i, run in enumerate(runs) if _labelled(run)), len(runs))
    yield from written[:bare]
    if item.leaders and item.leaders != inherited:
        for label, same in groupby(item.leaders, key=lambda leader: leader.label):
            yield f"{label or grammar.LEADER_LABELS[1]}:{'、'.join(leader.name for leader in same)}"
    yield from written[bare:]
    if item.due is not None:
        yield f"{grammar.DUE_LABELS[0]}:{item.due}"
    if item.source is not None:
        yield f"{grammar.SOURCE_LABELS[0]}:{item.source}"


def _labelled(run: list[Assignment]) -> bool:
    label = next((a.label for a in run if a.basis is not RoleBasis.MARKER), None)
    return label is not None and label not in grammar.LEAD_PHRASES + grammar.RESPONSIBLE_PHRASES


def _run_key(assignment: Assignment) -> tuple[str | None, bool]:
    return (
        assignment.label if assignment.basis is not RoleBasis.MARKER else None,
        assignment.basis is RoleBasis.UNLABELLED,
    )


def _units(run: list[Assignment], *, open_ended: bool) -> str:
    label = next((a.label for a in run if a.basis is not RoleBasis.MARKER), None)
    listed = names(run, open_ended=open_ended)
    if label is None:
        return listed
    if label in grammar.LEAD_PHRASES + grammar.RESPONSIBLE_PHRASES:
        return f"{listed}{label}"
    return f"{label}:{listed}"


def bracketed(item: Item, inherited: tuple[Leader, ...] = ()) -> str:
    """The list as the parenthesis layout prints it: (牵头单位:A;责任单位:B、C,D), or ''."""
    parts = list(segments(item, inherited))
    if not parts:
        return ""
    prose = all(not grammar.LABEL.match(p) for p in parts)
    return f"({(',' if prose else ';').join(parts)})"
