"""Tables as Parquet files (the ``parquet`` extra): one plan's, for :func:`govtasks.export`, and many
plans', for :func:`govtasks.dataset.write_dataset`, typed alike from the table definitions.

A column's Arrow type is the one :data:`govtasks.columns.TYPES` gives its type, so that every file of a
table has the same schema. pyarrow is imported only when a file is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govtasks.columns import TYPES
from govtasks.model import Plan
from govtasks.tables import TABLES, Table

if TYPE_CHECKING:
    import pyarrow as pa


def pyarrow_modules() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or an ImportError that says which extra to install."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError("the parquet format needs pyarrow: pip install 'govtasks[parquet]'") from None
    return pa, pq


def arrow_schema(table: Table, *, required: tuple[str, ...] = ()) -> pa.Schema:
    """The table's Arrow schema, one for all its files; only the ``required`` columns are not nullable."""
    arrow, _ = pyarrow_modules()
    fields = [
        arrow.field(c.name, getattr(arrow, TYPES[c.type].arrow)(), nullable=c.name not in required)
        for c in table.columns
    ]
    schema: pa.Schema = arrow.schema(fields)
    return schema


def parquet_bytes(schema: pa.Schema, rows: list[tuple[Any, ...]]) -> bytes:
    """``rows`` as one Parquet file in memory, typed by ``schema``."""
    arrow, parquet = pyarrow_modules()
    arrays = [arrow.array([row[i] for row in rows], type=field.type) for i, field in enumerate(schema)]
    buffer = arrow.BufferOutputStream()
    parquet.write_table(arrow.Table.from_arrays(arrays, schema=schema), buffer)
    return bytes(buffer.getvalue().to_pybytes())


def parquet_files(plan: Plan) -> dict[str, bytes]:
    """One Parquet file per table of ``plan`` (``items.parquet``, …), made in memory."""
    return {f"{t.name}.parquet": parquet_bytes(arrow_schema(t), list(t.rows(plan))) for t in TABLES.values()}
