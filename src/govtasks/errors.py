"""Errors raised by govtasks; each subclasses the builtin a caller would catch."""

from __future__ import annotations


class GovtasksError(Exception):
    """Base class of every error govtasks raises on purpose."""


class ParseError(GovtasksError, ValueError):
    """The text cannot be read as a plan; says where and what was expected."""

    def __init__(self, message: str, *, line: int, column: int) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.message = message
        self.line = line
        """1-based line of the fault in the input."""
        self.column = column
        """1-based column (in characters) of the fault in that line."""

    def __reduce__(self) -> tuple[object, ...]:
        """Rebuild from message, line and column, so that the error crosses a process boundary whole."""
        return (_parse_error, (self.message, self.line, self.column))


def _parse_error(message: str, line: int, column: int) -> ParseError:
    return ParseError(message, line=line, column=column)


class DataError(GovtasksError, ValueError):
    """A JSON document or a data package does not describe a plan; names where each fault is."""

    def __init__(self, problems: list[str], *, source: str = "plan JSON") -> None:
        super().__init__(f"invalid {source}:\n  " + "\n  ".join(problems))
        self.problems = tuple(problems)
        """One message per fault, each saying where it is (a JSON path ``@ $.…``, or a file, row and column)."""
        self.source = source
        """What was being read: ``plan JSON``, ``unit JSON`` or ``data package``."""


class TaskNotFound(GovtasksError, LookupError):
    """No task with that number is in the plan."""

    def __init__(self, number: int, declared: int | None, present: int) -> None:
        if declared is not None and 1 <= number <= declared:
            why = (
                f"task {number} is declared (共{declared}项) but absent from this copy,"
                f" which contains {present} of {declared} tasks"
            )
        else:
            why = f"no task {number} in this plan ({present} tasks present)"
        super().__init__(why)
        self.number = number


class UnitNotFound(GovtasksError, LookupError):
    """No unit in the registry answers to that name; carries close matches."""

    def __init__(self, query: str, suggestions: tuple[str, ...]) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no unit named {query!r} in the registry{hint}")
        self.query = query
        self.suggestions = suggestions
        """Printed names of the closest units, best first."""


class DivisionNotFound(GovtasksError, LookupError):
    """No area or theme of the plan answers to that number, title or label; carries what does."""

    def __init__(self, noun: str, query: int | str, suggestions: tuple[int | str, ...]) -> None:
        hint = f"; did you mean {', '.join(map(repr, suggestions))}?" if suggestions else f"; the plan has no {noun}s"
        super().__init__(f"no {noun} {query!r} in this plan{hint}")
        self.query = query
        self.suggestions = suggestions
        """Numbers, or labels of ``plan.counts()``, that the plan's divisions answer to, closest first."""


class IntegrityError(GovtasksError, ValueError):
    """A bundled data file is not what the manifest says it is."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("the bundled data fails its manifest:\n  " + "\n  ".join(problems))
        self.problems = tuple(problems)


class RenderError(GovtasksError, ValueError):
    """A plan that the text format cannot carry: its text would read back as a different plan."""
