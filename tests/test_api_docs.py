"""The API reference's Griffe extension (scripts/griffe_sphinx_roles.py): Sphinx roles become links, and the site
uses it. Only the last test needs griffe (the ``docs`` extra); the others run with the test extra alone."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "griffe_sphinx_roles.py"
TARGETS = {"Plan": "govtasks.model.Plan", "govtasks.text.reader": "govtasks.text.reader"}


def link(target: str, shown: str) -> str:
    return f'<autoref identifier="{target}" optional><code>{shown}</code></autoref>'


@pytest.fixture
def roles(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The script, imported as if griffe were not installed."""
    monkeypatch.setitem(sys.modules, "griffe", None)
    spec = importlib.util.spec_from_file_location("griffe_sphinx_roles", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_role_naming_a_known_object_becomes_a_link(roles: ModuleType) -> None:
    text = "Returns a :class:`Plan`; see :py:mod:`govtasks.text.reader` and :mod:`~govtasks.text.reader`."
    assert roles.link_roles(text, TARGETS.get) == (
        f"Returns a {link('govtasks.model.Plan', 'Plan')}; see {link('govtasks.text.reader', 'govtasks.text.reader')}"
        f" and {link('govtasks.text.reader', 'reader')}."
    )


def test_a_role_naming_an_unknown_object_stays_code(roles: ModuleType) -> None:
    text = "As :func:`functools.partial` or :meth:`~Plan.nowhere`."
    assert roles.link_roles(text, TARGETS.get) == "As `functools.partial` or `nowhere`."


def test_text_without_roles_is_unchanged(roles: ModuleType) -> None:
    text = "The plan ``Plan`` (`Plan`), :ref:`plans`.\n\n:param plan: a plan.\n:raises ParseError: if bad.\n"
    assert roles.link_roles(text, TARGETS.get) == text


def test_the_site_enables_the_extension(roles: ModuleType) -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    entry = re.search(r"^( +)extensions:\n(?:\1  #.*\n)*\1  - (\S+)$", config, flags=re.M)
    assert entry is not None, "no extensions: list under the python handler's options"
    path, _, name = entry[2].partition(":")
    assert (REPO / path).resolve() == SCRIPT  # mkdocstrings reads the path from mkdocs.yml's folder
    assert name == "SphinxRoles"
    assert isinstance(getattr(roles, name), type)


PACKAGE = {
    "__init__.py": '''"""See :class:`Plan` and :func:`~rolesdemo.model.parse`."""
from rolesdemo.model import Plan, parse
''',
    "model.py": '''"""Plans: :meth:`Plan.task`, :func:`nowhere`, :func:`functools.partial`."""
import functools


def parse() -> None:
    """Gives a :class:`Plan`."""


def counts() -> None:
    """Counts."""


class Plan:
    """One plan; see :meth:`task`."""

    counts: int = 0
    """:func:`counts` by key."""

    def task(self) -> None:
        """A task; see :func:`parse`."""
''',
}


def test_the_extension_resolves_names_where_the_docstring_is(tmp_path: Path) -> None:
    pytest.importorskip("griffe")
    import griffe

    (tmp_path / "rolesdemo").mkdir()
    for name, source in PACKAGE.items():
        (tmp_path / "rolesdemo" / name).write_text(source, encoding="utf-8")
    extensions = griffe.load_extensions(f"{SCRIPT}:SphinxRoles")
    package = griffe.load("rolesdemo", search_paths=[tmp_path], extensions=extensions)

    def doc(path: str) -> str:
        docstring = package.modules_collection[path].docstring
        assert docstring is not None
        return str(docstring.value)

    assert doc("rolesdemo") == (
        f"See {link('rolesdemo.model.Plan', 'Plan')} and {link('rolesdemo.model.parse', 'parse')}."
    )
    assert doc("rolesdemo.model") == (
        f"Plans: {link('rolesdemo.model.Plan.task', 'Plan.task')}, `nowhere`, `functools.partial`."
    )
    assert doc("rolesdemo.model.parse") == f"Gives a {link('rolesdemo.model.Plan', 'Plan')}."
    assert doc("rolesdemo.model.Plan") == f"One plan; see {link('rolesdemo.model.Plan.task', 'task')}."
    assert doc("rolesdemo.model.Plan.task") == f"A task; see {link('rolesdemo.model.parse', 'parse')}."
    # An attribute's docstring naming the attribute itself means its namesake in the module.
    assert doc("rolesdemo.model.Plan.counts") == f"{link('rolesdemo.model.counts', 'counts')} by key."
