"""Results that are tables: each shows as HTML, becomes a pandas or polars frame with its declared
columns, and (where its rows are plain) works with ``pandas.DataFrame(result)``."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest

import govtasks
from govtasks._html import SHOWN_ROWS
from govtasks.results import Tabular

PLAN = govtasks.load()
EXCERPTS = Path(__file__).resolve().parent / "corpus" / "excerpts"

RESULTS: dict[str, Callable[[], Tabular]] = {
    "workload": lambda: PLAN.workload(),
    "workload with targets, expanded": lambda: PLAN.workload(include_targets=True, expand=True),
    "counts by theme": lambda: PLAN.counts(by="theme"),
    "counts by unit kind": lambda: PLAN.counts(by="unit_kind"),
    "co-assignments": lambda: PLAN.co_assignments(),
    "report": lambda: govtasks.validate(PLAN),
    "units": lambda: PLAN.units,
    "tasks_for": lambda: PLAN.tasks_for("市发改委"),
    "filter": lambda: PLAN.filter(theme="有效防范金融风险"),
    "search": lambda: PLAN.search("金融"),
    "workload across plans": lambda: govtasks.read_many(sorted(EXCERPTS.glob("0*.txt"))).workload(),
}
PLAIN_ROWS = ("workload", "workload with targets, expanded", "co-assignments", "report", "workload across plans")
"""Results whose rows are plain rows (named-tuple protocol), not the model's own objects."""


@pytest.mark.parametrize("name", RESULTS)
def test_frames_have_the_declared_columns_and_nullable_types(name: str) -> None:
    result = RESULTS[name]()
    names = [c.name for c in result.COLUMNS]
    cells = list(result.cells())
    frame = result.to_pandas()
    assert list(frame.columns) == names
    assert len(frame) == len(cells) > 0
    for column in result.COLUMNS:
        expected = "Int64" if column.type == "integer" else "string"
        assert str(frame[column.name].dtype) == expected, column.name
    polars = result.to_polars()
    assert polars.columns == names
    assert polars.rows() == [tuple(row) for row in cells]


@pytest.mark.parametrize("name", PLAIN_ROWS)
def test_pandas_dataframe_of_the_result_is_its_table(name: str) -> None:
    result: Any = RESULTS[name]()
    frame = pd.DataFrame(result)  # pandas' own inference: None becomes NaN beside numbers
    typed = result.to_pandas()
    assert list(frame.columns) == [c.name for c in result.COLUMNS]
    pd.testing.assert_frame_equal(frame.astype(typed.dtypes.to_dict()), typed)


def test_a_row_keeps_its_objects_and_reads_as_cells() -> None:
    row = PLAN.workload()[0]
    assert row.unit.name == "各区人民政府〈含开发区、风景区管委会〉"
    assert tuple(row) == row.row() == (row.unit.id, row.unit.name, "collective", 0, 13, 13, None, None)
    assert row._fields[:3] == ("unit_id", "name", "kind")


def test_workload_frame_says_what_it_counts() -> None:
    frame = PLAN.workload().to_pandas().set_index("name")
    assert frame.loc["市发展改革委", "lead"] == 2
    with_targets = PLAN.workload(include_targets=True).to_pandas().set_index("name")
    assert with_targets.loc["市发展改革委", "lead"] == 5
    assert "targets not counted" in PLAN.workload().caption()
    assert "tasks and targets" in PLAN.workload(include_targets=True).caption()


def test_counts_rows_name_their_division() -> None:
    frame = PLAN.counts(by="theme").to_pandas()
    assert frame.to_dict("records")[2] == {"label": "有效防范金融风险", "division_id": 6, "tasks": 3}
    assert pd.Series(PLAN.counts(by="theme")).to_dict() == dict(zip(frame.label, frame.tasks, strict=True))


def test_query_results_are_still_tuples() -> None:
    found = PLAN.tasks_for("市发改委", role="lead")
    assert found.to_pandas()["number"].tolist() == [15, 20]
    assert isinstance(found, tuple)
    assert found == (PLAN.task(15), PLAN.task(20))


@pytest.mark.parametrize("name", RESULTS)
def test_html_shows_caption_header_and_rows(name: str) -> None:
    result = RESULTS[name]()
    html = result._repr_html_()
    rows = list(result.cells())
    assert html.startswith(f"<div><strong>{escape(result.caption())}</strong>")
    assert "".join(f"<th>{c.name}</th>" for c in result.COLUMNS) in html
    assert html.count("<tr>") == 1 + min(len(rows), SHOWN_ROWS)
    assert ("more row" in html) == (len(rows) > SHOWN_ROWS)


def test_html_of_a_long_result_says_how_many_are_hidden() -> None:
    pairs = PLAN.co_assignments()
    assert len(pairs) > SHOWN_ROWS
    assert f"… and {len(pairs) - SHOWN_ROWS} more rows: .to_pandas() holds them all" in pairs._repr_html_()


def test_a_result_frame_is_the_same_in_polars_and_pandas() -> None:
    result = PLAN.workload(expand=True)
    assert pl.from_pandas(result.to_pandas()).rows() == result.to_polars().rows()
