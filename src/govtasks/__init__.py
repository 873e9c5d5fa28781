"""govtasks: Wuhan's 2020 responsibility plan (武政办〔2020〕1号) as typed, immutable data.

>>> import govtasks
>>> plan = govtasks.load()
>>> plan.info.doc_number
'武政办〔2020〕1号'
>>> len(plan.tasks), plan.declared_tasks
(21, 268)

The bundled copy of the text ends after task 21 of the 268 it declares; the
``declared_*`` counts always say what the text announces, ``targets`` and
``tasks`` what it contains.

Importing the package loads only what :func:`load` needs; parsing, validation,
rendering and exports load on first use, so that ``import govtasks`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from govtasks._version import __version__
from govtasks.bundled import SOURCE_SHA256 as __data_version__
from govtasks.bundled import load, load_units, source_text, verify
from govtasks.errors import (
    DataError,
    DivisionNotFound,
    GovtasksError,
    IntegrityError,
    ParseError,
    RenderError,
    TaskNotFound,
    UnitNotFound,
)
from govtasks.model import (
    Assignment,
    Clause,
    Convention,
    ConventionKind,
    Deadline,
    Detail,
    Division,
    DivisionKind,
    DocumentInfo,
    Item,
    ItemKind,
    Layout,
    Leader,
    Notice,
    Plan,
    Residue,
    Role,
    RoleBasis,
)
from govtasks.serialize import from_json, to_json, units_from_json, units_to_json
from govtasks.units import (
    Alias,
    Certainty,
    Membership,
    NameStatus,
    Relation,
    RelationKind,
    Unit,
    UnitKind,
    UnitRegistry,
)

if TYPE_CHECKING:
    from govtasks.datapackage import read_datapackage
    from govtasks.exporting import export
    from govtasks.many import Plans, Read, iter_plans, read_many
    from govtasks.parsing import parse
    from govtasks.text.writer import render, without_positions
    from govtasks.validation import Finding, Report, Severity, ValidationError, validate

_LAZY = {
    "export": "govtasks.exporting",
    "read_datapackage": "govtasks.datapackage",
    "parse": "govtasks.parsing",
    "Plans": "govtasks.many",
    "Read": "govtasks.many",
    "iter_plans": "govtasks.many",
    "read_many": "govtasks.many",
    "render": "govtasks.text.writer",
    "without_positions": "govtasks.text.writer",
    "Finding": "govtasks.validation",
    "Report": "govtasks.validation",
    "Severity": "govtasks.validation",
    "ValidationError": "govtasks.validation",
    "validate": "govtasks.validation",
}


def __getattr__(name: str) -> object:
    """Load the module holding ``name`` on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govtasks' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The loaded names and the lazy ones (PEP 562): dir() and completion offer ``parse`` before its first use."""
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Alias",
    "Assignment",
    "Certainty",
    "Clause",
    "Convention",
    "ConventionKind",
    "DataError",
    "Deadline",
    "Detail",
    "Division",
    "DivisionKind",
    "DivisionNotFound",
    "DocumentInfo",
    "Finding",
    "GovtasksError",
    "IntegrityError",
    "Item",
    "ItemKind",
    "Layout",
    "Leader",
    "Membership",
    "NameStatus",
    "Notice",
    "ParseError",
    "Plan",
    "Plans",
    "Read",
    "Relation",
    "RelationKind",
    "RenderError",
    "Report",
    "Residue",
    "Role",
    "RoleBasis",
    "Severity",
    "TaskNotFound",
    "Unit",
    "UnitKind",
    "UnitNotFound",
    "UnitRegistry",
    "ValidationError",
    "__data_version__",
    "__version__",
    "export",
    "from_json",
    "iter_plans",
    "load",
    "load_units",
    "parse",
    "read_datapackage",
    "read_many",
    "render",
    "source_text",
    "to_json",
    "units_from_json",
    "units_to_json",
    "validate",
    "verify",
    "without_positions",
]
