"""docs/researcher-notebook.ipynb runs in a real kernel: every result is an HTML table and every
ordinary mistake a one-line error of the kind a caller would catch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbclient
import nbformat
import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "researcher-notebook.ipynb"

MISTAKES = {
    'plan.tasks_for("市发改委", role="boss")': ("ValueError", "give lead or 牵头单位, responsible or 责任单位"),
    'plan.task("5")': ("TypeError", "such as plan.task(5); not str '5'"),
    'plan.filter(theme="金融风险")': ("DivisionNotFound", "did you mean '有效防范金融风险'?"),
    'plan.units.lookup("各区人民政府")': ("UnitNotFound", "各区人民政府〈含开发区、风景区管委会〉"),
    'govtasks.parse("plans/wuhan-2020.txt")': ("ParseError", "pass pathlib.Path('plans/wuhan-2020.txt')"),
}


@pytest.fixture(scope="module")
def executed() -> Any:
    notebook = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent.parent)}}
    )
    client.execute()
    return notebook


def _tagged(notebook: Any, tag: str) -> list[Any]:
    return [cell for cell in notebook.cells if tag in cell.metadata.get("tags", [])]


def test_the_committed_notebook_holds_no_outputs() -> None:
    """Outputs are made by running it, so the committed file never goes stale."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


def test_every_result_shows_as_an_html_table(executed: Any) -> None:
    cells = _tagged(executed, "table")
    assert len(cells) >= 12
    for cell in cells:
        (output,) = cell.outputs
        assert output.output_type == "execute_result", cell.source
        assert "<table" in output.data["text/html"], cell.source


def test_tables_hold_the_documents_facts(executed: Any) -> None:
    html = {cell.source: cell.outputs[0].data["text/html"] for cell in _tagged(executed, "table")}
    workload = html["plan.workload()"]
    assert "Workload: tasks (targets not counted), units as named" in workload
    assert "<td>市扶贫开发办</td>" in workload
    themes = html['plan.counts(by="theme")']
    assert "<td>有效防范金融风险</td><td>6</td><td>3</td>" in themes
    leads = html['plan.tasks_for("市发改委", role="牵头单位")']
    assert "(2 rows)" in leads
    assert "<td>市发展改革委</td>" in leads
    report = html["govtasks.validate(plan)"]
    assert "Validation: 0 errors, 4 warnings" in report


def test_every_mistake_is_a_clear_error(executed: Any) -> None:
    cells = _tagged(executed, "raises-exception")
    assert {cell.source for cell in cells} == set(MISTAKES)
    for cell in cells:
        (output,) = cell.outputs
        name, words = MISTAKES[cell.source]
        assert output.output_type == "error"
        assert output.ename == name
        assert words in output.evalue
