"""The project's promises to a new user: the README's two commands, its example, and CI."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import govtasks
from govtasks._version import RELEASE_DATE

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README)


def test_readme_gives_exactly_two_commands() -> None:
    install_and_run, install_and_test = readme_commands()
    assert install_and_run.endswith("govtasks summary")
    assert install_and_test.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_readme_example_runs() -> None:
    result = doctest.testfile(str(REPO / "README.md"), module_relative=False, encoding="utf-8")
    assert result.attempted >= 10
    assert result.failed == 0


def test_changelog_names_this_version_and_its_release_date() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{govtasks.__version__}] - {RELEASE_DATE}\n" in changelog
