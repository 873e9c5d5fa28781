"""Strict, bounded reading of JSON that comes from outside: the one reader behind a plan's JSON, a unit
registry's and a data package's descriptor.

``json.loads`` alone accepts what no strict document holds, and can be made slow or deep: it keeps the
last of a key given twice, reads ``NaN`` and ``Infinity``, converts an integer of any length (in time
quadratic in its digits) and recurses as deep as the text nests. :func:`loads` reads UTF-8 only (a
leading byte order mark is ignored, as RFC 8259 allows; UTF-16 and UTF-32, which ``json.loads`` would
guess, are refused), and hands each key given twice, each constant and each integer of more than
:data:`MAX_DIGITS` digits (or, where the caller asks, only those beyond Python's own bound) to the
caller's ``refuse``, which raises or gives a value to stand in its place (so that a reader that
reports paths can report it where it stands). Nesting deeper than Python
can follow is reported at the first place deeper than the caller's limit; :func:`deeper_than` checks a
limit before reading. Every fault of the text is a :class:`JsonError` whose fields let each caller word
its own message; reading stays linear in the size of the text.
"""

from __future__ import annotations

import enum
import json
import re
import sys
from collections.abc import Callable
from typing import Any

from attrs import frozen

from govtasks._text import place

MAX_DIGITS = 19
"""The longest integer read, in digits (a sign not counted): any int64, and far more than any count."""


class Refusal(enum.Enum):
    """What a strict document may not hold, though ``json.loads`` reads it."""

    KEY_TWICE = "key twice"
    """A key given twice in one object (``json.loads`` would keep the last)."""
    CONSTANT = "constant"
    """``NaN``, ``Infinity`` or ``-Infinity``: not JSON numbers."""
    LONG_INTEGER = "long integer"
    """An integer of more than :data:`MAX_DIGITS` digits."""


@frozen(kw_only=True)
class Refused:
    """One thing refused, as read: ``text`` is the key, the constant or the integer's characters."""

    kind: Refusal
    text: str

    @property
    def digits(self) -> int:
        """An integer's digits, its sign not counted."""
        return len(self.text.lstrip("-"))


class JsonError(ValueError):
    """A text that is not strict, bounded JSON."""


class NotUtf8(JsonError):
    """Bytes that are not UTF-8: ``offset`` (0-based) of the first bad byte, its ``line`` and ``column``
    (1-based, counted in bytes) and the decoder's ``reason``."""

    def __init__(self, reason: str, *, offset: int, line: int, column: int) -> None:
        super().__init__(f"not UTF-8: {reason} at byte {offset} (line {line}, column {column} in bytes)")
        self.reason, self.offset, self.line, self.column = reason, offset, line, column


class NotJson(JsonError):
    """Text that is not JSON; its message is ``json``'s own (``Expecting value: line 1 column 2 (char 1)``),
    ``reason`` the part before the place."""

    def __init__(self, error: json.JSONDecodeError) -> None:
        super().__init__(str(error))
        self.reason, self.line, self.column = error.msg, error.lineno, error.colno


class TooDeep(JsonError):
    """Nesting deeper than ``depth`` levels, first at ``line`` and ``column`` (1-based)."""

    def __init__(self, depth: int, *, line: int, column: int) -> None:
        super().__init__(f"nested more than {depth} levels deep at line {line}, column {column}")
        self.depth, self.line, self.column = depth, line, column


def loads(text: str | bytes, *, refuse: Callable[[Refused], Any], max_depth: int, native_integers: bool = False) -> Any:
    """The value of JSON ``text`` (str, or UTF-8 bytes), each refused thing replaced by what ``refuse``
    gives for it (or the exception ``refuse`` raises).

    ``native_integers`` is for a caller whose types refuse large integers anyway: integers that Python
    converts within its own bound on ``int()`` (4,300 digits by default, which keeps the cost linear) are
    then converted without a call each, and only longer ones are refused (the call is a fifth of the
    cost of parsing a plan's JSON). Where Python's bound is lifted, every integer is bounded as usual.

    Raises :class:`NotUtf8`, :class:`NotJson`, or :class:`TooDeep` where the text nests deeper than
    Python's reader can follow (reported at its first level past ``max_depth``); a ``RecursionError``
    where the caller's own stack was all but full, which is no fault of the text; and a ``TypeError``
    for a ``text`` that is neither str nor bytes.
    """
    text = _decoded(text).removeprefix("\ufeff")

    def pairs(found: list[tuple[str, Any]]) -> Any:
        value = dict(found)
        return value if len(value) == len(found) else refuse(Refused(kind=Refusal.KEY_TWICE, text=_twice(found)))

    def integer(digits: str) -> Any:
        if len(digits) <= MAX_DIGITS or (len(digits) == MAX_DIGITS + 1 and digits[0] == "-"):
            return int(digits)
        return refuse(Refused(kind=Refusal.LONG_INTEGER, text=digits))

    def constant(name: str) -> Any:
        return refuse(Refused(kind=Refusal.CONSTANT, text=name))

    try:
        if not native_integers or not _python_bounds_integers():
            return json.loads(text, object_pairs_hook=pairs, parse_int=integer, parse_constant=constant)
        try:
            return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
        except ValueError as exc:
            if isinstance(exc, json.JSONDecodeError):
                raise
            # an integer longer than Python converts: read again, refusing each where it stands
            return json.loads(text, object_pairs_hook=pairs, parse_int=integer, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise NotJson(exc) from None
    except RecursionError:
        where = deeper_than(text, max_depth)
        if where is None:  # the caller's own stack was all but full: not the text's fault
            raise
        raise TooDeep(max_depth, line=where[0], column=where[1]) from None


_PYTHON_BOUND = 4300
"""Python's default bound on the digits ``int()`` converts; a larger one (or none) is not relied on."""


def _python_bounds_integers() -> bool:
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()  # absent before Python 3.10.7
    return 0 < limit <= _PYTHON_BOUND


def _decoded(text: str | bytes) -> str:
    if isinstance(text, str):
        return text
    if not isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(f"expected JSON as str or bytes, not {type(text).__name__}")
    data = bytes(text)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = place(data, exc.start)
        raise NotUtf8(exc.reason, offset=exc.start, line=line, column=column) from None


def _twice(pairs: list[tuple[str, Any]]) -> str:
    """The first key that ``pairs`` holds twice."""
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return key
        seen.add(key)
    raise AssertionError("no key repeats")  # pragma: no cover


_SKELETON = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
"""A string (skipped whole, to the end of the text if it is never closed) or a bracket: what nesting
is made of. Each character is read once, so the scan is linear even in a text built to defeat it."""


def deeper_than(text: str, depth: int) -> tuple[int, int] | None:
    """The (line, column), 1-based, where ``text`` first nests deeper than ``depth``, if it does; brackets in
    strings do not count. One pass: a reader that must bound nesting before it reads calls it first."""
    level = 0
    for token in _SKELETON.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            level += 1
            if level > depth:
                return place(text, token.start())
        elif bracket in ("]", "}"):
            level -= 1
    return None
