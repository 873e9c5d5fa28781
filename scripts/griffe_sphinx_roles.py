"""A Griffe extension for the API reference: Sphinx roles in docstrings (:class:`Plan`, :func:`~govtasks.parse`)
become mkdocs-autorefs links, resolved where the docstring is written.

Enabled in ``mkdocs.yml`` (mkdocstrings → python → options → extensions). A name that cannot be resolved stays code,
and so does one that no page renders (the link is optional), so ``mkdocs build --strict`` never fails on a role.
:func:`link_roles` needs no griffe, so it can be tested without the ``docs`` extra.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from griffe import Alias, Extension, GriffeError, Module, Object
else:
    try:
        from griffe import Extension, GriffeError, Object
    except ModuleNotFoundError:  # no ``docs`` extra: link_roles still works, SphinxRoles cannot run
        Extension = object

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|data|const|attr|exc|obj):`(~?)([^`]+)`")
"""A Sphinx Python role; ``~`` (show only the last part of the name) is its only supported modifier."""


def link_roles(text: str, resolve: Callable[[str], str | None]) -> str:
    """``text`` with each role replaced by an optional autorefs link to what ``resolve`` makes of its name (a full
    path), or by plain code when ``resolve`` gives ``None``."""

    def link(role: re.Match[str]) -> str:
        tilde, name = role.groups()
        shown = name.rsplit(".", 1)[-1] if tilde else name
        target = resolve(name)
        if target is None:
            return f"`{shown}`"
        return f'<autoref identifier="{html.escape(target)}" optional><code>{html.escape(shown)}</code></autoref>'

    return ROLE.sub(link, text)


class SphinxRoles(Extension):
    """Rewrites the docstrings of a package once it is loaded, when every name they may use is known."""

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        _rewrite(pkg)


def _rewrite(obj: Object) -> None:
    if obj.docstring is not None:
        obj.docstring.value = link_roles(obj.docstring.value, lambda name: _resolve(obj, name))
    for member in obj.members.values():
        if isinstance(member, Object):  # not an Alias: an imported object is rewritten where it is defined
            _rewrite(member)


def _resolve(scope: Object, name: str) -> str | None:
    """The canonical path of ``name``, a full path (``govtasks.parse``) or one that starts with a name ``scope``, its
    class or its module defines or imports (``Plan``, ``Role.parse``); ``None`` if there is no such object."""
    first, _, rest = name.partition(".")
    try:
        path = first
        if first not in scope.modules_collection.members:
            path = scope.resolve(first)
            if path == scope.path:  # not itself but a namesake in its module: PlanIndex.counts says :func:`counts`
                path = scope.module.resolve(first)
        found: Object | Alias = scope.modules_collection[f"{path}.{rest}" if rest else path]
        return found.canonical_path
    except (KeyError, GriffeError):  # unknown name, unresolvable alias
        return None
