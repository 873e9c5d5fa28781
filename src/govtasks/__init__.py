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
"""

from govtasks._version import __version__
from govtasks.bundled import SOURCE_SHA256 as __data_version__
from govtasks.bundled import load, load_units, source_text, verify
from govtasks.errors import DataError, GovtasksError, IntegrityError, ParseError, TaskNotFound, UnitNotFound
from govtasks.export import export, read_datapackage
from govtasks.model import (
    Assignment,
    Clause,
    Deadline,
    DocumentInfo,
    Notice,
    Plan,
    Residue,
    ResponsibleItem,
    Role,
    Section,
    Target,
    Task,
    Theme,
)
from govtasks.parse import parse
from govtasks.render import render, without_positions
from govtasks.serialize import from_json, to_json, units_from_json, units_to_json
from govtasks.units import Alias, Certainty, Membership, NameStatus, Unit, UnitKind, UnitRegistry
from govtasks.validate import Finding, Report, Severity, ValidationError, validate

__all__ = [
    "Alias",
    "Assignment",
    "Certainty",
    "Clause",
    "DataError",
    "Deadline",
    "DocumentInfo",
    "Finding",
    "GovtasksError",
    "IntegrityError",
    "Membership",
    "NameStatus",
    "Notice",
    "ParseError",
    "Plan",
    "Report",
    "Residue",
    "ResponsibleItem",
    "Role",
    "Section",
    "Severity",
    "Target",
    "Task",
    "TaskNotFound",
    "Theme",
    "Unit",
    "UnitKind",
    "UnitNotFound",
    "UnitRegistry",
    "ValidationError",
    "__data_version__",
    "__version__",
    "export",
    "from_json",
    "load",
    "load_units",
    "parse",
    "read_datapackage",
    "render",
    "source_text",
    "to_json",
    "units_from_json",
    "units_to_json",
    "validate",
    "verify",
    "without_positions",
]
