"""HTML for notebooks (``_repr_html_``) and short text for reprs.

It sits below the model, so that plans, items, units and results show themselves from their own
data with it, and nothing that shows needs a module above the one it shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from govtasks._text import plural

SHOWN_ROWS = 60
"""Rows a result shows in a notebook; the rest are a ``to_pandas()`` away, as the note under it says."""

_SHORT = 24
"""Characters of an item's text a repr shows."""


def shorten(text: str) -> str:
    """``text`` cut to a repr's width, with … where it was cut."""
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def escape(text: str) -> str:
    """``text`` safe in HTML. The html module is imported on first use: it loads a table of 2,000
    entities that ``import govtasks`` does not need."""
    from html import escape as escaped

    return escaped(text)


def table(rows: Sequence[tuple[str, ...]], header: tuple[str, ...]) -> str:
    """An HTML table of text cells under ``header``, every cell escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def result_html(caption: str, header: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> str:
    """A tabular result as the plan shows itself: a caption in bold above a table; None is an empty cell."""
    cells = [tuple("" if value is None else str(value) for value in row) for row in rows[:SHOWN_ROWS]]
    count = f"<small> ({plural(len(rows), 'row')})</small>"
    more = len(rows) - SHOWN_ROWS
    note = f"<p><small>… and {plural(more, 'more row')}: .to_pandas() holds them all</small></p>" if more > 0 else ""
    return f"<div><strong>{escape(caption)}</strong>{count}{table(cells, header)}{note}</div>"
