"""Columns: a name, a type and a meaning, and the one map from a column's type to every engine's.

Every tabular output (the plan's tables, a query's result, the data package's Table Schema,
Parquet, pandas and polars) describes its columns with :class:`Column`, so a column's type is
spelled once, here, for all of them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any, Literal

from attrs import frozen

ColumnType = Literal["integer", "string", "date", "boolean"]
"""A Table Schema type name."""
Row = tuple[Any, ...]
EnumClass = type[Enum]


@frozen(kw_only=True)
class EngineTypes:
    """How each engine holds a column of one type: nullable, so an empty cell stays missing."""

    pandas: str
    """The pandas dtype."""
    polars: str
    """The name of the polars data type (``polars.Int64``)."""
    arrow: str
    """The name of the pyarrow type factory (``pyarrow.int64()``)."""


TYPES: Mapping[ColumnType, EngineTypes] = MappingProxyType(
    {
        "integer": EngineTypes(pandas="Int64", polars="Int64", arrow="int64"),
        "string": EngineTypes(pandas="string", polars="String", arrow="string"),
        "date": EngineTypes(pandas="datetime64[s]", polars="Date", arrow="date32"),
        "boolean": EngineTypes(pandas="boolean", polars="Boolean", arrow="bool_"),
    }
)
"""Each column type, as pandas, polars and pyarrow hold it."""


def code(member: Enum) -> str:
    """How a table writes an enum member: by its ASCII ``code`` where the enum has one (a role:
    ``lead``), else by its value.

    Tables hold one vocabulary per enum, so that a role reads the same in every table, on the
    command line and in a DataFrame.
    """
    return str(getattr(member, "code", member.value))


@frozen(kw_only=True)
class Column:
    """One column: its ASCII name, type, whether a value is required, meaning, and the enum it holds."""

    name: str
    type: ColumnType
    required: bool = False
    description: str
    enum: EnumClass | None = None
    """The enum whose members the column holds, written as their codes (:func:`code`)."""

    @staticmethod
    def optional(name: str, type: ColumnType, description: str) -> Column:
        """A column that may be empty and holds no enum: a query result's."""
        return Column(name=name, type=type, description=description)

    @property
    def values(self) -> tuple[str, ...] | None:
        """The allowed values, as written, where the column holds an enum."""
        return None if self.enum is None else tuple(code(member) for member in self.enum)

    def member(self, value: str) -> Enum:
        """The enum member written as ``value``; a KeyError if there is none."""
        return _members(self.enum)[value]


@functools.cache
def _members(kind: EnumClass | None) -> dict[str, Enum]:
    """An enum's members by their written codes, made once per enum (a package reads many cells)."""
    return {code(member): member for member in kind or ()}
