"""Rows as DataFrames: pandas and polars, typed by :data:`govtasks.columns.TYPES`.

pandas and polars are optional extras, imported inside the functions that need them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from govtasks.columns import TYPES, Column, Row

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl


def as_columns(columns: Sequence[Column], rows: Iterable[Row]) -> dict[str, list[Any]]:
    """``rows`` as columns: header → values, in row order."""
    values: dict[str, list[Any]] = {column.name: [] for column in columns}
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            values[column.name].append(value)
    return values


def pandas_frame(columns: Sequence[Column], rows: Iterable[Row]) -> pd.DataFrame:
    """``rows`` as a pandas DataFrame with nullable dtypes (needs the ``pandas`` extra)."""
    import pandas as pd

    frame = pd.DataFrame(as_columns(columns, rows))
    return frame.astype({c.name: TYPES[c.type].pandas for c in columns})


def polars_frame(columns: Sequence[Column], rows: Iterable[Row]) -> pl.DataFrame:
    """``rows`` as a polars DataFrame (needs the ``polars`` extra)."""
    import polars as pl

    schema = {c.name: getattr(pl, TYPES[c.type].polars) for c in columns}
    return pl.DataFrame(as_columns(columns, rows), schema=schema)
