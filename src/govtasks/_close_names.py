"""Names close to one a registry does not know, for a suggestion (did you mean 市交通运输局?).

Imported on the first suggestion, never by ``load()``: a plan whose names are all registered needs
none of it. It knows names only, as (lookup key, printed name) pairs, so it sits below the units.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import heapq
from collections import Counter
from collections.abc import Mapping
from types import MappingProxyType

from attrs import frozen

from govtasks._text import grams

_CUTOFF = 0.5
"""How similar (difflib's ratio) a name must be to be suggested."""


@frozen(kw_only=True)
class CloseNames:
    """Registered names indexed by their characters and character pairs, so that difflib compares a
    query with the few names sharing most of them, never with every name: a suggestion costs the
    same however many unknown names a plan prints."""

    keys: tuple[str, ...]
    """Every registered name, in its lookup form."""
    names: tuple[str, ...]
    """The printed name of the unit each key stands for."""
    sizes: tuple[int, ...]
    """How many grams each key has."""
    postings: Mapping[str, tuple[int, ...]]
    """The keys holding each gram, by position."""
    longest: int
    in_order: tuple[int, ...]
    """The keys' positions, the keys sorted: the keys that begin alike are found by bisection."""

    @classmethod
    def of(cls, registered: tuple[tuple[str, str], ...]) -> CloseNames:
        """The table of ``registered`` names: (lookup key, printed name) pairs."""
        keys = tuple(key for key, _ in registered)
        held = [grams(key) for key in keys]
        postings: dict[str, list[int]] = {}
        for position, its_grams in enumerate(held):
            for gram in its_grams:
                postings.setdefault(gram, []).append(position)
        return cls(
            keys=keys,
            names=tuple(name for _, name in registered),
            sizes=tuple(map(len, held)),
            postings=MappingProxyType({gram: tuple(positions) for gram, positions in postings.items()}),
            longest=max(map(len, keys), default=0),
            in_order=tuple(sorted(range(len(keys)), key=keys.__getitem__)),
        )

    def qualified(self, key: str) -> tuple[str, ...]:
        """The printed names of the units whose key is ``key`` and a qualifier in brackets, ``key(…)``,
        in registry order: a name given without its qualifier. Bisection finds them in the sorted keys."""
        prefix = key + "("
        at = bisect.bisect_left(self.in_order, prefix, key=self.keys.__getitem__)
        found = []
        while at < len(self.in_order) and self.keys[self.in_order[at]].startswith(prefix):
            found.append(self.in_order[at])
            at += 1
        return tuple(self.names[position] for position in sorted(found))

    def closest(self, key: str, limit: int) -> tuple[str, ...]:
        """The printed names of the units closest to ``key``: difflib on the ``2 * limit`` keys whose grams
        overlap ``key``'s most (Dice's coefficient). A key over three times the longest name is close to
        none, since difflib's ratio 2M/(a+b) is then below one half."""
        if len(key) > 3 * self.longest:
            return ()
        its_grams = grams(key)
        shared = Counter(position for gram in its_grams for position in self.postings.get(gram, ()))
        ranked = heapq.nlargest(2 * limit, shared, key=lambda p: (shared[p] / (len(its_grams) + self.sizes[p]), -p))
        candidates = {self.keys[p]: self.names[p] for p in ranked}
        close = difflib.get_close_matches(key, candidates, n=limit * 3, cutoff=_CUTOFF)
        return tuple(dict.fromkeys(candidates[found] for found in close))[:limit]


@functools.lru_cache(maxsize=16)
def close_names(registered: tuple[tuple[str, str], ...]) -> CloseNames:
    """The table of ``registered`` names, kept beside the registries and never in one.

    Made on the first suggestion (a few milliseconds for the bundled registry's 253 names, several
    times what making the registry costs) and shared by every registry that registers the same names,
    as each plan's does, which adds only stand-ins. A locked cache (functools'), keyed by the names.
    """
    return CloseNames.of(registered)
