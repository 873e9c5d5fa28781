"""How plans, targets, tasks and units show themselves: short reprs, readable strs,
and HTML tables for notebooks (``_repr_html_``)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from govtasks._text import int_to_cn

if TYPE_CHECKING:
    from govtasks.model import Plan, ResponsibleItem
    from govtasks.units import Unit

_SHORT = 24


def _shorten(text: str) -> str:
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def responsibility_list(item: ResponsibleItem) -> str:
    """The item's units as the text prints them: (牵头单位:A;责任单位:B、C,D)."""
    parts = []
    for role in dict.fromkeys(a.role for a in item.assignments):
        names = ""
        group = None
        for assignment in (a for a in item.assignments if a.role is role):
            if group is not None:
                names += "," if assignment.group != group else "、"
            names += assignment.printed
            group = assignment.group
        parts.append(f"{role.value}:{names}")
    return f"({';'.join(parts)})" if parts else ""


def item_repr(item: ResponsibleItem, label: str) -> str:
    leads = "、".join(unit.name for unit in item.leads) or "none"
    return f"<{label} {_shorten(item.text)} | leads: {leads} | responsible: {len(item.responsible)}>"


def plan_repr(plan: Plan) -> str:
    name = plan.info.doc_number or plan.title or "untitled plan"
    return f"<Plan {name}: {plan.coverage}>"


def _table(rows: Sequence[tuple[str, ...]], header: tuple[str, ...]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def item_html(item: ResponsibleItem, label: str) -> str:
    rows = [
        (a.role.value, str(a.position), a.printed, a.unit.full_name or "", a.unit.kind.value) for a in item.assignments
    ]
    return (
        f"<div><strong>{escape(label)}</strong> <small>(lines {item.first_line}–{item.last_line})</small>"
        f"<p>{escape(item.text)}</p>{_table(rows, ('role', 'position', 'printed', 'full name', 'kind'))}</div>"
    )


def plan_html(plan: Plan) -> str:
    rows = [
        (f"({int_to_cn(section.ordinal)})", section.title, theme.title or "", str(len(theme.tasks)))
        for section in plan.sections
        for theme in section.themes
    ]
    residue = "".join(f"<li>line {r.line}: {escape(r.text)}</li>" for r in plan.residue)
    return (
        f"<div><strong>{escape(plan.title or plan.info.title or 'untitled plan')}</strong>"
        f"<p>{escape(plan.info.doc_number or '')} · {escape(str(plan.coverage))}</p>"
        f"{_table(rows, ('area', 'title', 'theme', 'tasks'))}"
        + (f"<p>Text not placed:</p><ul>{residue}</ul>" if residue else "")
        + "</div>"
    )


def unit_html(unit: Unit) -> str:
    rows = [
        ("id", unit.id, ""),
        ("kind", unit.kind.value, ""),
        ("full name", unit.full_name or "", unit.full_name_certainty.value if unit.full_name_certainty else ""),
        ("English", unit.name_en or "", unit.name_en_status.value if unit.name_en_status else ""),
    ]
    rows += [("alias", alias.name, "") for alias in unit.aliases]
    rows += [("member", m.unit, m.certainty.value) for m in unit.members]
    return f"<div><strong>{escape(unit.name)}</strong>{_table(rows, ('field', 'value', 'certainty / status'))}</div>"
