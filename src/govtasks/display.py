"""How plans, items and units show themselves: short reprs, readable strs,
and HTML tables for notebooks (``_repr_html_``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from govtasks._text import plural

if TYPE_CHECKING:
    from govtasks.model import Item, Plan
    from govtasks.units import Unit

_SHORT = 24


def _shorten(text: str) -> str:
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def responsibility_list(item: Item) -> str:
    """The item's units as the text prints them: (牵头单位:A;责任单位:B、C,D)."""
    from govtasks.text import lists

    return lists.bracketed(item)


def item_repr(item: Item, label: str) -> str:
    leads = "、".join(unit.name for unit in item.leads) or "none"
    return f"<{label} {_shorten(item.text)} | leads: {leads} | responsible: {len(item.responsible)}>"


def plan_repr(plan: Plan) -> str:
    name = plan.info.doc_number or plan.title or "untitled plan"
    return f"<Plan {name}: {plan.coverage}>"


def _table(rows: Sequence[tuple[str, ...]], header: tuple[str, ...]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _facts(item: Item) -> str:
    """The item's printed facts beyond its units: leaders, deadline, source, details."""
    facts = [(leader.label or "责任领导", leader.name) for leader in item.leaders]
    facts += [(label, value) for label, value in (("完成时限", item.due), ("任务来源", item.source)) if value]
    facts += [(detail.label, detail.text) for detail in item.details]
    if item.open_ended:
        facts.append(("等", "the unit list is not exhaustive"))
    return "".join(f"<li>{escape(label)}: {escape(value)}</li>" for label, value in facts)


def item_html(item: Item, label: str) -> str:
    rows = [
        (a.role.value, str(a.position), a.printed, a.unit.full_name or "", a.unit.kind.value) for a in item.assignments
    ]
    facts = _facts(item)
    return (
        f"<div><strong>{escape(label)}</strong> <small>(lines {item.first_line}–{item.last_line})</small>"
        f"<p>{escape(item.text)}</p>{_table(rows, ('role', 'position', 'printed', 'full name', 'kind'))}"
        + (f"<ul>{facts}</ul>" if facts else "")
        + "</div>"
    )


def _items_per_division(plan: Plan) -> Counter[int]:
    """How many items each division holds at any depth, counted in one pass."""
    counts: Counter[int] = Counter()
    for item in plan.items:
        division = plan.division(item.division)
        while division is not None:
            counts[division.id] += 1
            division = plan.division(division.parent)
    return counts


def plan_html(plan: Plan) -> str:
    held = _items_per_division(plan)
    rows = [(d.kind.value, d.marker or "", d.title or "", str(held[d.id])) for d in plan.divisions]
    residue = "".join(f"<li>line {r.line}: {escape(r.text)}</li>" for r in plan.residue)
    return (
        f"<div><strong>{escape(plan.title or plan.info.title or 'untitled plan')}</strong>"
        f"<p>{escape(plan.info.doc_number or '')} · {escape(str(plan.coverage))}</p>"
        f"{_table(rows, ('division', 'marker', 'title', 'items'))}"
        + (f"<p>Text not placed:</p><ul>{residue}</ul>" if residue else "")
        + "</div>"
    )


SHOWN_ROWS = 60
"""Rows a result shows in a notebook; the rest are a ``to_pandas()`` away, as the note under it says."""


def result_html(caption: str, header: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> str:
    """A tabular result as the plan shows itself: a caption in bold above a table; None is an empty cell."""
    cells = [tuple("" if value is None else str(value) for value in row) for row in rows[:SHOWN_ROWS]]
    count = f"<small> ({plural(len(rows), 'row')})</small>"
    more = len(rows) - SHOWN_ROWS
    note = f"<p><small>… and {plural(more, 'more row')}: .to_pandas() holds them all</small></p>" if more > 0 else ""
    return f"<div><strong>{escape(caption)}</strong>{count}{_table(cells, header)}{note}</div>"


def unit_html(unit: Unit) -> str:
    rows = [
        ("id", unit.id, ""),
        ("kind", unit.kind.value, unit.kind_certainty.value if unit.kind_certainty else ""),
        ("full name", unit.full_name or "", unit.full_name_certainty.value if unit.full_name_certainty else ""),
        ("English", unit.name_en or "", unit.name_en_status.value if unit.name_en_status else ""),
    ]
    if unit.parent:
        rows.append(("part of", unit.parent, unit.parent_certainty.value if unit.parent_certainty else ""))
    rows += [("alias", alias.name, alias.certainty.value) for alias in unit.aliases]
    rows += [("member", m.unit, m.certainty.value) for m in unit.members]
    rows += [(r.kind.value.replace("_", " "), r.unit, r.certainty.value) for r in unit.relations]
    return f"<div><strong>{escape(unit.name)}</strong>{_table(rows, ('field', 'value', 'certainty / status'))}</div>"
