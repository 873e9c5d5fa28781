"""Results that are tables: a workload, counts, co-assignments, a validation report, a registry,
the items a query finds.

Each names its columns once (:class:`~govtasks.columns.Column`: name, type, meaning) and gives its rows as plain
values; from that alone it shows as an HTML table in a notebook, becomes a pandas or polars
frame with the same nullable types as the data package's tables, and, through its rows, works
with ``pandas.DataFrame(result)``: a row follows the named-tuple protocol pandas reads column
names from (``_fields``, and iterating its cells).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, overload

from govtasks._html import result_html
from govtasks.columns import Column
from govtasks.frames import pandas_frame, polars_frame

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

Cell = Any


class Tabular:
    """A result that is a table. Subclasses give ``COLUMNS``, a caption and their rows' cells."""

    __slots__ = ()
    COLUMNS: ClassVar[tuple[Column, ...]]

    @abstractmethod
    def cells(self) -> Iterator[tuple[Cell, ...]]:
        """Each row's cells, in the order of ``COLUMNS``: strings, integers, dates, booleans or None."""

    def caption(self) -> str:
        """What the table shows, above it in HTML."""
        return type(self).__name__

    def to_pandas(self) -> pd.DataFrame:
        """The table as a pandas DataFrame with nullable dtypes (needs the ``pandas`` extra)."""
        return pandas_frame(self.COLUMNS, self.cells())

    def to_polars(self) -> pl.DataFrame:
        """The table as a polars DataFrame (needs the ``polars`` extra)."""
        return polars_frame(self.COLUMNS, self.cells())

    def _repr_html_(self) -> str:
        return result_html(self.caption(), tuple(c.name for c in self.COLUMNS), list(self.cells()))


class TabularRow(Sequence[Cell]):
    """A row that pandas reads as a named tuple: ``_fields`` names its cells, iterating gives them.

    ``pandas.DataFrame(rows)`` takes its column names from the first row's ``_fields``; the row's
    own attributes (a unit, a role) stay as they are for Python code.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]

    @abstractmethod
    def row(self) -> tuple[Cell, ...]:
        """The row's cells, in the order of ``_fields``."""

    def __getitem__(self, index: Any) -> Any:
        return self.row()[index]

    def __len__(self) -> int:
        return len(self._fields)

    def __iter__(self) -> Iterator[Cell]:
        return iter(self.row())


R = TypeVar("R", bound=TabularRow)


class RowTable(Sequence[R], Tabular):
    """A table that is a sequence of its rows: indexing and iterating give the row objects, and its
    cells are theirs. Subclasses say where their rows are held."""

    __slots__ = ()

    @abstractmethod
    def _rows(self) -> tuple[R, ...]:
        """The rows, in order."""

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[R]: ...
    def __getitem__(self, index: int | slice) -> R | Sequence[R]:
        return self._rows()[index]

    def __len__(self) -> int:
        return len(self._rows())

    def cells(self) -> Iterator[tuple[Cell, ...]]:
        return (row.row() for row in self._rows())


def fields_of(columns: tuple[Column, ...]) -> tuple[str, ...]:
    """The ``_fields`` of a row class whose result has ``columns``."""
    return tuple(c.name for c in columns)
