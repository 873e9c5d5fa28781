"""Plans to and from JSON through one private, strict cattrs converter.

The converter is built by :func:`_converter` (once, on first use) and never
shared: callers go through :func:`to_json` and :func:`from_json`. It rejects
unknown keys, missing keys and values of the wrong JSON type instead of
coercing them, and reports every fault with its JSON path.
"""

from __future__ import annotations

import functools
import json
from typing import Any, get_args, get_origin

from cattrs import BaseConverter, ClassValidationError, IterableValidationError, transform_error
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.dispatch import StructureHook
from cattrs.preconf.json import JsonConverter, make_converter
from cattrs.v import format_exception

from govtasks.errors import DataError
from govtasks.model import Plan


def _exact(kind: type) -> StructureHook:
    """A hook that accepts only values of exactly ``kind`` (no bool for int, no int for str)."""

    def structure(value: object, _: object) -> object:
        if type(value) is not kind:
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return structure


def _is_homogeneous_tuple(type_: Any) -> bool:
    return get_origin(type_) is tuple and get_args(type_)[1:] == (...,)


def _arrays_only(type_: Any, converter: BaseConverter) -> StructureHook:
    """Structure ``tuple[X, ...]`` from a JSON array only, never from a string or object."""
    items = homogenous_tuple_structure_factory(type_, converter)

    def structure(value: object, cl: Any) -> object:
        if not isinstance(value, list):
            raise TypeError(f"expected a JSON array, got {type(value).__name__}")
        return items(value, cl)

    return structure


@functools.cache
def _converter() -> JsonConverter:
    converter = make_converter(forbid_extra_keys=True)
    converter.register_structure_hook(int, _exact(int))
    converter.register_structure_hook(str, _exact(str))
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _arrays_only)
    return converter


def to_json(plan: Plan) -> str:
    """The plan as a JSON document (UTF-8 text, one key per line, trailing newline)."""
    return json.dumps(_converter().unstructure(plan), ensure_ascii=False, indent=1) + "\n"


def from_json(text: str | bytes) -> Plan:
    """A plan from JSON written by :func:`to_json`.

    Raises :class:`DataError` listing each fault with its path, e.g.
    ``expected int, got str @ $.sections[0].themes[0].tasks[3].number``.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError([f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno} @ $"]) from None
    if not isinstance(data, dict):
        raise DataError([f"expected a JSON object, got {type(data).__name__} @ $"])
    try:
        return _converter().structure(data, Plan)
    except (ClassValidationError, IterableValidationError) as exc:
        raise DataError(transform_error(exc, format_exception=_describe)) from None


def _describe(exc: BaseException, type_: type | None) -> str:
    """cattrs' wording, but saying what was expected where cattrs would not."""
    if isinstance(exc, TypeError) and str(exc).startswith("expected "):
        return str(exc)
    if isinstance(exc, AttributeError) and str(exc).endswith("has no attribute 'keys'"):
        return "expected a JSON object"
    return format_exception(exc, type_)
