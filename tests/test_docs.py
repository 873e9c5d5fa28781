"""The documentation's examples run, so they cannot rot; every page is in the site."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(DOCS.glob("*.md"))
# Examples in other languages cannot run here: R and Stata are not installed.
NOT_RUN = {"r", "stata", "sh", "text"}


def fenced_blocks(page: Path) -> list[tuple[str, str]]:
    return re.findall(r"```(\w*)\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_python_example_runs(page: Path) -> None:
    blocks = fenced_blocks(page)
    python = [body for language, body in blocks if language == "python"]
    assert all(body.lstrip().startswith(">>>") for body in python), "a python example without >>> would not run"
    assert {language for language, _ in blocks} <= NOT_RUN | {"python", ""}
    result = doctest.testfile(
        str(page), module_relative=False, encoding="utf-8", optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.failed == 0
    assert result.attempted == sum(body.count(">>> ") for body in python)


def test_the_site_lists_every_page() -> None:
    nav = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert sorted(re.findall(r": (\S+\.md)$", nav, flags=re.M)) == sorted(p.name for p in PAGES)
