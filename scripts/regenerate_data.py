"""Rewrite the generated files from the bundled source text and unit registry.

- ``src/govtasks/data/wuhan-2020.json``: the plan, parsed from the source text;
- ``docs/units.md``: every unit with the basis of each added fact.

Run from the repository root: ``python scripts/regenerate_data.py``.
"""

from pathlib import Path

from govtasks import parse, to_json
from govtasks.bundled import PLAN_FILE, SOURCE_FILE
from govtasks.cli import unit_sources_markdown

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "govtasks" / "data"

if __name__ == "__main__":
    source = (DATA / SOURCE_FILE).read_bytes().decode("utf-8")
    plan = parse(source)
    (DATA / PLAN_FILE).write_text(to_json(plan), encoding="utf-8", newline="\n")
    (ROOT / "docs" / "units.md").write_text(unit_sources_markdown(plan.units) + "\n", encoding="utf-8", newline="\n")
    print(f"wrote {DATA / PLAN_FILE} and {ROOT / 'docs' / 'units.md'}")
